/* The Xapian C wrapper: every error path maps to its own status, the term limit is enforced
 * before Xapian sees a term, and queries and searches behave as documented. */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "xdb/xdb.h"

static char dir[4096], dbpath[4200];

static void setup(void) {
    snprintf(dir, sizeof dir, "%s", tu_tempdir());
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);
}

static void teardown(void) { tu_rmtree(dir); }

static xdb_db *open_new(void) {
    xdb_db *db = NULL;
    xdb_error e;
    ck_assert_int_eq(xdb_open_write(dbpath, XDB_OPEN_CREATE | XDB_OPEN_NO_SYNC, &db, &e), XDB_OK);
    return db;
}

/* Adds a document with the given space-separated words as postings, VALUE in slot 0 and
 * DATA; returns its id. */
static uint32_t add_words(xdb_db *db, const char *words, const char *value, const char *data) {
    xdb_doc *doc;
    xdb_error e;
    ck_assert_int_eq(xdb_doc_new(&doc, &e), XDB_OK);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", words);
    uint32_t pos = 1;
    for (char *w = strtok(buf, " "); w; w = strtok(NULL, " "))
        ck_assert_int_eq(xdb_doc_add_posting(doc, w, strlen(w), pos++, 1, &e), XDB_OK);
    if (value) ck_assert_int_eq(xdb_doc_set_value(doc, 0, value, strlen(value), &e), XDB_OK);
    if (data) ck_assert_int_eq(xdb_doc_set_data(doc, data, strlen(data), &e), XDB_OK);
    uint32_t id = 0;
    ck_assert_int_eq(xdb_add_doc(db, doc, &id, &e), XDB_OK);
    xdb_doc_free(doc);
    return id;
}

static xdb_query *tq(const char *t) {
    xdb_query *q = NULL;
    ck_assert_int_eq(xdb_query_term(t, strlen(t), 1, 0, &q, NULL), XDB_OK);
    return q;
}

static xdb_hits *run(xdb_db *db, xdb_query *q, xdb_search_opts *o) {
    xdb_search_opts def;
    if (!o) {
        xdb_search_opts_init(&def);
        o = &def;
    }
    xdb_hits *h = NULL;
    xdb_error e;
    xdb_status st = xdb_search(db, q, o, &h, &e);
    ck_assert_msg(st == XDB_OK, "search failed: %s", e.message);
    return h;
}

START_TEST(missing_database_for_reading) {
    xdb_db *db = (xdb_db *)1;
    xdb_error e;
    ck_assert_int_eq(xdb_open_read(dbpath, &db, &e), XDB_ERR_NOT_FOUND);
    ck_assert_ptr_null(db);
    ck_assert_int_eq(e.status, XDB_ERR_NOT_FOUND);
    ck_assert_msg(strlen(e.message) > 0, "message is empty");
}
END_TEST

START_TEST(missing_database_for_writing_without_create) {
    xdb_db *db = NULL;
    xdb_error e;
    ck_assert_int_eq(xdb_open_write(dbpath, 0, &db, &e), XDB_ERR_NOT_FOUND);
    ck_assert_ptr_null(db);
}
END_TEST

START_TEST(missing_parent_folder) {
    char p[4300];
    snprintf(p, sizeof p, "%s/no/such/db", dir);
    xdb_db *db = NULL;
    xdb_error e;
    xdb_status st = xdb_open_write(p, XDB_OPEN_CREATE, &db, &e);
    ck_assert_msg(st == XDB_ERR_CREATE, "got %s: %s", xdb_status_string(st), e.message);
}
END_TEST

START_TEST(second_writer_is_locked) {
    xdb_db *a = open_new(), *b = NULL;
    xdb_error e;
    ck_assert_int_eq(xdb_open_write(dbpath, 0, &b, &e), XDB_ERR_LOCKED);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(e.message, "lock"));
    ck_assert_int_eq(xdb_close(a, &e), XDB_OK);
    ck_assert_int_eq(xdb_open_write(dbpath, 0, &b, &e), XDB_OK); /* free again */
    xdb_close(b, NULL);
}
END_TEST

static void *close_later(void *db) {
    usleep(150 * 1000);
    xdb_close(db, NULL);
    return NULL;
}

/* XDB_OPEN_PRIVATE: a lock held for a moment (here another handle, closed 0.15 s later by
 * another thread) is waited for; without the flag the open fails at once. */
