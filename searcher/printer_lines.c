/* One line per result for scripts: TSV, vimgrep, files, counts and TREC runs. */
#include <stdlib.h>
#include <string.h>

#include <locus/paths.h>
#include "printer_backends.h"

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

/* The line and column (1-based, in bytes) in the file of offset AT of hit H's passage text.
 * Exact only when the text is the file's bytes; else the passage's first line, column 1. */
static void line_col(const locus_hit *h, uint64_t at, uint32_t *line, uint64_t *col) {
    const locus_record *r = &h->rec;
    *line = r->line_start;
    *col = 1;
    if (!r->exact) return;
    uint64_t line_begin = r->line_offset;  /* file offsets from here on */
    for (uint64_t i = 0; i < at; i++)
        if (r->text[i] == '\n') {
            (*line)++;
            line_begin = r->byte_start + i + 1;
        }
    *col = r->byte_start + at - line_begin + 1;
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
            if (!r->exact || !h->n_spans) {  /* the text is not the file's lines: one record */
                uint64_t at = h->n_spans ? h->spans[0].start : 0, col;
                uint32_t line;
                line_col(h, at, &line, &col);
                put_path(c, f, paths[i]);
                if (c->null_sep) fputc('\0', f); else fputc(':', f);
                fprintf(f, "%u:%llu:", line, (unsigned long long)col);
                print_folded(f, h, (size_t)h->snippet.start, (size_t)h->snippet.end, NULL, NULL);
                fputc('\n', f);
                break;
            }
            /* as ripgrep does: one record per line of the file holding a match, at the column of
             * its first match, with that line's text */
            uint32_t last_line = 0;
            for (size_t k = 0; k < h->n_spans; k++) {
                uint64_t at = h->spans[k].start, col;
                uint32_t line;
                line_col(h, at, &line, &col);
                if (line == last_line) continue;
                last_line = line;
                size_t a = (size_t)at, b = (size_t)at, len = strlen(r->text);
                while (a > 0 && r->text[a - 1] != '\n') a--;
                while (b < len && r->text[b] != '\n') b++;
                put_path(c, f, paths[i]);
                if (c->null_sep) fputc('\0', f); else fputc(':', f);
                fprintf(f, "%u:%llu:", line, (unsigned long long)col);
                locus_fwrite_escaped(r->text + a, b - a, f);
                fputc('\n', f);
            }
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
            /* the snippet with white space folded, then escaped */
            char *folded = NULL;
            size_t flen = 0;
            FILE *m = open_memstream(&folded, &flen);
            if (m) {
                print_folded(m, h, (size_t)h->snippet.start, (size_t)h->snippet.end, NULL, NULL);
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
