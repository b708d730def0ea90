/* info.h - what a program may want to know about the library it runs with: versions,
 * stemming languages, and the date bounds the query language and the options share. */
#ifndef LOCUS_INFO_H
#define LOCUS_INFO_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_WILDCARD_MAX 200     /* the most words a wildcard may expand to */

/* The version of the search-engine library locus runs on ("1.4.22"). Static storage. */
const char *locus_engine_version(void);

/* The stemming languages an index can be made with (Snowball's), NULL-terminated; static. */
const char **locus_stem_languages(void);

/* Parses a date bound for date: and --since/--until ("2022", "2022-01", "2022-01-31", or a
 * time back from today: "3d", "2w", "6m", "1y" for days, weeks, months, years): writes the
 * lowest (UPPER false) or highest (UPPER true) "YYYYMMDD" value it covers into OUT (9 bytes).
 * Today is the UTC date, or $LOCUS_TODAY (YYYY-MM-DD) when set. Returns false when S is not
 * such a date. */
bool locus_date_bound(const char *s, size_t len, bool upper, char out[9]);

#ifdef __cplusplus
}
#endif

#endif
