/* Incremental indexing as a user sees it: what is added, updated, unchanged or removed on each
 * run, pruning rules, --dry-run, --files-from, --rebuild, --progress, and refused settings. */
#define _GNU_SOURCE /* utimensat, AT_FDCWD */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/schema.h"
#include "testutil.h"
#include "xdb/xdb.h"

static char dir[4096], db[4200], in[4200];

static void setup(void) {
    snprintf(dir, sizeof dir, "%s", tu_tempdir());
    snprintf(db, sizeof db, "%s/index", dir);
    snprintf(in, sizeof in, "%s/in", dir);
    ck_assert_int_eq(mkdir(in, 0777), 0);
}

static void teardown(void) { tu_rmtree(dir); }

static void put(const char *name, const char *body) {
    char text[1024];
    int n = snprintf(text, sizeof text, "2024-03-04 Release %s\n\n%s\n", name, body);
    free(tu_write_file(in, name, text, (size_t)n));
}

static char *path_of(const char *name) {
    static char p[4400];
    snprintf(p, sizeof p, "%s/%s", in, name);
    return p;
}

/* Runs locus-index with ARGS (after -d DB); checks the exit status and that the summary holds
 * SUMMARY; returns stdout (malloc'd). */
static char *index_run(int status, const char *summary, const char *const *args) {
    const char *argv[32] = {LOCUS_INDEX_BIN, "-d", db};
    size_t n = 3;
    for (size_t i = 0; args[i]; i++) argv[n++] = args[i];
    argv[n] = NULL;
    tu_result r = tu_run(argv, dir, dir);
    ck_assert_msg(r.status == status, "exit %d, want %d: %s", r.status, status, r.err);
    if (summary) ck_assert_msg(strstr(r.err, summary) != NULL, "want '%s' in: %s", summary, r.err);
    free(r.err);
    return r.out;
}

static int count(const char *query) {
    tu_result r = tu_run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", query, NULL}, dir, dir);
    int c = atoi(r.out);
    tu_result_free(&r);
    return c;
}

START_TEST(each_run_does_only_what_changed) {
    put("a.txt", "Alpha passage about spectrum.");
    put("b.txt", "Bravo passage about cables.");
    put("c.txt", "Charlie passage about satellites.");
    free(index_run(0, "3 added, 0 updated, 0 unchanged, 0 removed", (const char *[]){in, NULL}));
    free(index_run(0, "0 added, 0 updated, 3 unchanged, 0 removed, 0 skipped, 0 failed; 0 passages written", (const char *[]){in, NULL}));
    /* touched, same content: unchanged */
    struct timespec later[2] = {{0, UTIME_OMIT}, {time(NULL) + 100, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path_of("a.txt"), later, 0), 0);
    free(index_run(0, "0 added, 0 updated, 3 unchanged", (const char *[]){in, NULL}));
    /* changed: replaced whole */
    put("b.txt", "Bravo passage about undersea fibre.");
    free(index_run(0, "0 added, 1 updated, 2 unchanged, 0 removed", (const char *[]){in, NULL}));
    ck_assert_int_eq(count("cables"), 0);
    ck_assert_int_eq(count("fibre"), 1);
    /* gone from the walked folder: removed, unless --no-prune */
    unlink(path_of("c.txt"));
    free(index_run(0, "0 added, 0 updated, 2 unchanged, 0 removed", (const char *[]){"--no-prune", in, NULL}));
    ck_assert_int_eq(count("satellites"), 1);
    free(index_run(0, "0 added, 0 updated, 2 unchanged, 1 removed", (const char *[]){in, NULL}));
    ck_assert_int_eq(count("satellites"), 0);
    char *out = index_run(0, NULL, (const char *[]){"--check", NULL});
    ck_assert_ptr_nonnull(strstr(out, "consistent: 2 releases"));
    free(out);
}
END_TEST

