/* Hardening: each promise of the README that a red team broke, driven through the programs as
 * a user would. Every test here failed before its fix (docs/ROBUSTNESS.md names them). */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char dir[4096], db[4200], in[4200];

static void setup(void) {
    snprintf(dir, sizeof dir, "%s", tu_tempdir());
    snprintf(db, sizeof db, "%s/index", dir);
    snprintf(in, sizeof in, "%s/in", dir);
    ck_assert_int_eq(mkdir(in, 0777), 0);
}

static void teardown(void) { tu_rmtree(dir); }

static tu_result run(const char *const *argv) { return tu_run(argv, TU_SOURCE_DIR, dir); }

static void put(const char *name, const char *text) { free(tu_write_file(in, name, text, strlen(text))); }

static tu_result index_in(void) { return run((const char *[]){LOCUS_INDEX_BIN, "-q", "-d", db, in, NULL}); }

static void expect(tu_result r, int status, const char *in_err) {
    ck_assert_msg(r.status == status, "exit %d, want %d; stderr: %s", r.status, status, r.err);
    if (in_err) ck_assert_msg(strstr(r.err, in_err) != NULL, "stderr lacks '%s': %s", in_err, r.err);
    tu_result_free(&r);
}

/* The number locus-search -c prints for QUERY. */
static long count(const char *query) {
    tu_result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", query, NULL});
    ck_assert_msg(r.status <= 1, "exit %d: %s", r.status, r.err);
    long n = strtol(r.out, NULL, 10);
    tu_result_free(&r);
    return n;
}

#define RELEASE "2024-01-02 Cables and policy\n\nSubmarine cables carry policy traffic.\n\n" \
                "Another paragraph on spectrum.\n"

/* 1. 80,000 date: clauses crashed the searcher (SIGSEGV) with a small stack. */
START_TEST(a_huge_query_is_refused_not_a_crash) {
    put("a.txt", RELEASE);
    expect(index_in(), 0, NULL);
    char qpath[4300];
    snprintf(qpath, sizeof qpath, "%s/q", dir);
    FILE *f = fopen(qpath, "w");
    for (int i = 0; i < 80000; i++) fputs("date:2022 OR ", f);
    fputs("cables\n", f);
    fclose(f);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "ulimit -s 2048; exec %s -d '%s' -c --batch '%s'", LOCUS_SEARCH_BIN, db, qpath);
    tu_result r = run((const char *[]){"/bin/sh", "-c", cmd, NULL});
    ck_assert_msg(r.status == 2, "exit %d, want 2", r.status);
    ck_assert_msg(strstr(r.err, "more than 1024 words"), "%.300s", r.err);
    tu_result_free(&r);
}
END_TEST

/* 11. A control character between two words separates them, as white space does. */
START_TEST(a_control_character_separates_query_words) {
    put("a.txt", RELEASE);
    expect(index_in(), 0, NULL);
    long spaced = count("cables spectrum");
    ck_assert_int_eq(spaced, 2);
    ck_assert_int_eq(count("cables\x01spectrum"), spaced);
    ck_assert_int_eq(count("cables\x1bspectrum"), spaced);
}
END_TEST

/* 3. A creation killed before Xapian wrote "iamglass" left these files; every later run
 * refused the folder. The next run now completes the index. */
START_TEST(an_interrupted_creation_is_completed) {
    put("a.txt", RELEASE);
    ck_assert_int_eq(mkdir(db, 0777), 0);
    const char *left[] = {"flintlock", "postlist.glass", "termlist.glass", "v.tmp"};
    for (size_t i = 0; i < 4; i++) free(tu_write_file(db, left[i], "", 0));
    tu_result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "cables", NULL});
    expect(r, 2, "no index there");
    expect(index_in(), 0, NULL);
    ck_assert_int_eq(count("submarine"), 1);
    expect(run((const char *[]){LOCUS_INDEX_BIN, "--check", "-d", db, NULL}), 0, NULL);
    /* a folder of other files is still refused */
    char other[4300];
    snprintf(other, sizeof other, "%s/other", dir);
    ck_assert_int_eq(mkdir(other, 0777), 0);
    free(tu_write_file(other, "notes.txt", "mine", 4));
    expect(run((const char *[]){LOCUS_INDEX_BIN, "-q", "-d", other, in, NULL}), 2, "holds other files");
}
END_TEST

/* Runs ARGV as the user nobody when root (root reads and writes anything); false when that is
 * not possible here. */
