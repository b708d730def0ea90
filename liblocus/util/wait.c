/* wait.c - the clock, naps and file locks of util/wait.h. */
#include "util/wait.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double locus_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void locus_nap(double s) {
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

bool locus_lock_is_current(int fd, const char *lock_path) {
    struct stat held, named;
    return fstat(fd, &held) == 0 && stat(lock_path, &named) == 0 && held.st_ino == named.st_ino &&
           held.st_dev == named.st_dev;
}

locus_lock_result locus_lock_wait(const char *lock_path, bool exclusive, double deadline, double nap,
                                  int *fd, int *error_number) {
    *fd = -1;
    *error_number = 0;
    for (;;) {
        int f = exclusive ? open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)
                          : open(lock_path, O_RDONLY | O_CLOEXEC);
        if (f < 0) {
            *error_number = errno;
            return !exclusive && errno == ENOENT ? LOCUS_LOCK_NO_FILE : LOCUS_LOCK_OPEN_FAILED;
        }
        while (flock(f, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                *error_number = errno;
                close(f);
                return LOCUS_LOCK_FAILED;
            }
            if (locus_now() >= deadline) {
                close(f);
                return LOCUS_LOCK_TIMEOUT;
            }
            locus_nap(nap);
        }
        if (locus_lock_is_current(f, lock_path)) {
            *fd = f;
            return LOCUS_LOCK_HELD;
        }
        close(f);  /* a folder a compaction swapped out: the lock of the one named now */
    }
}
