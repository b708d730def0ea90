/* Ranking evaluation: every measure on a small example worked out by hand, the conventions of
 * trec_eval (judged-relevant only, missing queries count 0, ties in file order, depth), and the
 * paired comparison. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/eval.h>
#include "testutil.h"

static const char *dir;

static void setup(void) { dir = tu_tempdir(); }
static void teardown(void) { tu_rmtree(dir); }

static locus_judgments *judgments(const char *text) {
    char *path = tu_write_file(dir, "qrels", text, strlen(text));
    locus_judgments *j = NULL;
    locus_error e;
    ck_assert_msg(locus_judgments_read(path, &j, &e) == LOCUS_OK, "%s", e.message);
    free(path);
    return j;
}

static locus_run *run(const char *text) {
    char *path = tu_write_file(dir, "run", text, strlen(text));
    locus_run *r = NULL;
    locus_error e;
    ck_assert_msg(locus_run_read(path, &r, &e) == LOCUS_OK, "%s", e.message);
    free(path);
    return r;
}

#define NEAR(a, b) ck_assert_msg(fabs((a) - (b)) < 1e-6, "%s = %.9f, want %.9f", #a, (double)(a), (double)(b))

/* Query 1: relevant d1 (gain 2), d2 and d4 (gain 1); d3 judged not relevant. The run ranks
 * d3, d1, d5 (unjudged), d2. Query 2 is judged but not in the run. Query 3 has no relevant
 * document: it is left out of the means. */
static const char qrels[] = "1 0 d1 2\n1 0 d2 1\n1 0 d3 0\n1 0 d4 1\n2 0 d9 1\n3 0 d7 0\n";
static const char run1[] = "1 Q0 d2 4 1.0 x\n1 Q0 d3 1 3.0 x\n1 Q0 d5 3 1.5 x\n1 Q0 d1 2 2.0 x\n"
                           "9 Q0 d1 1 1.0 x\n";  /* an unjudged query: ignored */

START_TEST(measures_by_hand) {
    locus_judgments *j = judgments(qrels);
    locus_run *r = run(run1);
    locus_evaluation *ev = NULL;
    locus_error e;
    ck_assert_int_eq(locus_evaluate(j, r, &ev, &e), LOCUS_OK);
    ck_assert_uint_eq(ev->n_queries, 2);
    const locus_query_measures *q = &ev->queries[0];
    ck_assert_str_eq(q->qid, "1");
    ck_assert_uint_eq(q->relevant, 3);
    ck_assert_uint_eq(q->retrieved, 4);
    /* relevant at ranks 2 and 4 (scores sort the run, not its RANK column): (1/2 + 2/4) / 3 */
    NEAR(q->m.map, 1.0 / 3.0);
    /* DCG 2/log2(3) + 1/log2(5); ideal 2/log2(2) + 1/log2(3) + 1/log2(4) */
    double dcg = 2 / log2(3) + 1 / log2(5), ideal = 2 + 1 / log2(3) + 0.5;
    NEAR(q->m.ndcg10, dcg / ideal);
    NEAR(q->m.p10, 0.2);
    NEAR(q->m.r100, 2.0 / 3.0);
    NEAR(q->m.rr, 0.5);
    ck_assert_str_eq(ev->queries[1].qid, "2");  /* missing from the run: 0 everywhere */
    NEAR(ev->queries[1].m.map, 0);
    NEAR(ev->queries[1].m.rr, 0);
    NEAR(ev->mean.map, 1.0 / 6.0);
    NEAR(ev->mean.ndcg10, dcg / ideal / 2);
    NEAR(ev->mean.p10, 0.1);
    NEAR(ev->mean.r100, 1.0 / 3.0);
    NEAR(ev->mean.rr, 0.25);
    NEAR(locus_measure(&ev->mean, "ndcg_cut_10"), ev->mean.ndcg10);
    ck_assert(locus_measure(&ev->mean, "bpref") < 0);
    locus_evaluation_free(ev);
    locus_run_free(r);
    locus_judgments_free(j);
}
END_TEST

