/* The format for people: rank, path:line, date, score; title › section; the best window of the
 * passage with the matched words highlighted (colour on a terminal only). Paths and queries are
 * shown with control characters escaped (paths.h), except a path followed by -0's NUL. */
#include <stdlib.h>
#include <string.h>

#include <locus/paths.h>
#include "printer_backends.h"

static const char *C_PATH = "\033[35m", *C_LINE = "\033[32m", *C_MATCH = "\033[1;31m",
                  *C_DIM = "\033[2m", *C_OFF = "\033[0m";

/* A passage around hit H (-A/-B/-C), dimmed, as grep shows context lines: "-LINE-" and its text,
 * with its page and its section when they are not the hit's. */
static void print_context(FILE *f, const locus_record *r, const locus_record *hit, bool col) {
    fprintf(f, "   %s-%u-", col ? C_DIM : "", r->line_start);
    if (r->page && r->page != hit->page) fprintf(f, " (page %u)", r->page);
    if (strcmp(r->section, hit->section)) fprintf(f, " [%s]", r->section[0] ? r->section : r->title);
    fputc(' ', f);
    print_folded_text(f, r->text);
    fprintf(f, "%s\n", col ? C_OFF : "");
}

void print_text(const printer_config *c, const printer_query *q, const locus_results *res,
                const char *const *paths, const locus_context *context, printer_page page) {
    FILE *f = c->out;
    bool col = c->color;
    if (c->batch && page.first) {
        fprintf(f, "%s== ", col ? C_DIM : "");
        locus_fprintf_escaped(f, "%s: %s", q->id, q->text);
        fprintf(f, "%s\n\n", col ? C_OFF : "");
    }
    for (size_t i = 0; i < res->count; i++) {
        const locus_hit *h = &res->hits[i];
        const locus_record *r = &h->rec;
        fprintf(f, "%s%u.%s %s", col ? C_DIM : "", h->rank, col ? C_OFF : "", col ? C_PATH : "");
        if (c->null_sep) fputs(paths[i], f);  /* exact bytes, for tools that split at the NUL */
        else locus_fputs_escaped(paths[i], f);
        fputs(col ? C_OFF : "", f);
        if (c->null_sep) fputc('\0', f); else fputc(':', f);
        fprintf(f, "%s%u%s", col ? C_LINE : "", r->line_start, col ? C_OFF : "");
        if (r->page) fprintf(f, "  page %u", r->page);
        fprintf(f, "  %s  %s(%.3f)%s\n", r->date[0] ? r->date : "(no date)", col ? C_DIM : "",
                h->score, col ? C_OFF : "");
        fprintf(f, "   %s", r->title);
        char *trail = heading_trail(r);  /* the headings above the section, then the section */
        if (trail && trail[0]) fprintf(f, " \xE2\x80\xBA %s", trail);
        free(trail);
        if (r->footnote) fputs(" (footnote)", f);
        if (c->grouped && h->others)
            fprintf(f, " %s(+%u more passage%s here)%s", col ? C_DIM : "", h->others,
                    h->others == 1 ? "" : "s", col ? C_OFF : "");
        fputc('\n', f);
        if (r->url && r->url[0]) {  /* where the release is published, to cite or open it */
            fprintf(f, "   %s", col ? C_DIM : "");
            locus_fputs_escaped(r->url, f);
            fprintf(f, "%s\n", col ? C_OFF : "");
        }
        const locus_context *x = context ? &context[i] : NULL;
        for (size_t k = 0; x && k < x->n_before; k++) print_context(f, &x->before[k], r, col);
        size_t from = (size_t)h->snippet.start, to = (size_t)h->snippet.end, len = strlen(r->text);
        fputs("   ", f);
        if (from > 0) fputs("\xE2\x80\xA6", f);
        print_folded(f, h, from, to, col ? C_MATCH : NULL, C_OFF);
        if (to < len) fputs(" \xE2\x80\xA6", f);
        fputc('\n', f);
        for (size_t k = 0; x && k < x->n_after; k++) print_context(f, &x->after[k], r, col);
        if (c->explain) {
            fprintf(f, "   %sscore %.3f =", col ? C_DIM : "", h->score);
            for (size_t k = 0; k < h->n_explain; k++)
                fprintf(f, "%s %s %.3f", k ? " +" : "", h->explain[k].label, h->explain[k].weight);
            fprintf(f, "%s\n", col ? C_OFF : "");
        }
        fputc('\n', f);
    }
}
