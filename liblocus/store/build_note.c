/* build_note.c - the progress note of a bulk build (build_note.h): three numbers on a line,
 * "PID DONE TOTAL", written to a temporary name and renamed over the note. */
#include "store/build_note.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>


locus_status locus_build_note_write(const char *bulk, size_t done, size_t total, locus_error *err) {
    char p[PATH_MAX], tmp[PATH_MAX];
    if ((size_t)snprintf(p, sizeof p, "%s/%s", bulk, LOCUS_BUILD_NOTE) >= sizeof p ||
        (size_t)snprintf(tmp, sizeof tmp, "%s.new", p) >= sizeof tmp)
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", bulk);
    FILE *f = fopen(tmp, "w");
    if (!f) return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", tmp, strerror(errno));
    fprintf(f, "%ld %zu %zu\n", (long)getpid(), done, total);
    if (fclose(f) != 0 || rename(tmp, p) != 0) {
        int e = errno;
        unlink(tmp);
        return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", p, strerror(e));
    }
    return LOCUS_OK;
}

bool locus_build_note_read(const char *index, locus_build_note *out) {
    char p[PATH_MAX];
    *out = (locus_build_note){0, 0, 0, false};
    if ((size_t)snprintf(p, sizeof p, "%s/%s/%s", index, LOCUS_BULK_DIR, LOCUS_BUILD_NOTE) >= sizeof p)
        return false;
    FILE *f = fopen(p, "r");
    if (!f) return false;
    long pid = 0;
    bool ok = fscanf(f, "%ld %zu %zu", &pid, &out->done, &out->total) == 3 && pid > 0;
    fclose(f);
    if (!ok) return false;
    out->pid = (pid_t)pid;
    /* alive, or at least a process of that number (EPERM: another user's) */
    out->running = kill(out->pid, 0) == 0 || errno == EPERM;
    return true;
}
