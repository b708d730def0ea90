/* wait.h - waiting (util/wait.c): the monotonic clock, naps, and the advisory file locks that
 * writers, bulk builds, compaction and --check take on an index's lock file. Calls nothing of
 * locus. */
#ifndef LOCUS_UTIL_WAIT_H
#define LOCUS_UTIL_WAIT_H

#include <stdbool.h>

/* Seconds on the monotonic clock (for deadlines and durations only). */
double locus_now(void);

/* Sleeps S seconds, resuming after signals. */
void locus_nap(double s);

/* Whether the lock file FD holds is still the one named LOCK_PATH: a compaction swaps the whole
 * index folder, lock file included, while others wait on the old one. */
bool locus_lock_is_current(int fd, const char *lock_path);

typedef enum locus_lock_result {
    LOCUS_LOCK_HELD,        /* *fd holds the lock */
    LOCUS_LOCK_TIMEOUT,     /* another process held it until the deadline */
    LOCUS_LOCK_NO_FILE,     /* shared only: there is no lock file */
    LOCUS_LOCK_OPEN_FAILED, /* the file could not be opened (*error_number says why) */
    LOCUS_LOCK_FAILED       /* flock failed for another reason than a holder (*error_number) */
} locus_lock_result;

/* Takes the flock of the file LOCK_PATH, EXCLUSIVE (the file opened read-write, created when
 * missing) or shared (opened read-only; LOCUS_LOCK_NO_FILE when missing), trying every NAP
 * seconds until DEADLINE (locus_now's clock). A lock that turns out to be on a file no longer
 * named LOCK_PATH is let go and the named file is tried again. The kernel drops the lock when
 * the process dies, however it dies; close(*fd) drops it earlier. */
locus_lock_result locus_lock_wait(const char *lock_path, bool exclusive, double deadline, double nap,
                                  int *fd, int *error_number);

#endif
