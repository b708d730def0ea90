#include "printer_backends.h"

#include <stdlib.h>
#include <string.h>

struct printer {
    printer_config cfg;
    cite_state cite;
};

printer *printer_new(const printer_config *cfg) {
    printer *p = calloc(1, sizeof *p);
    if (p) p->cfg = *cfg;
    return p;
}

void printer_results(printer *p, const printer_query *q, const locus_results *res,
                     const char *const *paths, const locus_context *context, printer_page page) {
    switch (p->cfg.format) {
    case FORMAT_TEXT: print_text(&p->cfg, q, res, paths, context, page); break;
    case FORMAT_JSONL: print_jsonl(&p->cfg, q, res, paths, context, page); break;
    case FORMAT_QUIET: break;
    case FORMAT_CITE:
    case FORMAT_CSL_JSON: print_cite(&p->cfg, &p->cite, q, res, paths); break;
    default: print_lines(&p->cfg, q, res, paths, page); break;
    }
}

bool printer_finish(printer *p) {
    if (!p) return true;
    finish_cite(&p->cfg, &p->cite);
    bool ok = fflush(p->cfg.out) == 0 && !ferror(p->cfg.out);
    free(p);
    return ok;
}

char *heading_trail(const locus_record *r) {
    size_t n = strlen(r->heading_path) * 2 + strlen(r->section) + 8;
    char *s = malloc(n), *o = s;
    if (!s) return NULL;
    for (const char *h = r->heading_path; *h; h++) {
        if (*h == '\n') {
            memcpy(o, " \xE2\x80\xBA ", 5);  /* " › " */
            o += 5;
        } else {
            *o++ = *h;
        }
    }
    strcpy(o, r->section);
    if (!r->section[0] && o > s) o[-5] = '\0';  /* no section: the trailing " › " goes */
    return s;
}

void print_folded_text(FILE *f, const char *text) {
    locus_hit h = {0};
    h.rec.text = (char *)text;
    print_folded(f, &h, 0, strlen(text), NULL, NULL);
}

static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

void print_folded(FILE *f, const locus_hit *h, size_t from, size_t to, const char *before,
                  const char *after) {
    const char *text = h->rec.text;
    size_t k = 0;  /* the next span that may cover the current byte */
    bool on = false, space = false;
    for (size_t i = from; i < to; i++) {
        if (is_ws(text[i])) {
            space = true;
            continue;
        }
        uint64_t at = i;
        while (k < h->n_spans && h->spans[k].end <= at) k++;
        bool in = before && k < h->n_spans && h->spans[k].start <= at;
        if (space) {
            if (on && !in) { fputs(after, f); on = false; }
            fputc(' ', f);
            space = false;
        }
        if (in != on) {
            fputs(in ? before : after, f);
            on = in;
        }
        fputc(text[i], f);
    }
    if (on) fputs(after, f);
}
