/* printer.h - how locus-search writes hits: one interface, one backend per format, so the
 * search code never calls printf itself. */
#ifndef LOCUS_PRINTER_H
#define LOCUS_PRINTER_H

#include <stdbool.h>
#include <stdio.h>

#include "search.h"

typedef struct printer printer;

struct printer {
    /* Writes one hit; PATH is the release path as it should be shown. */
    void (*hit)(printer *p, const locus_hit *h, const char *path);
    /* Writes what follows the last hit (totals, ...) and frees P. */
    void (*finish)(printer *p, const locus_results *res);
    FILE *out;
};

/* Text for people: rank, score, path:line, date, title › section, the passage with the
 * matched words highlighted when COLOR. */
printer *printer_text_new(FILE *out, bool color);

/* JSON Lines: one object per hit (fields in README.md). */
printer *printer_json_new(FILE *out);

#endif
