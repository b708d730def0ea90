/* eval.h - ranking evaluation: TREC judgments (qrels) and runs, and the measures trec_eval
 * reports for them, so a user can tell whether a change ranks their own questions better.
 *
 * Conventions (those of trec_eval with -c): a document is relevant when its judgment is above
 * 0; the gain of nDCG is the judgment itself (linear gains), discounted by log2(rank + 1), the
 * ideal ranking made of every judged document; a run's documents for a query are ranked by
 * score, highest first (ties: the order of the file), and cut at LOCUS_EVAL_DEPTH; means are
 * taken over every query with at least one relevant document, a query missing from the run
 * counting 0. */
#ifndef LOCUS_EVAL_H
#define LOCUS_EVAL_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_EVAL_DEPTH 1000

typedef struct locus_judgments locus_judgments; /* qrels */
typedef struct locus_run locus_run;             /* a ranking per query */

/* Reads TREC qrels ("QID ITER DOCID REL" per line) from PATH into a new *out, freed with
 * locus_judgments_free. Fails with LOCUS_ERR_IO (the file) or LOCUS_ERR_FORMAT naming the file
 * and line. */
locus_status locus_judgments_read(const char *path, locus_judgments **out, locus_error *err);
void locus_judgments_free(locus_judgments *j);

/* A new empty run, or NULL when out of memory. */
locus_run *locus_run_new(void);

/* Adds DOCID with SCORE to the ranking of QID (strings copied). LOCUS_ERR_NO_MEMORY. */
locus_status locus_run_add(locus_run *run, const char *qid, const char *docid, double score,
                           locus_error *err);

/* Reads a TREC run ("QID Q0 DOCID RANK SCORE TAG" per line) from PATH into a new *out. Fails
 * like locus_judgments_read. */
locus_status locus_run_read(const char *path, locus_run **out, locus_error *err);
void locus_run_free(locus_run *run);

/* The measures of one query, or their means. */
typedef struct locus_measures {
    double map;      /* average precision, to depth LOCUS_EVAL_DEPTH */
    double ndcg10;   /* nDCG at 10 (trec_eval's ndcg_cut_10) */
    double p10;      /* precision at 10 */
    double r100;     /* recall at 100 */
    double rr;       /* reciprocal rank of the first relevant document (MRR when a mean) */
} locus_measures;

typedef struct locus_query_measures {
    char *qid;
    size_t relevant;      /* relevant documents judged */
    size_t retrieved;     /* documents the run ranked (to the depth) */
    locus_measures m;
} locus_query_measures;

typedef struct locus_evaluation {
    locus_query_measures *queries; /* every query with a relevant document, in qid order
                                      (numerically when both are numbers) */
    size_t n_queries;
    locus_measures mean;
} locus_evaluation;

/* Scores RUN against J into a new *out, freed with locus_evaluation_free. */
locus_status locus_evaluate(const locus_judgments *j, const locus_run *run,
                            locus_evaluation **out, locus_error *err);
void locus_evaluation_free(locus_evaluation *e);

/* The measure NAME ("map", "ndcg10", "p10", "r100", "rr") of M, or -1 for an unknown name. */
double locus_measure(const locus_measures *m, const char *name);

typedef struct locus_comparison {
    size_t wins, losses, ties;  /* queries where B scores above, below, the same as A */
    double mean_a, mean_b;
    double p_value;             /* two-sided paired randomization test */
} locus_comparison;

/* Compares the evaluations A and B of two runs on the same judgments on the measure NAME:
 * per-query wins and losses, and the p-value of a paired randomization test with TRIALS
 * random sign flips (a fixed seed: the same inputs give the same p). Fails with
 * LOCUS_ERR_INVALID for an unknown measure or evaluations of other queries. */
locus_status locus_compare(const locus_evaluation *a, const locus_evaluation *b, const char *name,
                           unsigned trials, locus_comparison *out, locus_error *err);

#ifdef __cplusplus
}
#endif

#endif
