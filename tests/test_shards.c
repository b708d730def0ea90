/* A sharded index (shards.h) against one index of the same releases: the same hits with the
 * same scores (to 1e-9) for every query form, grouped and sorted, the same explanations,
 * spelling suggestions and acronyms; every release in the shard its key picks, with version
 * numbers no other shard gives; and what the writers refuse. */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/catalog.h>
#include <locus/release.h>
#include <locus/search.h>
#include <locus/shards.h>
#include "testutil.h"
#include <locus/writer.h>

#define CORPUS TU_SOURCE_DIR "/corpus"
#define SHARDS 3

static char dir[4096], one[4200], set[4200];

static void setup(void) {
    snprintf(dir, sizeof dir, "%s", tu_tempdir());
    snprintf(one, sizeof one, "%s/one", dir);
    snprintf(set, sizeof set, "%s/set", dir);
}

static void teardown(void) { tu_rmtree(dir); }

/* The corpus's text releases, as absolute paths, in name order; their number in *n. */
static char **corpus_files(size_t *n) {
    DIR *d = opendir(CORPUS);
    ck_assert_ptr_nonnull(d);
    char **files = calloc(256, sizeof *files);
    *n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) && *n < 256) {
        size_t len = strlen(ent->d_name);
        if (len < 5 || strcmp(ent->d_name + len - 4, ".txt") != 0) continue;
        char path[PATH_MAX], abs[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", CORPUS, ent->d_name);
        ck_assert_ptr_nonnull(realpath(path, abs));
        files[(*n)++] = strdup(abs);
    }
    closedir(d);
    return files;
}

static void put(locus_writer *w, const char *path) {
    locus_release *r;
    locus_error e;
    ck_assert_msg(locus_release_read(path, &r, &e) == LOCUS_OK, "%s", e.message);
    ck_assert_msg(locus_writer_put(w, path, r, &(locus_stamp){0}, NULL, &e) == LOCUS_OK, "%s", e.message);
    locus_release_free(r);
}

/* The corpus as one index at ONE and as SHARDS shards at SET. */
static void build_both(void) {
    size_t n;
    char **files = corpus_files(&n);
    ck_assert_uint_gt(n, 5);
    locus_writer *w;
    locus_error e;
    ck_assert_msg(locus_writer_open(one, NULL, 0, &w, &e) == LOCUS_OK, "%s", e.message);
    for (size_t i = n; i-- > 0;) put(w, files[i]);  /* the other order: counts may not hang on it */
    ck_assert_int_eq(locus_writer_close(w, &e), LOCUS_OK);
    ck_assert_msg(locus_shards_create(set, SHARDS, &e) == LOCUS_OK, "%s", e.message);
    char **paths;
    size_t k;
    ck_assert_msg(locus_shards_list(set, &paths, &k, &e) == LOCUS_OK, "%s", e.message);
    ck_assert_uint_eq(k, SHARDS);
    size_t used[SHARDS] = {0};
    for (unsigned s = 0; s < SHARDS; s++) {
        ck_assert_msg(locus_writer_open(paths[s], NULL, 0, &w, &e) == LOCUS_OK, "%s", e.message);
        for (size_t i = 0; i < n; i++)
            if (locus_shard_of(files[i], SHARDS) == s) {
                put(w, files[i]);
                used[s]++;
            }
        ck_assert_int_eq(locus_writer_close(w, &e), LOCUS_OK);
    }
    for (unsigned s = 0; s < SHARDS; s++) ck_assert_msg(used[s] > 0, "shard %u holds nothing", s);
    locus_shards_free(paths, k);
    for (size_t i = 0; i < n; i++) free(files[i]);
    free(files);
}

static locus_index *open_at(const char *path) {
    locus_index *ix;
    locus_error e;
    ck_assert_msg(locus_index_open(path, &ix, &e) == LOCUS_OK, "%s: %s", path, e.message);
    return ix;
}

