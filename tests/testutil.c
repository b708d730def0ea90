#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tu_tempdir(void) {
    static char path[4096];
    const char *base = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/locus-test-XXXXXX", base && *base ? base : "/tmp");
    ck_assert_msg(mkdtemp(path) != NULL, "mkdtemp failed");
    return path;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb; (void)flag; (void)ftw;
    remove(p);
    return 0;
}

void tu_rmtree(const char *path) { nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

char *tu_write_file(const char *dir, const char *name, const char *data, size_t len) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", p);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return p;
}

char *tu_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0, r;
    char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) { free(buf); buf = NULL; }
            else buf = b;
        }
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

int tu_run_suite(Suite *s) {
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

tu_result tu_run(const char *const *argv, const char *cwd, const char *scratch) {
    char out_path[4300], err_path[4300];
    snprintf(out_path, sizeof out_path, "%s/stdout", scratch);
    snprintf(err_path, sizeof err_path, "%s/stderr", scratch);
    /* the wrapper's words, then ARGV */
    const char *words[64];
    size_t n = 0;
    char *wrapper = getenv("LOCUS_TEST_WRAPPER") ? strdup(getenv("LOCUS_TEST_WRAPPER")) : NULL;
    for (char *w = wrapper ? strtok(wrapper, " ") : NULL; w && n < 32; w = strtok(NULL, " ")) words[n++] = w;
    for (size_t i = 0; argv[i] && n < 63; i++) words[n++] = argv[i];
    words[n] = NULL;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = open("/dev/null", O_RDONLY);
        if (o < 0 || e < 0 || in < 0 || chdir(cwd) != 0) _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        dup2(in, 0);
        unsetenv("LOCUS_DB");
        execvp(words[0], (char *const *)words);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    free(wrapper);
    tu_result r = {WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), tu_read_file(out_path, NULL),
                   tu_read_file(err_path, NULL)};
    ck_assert_ptr_nonnull(r.out);
    ck_assert_ptr_nonnull(r.err);
    /* a sanitizer's report is longer than a Check message may be: shown whole, here */
    if (strstr(r.err, "Sanitizer") || strstr(r.err, "runtime error:"))
        fprintf(stderr, "%s: %s\n", argv[0], r.err);
    return r;
}

void tu_result_free(tu_result *r) {
    free(r->out);
    free(r->err);
}