START_TEST(explicit_files_prune_only_when_asked) {
    put("a.txt", "Alpha passage about spectrum.");
    put("b.txt", "Bravo passage about cables.");
    free(index_run(0, "1 added", (const char *[]){path_of("a.txt"), NULL}));
    char b[4400];
    snprintf(b, sizeof b, "%s", path_of("b.txt"));
    free(index_run(0, "1 added", (const char *[]){b, NULL}));
    unlink(b);
    free(index_run(0, "1 unchanged, 0 removed", (const char *[]){path_of("a.txt"), NULL}));
    ck_assert_int_eq(count("cables"), 1);
    free(index_run(0, "1 unchanged, 1 removed", (const char *[]){"--prune", path_of("a.txt"), NULL}));
    ck_assert_int_eq(count("cables"), 0);
}
END_TEST

START_TEST(dry_run_changes_nothing) {
    put("a.txt", "Alpha passage about spectrum.");
    put("b.txt", "Bravo passage about cables.");
    char *out = index_run(0, "dry run: would have 2 added", (const char *[]){"--dry-run", in, NULL});
    ck_assert_ptr_nonnull(strstr(out, "add\t"));
    free(out);
    struct stat sb;
    ck_assert_int_ne(stat(db, &sb), 0);  /* not even created */
    free(index_run(0, "2 added", (const char *[]){in, NULL}));
    put("a.txt", "Alpha passage about spectrum auctions.");
    unlink(path_of("b.txt"));
    out = index_run(0, "would have 0 added, 1 updated, 0 unchanged, 1 removed", (const char *[]){"--dry-run", in, NULL});
    ck_assert_ptr_nonnull(strstr(out, "update\t"));
    ck_assert_ptr_nonnull(strstr(out, "remove\t"));
    free(out);
    ck_assert_int_eq(count("cables"), 1);
    ck_assert_int_eq(count("auctions"), 0);
}
END_TEST

START_TEST(files_from_newlines_and_nuls) {
    put("a.txt", "Alpha passage about spectrum.");
    put("b c.txt", "Bravo passage about cables.");
    char list[9000], a[4400];
    snprintf(a, sizeof a, "%s", path_of("a.txt"));
    int n = snprintf(list, sizeof list, "%s\n%s\n", a, path_of("b c.txt"));
    char *lf = tu_write_file(dir, "list", list, (size_t)n);
    free(index_run(0, "2 added", (const char *[]){"--files-from", lf, NULL}));
    free(lf);
    n = snprintf(list, sizeof list, "%s", path_of("a.txt"));
    list[n++] = '\0';
    n += snprintf(list + n, sizeof list - (size_t)n, "%s", path_of("b c.txt"));
    list[n++] = '\0';
    lf = tu_write_file(dir, "list0", list, (size_t)n);
    free(index_run(0, "2 unchanged", (const char *[]){"-0", "--files-from", lf, NULL}));
    free(lf);
    free(index_run(2, NULL, (const char *[]){"--files-from", "/nonexistent/list", NULL}));
}
END_TEST

START_TEST(rebuild_and_progress) {
    put("a.txt", "Alpha passage about spectrum.");
    put("b.txt", "Bravo passage about cables.");
    free(index_run(0, "2 added", (const char *[]){in, NULL}));
    unlink(path_of("b.txt"));
    const char *argv[] = {LOCUS_INDEX_BIN, "-d", db, "--rebuild", "--progress=always", in, NULL};
    tu_result r = tu_run(argv, dir, dir);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.err, "\r\033[Klocus-index: 1/1 releases, "));
    ck_assert_ptr_nonnull(strstr(r.err, "1 added, 0 updated, 0 unchanged, 1 removed"));
    tu_result_free(&r);
    ck_assert_int_eq(count("cables"), 0);
    ck_assert_int_eq(count("spectrum"), 1);
    free(index_run(2, "--progress wants auto", (const char *[]){"--progress=sometimes", in, NULL}));
}
END_TEST

