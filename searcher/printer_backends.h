/* printer_backends.h - the backends behind printer.h, one per file (printer_text.c,
 * printer_json.c, printer_lines.c), and the helper they share (printer.c). For the printer files
 * only: main.c uses printer.h. */
#ifndef LOCUS_PRINTER_BACKENDS_H
#define LOCUS_PRINTER_BACKENDS_H

#include <stddef.h>
#include <stdio.h>

#include <locus/search.h>

#include "printer.h"

/* Backends, one per file (CONTEXT: printer_results; the line formats show none). */
void print_text(const printer_config *c, const printer_query *q, const locus_results *res,
                const char *const *paths, const locus_context *context, printer_page page);
void print_jsonl(const printer_config *c, const printer_query *q, const locus_results *res,
                 const char *const *paths, const locus_context *context, printer_page page);
void print_lines(const printer_config *c, const printer_query *q, const locus_results *res,
                 const char *const *paths, printer_page page);

/* What the citation formats keep across pages and queries: csl-json's items so far. */
typedef struct cite_state {
    size_t items;
    char **ids;
    size_t n_ids, cap_ids;
} cite_state;
void print_cite(const printer_config *c, cite_state *st, const printer_query *q,
                const locus_results *res, const char *const *paths);
void finish_cite(const printer_config *c, cite_state *st);

/* Writes the hit's passage text [from, to) with each run of white space folded to one space,
 * and the bytes of its spans between BEFORE and AFTER (NULL: no marks). */
void print_folded(FILE *f, const locus_hit *h, size_t from, size_t to, const char *before,
                  const char *after);

/* The heading path of R and its section, joined by " › ", into a new string ("" when none; NULL
 * when out of memory). */
char *heading_trail(const locus_record *r);

/* Writes TEXT with each run of white space folded to one space. */
void print_folded_text(FILE *f, const char *text);

#endif
