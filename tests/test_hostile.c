/* Hostile input: files and queries that must give a clear message naming the file (or the
 * query column) and a sensible exit code, and never crash, hang or lose committed data.
 * docs/ROBUSTNESS.md lists each case with the test here that covers it. */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

static tu_result index_in(void) {
    return run((const char *[]){LOCUS_INDEX_BIN, "-d", db, in, NULL});
}

static tu_result search(const char *q) {
    return run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "-n", "100", q, NULL});
}

static void put(const char *name, const char *text, size_t len) { free(tu_write_file(in, name, text, len)); }

#define GOOD "2024-01-02 A good release\n\nA passage about spectrum policy.\n"

static void expect(tu_result r, int status, const char *in_err) {
    ck_assert_msg(r.status == status, "exit %d, want %d; stderr: %s", r.status, status, r.err);
    if (in_err) ck_assert_msg(strstr(r.err, in_err) != NULL, "stderr lacks '%s': %s", in_err, r.err);
    /* every message is one line starting with the program's name */
    for (const char *l = r.err; *l; l = strchr(l, '\n') + 1) {
        ck_assert_msg(strncmp(l, "locus-", 6) == 0 || strncmp(l, "  ", 2) == 0, "stray line: %s", l);
        if (!strchr(l, '\n')) break;
    }
    tu_result_free(&r);
}

START_TEST(invalid_utf8_file) {
    /* no valid UTF-8 at all: a legacy charset (Windows-1252 here), converted */
    const char t[] = "2024-01-02 Bad bytes\n\nSpectrum \xff\xfe policy \xc3 here.\n";
    put("bad.txt", t, sizeof t - 1);
    /* UTF-8 with two damaged bytes: UTF-8, the damage shown as '?' */
    const char u[] = "2024-01-02 Damaged\n\nCables \xff\xfe caf\xc3\xa9 na\xc3\xafve r\xc3\xb4le.\n";
    put("damaged.txt", u, sizeof u - 1);
    expect(index_in(), 0, NULL);
    tu_result r = search("spectrum");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "Spectrum \xc3\xbf\xc3\xbe policy \xc3\x83 here."), "%s", r.out);
    tu_result_free(&r);
    r = search("cables");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "Cables ?? caf\xc3\xa9 na\xc3\xafve r\xc3\xb4le."), "%s", r.out);
    tu_result_free(&r);
}
END_TEST

START_TEST(binary_and_empty_files_are_skipped_with_a_warning) {
    char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (char)(i % 3 ? i : 0);
    put("data.txt", bin, sizeof bin);
    put("empty.txt", "", 0);
    put("blank.txt", " \n\n\t\n", 5);
    put("good.txt", GOOD, strlen(GOOD));
    tu_result r = index_in();
    ck_assert_ptr_nonnull(strstr(r.err, "data.txt: warning: binary file"));
    ck_assert_ptr_nonnull(strstr(r.err, "empty.txt: warning: empty file"));
    ck_assert_ptr_nonnull(strstr(r.err, "blank.txt: warning: empty file"));
    expect(r, 0, "1 added, 0 updated, 0 unchanged, 0 removed, 3 skipped, 0 failed");
}
END_TEST

START_TEST(huge_file_is_refused_without_reading_it) {
    char path[4400];
    snprintf(path, sizeof path, "%s/huge.txt", in);
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, 1024LL * 1024 * 1024), 0); /* 1 GiB, sparse */
    close(fd);
    put("good.txt", GOOD, strlen(GOOD));
    expect(index_in(), 1, "huge.txt: larger than 64 MiB, skipped");
}
END_TEST

START_TEST(ten_megabyte_line) {
    size_t n = 10 * 1024 * 1024;
    char *t = malloc(n + 64);
    size_t k = (size_t)sprintf(t, "2024-01-02 One long line\n\n");
    while (k < n) k += (size_t)sprintf(t + k, "cable%zu spectrum ", k % 997);
    t[k++] = '\n';
    put("long.txt", t, k);
    free(t);
    tu_result r = index_in();
    unsigned long passages = 0;
    ck_assert_ptr_nonnull(strstr(r.err, "passages written"));
    sscanf(strstr(r.err, "failed; ") + 8, "%lu", &passages);
    ck_assert_uint_gt(passages, 10 * 1024 * 1024 / 1200); /* cut into windows */
    expect(r, 0, NULL);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "cable42", NULL});
    ck_assert_int_eq(r.status, 0);
    tu_result_free(&r);
}
END_TEST