START_TEST(settings_are_kept_and_checked) {
    put("a.txt", "Alpha passages about regulations.");
    free(index_run(0, "1 added", (const char *[]){"-L", "french", in, NULL}));
    /* -L names the language of what it indexes; the index is not tied to one */
    tu_result j = tu_run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "alpha", NULL}, dir, dir);
    ck_assert_msg(strstr(j.out, "\"language\":\"fr\"") != NULL, "%s", j.out);
    tu_result_free(&j);
    free(index_run(2, "unknown language 'klingon'", (const char *[]){"-L", "klingon", in, NULL}));
    free(index_run(0, "1 unchanged", (const char *[]){"-L", "english", in, NULL}));
    /* an index written by another analyzer version is refused by both programs */
    xdb_db *x;
    ck_assert_int_eq(xdb_open_write(db, 0, &x, NULL), XDB_OK);
    ck_assert_int_eq(xdb_metadata_set(x, LOCUS_META_ANALYZER, "999", 3, NULL), XDB_OK);
    xdb_close(x, NULL);
    free(index_run(2, "another version of locus", (const char *[]){in, NULL}));
    tu_result r = tu_run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "alpha", NULL}, dir, dir);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "rebuild it"));
    tu_result_free(&r);
}
END_TEST

/* The did-you-mean of QUERY on stderr, or "" (static buffer). */
static const char *suggestion(const char *query) {
    static char buf[256];
    tu_result r = tu_run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, query, NULL}, dir, dir);
    const char *p = strstr(r.err, "did you mean: ");
    snprintf(buf, sizeof buf, "%s", p ? p + 14 : "");
    buf[strcspn(buf, "\n")] = '\0';
    tu_result_free(&r);
    return buf;
}

START_TEST(spelling_follows_the_index) {
    put("a.txt", "Joint work on quantum cryptography.");
    put("b.txt", "Bravo passage about cables.");
    free(index_run(0, "2 added", (const char *[]){in, NULL}));
    ck_assert_str_eq(suggestion("cryptografy"), "cryptography");
    /* the word leaves the corpus: it leaves the dictionary too */
    put("a.txt", "Joint work on spectrum auctions.");
    free(index_run(0, "1 updated", (const char *[]){in, NULL}));
    ck_assert_str_eq(suggestion("cryptografy"), "");
    ck_assert_str_eq(suggestion("auctons"), "auctions");
    /* and when its release is removed */
    unlink(path_of("a.txt"));
    free(index_run(0, "1 removed", (const char *[]){in, NULL}));
    ck_assert_str_eq(suggestion("auctons"), "");
    ck_assert_str_eq(suggestion("cabels"), "cables");
}
END_TEST

START_TEST(quiet_silences_warnings_not_errors) {
    free(tu_write_file(in, "undated.txt", "No date\n\nA passage.\n", 21));
    free(tu_write_file(in, "empty.txt", "", 0));
    char missing[4400];
    snprintf(missing, sizeof missing, "%s/missing.txt", dir);
    tu_result r = tu_run((const char *[]){LOCUS_INDEX_BIN, "-q", "-d", db, in, missing, NULL}, dir, dir);
    ck_assert_int_eq(r.status, 1);
    ck_assert_ptr_null(strstr(r.err, "warning"));
    ck_assert_ptr_nonnull(strstr(r.err, "missing.txt: No such file"));
    ck_assert_ptr_null(strchr(strchr(r.err, '\n') + 1, '\n')); /* that one line only */
    tu_result_free(&r);
}
END_TEST

int main(void) {
    Suite *s = suite_create("incremental");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, each_run_does_only_what_changed);
    tcase_add_test(tc, explicit_files_prune_only_when_asked);
    tcase_add_test(tc, dry_run_changes_nothing);
    tcase_add_test(tc, files_from_newlines_and_nuls);
    tcase_add_test(tc, rebuild_and_progress);
    tcase_add_test(tc, settings_are_kept_and_checked);
    tcase_add_test(tc, quiet_silences_warnings_not_errors);
    tcase_add_test(tc, spelling_follows_the_index);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