static locus_results *run(locus_index *ix, const char *q, const locus_search_opts *o) {
    locus_results *res;
    locus_error e;
    ck_assert_msg(locus_search(ix, q, o, &res, &e) == LOCUS_OK, "%s: %s", q, e.message);
    return res;
}

/* The same hits in the same order with the same scores (ties: the same set of passages). */
static void same_hits(const char *q, const locus_results *a, const locus_results *b) {
    ck_assert_msg(a->count == b->count, "%s: %zu hits vs %zu", q, a->count, b->count);
    ck_assert_msg(a->total == b->total, "%s: %u matches vs %u", q, a->total, b->total);
    for (size_t i = 0; i < a->count; i++) {
        const locus_hit *x = &a->hits[i], *y = &b->hits[i];
        ck_assert_msg(fabs(x->score - y->score) < 1e-9, "%s: hit %zu scores %.12f vs %.12f", q, i,
                      x->score, y->score);
        bool tie = (i > 0 && fabs(a->hits[i - 1].score - x->score) < 1e-9) ||
                   (i + 1 < a->count && fabs(a->hits[i + 1].score - x->score) < 1e-9);
        if (tie) continue;
        ck_assert_msg(!strcmp(x->rec.path, y->rec.path) && x->rec.ordinal == y->rec.ordinal,
                      "%s: hit %zu is %s #%u vs %s #%u", q, i, x->rec.path, x->rec.ordinal,
                      y->rec.path, y->rec.ordinal);
        ck_assert_uint_eq(x->n_spans, y->n_spans);
        ck_assert_uint_eq(x->others, y->others);
        ck_assert_uint_eq(x->n_explain, y->n_explain);
        for (size_t k = 0; k < x->n_explain; k++) {
            ck_assert_str_eq(x->explain[k].label, y->explain[k].label);
            ck_assert_msg(fabs(x->explain[k].weight - y->explain[k].weight) < 1e-9, "%s: explain %s",
                          q, x->explain[k].label);
        }
    }
}

START_TEST(shards_rank_as_one_index) {
    build_both();
    locus_index *a = open_at(one), *b = open_at(set);
    const char *queries[] = {"DFFT", "6G joint research", "submarine cables", "\"joint research\"",
                             "title:ICT cooperation", "cable* AND NOT satellite", "Data Free Flow with Trust",
                             "section:cables OR spectrum", "5G NEAR/3 security"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        for (int form = 0; form < 4; form++) {
            locus_search_opts o;
            locus_search_opts_init(&o);
            o.limit = 20;
            if (form == 1) o.per_release = 1;             /* --group */
            if (form == 2) o.sort = LOCUS_SORT_DATE;      /* --sort date */
            if (form == 3) o.explain = true;              /* --explain */
            locus_results *x = run(a, queries[i], &o), *y = run(b, queries[i], &o);
            same_hits(queries[i], x, y);
            locus_results_free(x);
            locus_results_free(y);
        }
    }
    locus_index_close(a);
    locus_index_close(b);
}
END_TEST

START_TEST(shards_suggest_and_expand_as_one_index) {
    build_both();
    locus_index *a = open_at(one), *b = open_at(set);
    locus_search_opts o;
    locus_search_opts_init(&o);
    o.suggest = true;
    locus_results *x = run(a, "submarinx", &o), *y = run(b, "submarinx", &o);
    ck_assert_uint_eq(x->count, 0);
    ck_assert_ptr_nonnull(x->suggestion);
    ck_assert_ptr_nonnull(y->suggestion);
    ck_assert_str_eq(x->suggestion, y->suggestion);
    locus_results_free(x);
    locus_results_free(y);
    /* the acronym dictionary: DFFT matches the release that only writes the name out */
    x = run(a, "DFFT", &o);
    y = run(b, "DFFT", &o);
    size_t ex = 0, ey = 0;
    for (size_t i = 0; i < x->count; i++) ex += x->hits[i].n_expansions;
    for (size_t i = 0; i < y->count; i++) ey += y->hits[i].n_expansions;
    ck_assert_uint_gt(ex, 0);
    ck_assert_uint_eq(ex, ey);
    locus_results_free(x);
    locus_results_free(y);
    locus_index_close(a);
    locus_index_close(b);
}
END_TEST