START_TEST(a_private_open_waits_out_a_lock_held_for_a_moment) {
    xdb_db *a = open_new(), *b = NULL;
    xdb_error e;
    ck_assert_int_eq(xdb_open_write(dbpath, 0, &b, &e), XDB_ERR_LOCKED);
    pthread_t t;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(pthread_create(&t, NULL, close_later, a), 0);
    ck_assert_int_eq(xdb_open_write(dbpath, XDB_OPEN_PRIVATE, &b, &e), XDB_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_join(t, NULL);
    double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(waited >= 0.1, "opened after %.3f s, while the lock was still held", waited);
    xdb_close(b, NULL);
}
END_TEST

START_TEST(corrupt_database) {
    mkdir(dbpath, 0777);
    free(tu_write_file(dbpath, "iamglass", "garbage, not a version file", 27));
    xdb_db *db = NULL;
    xdb_error e;
    xdb_status st = xdb_open_read(dbpath, &db, &e);
    ck_assert_msg(st == XDB_ERR_CORRUPT || st == XDB_ERR_VERSION || st == XDB_ERR_OPENING,
                  "got %s: %s", xdb_status_string(st), e.message);
    ck_assert_ptr_null(db);
}
END_TEST

START_TEST(over_long_and_empty_terms_are_refused_before_xapian) {
    xdb_db *db = open_new();
    add_words(db, "kept", NULL, "first");
    xdb_doc *doc;
    xdb_error e;
    ck_assert_int_eq(xdb_doc_new(&doc, &e), XDB_OK);
    char term[XDB_MAX_TERM + 2];
    memset(term, 'x', sizeof term);
    ck_assert_int_eq(xdb_doc_add_posting(doc, term, XDB_MAX_TERM, 1, 1, &e), XDB_OK);
    ck_assert_int_eq(xdb_doc_add_posting(doc, term, XDB_MAX_TERM + 1, 2, 1, &e),
                     XDB_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(e.message, "too long"));
    ck_assert_int_eq(xdb_doc_add_term(doc, term, XDB_MAX_TERM + 1, 1, &e), XDB_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(xdb_doc_add_term(doc, "", 0, 1, &e), XDB_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(xdb_doc_add_posting(doc, NULL, 0, 1, 1, &e), XDB_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(xdb_replace_doc_by_term(db, term, XDB_MAX_TERM + 1, doc, NULL, &e),
                     XDB_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(xdb_delete_docs_by_term(db, "", 0, &e), XDB_ERR_INVALID_ARGUMENT);
    /* The refused calls never reached Xapian: the uncommitted document is still there. */
    ck_assert_int_eq(xdb_add_doc(db, doc, NULL, &e), XDB_OK);
    xdb_doc_free(doc);
    ck_assert_int_eq(xdb_commit(db, &e), XDB_OK);
    uint32_t n = 0, f = 0;
    ck_assert_int_eq(xdb_doc_count(db, &n, &e), XDB_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(xdb_term_freq(db, "kept", 4, &f, &e), XDB_OK);
    ck_assert_uint_eq(f, 1);
    ck_assert_int_eq(xdb_term_freq(db, term, XDB_MAX_TERM, &f, &e), XDB_OK);
    ck_assert_uint_eq(f, 1);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(terms_with_nul_bytes_round_trip) {
    xdb_db *db = open_new();
    xdb_doc *doc;
    xdb_error e;
    xdb_doc_new(&doc, &e);
    ck_assert_int_eq(xdb_doc_add_term(doc, "a\0b", 3, 1, &e), XDB_OK);
    ck_assert_int_eq(xdb_doc_set_data(doc, "x\0y", 3, &e), XDB_OK);
    uint32_t id;
    ck_assert_int_eq(xdb_add_doc(db, doc, &id, &e), XDB_OK);
    xdb_doc_free(doc);
    uint32_t f = 0;
    ck_assert_int_eq(xdb_term_freq(db, "a\0b", 3, &f, &e), XDB_OK);
    ck_assert_uint_eq(f, 1);
    ck_assert_int_eq(xdb_term_freq(db, "a", 1, &f, &e), XDB_OK);
    ck_assert_uint_eq(f, 0);
    char *data;
    size_t len;
    ck_assert_int_eq(xdb_doc_data(db, id, &data, &len, &e), XDB_OK);
    ck_assert_uint_eq(len, 3);
    ck_assert_int_eq(memcmp(data, "x\0y", 3), 0);
    free(data);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(read_only_handle_refuses_writes) {
    xdb_close(open_new(), NULL);
    xdb_db *db;
    xdb_error e;
    ck_assert_int_eq(xdb_open_read(dbpath, &db, &e), XDB_OK);
    ck_assert_int_eq(xdb_commit(db, &e), XDB_ERR_INVALID_OPERATION);
    ck_assert_int_eq(xdb_metadata_set(db, "k", "v", 1, &e), XDB_ERR_INVALID_OPERATION);
    ck_assert_int_eq(xdb_delete_docs_by_term(db, "t", 1, &e), XDB_ERR_INVALID_OPERATION);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(transactions_commit_and_cancel) {
    xdb_db *db = open_new();
    xdb_error e;
    ck_assert_int_eq(xdb_transaction_begin(db, &e), XDB_OK);
    add_words(db, "dropped", NULL, NULL);
    ck_assert_int_eq(xdb_commit(db, &e), XDB_ERR_INVALID_OPERATION); /* not inside one */
    ck_assert_int_eq(xdb_transaction_cancel(db, &e), XDB_OK);
    uint32_t n = 99;
    xdb_doc_count(db, &n, &e);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(xdb_transaction_begin(db, &e), XDB_OK);
    add_words(db, "kept", NULL, NULL);
    ck_assert_int_eq(xdb_transaction_commit(db, &e), XDB_OK);
    ck_assert_int_eq(xdb_transaction_commit(db, &e), XDB_ERR_INVALID_OPERATION); /* none open */
    xdb_close(db, NULL);
    ck_assert_int_eq(xdb_open_read(dbpath, &db, &e), XDB_OK);
    xdb_doc_count(db, &n, &e);
    ck_assert_uint_eq(n, 1);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(replace_and_delete_by_unique_term) {
    xdb_db *db = open_new();
    xdb_error e;
    xdb_doc *doc;
    xdb_doc_new(&doc, &e);
    xdb_doc_add_term(doc, "Qone", 4, 0, &e);
    xdb_doc_set_data(doc, "v1", 2, &e);
    uint32_t id1, id2;
    ck_assert_int_eq(xdb_replace_doc_by_term(db, "Qone", 4, doc, &id1, &e), XDB_OK);
    xdb_doc_set_data(doc, "v2", 2, &e);
    ck_assert_int_eq(xdb_replace_doc_by_term(db, "Qone", 4, doc, &id2, &e), XDB_OK);
    ck_assert_uint_eq(id1, id2);
    xdb_doc_free(doc);
    uint32_t n;
    xdb_doc_count(db, &n, &e);
    ck_assert_uint_eq(n, 1);
    char *data;
    xdb_doc_data(db, id1, &data, NULL, &e);
    ck_assert_str_eq(data, "v2");
    free(data);
    ck_assert_int_eq(xdb_delete_docs_by_term(db, "Qone", 4, &e), XDB_OK);
    ck_assert_int_eq(xdb_delete_docs_by_term(db, "Qnone", 5, &e), XDB_OK);
    xdb_doc_count(db, &n, &e);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(xdb_doc_data(db, id1, &data, NULL, &e), XDB_ERR_DOC_NOT_FOUND);
    ck_assert_ptr_null(data);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(metadata_round_trip) {
    xdb_db *db = open_new();
    xdb_error e;
    char *v;
    size_t len = 9;
    ck_assert_int_eq(xdb_metadata_get(db, "missing", &v, &len, &e), XDB_OK);
    ck_assert_str_eq(v, "");
    ck_assert_uint_eq(len, 0);
    free(v);
    ck_assert_int_eq(xdb_metadata_set(db, "k", "value", 5, &e), XDB_OK);
    ck_assert_int_eq(xdb_metadata_get(db, "k", &v, NULL, &e), XDB_OK);
    ck_assert_str_eq(v, "value");
    free(v);
    ck_assert_int_eq(xdb_metadata_get(db, "", &v, NULL, &e), XDB_ERR_INVALID_ARGUMENT);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(queries_combine_as_documented) {
    xdb_db *db = open_new();
    uint32_t d1 = add_words(db, "joint research on 6g", "20220207", "d1");
    uint32_t d2 = add_words(db, "research on joint ventures", "20190314", "d2");
    uint32_t d3 = add_words(db, "6g roadmap", "20210422", "d3");
    xdb_error e;
    xdb_query *joint = tq("joint"), *research = tq("research"), *g6 = tq("6g");
    xdb_query *pair[2] = {joint, research}, *q;
    xdb_hits *h;

    ck_assert_int_eq(xdb_query_combine(XDB_OP_PHRASE, pair, 2, 0, &q, &e), XDB_OK);
    h = run(db, q, NULL);
    ck_assert_uint_eq(h->count, 1);
    ck_assert_uint_eq(h->hits[0].docid, d1);
    ck_assert_str_eq(h->hits[0].data, "d1");
    xdb_hits_free(h);
    xdb_query_free(q);

    ck_assert_int_eq(xdb_query_combine(XDB_OP_NEAR, pair, 2, 3, &q, &e), XDB_OK);
    h = run(db, q, NULL);
    ck_assert_uint_eq(h->count, 2); /* "research on joint" is within 3 too */
    xdb_hits_free(h);
    xdb_query_free(q);

    ck_assert_int_eq(xdb_query_combine(XDB_OP_AND, pair, 2, 0, &q, &e), XDB_OK);
    h = run(db, q, NULL);
    ck_assert_uint_eq(h->count, 2);
    xdb_hits_free(h);
    xdb_query_free(q);

    xdb_query *notg[2] = {research, g6};
    ck_assert_int_eq(xdb_query_combine(XDB_OP_AND_NOT, notg, 2, 0, &q, &e), XDB_OK);
    h = run(db, q, NULL);
    ck_assert_uint_eq(h->count, 1);
    ck_assert_uint_eq(h->hits[0].docid, d2);
    xdb_hits_free(h);
    xdb_query_free(q);

    xdb_query *or3[3] = {joint, research, g6};
    ck_assert_int_eq(xdb_query_combine(XDB_OP_OR, or3, 3, 0, &q, &e), XDB_OK);
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    o.want_terms = 1;
    h = run(db, q, &o);
    ck_assert_uint_eq(h->count, 3);
    ck_assert_uint_eq(h->hits[0].docid, d1); /* matches all three */
    ck_assert_uint_eq(h->hits[0].n_terms, 3);
    ck_assert(h->hits[0].score > h->hits[1].score);
    xdb_hits_free(h);

    o.sort = XDB_SORT_VALUE_ASC;
    o.sort_slot = 0;
    h = run(db, q, &o);
    ck_assert_uint_eq(h->hits[0].docid, d2);
    ck_assert_uint_eq(h->hits[2].docid, d1);
    xdb_hits_free(h);
    o.sort = XDB_SORT_VALUE_DESC;
    o.limit = 1;
    o.offset = 1;
    h = run(db, q, &o);
    ck_assert_uint_eq(h->count, 1);
    ck_assert_uint_eq(h->hits[0].docid, d3);
    xdb_hits_free(h);

    xdb_query *scaled, *with_scaled[2];
    ck_assert_int_eq(xdb_query_scale(g6, 10.0, &scaled, &e), XDB_OK);
    with_scaled[0] = research;
    with_scaled[1] = scaled;
    xdb_query *q2;
    ck_assert_int_eq(xdb_query_combine(XDB_OP_OR, with_scaled, 2, 0, &q2, &e), XDB_OK);
    xdb_query_free(scaled);
    h = run(db, q2, NULL);
    ck_assert_uint_eq(h->hits[2].docid, d2); /* no 6g: last once 6g weighs 10 times more */
    xdb_hits_free(h);
    ck_assert_int_eq(xdb_query_scale(g6, -1.0, &scaled, &e), XDB_ERR_INVALID_ARGUMENT);
    xdb_query_free(q2);
    xdb_query_free(q);

    xdb_query *syn;
    xdb_query *two[2] = {g6, joint};
    ck_assert_int_eq(xdb_query_combine(XDB_OP_SYNONYM, two, 2, 0, &syn, &e), XDB_OK);
    h = run(db, syn, NULL);
    ck_assert_uint_eq(h->count, 3);
    xdb_hits_free(h);
    xdb_query_free(syn);

    ck_assert_int_eq(xdb_query_value_range(0, "2020", "2021~", &q, &e), XDB_OK);
    h = run(db, q, NULL);
    ck_assert_uint_eq(h->count, 1);
    ck_assert_uint_eq(h->hits[0].docid, d3);
    xdb_hits_free(h);
    xdb_query_free(q);
    ck_assert_int_eq(xdb_query_value_range(0, NULL, "2021", &q, &e), XDB_OK);
    h = run(db, q, NULL);
    ck_assert_uint_eq(h->count, 1);
    ck_assert_uint_eq(h->hits[0].docid, d2);
    xdb_hits_free(h);
    xdb_query_free(q);

    ck_assert_int_eq(xdb_query_combine(XDB_OP_AND, pair, 0, 0, &q, &e), XDB_ERR_INVALID_ARGUMENT);
    char *desc;
    ck_assert_int_eq(xdb_query_describe(joint, &desc, &e), XDB_OK);
    ck_assert_ptr_nonnull(strstr(desc, "joint"));
    free(desc);
    xdb_query_free(joint);
    xdb_query_free(research);
    xdb_query_free(g6);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(bm25_parameters_change_scores) {
    xdb_db *db = open_new();
    add_words(db, "policy", NULL, NULL);
    add_words(db, "policy policy policy dialogue dialogue dialogue dialogue", NULL, NULL);
    add_words(db, "other words", NULL, NULL);
    xdb_query *q = tq("policy");
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    o.bm25_b = 0.0;  /* no length normalisation: more occurrences win */
    xdb_hits *h = run(db, q, &o);
    ck_assert_uint_eq(h->hits[0].docid, 2);
    double s_b0 = h->hits[0].score;
    xdb_hits_free(h);
    o.bm25_k1 = 0.0; /* term frequency ignored: equal scores */
    h = run(db, q, &o);
    ck_assert_double_eq_tol(h->hits[0].score, h->hits[1].score, 1e-9);
    ck_assert(h->hits[0].score != s_b0);
    xdb_hits_free(h);
    xdb_query_free(q);
    xdb_close(db, NULL);
}
END_TEST

/* The weight of Q's best match under BM25+ with k1 = 0, where every match weighs its idf times
 * 1 + delta (no length or wdf in it), as locus searches (delta > 0). */
static double idf_weight(xdb_db *db, xdb_query *q) {
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    o.bm25_k1 = 0;
    o.bm25_delta = 1;
    xdb_hits *h = run(db, q, &o);
    ck_assert_uint_gt(h->count, 0);
    double w = h->hits[0].score;
    xdb_hits_free(h);
    return w;
}

/* The synonym of "Zus" and the phrase "Zu Zs" in DB scaled by xdb_query_counted_weight (its
 * factor in *factor), divided by the weight of "Zcounted", both by idf_weight. */
static double counted_us_against_term(xdb_db *db, double *factor) {
    xdb_error e;
    xdb_query *u = tq("Zu"), *s = tq("Zs"), *us = tq("Zus"), *phrase = NULL, *syn = NULL, *scaled = NULL;
    ck_assert_int_eq(xdb_query_combine(XDB_OP_PHRASE, (xdb_query *[]){u, s}, 2, 0, &phrase, &e), XDB_OK);
    ck_assert_int_eq(xdb_query_combine(XDB_OP_SYNONYM, (xdb_query *[]){us, phrase}, 2, 0, &syn, &e), XDB_OK);
    ck_assert_int_eq(xdb_query_counted_weight(db, syn, factor, &e), XDB_OK);
    ck_assert_int_eq(xdb_query_scale(syn, *factor, &scaled, &e), XDB_OK);
    xdb_query *c = tq("Zcounted");
    double ratio = idf_weight(db, scaled) / idf_weight(db, c);
    xdb_query *qs[] = {c, scaled, syn, phrase, us, s, u};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) xdb_query_free(qs[i]);
    return ratio;
}

/* A synonym that holds a phrase weighs as the documents it matches, counted: "us" in 1 of 100
 * documents and the phrase "u s" in 20 more (Xapian estimates the phrase from its two words as
 * if they were independent: about 6), scaled by xdb_query_counted_weight, weighs under BM25+
 * as a term found in the same 21 documents. A term, or nothing, needs no factor. */
START_TEST(counted_weight_weighs_a_synonym_as_its_matches) {
    xdb_db *db = open_new();
    for (int i = 0; i < 100; i++)
        add_words(db, i < 20 ? "Zsaid Zthe Zu Zs Zcounted" : i == 20 ? "Zsaid Zus Zcounted Zwords"
                    : i < 40 ? "Zother Zu Zwords Zs" : "Zother Zwords Zhere Znow", NULL, NULL);
    xdb_error e;
    ck_assert_int_eq(xdb_commit(db, &e), XDB_OK);
    double f = 0;
    ck_assert_double_eq_tol(counted_us_against_term(db, &f), 1.0, 1e-9);
    ck_assert_msg(f < 0.9, "factor %g: the estimate was taken for the count", f);
    xdb_query *c = tq("Zcounted"), *none = tq("Znowhere");
    ck_assert_int_eq(xdb_query_counted_weight(db, c, &f, &e), XDB_OK);
    ck_assert_double_eq_tol(f, 1.0, 1e-9);  /* a term's frequency is exact already */
    ck_assert_int_eq(xdb_query_counted_weight(db, none, &f, &e), XDB_OK);
    ck_assert_double_eq_tol(f, 1.0, 1e-12);
    xdb_query_free(none);
    xdb_query_free(c);
    xdb_close(db, NULL);
}
END_TEST

/* Past XDB_COUNTED_MAX matches the count is extrapolated from how far into the docids they
 * reach: the phrase "u s" in every other one of 4 * XDB_COUNTED_MAX documents weighs within 2%
 * of a term found in the same documents (counted up to the cap, it would weigh twice as much). */
START_TEST(counted_weight_extrapolates_a_common_phrase) {
    xdb_db *db = open_new();
    for (unsigned i = 0; i < 4 * XDB_COUNTED_MAX; i++)
        add_words(db, i % 2 ? "Zthe Zu Zs Zcounted" : "Zother Zs Zwords Zu", NULL, NULL);
    xdb_error e;
    ck_assert_int_eq(xdb_commit(db, &e), XDB_OK);
    double f = 0, ratio = counted_us_against_term(db, &f);
    ck_assert_msg(fabs(ratio - 1) < 0.02, "the phrase weighs %g times the term", ratio);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(collapse_keeps_best_per_value) {
    xdb_db *db = open_new();
    add_words(db, "cable cable", "A", NULL);
    add_words(db, "cable", "A", NULL);
    add_words(db, "cable", "B", NULL);
    xdb_query *q = tq("cable");
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    o.collapse_slot = 0;
    o.collapse_max = 1;
    xdb_hits *h = run(db, q, &o);
    ck_assert_uint_eq(h->count, 2);
    ck_assert_uint_eq(h->hits[0].docid, 1);
    ck_assert_uint_ge(h->hits[0].collapse_count, 1);
    xdb_hits_free(h);
    xdb_query_free(q);
    xdb_close(db, NULL);
}
END_TEST

START_TEST(wildcard_bound_is_an_error) {
    xdb_db *db = open_new();
    add_words(db, "regulation regulatory regulator", NULL, NULL);
    xdb_query *q;
    xdb_error e;
    ck_assert_int_eq(xdb_query_wildcard("regul", 5, 2, &q, &e), XDB_OK);
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    xdb_hits *h = NULL;
    ck_assert_int_eq(xdb_search(db, q, &o, &h, &e), XDB_ERR_WILDCARD);
    ck_assert_ptr_null(h);
    xdb_query_free(q);
    ck_assert_int_eq(xdb_query_wildcard("regul", 5, 3, &q, &e), XDB_OK);
    h = run(db, q, NULL);
    ck_assert_uint_eq(h->count, 1);
    xdb_hits_free(h);
    xdb_query_free(q);
    xdb_close(db, NULL);
}
END_TEST

static int count_terms(const char *t, size_t len, uint32_t freq, void *ctx) {
    (void)t; (void)len; (void)freq;
    return ++*(int *)ctx >= 2; /* stop after two */
}

START_TEST(terms_with_prefix_in_order) {
    xdb_db *db = open_new();
    add_words(db, "XTa XTb XTc Zq", NULL, NULL);
    int n = 0;
    xdb_error e;
    ck_assert_int_eq(xdb_terms_with_prefix(db, "XT", 2, count_terms, &n, &e), XDB_OK);
    ck_assert_int_eq(n, 2);
    xdb_close(db, NULL);
}
END_TEST

typedef struct listed {
    char terms[8][16];
    uint32_t freqs[8];
    int n;
} listed;

static int list_term(const char *t, size_t len, uint32_t freq, void *ctx) {
    listed *l = ctx;
    ck_assert_int_lt(l->n, 8);
    snprintf(l->terms[l->n], sizeof l->terms[0], "%.*s", (int)len, t);
    l->freqs[l->n++] = freq;
    return 0;
}

/* Terms whose posting lists are long (seeked past rather than stepped over) and short ones,
 * and a term that extends a long one by a NUL byte: every term once, in order, with its count. */
START_TEST(terms_with_prefix_past_long_posting_lists) {
    xdb_db *db = open_new();
    xdb_error e;
    for (int i = 0; i < 5000; i++) {
        xdb_doc *doc;
        ck_assert_int_eq(xdb_doc_new(&doc, &e), XDB_OK);
        ck_assert_int_eq(xdb_doc_add_term(doc, "XLen", 4, 0, &e), XDB_OK);
        if (i % 1000 == 0) ck_assert_int_eq(xdb_doc_add_term(doc, "XLen\0x", 6, 0, &e), XDB_OK);
        if (i < 3000) ck_assert_int_eq(xdb_doc_add_term(doc, "XLfr", 4, 0, &e), XDB_OK);
        if (i == 7) ck_assert_int_eq(xdb_doc_add_term(doc, "XLes", 4, 0, &e), XDB_OK);
        ck_assert_int_eq(xdb_add_doc(db, doc, NULL, &e), XDB_OK);
        xdb_doc_free(doc);
    }
    ck_assert_int_eq(xdb_commit(db, &e), XDB_OK);
    listed l = {0};
    ck_assert_int_eq(xdb_terms_with_prefix(db, "XL", 2, list_term, &l, &e), XDB_OK);
    ck_assert_int_eq(l.n, 4);
    ck_assert_str_eq(l.terms[0], "XLen");
    ck_assert_uint_eq(l.freqs[0], 5000);
    ck_assert(memcmp(l.terms[1], "XLen", 4) == 0 && l.terms[1][4] == '\0');  /* "XLen\0x" */
    ck_assert_uint_eq(l.freqs[1], 5);
    ck_assert_str_eq(l.terms[2], "XLes");
    ck_assert_str_eq(l.terms[3], "XLfr");
    ck_assert_uint_eq(l.freqs[3], 3000);
    xdb_close(db, NULL);
}
END_TEST

/* Feedback's expand set, Bo1 and trad: a term found 1.2 times per document of the index
 * ("Zsaid") is a candidate until MAX_PER_DOC (0.5) leaves out terms found more often; a
 * document gone since the search (the id 424242) is left out, not an error. */
START_TEST(expand_leaves_out_common_terms) {
    xdb_db *db = open_new();
    uint32_t ids[4] = {0, 424242, 0, 0};  /* the second is no document */
    for (int i = 0; i < 20; i++) {
        const char *words = i < 3 ? "Zsaid Zsaid Zsaid Zsaid Zcrude Zbarrel"
                          : i < 6 ? "Zsaid Zsaid Zsaid Zsaid Zother" : "Zother";
        uint32_t id = add_words(db, words, NULL, NULL);
        if (i < 3) ids[i ? i + 1 : 0] = id;
    }
    xdb_error e;
    ck_assert_int_eq(xdb_commit(db, &e), XDB_OK);
    for (int scheme = 0; scheme < 2; scheme++) {
        for (int capped = 0; capped < 2; capped++) {
            xdb_expand_term *t = NULL;
            size_t n = 0;
            ck_assert_int_eq(xdb_expand(db, ids, 4, "Z", 3, 2, 10, scheme ? XDB_EXPAND_BO1 : XDB_EXPAND_TRAD,
                                        capped ? 0.5 : 0, NULL, 0, &t, &n, &e), XDB_OK);
            bool said = false, crude = false;
            for (size_t i = 0; i < n; i++) {
                said |= strcmp(t[i].term, "Zsaid") == 0;
                crude |= strcmp(t[i].term, "Zcrude") == 0;
            }
            ck_assert_msg(crude, "scheme %d, capped %d: the topical term is left out", scheme, capped);
            ck_assert_msg(said == !capped, "scheme %d, capped %d: Zsaid %s", scheme, capped,
                          said ? "kept" : "left out");
            xdb_expand_terms_free(t, n);
        }
    }
    xdb_close(db, NULL);
}
END_TEST

START_TEST(stub_database_joins_shards) {
    char a[4300], b[4300];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    xdb_db *db;
    xdb_error e;
    ck_assert_int_eq(xdb_open_write(a, XDB_OPEN_CREATE, &db, &e), XDB_OK);
    add_words(db, "shard one", NULL, NULL);
    xdb_close(db, NULL);
    ck_assert_int_eq(xdb_open_write(b, XDB_OPEN_CREATE, &db, &e), XDB_OK);
    add_words(db, "shard two", NULL, NULL);
    xdb_close(db, NULL);
    char *stub = tu_write_file(dir, "all.stub", "# two shards\nauto a\nauto b\n", 27);
    ck_assert_int_eq(xdb_open_read(stub, &db, &e), XDB_OK);
    uint32_t n = 0;
    xdb_doc_count(db, &n, &e);
    ck_assert_uint_eq(n, 2);
    xdb_query *q = tq("shard");
    xdb_hits *h = run(db, q, NULL);
    ck_assert_uint_eq(h->count, 2);
    xdb_hits_free(h);
    xdb_query_free(q);
    xdb_close(db, NULL);
    free(stub);
}
END_TEST

START_TEST(null_arguments_and_names) {
    xdb_error e;
    ck_assert_int_eq(xdb_close(NULL, &e), XDB_OK);
    xdb_doc_free(NULL);
    xdb_query_free(NULL);
    xdb_hits_free(NULL);
    ck_assert_int_eq(xdb_commit(NULL, &e), XDB_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(xdb_open_read(NULL, NULL, &e), XDB_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(xdb_open_read(dbpath, NULL, NULL), XDB_ERR_INVALID_ARGUMENT);
    for (int s = XDB_OK; s <= XDB_ERR_INTERNAL; s++) {
        ck_assert_ptr_nonnull(xdb_status_string((xdb_status)s));
        ck_assert_str_ne(xdb_status_string((xdb_status)s), "unknown status");
    }
    ck_assert_ptr_nonnull(strstr(xdb_version_string(), "1."));
}
END_TEST

START_TEST(modified_reader_reopens) {
    xdb_db *w = open_new();
    for (int i = 0; i < 50; i++) add_words(w, "alpha beta", NULL, "first");
    xdb_error e;
    xdb_commit(w, &e);
    xdb_db *r;
    ck_assert_int_eq(xdb_open_read(dbpath, &r, &e), XDB_OK);
    /* Rewrite everything several times so that the reader's revision is recycled. */
    for (int round = 0; round < 4; round++) {
        ck_assert_int_eq(xdb_delete_docs_by_term(w, "alpha", 5, &e), XDB_OK);
        for (int i = 0; i < 50; i++) add_words(w, "alpha gamma", NULL, "again");
        ck_assert_int_eq(xdb_commit(w, &e), XDB_OK);
    }
    xdb_query *q = tq("alpha");
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    o.limit = 100;
    xdb_hits *h = NULL;
    xdb_status st = xdb_search(r, q, &o, &h, &e);
    ck_assert_msg(st == XDB_OK || st == XDB_ERR_MODIFIED, "got %s", xdb_status_string(st));
    xdb_hits_free(h);
    ck_assert_int_eq(xdb_reopen(r, &e), XDB_OK);
    h = run(r, q, &o);
    ck_assert_uint_eq(h->count, 50);
    ck_assert_str_eq(h->hits[0].data, "again");
    xdb_hits_free(h);
    xdb_query_free(q);
    xdb_close(r, NULL);
    xdb_close(w, NULL);
}
END_TEST

START_TEST(generation_counts_reopens_onto_new_data) {
    xdb_db *w = open_new();
    add_words(w, "alpha", NULL, "one");
    xdb_error e;
    ck_assert_int_eq(xdb_commit(w, &e), XDB_OK);
    xdb_db *r;
    ck_assert_int_eq(xdb_open_read(dbpath, &r, &e), XDB_OK);
    ck_assert_uint_eq(xdb_generation(r), 0);
    ck_assert_int_eq(xdb_reopen(r, &e), XDB_OK);
    ck_assert_uint_eq(xdb_generation(r), 0);  /* nothing new: what was read stays good */
    add_words(w, "alpha", NULL, "two");
    ck_assert_int_eq(xdb_commit(w, &e), XDB_OK);
    ck_assert_int_eq(xdb_reopen(r, &e), XDB_OK);
    ck_assert_uint_eq(xdb_generation(r), 1);
    uint32_t n = 0;
    ck_assert_int_eq(xdb_doc_count(r, &n, &e), XDB_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(xdb_generation(NULL), 0);
    xdb_close(r, NULL);
    xdb_close(w, NULL);
}
END_TEST

START_TEST(explain_weighs_the_given_documents_only) {
    xdb_db *w = open_new();
    uint32_t a = add_words(w, "alpha beta Gr1", NULL, "a");
    uint32_t b = add_words(w, "alpha alpha gamma Gr1", NULL, "b");
    uint32_t c = add_words(w, "alpha Gr2", NULL, "c");
    uint32_t d = add_words(w, "beta Gr3", NULL, "d");
    xdb_error e;
    ck_assert_int_eq(xdb_commit(w, &e), XDB_OK);
    xdb_query *q = tq("alpha");
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    o.limit = 10;
    xdb_hits *h = run(w, q, &o);
    ck_assert_uint_eq(h->count, 3);
    /* the weights are those of the search, for the documents asked about, within their groups */
    uint32_t ids[] = {b, d, a};
    const char *groups[] = {"Gr1", "Gr3"};
    double wt[3] = {-1, -1, -1};
    ck_assert_int_eq(xdb_explain(w, q, &o, ids, 3, groups, 2, wt, &e), XDB_OK);
    for (size_t i = 0; i < h->count; i++) {
        if (h->hits[i].docid == b) ck_assert(fabs(wt[0] - h->hits[i].score) < 1e-12);
        if (h->hits[i].docid == a) ck_assert(fabs(wt[2] - h->hits[i].score) < 1e-12);
    }
    ck_assert(wt[1] == 0.0);  /* d does not match */
    xdb_hits_free(h);
    /* a document deleted since the search weighs 0, and the others still weigh */
    ck_assert_int_eq(xdb_delete_doc(w, a, &e), XDB_OK);
    ck_assert_int_eq(xdb_commit(w, &e), XDB_OK);
    uint32_t gone[] = {a, c};
    const char *both[] = {"Gr1", "Gr2"};
    double wg[2] = {-1, -1};
    ck_assert_int_eq(xdb_explain(w, q, &o, gone, 2, both, 2, wg, &e), XDB_OK);
    ck_assert(wg[0] == 0.0);
    ck_assert(wg[1] > 0.0);
    xdb_query_free(q);
    xdb_close(w, NULL);
}
END_TEST

/* The weight Q gives the document DOC in a search: 0 when DOC does not match. */
static double weight_of(xdb_db *db, xdb_query *q, uint32_t doc) {
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    o.limit = 100;
    xdb_hits *h = run(db, q, &o);
    double w = 0;
    for (size_t i = 0; i < h->count; i++)
        if (h->hits[i].docid == doc) w = h->hits[i].score;
    xdb_hits_free(h);
    return w;
}

/* A filter keeps what matches it and weighs it as the query alone does. libxapian 1.4.22's own
 * OP_FILTER does not here: the filter (K, three documents) leads, the OR is checked at its
 * documents, and at the fourth -- which has no "a" -- the OR adds the weight of "a" and of
 * "a NEAR b" from the first pair it looked at (found by a search over random documents). */
START_TEST(a_filter_leaves_the_weights_of_what_it_keeps) {
    xdb_db *w = open_new();
    add_words(w, "y c a d x c b d a a c b", NULL, NULL);
    add_words(w, "c c d c d b d d c", NULL, NULL);
    add_words(w, "x c K", NULL, NULL);
    uint32_t four = add_words(w, "b x c y d y d b c d y K", NULL, NULL);
    uint32_t five = add_words(w, "b y a a d K", NULL, NULL);
    xdb_error e;
    ck_assert_int_eq(xdb_commit(w, &e), XDB_OK);
    xdb_query *ab[2] = {tq("a"), tq("b")}, *bc[2] = {tq("b"), tq("c")};
    xdb_query *parts[4] = {tq("a"), tq("b"), NULL, NULL};
    ck_assert_int_eq(xdb_query_combine(XDB_OP_NEAR, ab, 2, 2, &parts[2], &e), XDB_OK);
    ck_assert_int_eq(xdb_query_combine(XDB_OP_NEAR, bc, 2, 2, &parts[3], &e), XDB_OK);
    xdb_query *q = NULL, *k = tq("K"), *only = NULL;
    ck_assert_int_eq(xdb_query_combine(XDB_OP_OR, parts, 4, 0, &q, &e), XDB_OK);
    xdb_query *pair[2] = {q, k};
    ck_assert_int_eq(xdb_query_combine(XDB_OP_FILTER, pair, 2, 0, &only, &e), XDB_OK);
    double alone = weight_of(w, q, four);
    ck_assert(alone > 0);
    double kept = weight_of(w, only, four);
    ck_assert_msg(fabs(kept - alone) < 1e-12, "filtered %.6f, alone %.6f", kept, alone);
    ck_assert(fabs(weight_of(w, only, five) - weight_of(w, q, five)) < 1e-12);
    ck_assert(weight_of(w, only, 1) == 0.0);  /* the filter still filters */
    /* xdb_explain weighs within groups the same way */
    uint32_t ids[] = {four, five};
    const char *groups[] = {"K"};
    double wt[2] = {-1, -1};
    xdb_search_opts o;
    xdb_search_opts_init(&o);
    ck_assert_int_eq(xdb_explain(w, q, &o, ids, 2, groups, 1, wt, &e), XDB_OK);
    ck_assert(fabs(wt[0] - alone) < 1e-12);
    for (size_t i = 0; i < 2; i++) {
        xdb_query_free(ab[i]);
        xdb_query_free(bc[i]);
    }
    for (size_t i = 0; i < 4; i++) xdb_query_free(parts[i]);
    xdb_query_free(q);
    xdb_query_free(k);
    xdb_query_free(only);
    xdb_close(w, NULL);
}
END_TEST

int main(void) {
    Suite *s = suite_create("xdb");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, missing_database_for_reading);
    tcase_add_test(tc, missing_database_for_writing_without_create);
    tcase_add_test(tc, missing_parent_folder);
    tcase_add_test(tc, second_writer_is_locked);
    tcase_add_test(tc, a_private_open_waits_out_a_lock_held_for_a_moment);
    tcase_add_test(tc, corrupt_database);
    tcase_add_test(tc, over_long_and_empty_terms_are_refused_before_xapian);
    tcase_add_test(tc, terms_with_nul_bytes_round_trip);
    tcase_add_test(tc, read_only_handle_refuses_writes);
    tcase_add_test(tc, transactions_commit_and_cancel);
    tcase_add_test(tc, replace_and_delete_by_unique_term);
    tcase_add_test(tc, metadata_round_trip);
    tcase_add_test(tc, queries_combine_as_documented);
    tcase_add_test(tc, bm25_parameters_change_scores);
    tcase_add_test(tc, counted_weight_weighs_a_synonym_as_its_matches);
    tcase_add_test(tc, counted_weight_extrapolates_a_common_phrase);
    tcase_add_test(tc, collapse_keeps_best_per_value);
    tcase_add_test(tc, wildcard_bound_is_an_error);
    tcase_add_test(tc, terms_with_prefix_in_order);
    tcase_add_test(tc, terms_with_prefix_past_long_posting_lists);
    tcase_add_test(tc, expand_leaves_out_common_terms);
    tcase_add_test(tc, stub_database_joins_shards);
    tcase_add_test(tc, null_arguments_and_names);
    tcase_add_test(tc, modified_reader_reopens);
    tcase_add_test(tc, generation_counts_reopens_onto_new_data);
    tcase_add_test(tc, explain_weighs_the_given_documents_only);
    tcase_add_test(tc, a_filter_leaves_the_weights_of_what_it_keeps);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
