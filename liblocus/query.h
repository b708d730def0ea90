/* query.h - parses what a user types into a Xapian query (internal to liblocus).
 *
 * The language for now: words (stemmed; a word that analyzes to several tokens, like
 * "Japan-EU" or "B5G/6G", is searched as a phrase), "quoted phrases" (exact words in order; a
 * quoted single word is exact, unstemmed), -word or -"phrase" to exclude, +word to require.
 * Each word matches the passage's text, and with less weight its section heading
 * (LOCUS_WEIGHT_SECTION) and its release title (LOCUS_WEIGHT_TITLE); an excluded word removes
 * the passages where it appears in any of the three.
 */
#ifndef LOCUS_QUERY_H
#define LOCUS_QUERY_H

#include <stdbool.h>

#include "analyzer.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_WEIGHT_SECTION 0.5
#define LOCUS_WEIGHT_TITLE 0.25

struct xdb_query;
typedef struct locus_query locus_query;

/* Parses TEXT with analyzer A into a new *out, freed with locus_query_free. Fails with
 * LOCUS_ERR_QUERY and a message giving the 1-based character column ("column 7: unterminated
 * quote") for a query it cannot parse or that holds no word to search. */
locus_status locus_query_parse(locus_analyzer *a, const char *text, locus_query **out,
                               locus_error *err);

void locus_query_free(locus_query *q);

/* The Xapian query. Borrowed from Q. */
const struct xdb_query *locus_query_xdb(const locus_query *q);

/* Whether token T of a passage should be highlighted for Q. */
bool locus_query_matches_token(const locus_query *q, const locus_token *t);

#ifdef __cplusplus
}
#endif

#endif