START_TEST(shards_hold_their_own_releases) {
    build_both();
    locus_check_report rep;
    locus_error e;
    ck_assert_msg(locus_index_check(set, 0, &rep, &e) == LOCUS_OK, "%s", e.message);
    ck_assert_msg(rep.problems == 0, "%s", rep.first);
    locus_check_report ref;
    ck_assert_int_eq(locus_index_check(one, 0, &ref, &e), LOCUS_OK);
    ck_assert_uint_eq(rep.releases, ref.releases);
    ck_assert_uint_eq(rep.passages, ref.passages);
    /* the catalog of the set lists every release once */
    locus_catalog *c;
    ck_assert_int_eq(locus_catalog_open(set, &c, &e), LOCUS_OK);
    locus_entry *en;
    size_t n;
    ck_assert_int_eq(locus_catalog_list(c, &en, &n, &e), LOCUS_OK);
    ck_assert_uint_eq(n, ref.releases);
    for (size_t i = 1; i < n; i++) ck_assert_int_lt(strcmp(en[i - 1].path, en[i].path), 0);
    /* versions: no two releases of the set share one */
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n; k++) ck_assert_uint_ne(en[i].stamp.version, en[k].stamp.version);
    locus_entries_free(en, n);
    locus_catalog_close(c);
    /* a writer of one shard refuses a release of another */
    char **paths;
    ck_assert_int_eq(locus_shards_list(set, &paths, &n, &e), LOCUS_OK);
    size_t count;
    char **files = corpus_files(&count);
    unsigned other = (locus_shard_of(files[0], SHARDS) + 1) % SHARDS;
    locus_writer *w;
    ck_assert_int_eq(locus_writer_open(paths[other], NULL, 0, &w, &e), LOCUS_OK);
    locus_release *r;
    ck_assert_int_eq(locus_release_read(files[0], &r, &e), LOCUS_OK);
    ck_assert_int_eq(locus_writer_put(w, files[0], r, &(locus_stamp){0}, NULL, &e), LOCUS_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(e.message, "belongs in shard"));
    locus_release_free(r);
    locus_writer_close(w, NULL);
    for (size_t i = 0; i < count; i++) free(files[i]);
    free(files);
    locus_shards_free(paths, n);
    /* a set is made in a new folder only; a single index lists no shards */
    ck_assert_int_eq(locus_shards_create(one, 2, &e), LOCUS_ERR_INVALID);
    ck_assert_int_eq(locus_shards_list(one, &paths, &n, &e), LOCUS_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(paths);
}
END_TEST

START_TEST(shard_of_spreads_and_stays) {
    unsigned seen[4] = {0};
    char key[64];
    for (int i = 0; i < 400; i++) {
        snprintf(key, sizeof key, "/data/releases/%04d.txt", i);
        unsigned s = locus_shard_of(key, 4);
        ck_assert_uint_lt(s, 4);
        ck_assert_uint_eq(s, locus_shard_of(key, 4));
        seen[s]++;
    }
    for (int s = 0; s < 4; s++) ck_assert_msg(seen[s] > 60, "shard %d got %u of 400", s, seen[s]);
    ck_assert_uint_eq(locus_shard_of("/x", 1), 0);
}
END_TEST

int main(void) {
    Suite *s = suite_create("shards");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, shards_rank_as_one_index);
    tcase_add_test(tc, shards_suggest_and_expand_as_one_index);
    tcase_add_test(tc, shards_hold_their_own_releases);
    tcase_add_test(tc, shard_of_spreads_and_stays);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
