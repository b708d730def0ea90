/* testutil.h - helpers shared by the Check suites: temporary folders and files. */
#ifndef LOCUS_TESTUTIL_H
#define LOCUS_TESTUTIL_H

#include <stddef.h>

/* A new empty folder under $TMPDIR (or /tmp); the returned path is static storage, valid until
 * the next call. Aborts the test on failure. */
const char *tu_tempdir(void);

/* Removes PATH and everything below it. */
void tu_rmtree(const char *path);

/* Writes LEN bytes of DATA to DIR/NAME; returns the full path (malloc'd). */
char *tu_write_file(const char *dir, const char *name, const char *data, size_t len);

/* Reads a whole file into a malloc'd NUL-terminated buffer (length in *len, may be NULL), or
 * NULL. */
char *tu_read_file(const char *path, size_t *len);

/* What a program run left: exit code (128 + signal when killed), stdout and stderr. */
typedef struct tu_result {
    int status;
    char *out, *err;
} tu_result;

/* Runs ARGV (NULL-terminated) in the folder CWD with stdin from /dev/null and LOCUS_DB unset,
 * capturing stdout and stderr through files in SCRATCH. When $LOCUS_TEST_WRAPPER is set (e.g.
 * "valgrind -q --error-exitcode=99"), its words come before ARGV. */
tu_result tu_run(const char *const *argv, const char *cwd, const char *scratch);
void tu_result_free(tu_result *r);

/* Runs every test of suite S (which it frees); returns the exit status for main. */
struct Suite;
int tu_run_suite(struct Suite *s);

/* The source tree's top folder (set by CMake). */
#define TU_SOURCE_DIR LOCUS_SOURCE_DIR

#endif