START_TEST(hundred_kilobyte_word) {
    size_t n = 100 * 1024;
    char *t = malloc(n + 128);
    size_t k = (size_t)sprintf(t, "2024-01-02 A long word\n\nbefore ");
    memset(t + k, 'x', n);
    k += n;
    k += (size_t)sprintf(t + k, " after\n");
    put("word.txt", t, k);
    free(t);
    expect(index_in(), 0, NULL);
    tu_result r = search("before after");
    ck_assert_int_eq(r.status, 0);
    tu_result_free(&r);
}
END_TEST

START_TEST(nul_bytes) {
    const char t[] = "2024-01-02 Nul\n\nSpectrum\0policy and \0\0 cables.\n";
    put("nul.txt", t, sizeof t - 1);
    expect(index_in(), 0, NULL);
    tu_result r = search("cables");
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "Spectrum policy and    cables."));
    tu_result_free(&r);
}
END_TEST

START_TEST(unreadable_file) {
    put("secret.txt", GOOD, strlen(GOOD));
    put("good.txt", GOOD, strlen(GOOD));
    char path[4400];
    snprintf(path, sizeof path, "%s/secret.txt", in);
    ck_assert_int_eq(chmod(path, 0), 0);
    tu_result r;
    if (geteuid() == 0) {  /* root reads anything: run as nobody */
        if (access("/usr/bin/setpriv", X_OK) != 0) return;  /* cannot drop privileges here */
        chmod(dir, 0777);
        chmod(in, 0777);
        r = run((const char *[]){"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                 LOCUS_INDEX_BIN, "-d", db, in, NULL});
    } else {
        r = index_in();
    }
    ck_assert_ptr_nonnull(strstr(r.err, "secret.txt: Permission denied"));
    expect(r, 1, "1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 1 failed");
}
END_TEST

START_TEST(fifos_and_devices_never_block) {
    char fifo[4400];
    snprintf(fifo, sizeof fifo, "%s/pipe.txt", in);
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    put("good.txt", GOOD, strlen(GOOD));
    /* in a walked folder: not a regular file, passed over */
    expect(index_in(), 0, "1 added");
    /* named: refused with a message, without waiting for a writer */
    expect(run((const char *[]){LOCUS_INDEX_BIN, "-d", db, fifo, "/dev/zero", NULL}), 1,
           "pipe.txt: not a regular file");
}
END_TEST

START_TEST(symlink_loops) {
    put("good.txt", GOOD, strlen(GOOD));
    char p[4400], q[4400];
    snprintf(p, sizeof p, "%s/again", in);
    ck_assert_int_eq(symlink(".", p), 0);             /* a folder link to itself: not followed */
    snprintf(p, sizeof p, "%s/self.txt", in);
    ck_assert_int_eq(symlink("self.txt", p), 0);      /* a link to itself */
    snprintf(q, sizeof q, "%s/sub", in);
    ck_assert_int_eq(mkdir(q, 0777), 0);
    snprintf(p, sizeof p, "%s/sub/up", in);
    ck_assert_int_eq(symlink("..", p), 0);
    tu_result r = index_in();
    ck_assert_ptr_nonnull(strstr(r.err, "self.txt: broken symbolic link"));
    expect(r, 1, "1 added");
    /* named, a link to a folder is walked: the same files, unchanged, and the same broken link */
    expect(run((const char *[]){LOCUS_INDEX_BIN, "-d", db, p, NULL}), 1, "1 unchanged");
}
END_TEST

START_TEST(odd_paths_stay_on_one_line) {
    put("with space.txt", GOOD, strlen(GOOD));
    const char *undated = "No date\n\nA passage about cables.\n";
    put("new\nline.txt", undated, strlen(undated));
    tu_result r = index_in();
    ck_assert_ptr_nonnull(strstr(r.err, "new\\nline.txt: warning: no date"));
    expect(r, 0, "2 added");
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-l", "-0", "cables", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "new\nline.txt"));
    tu_result_free(&r);
}
END_TEST

START_TEST(sigterm_keeps_what_is_done) {
    char big[4400];
    snprintf(big, sizeof big, "%s/big", dir);
    ck_assert_int_eq(mkdir(big, 0777), 0);
    for (int i = 0; i < 3000; i++) {
        char name[64], text[512];
        snprintf(name, sizeof name, "r%04d.txt", i);
        int n = snprintf(text, sizeof text,
                         "2024-01-02 Release %d\n\nFirst paragraph of release %d about spectrum.\n\n"
                         "Second paragraph of release %d about cables and satellites.\n", i, i, i);
        free(tu_write_file(big, name, text, (size_t)n));
    }
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        execl(LOCUS_INDEX_BIN, LOCUS_INDEX_BIN, "--batch-size", "50", "-d", db, big, (char *)NULL);
        _exit(127);
    }
    usleep(400 * 1000);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    ck_assert(WIFEXITED(st));
    /* finished before the signal on a very fast machine: 0; else 143 */
    ck_assert_msg(WEXITSTATUS(st) == 143 || WEXITSTATUS(st) == 0, "exit %d", WEXITSTATUS(st));
    if (WEXITSTATUS(st) == 143) {  /* a first build: no index yet, its parts wait to be resumed */
        tu_result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "spectrum", NULL});
        expect(r, 2, "first build was interrupted");
        r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, big, NULL});
        expect(r, 0, "resuming the build");
    }
    tu_result r = run((const char *[]){LOCUS_INDEX_BIN, "--check", "-d", db, NULL});
    ck_assert_msg(r.status == 0 && strstr(r.out, "3000 releases, 3000 passages"), "%s%s", r.out, r.err);
    tu_result_free(&r);
}
END_TEST

