/* printer.h - how locus-search writes results: one interface, one backend per format
 * (printer_backends.h), so the search code never prints by itself. */
#ifndef LOCUS_PRINTER_H
#define LOCUS_PRINTER_H

#include <stdbool.h>
#include <stdio.h>

#include <locus/search.h>

typedef enum printer_format {
    FORMAT_TEXT,     /* for people */
    FORMAT_JSONL,    /* JSON Lines */
    FORMAT_TSV,      /* tab-separated values */
    FORMAT_VIMGREP,  /* path:line:col:text */
    FORMAT_FILES,    /* each release path once */
    FORMAT_COUNT,    /* the number of matches */
    FORMAT_TREC,     /* qid Q0 docid rank score tag */
    FORMAT_CITE,     /* a citation line per hit */
    FORMAT_CSL_JSON, /* one array of CSL JSON items */
    FORMAT_QUIET     /* nothing */
} printer_format;

typedef struct printer_config {
    printer_format format;
    FILE *out;
    bool color;      /* FORMAT_TEXT: ANSI colours */
    bool null_sep;   /* end each path with NUL (files) or follow it by NUL (text, vimgrep) */
    bool batch;      /* tag results with their query id */
    bool explain;    /* FORMAT_TEXT and JSONL: show each term's weight */
    bool grouped;    /* results are one passage per release: show how many others matched */
    const char *run_tag; /* FORMAT_TREC: the last column */
} printer_config;

/* What a printer knows of the query whose results it prints. */
typedef struct printer_query {
    const char *id;      /* "1" or the id given in a batch */
    const char *text;
} printer_query;

typedef struct printer printer;

/* A new printer for CFG (copied), or NULL when out of memory. */
printer *printer_new(const printer_config *cfg);

/* Where a page of results stands among the pages of one query. */
typedef struct printer_page {
    bool first, last;
} printer_page;

/* Prints a page of the results RES of query Q; PATHS[i] is how hit i's path is shown, and
 * CONTEXT[i] (CONTEXT NULL: none) the passages around hit i, shown by the text and JSON formats
 * (-A/-B/-C). A query's header comes with its first page, its summary with its last. */
void printer_results(printer *p, const printer_query *q, const locus_results *res,
                     const char *const *paths, const locus_context *context, printer_page page);

/* Ends what the format opened (csl-json's array), flushes and frees P. Returns false when
 * writing failed. Accepts NULL. */
bool printer_finish(printer *p);

#endif
