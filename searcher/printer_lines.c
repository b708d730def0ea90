/* One line per result for scripts: TSV, vimgrep, files, counts and TREC runs. */
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "printer.h"

/* A TSV field: a backslash doubled, tab, newline and carriage return as \\t \\n \\r, and every
 * other control character or invalid byte escaped as in paths.h (\\e, \\xHH). */
static void tsv_field(FILE *f, const char *s, size_t n) {
    size_t from = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\\') continue;
        locus_fwrite_escaped(s + from, i - from, f);
        if (i < n) fputs("\\\\", f);
        from = i + 1;
    }
}

/* A path in a line format: as is with -0 (byte-exact for xargs -0), else escaped. */
static void put_path(const printer_config *c, FILE *f, const char *path) {
    if (c->null_sep) fputs(path, f);
    else locus_fputs_escaped(path, f);
}

static void tsv_str(FILE *f, const char *s) { tsv_field(f, s, strlen(s)); }

/* The line and column (1-based, in bytes) of file offset AT inside hit H's passage. */
static void line_col(const locus_hit *h, uint64_t at, uint32_t *line, uint64_t *col) {
    const locus_record *r = &h->rec;
    uint32_t l = r->line_start;
    uint64_t line_begin = r->line_offset;
    for (uint64_t i = r->byte_start; i < at; i++)
        if (r->text[i - r->byte_start] == '\n') {
            l++;
            line_begin = i + 1;
        }
    *line = l;
    *col = at - line_begin + 1;
}

void print_lines(const printer_config *c, const printer_query *q, const locus_results *res,
                 const char *const *paths, printer_page page) {
    FILE *f = c->out;
    if (c->format == FORMAT_COUNT) {
        if (!page.first) return;
        if (c->batch) fprintf(f, "%s\t", q->id);
        fprintf(f, "%u\n", res->total);
        return;
    }
    for (size_t i = 0; i < res->count; i++) {
        const locus_hit *h = &res->hits[i];
        const locus_record *r = &h->rec;
        switch (c->format) {
        case FORMAT_FILES:
            put_path(c, f, paths[i]);
            fputc(c->null_sep ? '\0' : '\n', f);
            break;
        case FORMAT_TREC: {
            char id[512];
            locus_release_id(r->path, id, sizeof id);
            fprintf(f, "%s Q0 %s %u %.6f %s\n", q->id, id, h->rank, h->score, c->run_tag);
            break;
        }
        case FORMAT_VIMGREP: {
            uint64_t at = h->n_spans ? h->spans[0].start : r->byte_start, col;
            uint32_t line;
            line_col(h, at, &line, &col);
            put_path(c, f, paths[i]);
            if (c->null_sep) fputc('\0', f); else fputc(':', f);
            fprintf(f, "%u:%llu:", line, (unsigned long long)col);
            size_t from = (size_t)(h->snippet.start - r->byte_start), to = (size_t)(h->snippet.end - r->byte_start);
            print_folded(f, r->text, from, to, r->byte_start, h, NULL, NULL);
            fputc('\n', f);
            break;
        }
        case FORMAT_TSV: {
            if (c->batch) fprintf(f, "%s\t", q->id);
            fprintf(f, "%u\t%.6f\t", h->rank, h->score);
            tsv_str(f, paths[i]);
            fprintf(f, "\t%u\t%u\t%s\t", r->line_start, r->line_end, r->date);
            tsv_str(f, r->title);
            fputc('\t', f);
            tsv_str(f, r->section);
            fputc('\t', f);
            size_t from = (size_t)(h->snippet.start - r->byte_start), to = (size_t)(h->snippet.end - r->byte_start);
            /* the snippet with white space folded, then escaped */
            char *folded = NULL;
            size_t flen = 0;
            FILE *m = open_memstream(&folded, &flen);
            if (m) {
                print_folded(m, r->text, from, to, r->byte_start, h, NULL, NULL);
                fclose(m);
                tsv_field(f, folded, flen);
                free(folded);
            }
            fputc('\n', f);
            break;
        }
        default: break;
        }
    }
}
