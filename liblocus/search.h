/* search.h - ranks the passages of a locus index for a query.
 *
 * This header and status.h are what the programs use to search. A locus_index is a read-only
 * handle: it never takes the write lock, and it reopens and retries by itself when a writer
 * commits in the middle of a search.
 */
#ifndef LOCUS_SEARCH_H
#define LOCUS_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "schema.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct locus_index locus_index;

/* Opens the index at PATH (a folder, or a stub file listing shards) for searching. Fails with
 * LOCUS_ERR_NO_INDEX when there is none, LOCUS_ERR_INCOMPATIBLE when another locus built it.
 * Free with locus_index_close. */
locus_status locus_index_open(const char *path, locus_index **out, locus_error *err);

void locus_index_close(locus_index *ix);

/* The index's stemming language. Borrowed. */
const char *locus_index_language(const locus_index *ix);

/* Number of passages in the index. */
locus_status locus_index_passage_count(locus_index *ix, uint32_t *out, locus_error *err);

typedef struct locus_search_opts {
    uint32_t offset;    /* hits to skip */
    uint32_t limit;     /* hits to return at most */
    double bm25_k1;     /* term-frequency saturation */
    double bm25_b;      /* passage-length normalisation */
} locus_search_opts;

/* Fills OPTS with the defaults: the first 10 hits, BM25 with k1 = LOCUS_BM25_K1 and
 * b = LOCUS_BM25_B. */
#define LOCUS_BM25_K1 1.2
#define LOCUS_BM25_B 0.75
void locus_search_opts_init(locus_search_opts *opts);

typedef struct locus_span {
    uint64_t start, end;   /* byte range in the release file */
} locus_span;

typedef struct locus_hit {
    uint32_t rank;         /* 1 for the best hit */
    double score;
    uint32_t docid;
    locus_record rec;      /* what the index stores of the passage */
    char **terms;          /* the query's terms this passage matches ("title:" or "section:"
                              in front when matched there) */
    size_t n_terms;
    locus_span *spans;     /* the words of rec.text that match the query, in file offsets */
    size_t n_spans;
} locus_hit;

typedef struct locus_results {
    locus_hit *hits;
    size_t count;
    uint32_t estimated;    /* estimated number of matching passages */
} locus_results;

/* Ranks the passages of IX for QUERY into a new *out, freed with locus_results_free. Fails
 * with LOCUS_ERR_QUERY (message with the column) when QUERY cannot be parsed. */
locus_status locus_search(locus_index *ix, const char *query, const locus_search_opts *opts,
                          locus_results **out, locus_error *err);

void locus_results_free(locus_results *res);

#ifdef __cplusplus
}
#endif

#endif