static bool run_unprivileged(const char *const *argv, tu_result *r) {
    if (geteuid() != 0) {
        *r = run(argv);
        return true;
    }
    if (access("/usr/bin/setpriv", X_OK) != 0) return false;
    const char *full[16] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    size_t n = 4;
    for (size_t i = 0; argv[i] && n < 15; i++) full[n++] = argv[i];
    full[n] = NULL;
    *r = run(full);
    return true;
}

static void chmod_tree(const char *path, mode_t files, mode_t dirs) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "find '%s' -type f -exec chmod %o {} + && find '%s' -type d -exec chmod %o {} +",
             path, (unsigned)files, path, (unsigned)dirs);
    ck_assert_int_eq(system(cmd), 0);
}

/* 7. A read-only index made a writer wait the whole lock time and exit 75 "locked"; an
 * unreadable one was "no index there". Both are "permission denied", exit 2, at once. */
START_TEST(permissions_are_reported_as_such) {
    put("a.txt", RELEASE);
    expect(index_in(), 0, NULL);
    chmod(dir, 0755);
    chmod(in, 0755);
    chmod_tree(in, 0644, 0755);
    chmod_tree(db, 0444, 0555);  /* read-only */
    tu_result r;
    if (!run_unprivileged((const char *[]){LOCUS_INDEX_BIN, "--lock-wait", "30", "-d", db, in, NULL}, &r))
        return;  /* cannot drop privileges here */
    ck_assert_msg(r.status == 2, "exit %d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.err, "permission denied") && !strstr(r.err, "locked"), "%s", r.err);
    tu_result_free(&r);
    /* searching a read-only index is fine */
    run_unprivileged((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "cables", NULL}, &r);
    expect(r, 0, NULL);
    chmod_tree(db, 0600, 0700);  /* unreadable */
    run_unprivileged((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "cables", NULL}, &r);
    ck_assert_msg(r.status == 2 && strstr(r.err, "permission denied") && !strstr(r.err, "no index"),
                  "exit %d: %s", r.status, r.err);
    tu_result_free(&r);
    chmod(db, 0755);  /* the folder can be listed, the tables not read */
    run_unprivileged((const char *[]){LOCUS_INDEX_BIN, "--check", "-d", db, NULL}, &r);
    ck_assert_msg(r.status == 2 && strstr(r.err, "permission denied"), "exit %d: %s", r.status, r.err);
    tu_result_free(&r);
    chmod_tree(db, 0644, 0755);
}
END_TEST

/* 10. A release reached through a symbolic link was keyed by the link's target, outside the
 * walked folder, so removing the link never removed the release. */
START_TEST(a_linked_release_goes_with_its_link) {
    char elsewhere[4300], target[4400], link[4400];
    snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", dir);
    ck_assert_int_eq(mkdir(elsewhere, 0777), 0);
    free(tu_write_file(elsewhere, "t.txt", RELEASE, strlen(RELEASE)));
    snprintf(target, sizeof target, "%s/t.txt", elsewhere);
    snprintf(link, sizeof link, "%s/link.txt", in);
    ck_assert_int_eq(symlink(target, link), 0);
    expect(index_in(), 0, NULL);
    ck_assert_int_eq(count("submarine"), 1);
    tu_result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-l", "submarine", NULL});
    ck_assert_msg(strstr(r.out, "link.txt"), "the release is the link's: %s", r.out);
    tu_result_free(&r);
    ck_assert_int_eq(unlink(link), 0);
    expect(index_in(), 0, NULL);
    ck_assert_int_eq(count("submarine"), 0);
    /* --prune removes a release whose link dangles */
    ck_assert_int_eq(symlink(target, link), 0);
    expect(run((const char *[]){LOCUS_INDEX_BIN, "-q", "-d", db, link, NULL}), 0, NULL);
    ck_assert_int_eq(count("submarine"), 1);
    ck_assert_int_eq(unlink(target), 0);
    expect(run((const char *[]){LOCUS_INDEX_BIN, "-q", "--prune", "-d", db, "--files-from", "/dev/null", NULL}), 0, NULL);
    ck_assert_int_eq(count("submarine"), 0);
}
END_TEST

int main(void) {
    Suite *s = suite_create("hardening");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_huge_query_is_refused_not_a_crash);
    tcase_add_test(tc, a_control_character_separates_query_words);
    tcase_add_test(tc, an_interrupted_creation_is_completed);
    tcase_add_test(tc, permissions_are_reported_as_such);
    tcase_add_test(tc, a_linked_release_goes_with_its_link);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
