/* live.h - what `locus-index --watch` waits on: inotify watches over the folders of the PATHs
 * (recursively, new folders included), and the wait for a burst of changes to be over. */
#ifndef LOCUS_LIVE_H
#define LOCUS_LIVE_H

#include <signal.h>
#include <stddef.h>

typedef struct live live;

/* Watches each of the N PATHS (a folder and every folder below it but hidden ones and links to
 * folders; for a file, its folder) into a new *out. Returns 0, or -1 with a one-line reason in
 * WHY (SIZE bytes): inotify refused (too many folders for fs.inotify.max_user_watches, ...). */
int live_open(char *const *paths, size_t n, live **out, char *why, size_t size);

/* Waits for a burst of changes below the watched folders to end: something changed, then
 * nothing for QUIET seconds and no file is still being written (one written to and not closed
 * counts as complete after STALE seconds without news), at most MAX seconds after the first
 * change. Folders that appeared, went or moved are watched anew. Returns 1 after a burst (the
 * changes seen in *events), 0 once *STOP is set, -1 with a reason in WHY when watching failed. */
int live_wait(live *l, const volatile sig_atomic_t *stop, double quiet, double stale, double max,
              size_t *events, char *why, size_t size);

/* Stops watching and frees L (NULL is fine). */
void live_close(live *l);

/* Seconds on the monotonic clock (an arbitrary start): the clock of the waits above, and of
 * the indexer's progress and summary lines. */
double live_clock(void);

#endif
