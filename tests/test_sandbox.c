/* sandbox.c: a reader in a child process comes back whole, or fails by name when it runs out of
 * CPU, dies, or is cancelled; a child that is stuck is tried again, then read here. */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <locus/release.h>
#include "read/build.h"
#include "read/sandbox.h"

static pid_t parent;

/* A release of three passages in two sections, its fields all set. */
static locus_status good_reader(const char *name, const char *buf, size_t len, locus_release **out,
                                locus_error *err) {
    (void)buf;
    (void)len;
    locus_release *r = calloc(1, sizeof *r);
    r->title = strdup(name);
    memcpy(r->date, "2024-05-06", 11);
    r->title_line = 3;
    r->format = LOCUS_FORMAT_PDF;
    snprintf(r->language, sizeof r->language, "ja");
    r->issuer = strdup("Ministry of Examples");  /* and no source_url: one is sent, one not */
    const char *s1, *s2;
    locus_release_add_section(r, "First", 5, &s1, err);
    locus_release_add_subsection(r, 0, "Second", 6, &s2, err);
    locus_passage loc = {.line_start = 4, .line_end = 5, .page = 2, .kind = LOCUS_PASSAGE_FOOTNOTE};
    locus_release_add_text(r, s1, "One passage.", 12, &loc, err);
    loc.page = 3;
    locus_release_add_text(r, s2, "Two passages.", 13, &loc, err);
    locus_release_add_text(r, "", "Three.", 6, &loc, err);
    *out = r;
    return LOCUS_OK;
}

START_TEST(a_release_comes_back_whole) {
    locus_release *r = NULL;
    locus_error e;
    ck_assert_int_eq(locus_sandbox_parse(good_reader, "doc.pdf", "x", 1, 5, 1u << 30, &r, &e), LOCUS_OK);
    ck_assert_str_eq(r->title, "doc.pdf");
    ck_assert_str_eq(r->date, "2024-05-06");
    ck_assert_str_eq(r->language, "ja");
    ck_assert_str_eq(r->issuer, "Ministry of Examples");
    ck_assert_ptr_null(r->source_url);
    ck_assert_int_eq(r->format, LOCUS_FORMAT_PDF);
    ck_assert_uint_eq(r->n_sections, 2);
    ck_assert_int_eq(r->section_parents[1], 0);
    ck_assert_uint_eq(r->n_passages, 3);
    ck_assert_str_eq(r->passages[1].text, "Two passages.");
    ck_assert_ptr_eq(r->passages[1].section, r->sections[1]);
    ck_assert_str_eq(r->passages[2].section, "");
    ck_assert_uint_eq(r->passages[1].page, 3);
    ck_assert_int_eq(r->passages[0].kind, LOCUS_PASSAGE_FOOTNOTE);
    locus_release_free(r);
}
END_TEST

static locus_status refusing_reader(const char *name, const char *buf, size_t len,
                                    locus_release **out, locus_error *err) {
    (void)buf;
    (void)len;
    *out = NULL;
    return locus_error_set(err, LOCUS_ERR_FORMAT, "%s: encrypted PDF, skipped", name);
}

static locus_status spinning_reader(const char *name, const char *buf, size_t len,
                                    locus_release **out, locus_error *err) {
    for (volatile unsigned long i = 0;; i++) {
    }
    return good_reader(name, buf, len, out, err);
}

static locus_status crashing_reader(const char *name, const char *buf, size_t len,
                                    locus_release **out, locus_error *err) {
    (void)name, (void)buf, (void)len, (void)out, (void)err;
    raise(SIGSEGV);
    return LOCUS_ERR_FORMAT;
}

/* Stuck in every child (as on a lock that was held when it forked), fine in the parent. */
static locus_status stuck_in_child_reader(const char *name, const char *buf, size_t len,
                                          locus_release **out, locus_error *err) {
    if (getpid() != parent) pause();
    return good_reader(name, buf, len, out, err);
}

/* Fails unless the descriptor named by BUF is closed here. */
static locus_status no_inherited_fd_reader(const char *name, const char *buf, size_t len,
                                           locus_release **out, locus_error *err) {
    if (fcntl(atoi(buf), F_GETFD) != -1)
        return locus_error_set(err, LOCUS_ERR_FORMAT, "%s: descriptor %s is open in the child", name, buf);
    return good_reader(name, buf, len, out, err);
}

/* A descriptor another thread of the parent holds (a database lock's socket, a pipe) is not kept
 * open by a reader's child: it would hold the lock or the pipe's end until the child exits. */
START_TEST(the_child_holds_none_of_the_parents_descriptors) {
    int p[2];
    ck_assert_int_eq(pipe(p), 0);  /* no O_CLOEXEC: fork without exec keeps even those */
    char fd[16];
    snprintf(fd, sizeof fd, "%d", p[1]);
    locus_release *r = NULL;
    locus_error e;
    ck_assert_msg(locus_sandbox_parse(no_inherited_fd_reader, "f.pdf", fd, strlen(fd), 5, 1u << 30, &r, &e) == LOCUS_OK,
                  "%s", e.message);
    locus_release_free(r);
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(failures_are_named) {
    locus_release *r = NULL;
    locus_error e;
    ck_assert_int_eq(locus_sandbox_parse(refusing_reader, "a.pdf", "x", 1, 5, 1u << 30, &r, &e), LOCUS_ERR_FORMAT);
    ck_assert_str_eq(e.message, "a.pdf: encrypted PDF, skipped");
    ck_assert_int_eq(locus_sandbox_parse(spinning_reader, "b.pdf", "x", 1, 1, 1u << 30, &r, &e), LOCUS_ERR_FORMAT);
    ck_assert_str_eq(e.message, "b.pdf: reading its text took over 1 s of CPU, skipped");
    ck_assert_int_eq(locus_sandbox_parse(crashing_reader, "c.pdf", "x", 1, 5, 1u << 30, &r, &e), LOCUS_ERR_FORMAT);
    /* signal 11; under ASan, whose handler reports the crash, exit 1 */
    ck_assert_msg(strstr(e.message, "c.pdf: the reader died (") != NULL, "%s", e.message);
    ck_assert_ptr_null(r);
}
END_TEST

START_TEST(a_stuck_child_is_tried_again_then_read_here) {
    parent = getpid();
    locus_release *r = NULL;
    locus_error e;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(locus_sandbox_parse(stuck_in_child_reader, "d.pdf", "x", 1, 5, 1u << 30, &r, &e), LOCUS_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_str_eq(r->title, "d.pdf");
    ck_assert_int_ge(t1.tv_sec - t0.tv_sec, 5);  /* three children, each given up after 2 s */
    locus_release_free(r);
}
END_TEST

static volatile sig_atomic_t cancel;

START_TEST(a_cancel_stops_the_child) {
    cancel = 1;
    locus_reader_set_cancel(&cancel);
    locus_release *r = NULL;
    locus_error e;
    ck_assert_int_eq(locus_sandbox_parse(spinning_reader, "e.pdf", "x", 1, 5, 1u << 30, &r, &e),
                     LOCUS_ERR_INTERRUPTED);
    locus_reader_set_cancel(NULL);
}
END_TEST

int main(void) {
    Suite *s = suite_create("sandbox");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_release_comes_back_whole);
    tcase_add_test(tc, failures_are_named);
    tcase_add_test(tc, the_child_holds_none_of_the_parents_descriptors);
    tcase_add_test(tc, a_stuck_child_is_tried_again_then_read_here);
    tcase_add_test(tc, a_cancel_stops_the_child);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
