#include <stdlib.h>
#include <string.h>

#include "printer.h"

#define SNIPPET_BYTES 480  /* a longer passage is shown as the window around its matches */

typedef struct text_printer {
    printer base;
    bool color;
} text_printer;

static const char *C_PATH = "\033[35m", *C_LINE = "\033[32m", *C_MATCH = "\033[1;31m",
                  *C_DIM = "\033[2m", *C_OFF = "\033[0m";

static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* Whether byte I of the passage lies in a highlighted span. */
static bool in_span(const locus_hit *h, size_t i) {
    uint64_t at = h->rec.byte_start + i;
    for (size_t k = 0; k < h->n_spans; k++)
        if (at >= h->spans[k].start && at < h->spans[k].end) return true;
    return false;
}

/* Chooses [*from, *to) of TEXT to show: all of it when short, else the SNIPPET_BYTES window
 * holding the most matched words, cut at white space. */
static void choose_window(const locus_hit *h, const char *text, size_t len, size_t *from,
                          size_t *to) {
    *from = 0;
    *to = len;
    if (len <= SNIPPET_BYTES) return;
    size_t best = 0, best_count = 0;
    for (size_t k = 0; k < h->n_spans; k++) {
        size_t s = (size_t)(h->spans[k].start - h->rec.byte_start), count = 0;
        for (size_t j = k; j < h->n_spans; j++)
            if (h->spans[j].end - h->rec.byte_start <= s + SNIPPET_BYTES * 3 / 4) count++;
        if (count > best_count) {
            best_count = count;
            best = s;
        }
    }
    size_t a = best > SNIPPET_BYTES / 4 ? best - SNIPPET_BYTES / 4 : 0;
    if (a + SNIPPET_BYTES > len) a = len > SNIPPET_BYTES ? len - SNIPPET_BYTES : 0;
    while (a > 0 && !is_ws(text[a - 1])) a--;  /* back to the start of a word */
    size_t b = a + SNIPPET_BYTES < len ? a + SNIPPET_BYTES : len;
    while (b < len && !is_ws(text[b])) b++;    /* on to the end of a word */
    *from = a;
    *to = b;
}

static void text_hit(printer *pp, const locus_hit *h, const char *path) {
    text_printer *p = (text_printer *)pp;
    FILE *f = pp->out;
    bool c = p->color;
    fprintf(f, "%s%u.%s %s%s%s:%s%u%s  %s  %s(%.3f)%s\n", c ? C_DIM : "", h->rank, c ? C_OFF : "",
            c ? C_PATH : "", path, c ? C_OFF : "", c ? C_LINE : "", h->rec.line_start,
            c ? C_OFF : "", h->rec.date[0] ? h->rec.date : "(no date)", c ? C_DIM : "", h->score,
            c ? C_OFF : "");
    fprintf(f, "   %s", h->rec.title);
    if (h->rec.section[0]) fprintf(f, " \xE2\x80\xBA %s", h->rec.section);
    if (h->rec.footnote) fprintf(f, " (footnote)");
    fputc('\n', f);
    const char *text = h->rec.text;
    size_t len = strlen(text), from, to;
    choose_window(h, text, len, &from, &to);
    fputs("   ", f);
    if (from > 0) fputs("\xE2\x80\xA6", f);
    bool on = false, space = false;
    for (size_t i = from; i < to; i++) {
        if (is_ws(text[i])) {  /* fold white space, line breaks included */
            space = true;
            continue;
        }
        bool hl = c && in_span(h, i);
        if (space) {
            if (on && !hl) { fputs(C_OFF, f); on = false; }
            fputc(' ', f);
            space = false;
        }
        if (hl != on) {
            fputs(hl ? C_MATCH : C_OFF, f);
            on = hl;
        }
        fputc(text[i], f);
    }
    if (on) fputs(C_OFF, f);
    if (to < len) fputs(" \xE2\x80\xA6", f);
    fputs("\n\n", f);
}

static void text_finish(printer *pp, const locus_results *res) {
    (void)res;
    fflush(pp->out);
    free(pp);
}

printer *printer_text_new(FILE *out, bool color) {
    text_printer *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->base.hit = text_hit;
    p->base.finish = text_finish;
    p->base.out = out;
    p->color = color;
    return &p->base;
}