static void expect_query(const char *q, int status, const char *in_err) {
    tu_result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--strict", q, NULL});
    expect(r, status, in_err);
}

/* Without --strict, a query that does not parse is searched as plain words, with a note. */
static void expect_plain(const char *q, const char *in_err) {
    tu_result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, q, NULL});
    ck_assert_msg(strstr(r.out, "spectrum policy"), "%s", r.out);
    expect(r, 0, in_err);
}

START_TEST(hostile_queries) {
    put("good.txt", GOOD, strlen(GOOD));
    expect(index_in(), 0, NULL);
    expect_query("\"spectrum policy", 2, "column 1: unterminated quote");
    expect_query("(spectrum OR policy", 2, "column 1: unbalanced parenthesis");
    expect_query("spectrum) policy", 2, "column 9: unbalanced parenthesis");
    expect_plain("\"spectrum policy", "note: searched as plain words");
    expect_plain("(spectrum OR policy", "column 1: unbalanced parenthesis");
    expect_plain("spectrum) policy", "note: searched as plain words");
    expect_query("?!. ,;", 2, "no word to search for");
    expect_query("the of and", 1, NULL);          /* stop words are words: no match here */
    expect_query("spectrum\x01\x02", 0, NULL);   /* control characters separate words */
    expect_query("\xff\xfespectrum\xc3", 0, NULL); /* invalid UTF-8 too */
    size_t n = 100 * 1024;
    char *q = malloc(n + 1);
    for (size_t i = 0; i < n; i++) q[i] = i % 4 == 3 ? ' ' : 'a' + (char)(i % 26);
    q[n] = '\0';
    expect_query(q, 2, "more than 1024 words");
    memset(q, 'w', n);
    expect_query(q, 2, "no word to search for");  /* one 100 KB word: too long to be a word */
    free(q);
}
END_TEST

START_TEST(index_never_lands_in_a_folder_of_other_files) {
    put("good.txt", GOOD, strlen(GOOD));
    /* -d pointing at the corpus itself: refused, and the folder is left as it was */
    expect(run((const char *[]){LOCUS_INDEX_BIN, "-d", in, in, NULL}), 2, "holds other files and no index");
    char p[4400];
    snprintf(p, sizeof p, "%s/iamglass", in);
    ck_assert_int_ne(access(p, F_OK), 0);
    snprintf(p, sizeof p, "%s/good.txt", in);
    expect(run((const char *[]){LOCUS_INDEX_BIN, "-d", p, in, NULL}), 2, "is not an index folder");
    /* an empty folder is fine */
    snprintf(p, sizeof p, "%s/empty", dir);
    ck_assert_int_eq(mkdir(p, 0777), 0);
    expect(run((const char *[]){LOCUS_INDEX_BIN, "-d", p, in, NULL}), 0, "1 added");
}
END_TEST

int main(void) {
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, invalid_utf8_file);
    tcase_add_test(tc, binary_and_empty_files_are_skipped_with_a_warning);
    tcase_add_test(tc, huge_file_is_refused_without_reading_it);
    tcase_add_test(tc, ten_megabyte_line);
    tcase_add_test(tc, hundred_kilobyte_word);
    tcase_add_test(tc, nul_bytes);
    tcase_add_test(tc, unreadable_file);
    tcase_add_test(tc, fifos_and_devices_never_block);
    tcase_add_test(tc, symlink_loops);
    tcase_add_test(tc, odd_paths_stay_on_one_line);
    tcase_add_test(tc, sigterm_keeps_what_is_done);
    tcase_add_test(tc, hostile_queries);
    tcase_add_test(tc, index_never_lands_in_a_folder_of_other_files);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