START_TEST(ties_depth_and_duplicates) {
    locus_judgments *j = judgments("1 0 a 1\n");
    /* equal scores keep the file's order; a document ranked twice counts once */
    locus_run *r = run("1 Q0 b 1 5 x\n1 Q0 a 2 5 x\n1 Q0 a 3 4 x\n");
    locus_evaluation *ev = NULL;
    locus_error e;
    ck_assert_int_eq(locus_evaluate(j, r, &ev, &e), LOCUS_OK);
    NEAR(ev->mean.rr, 0.5);
    NEAR(ev->mean.map, 0.5);
    locus_evaluation_free(ev);
    locus_run_free(r);
    /* beyond LOCUS_EVAL_DEPTH a relevant document does not count */
    locus_run *deep = locus_run_new();
    char id[32];
    for (int i = 0; i < LOCUS_EVAL_DEPTH; i++) {
        snprintf(id, sizeof id, "n%d", i);
        ck_assert_int_eq(locus_run_add(deep, "1", id, 2000.0 - i, &e), LOCUS_OK);
    }
    ck_assert_int_eq(locus_run_add(deep, "1", "a", 1.0, &e), LOCUS_OK);
    ck_assert_int_eq(locus_evaluate(j, deep, &ev, &e), LOCUS_OK);
    NEAR(ev->mean.map, 0);
    ck_assert_uint_eq(ev->queries[0].retrieved, LOCUS_EVAL_DEPTH);
    locus_evaluation_free(ev);
    locus_run_free(deep);
    locus_judgments_free(j);
}
END_TEST

START_TEST(comparison) {
    /* 20 queries; run B finds each relevant document at rank 1, run A at rank 2 */
    char q[4096] = "", a[4096] = "", b[4096] = "";
    for (int i = 1; i <= 20; i++) {
        char line[128];
        snprintf(line, sizeof line, "%d 0 r%d 1\n", i, i);
        strcat(q, line);
        snprintf(line, sizeof line, "%d Q0 x 1 2 a\n%d Q0 r%d 2 1 a\n", i, i, i);
        strcat(a, line);
        snprintf(line, sizeof line, "%d Q0 r%d 1 2 b\n", i, i);
        strcat(b, line);
    }
    locus_judgments *j = judgments(q);
    locus_run *ra = run(a), *rb = run(b);
    locus_evaluation *ea = NULL, *eb = NULL;
    locus_error e;
    ck_assert_int_eq(locus_evaluate(j, ra, &ea, &e), LOCUS_OK);
    ck_assert_int_eq(locus_evaluate(j, rb, &eb, &e), LOCUS_OK);
    locus_comparison c;
    ck_assert_int_eq(locus_compare(ea, eb, "rr", 10000, &c, &e), LOCUS_OK);
    ck_assert_uint_eq(c.wins, 20);
    ck_assert_uint_eq(c.losses, 0);
    NEAR(c.mean_a, 0.5);
    NEAR(c.mean_b, 1.0);
    ck_assert(c.p_value < 0.001);  /* 20 of 20 in one direction */
    ck_assert_int_eq(locus_compare(ea, ea, "map", 1000, &c, &e), LOCUS_OK);
    ck_assert_uint_eq(c.ties, 20);
    NEAR(c.p_value, 1.0);  /* no difference at all */
    ck_assert_int_eq(locus_compare(ea, eb, "bogus", 100, &c, &e), LOCUS_ERR_INVALID);
    locus_evaluation_free(ea);
    locus_evaluation_free(eb);
    locus_run_free(ra);
    locus_run_free(rb);
    locus_judgments_free(j);
}
END_TEST

START_TEST(bad_files_are_named) {
    char *path = tu_write_file(dir, "bad", "1 0 d1\n", 7);
    locus_judgments *j = NULL;
    locus_error e;
    ck_assert_int_eq(locus_judgments_read(path, &j, &e), LOCUS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(e.message, "bad:1: not a judgment"));
    locus_run *r = NULL;
    ck_assert_int_eq(locus_run_read(path, &r, &e), LOCUS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(e.message, "bad:1: not a run line"));
    free(path);
    ck_assert_int_eq(locus_run_read("/nonexistent/run", &r, &e), LOCUS_ERR_IO);
}
END_TEST

int main(void) {
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, measures_by_hand);
    tcase_add_test(tc, ties_depth_and_duplicates);
    tcase_add_test(tc, comparison);
    tcase_add_test(tc, bad_files_are_named);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
