/* writer.h - puts releases into a locus index, one document per passage.
 *
 * Changes are grouped in transactions that hold whole releases only, so a commit (ours,
 * or one forced by a crash) never leaves a release half-indexed. A batch is committed once it
 * holds LOCUS_WRITER_BATCH passages, and by locus_writer_commit / locus_writer_close.
 */
#ifndef LOCUS_WRITER_H
#define LOCUS_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include <signal.h>
#include <stdbool.h>

#include "catalog.h"
#include "release.h"
#include "record.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_WRITER_BATCH 5000

/* The file in the index folder that writers lock (flock) before they touch the index, also
 * while it is being created, so that a creation killed half-way is recognised and redone. */
#define LOCUS_WRITER_LOCK "locus.lock"

typedef struct locus_writer locus_writer;

/* Opens (creating when missing, with parent folders) the index at PATH for writing; a folder
 * whose creation was interrupted is created afresh. LANGUAGE (a code or tag such as "fr", a
 * Snowball name such as "french", or "none": no stemming) is the language of every release
 * put; NULL: each release's own -- the one it declares (HTML lang, front matter), else the one
 * detected in its text (CLD2), else English. Releases of several languages share an index.
 * When another process writes the index, waits up to LOCK_WAIT seconds for it,
 * then fails with LOCUS_ERR_LOCKED. Fails with LOCUS_ERR_PERMISSION at once when this user may
 * not write it, LOCUS_ERR_INCOMPATIBLE when the index was built otherwise, LOCUS_ERR_INVALID
 * for an unknown LANGUAGE. Free with locus_writer_close. */
locus_status locus_writer_open(const char *path, const char *language, double lock_wait,
                               locus_writer **out, locus_error *err);

/* Commits once a batch holds PASSAGES passages (default LOCUS_WRITER_BATCH; at least 1). A
 * release with more passages than that is written in several commits under a hidden version
 * and shown whole in one commit at the end (see locus_writer_put). */
void locus_writer_set_batch(locus_writer *w, size_t passages);

/* While *FLAG (may be NULL; e.g. set by a signal handler) is non-zero, a release being written
 * in several commits stops before its next passage: locus_writer_put then fails with
 * LOCUS_ERR_INTERRUPTED; searches still see the old version, and the passages written so far
 * stay hidden until the next writer deletes them. */
void locus_writer_set_cancel(locus_writer *w, const volatile sig_atomic_t *flag);

/* Called while a release larger than a batch is written, after each commit, with the passages
 * written so far and the release's total (for a progress line); CTX is passed back. */
typedef void (*locus_progress_fn)(size_t done, size_t total, void *ctx);

/* Sets the progress callback FN (NULL: none) of W. */
void locus_writer_set_progress(locus_writer *w, locus_progress_fn fn, void *ctx);

/* Replaces every passage of the release KEY (its absolute path) with the passages of R, and
 * records STAMP (its passages and version fields are set here). The number of passages written
 * goes to *n_passages (may be NULL). Searches see the old passages or the new ones, never a mix:
 * a release that fits in a batch goes in the batch's transaction; a larger one is written a
 * batch per commit under a hidden version (memory stays bounded by the batch) and replaces the
 * old version in one commit at the end. Fails without changing what searches see when R cannot
 * be indexed; a failure of the index itself (LOCUS_ERR_INDEX) drops the uncommitted batch. */
locus_status locus_writer_put(locus_writer *w, const char *key, const locus_release *r,
                              const locus_stamp *stamp, size_t *n_passages, locus_error *err);

/* The stamp recorded for the release KEY; *found says whether the index has the release. */
locus_status locus_writer_lookup(locus_writer *w, const char *key, locus_stamp *out,
                                 bool *found, locus_error *err);

/* Records a new STAMP for the release KEY without touching its passages (the file was touched
 * but its content is the same); its passages and version fields are kept from the old stamp. */
locus_status locus_writer_restamp(locus_writer *w, const char *key, const locus_stamp *stamp,
                                  locus_error *err);

/* Every release of the index, sorted by path (see catalog.h). */
locus_status locus_writer_list(locus_writer *w, locus_entry **out, size_t *n, locus_error *err);

/* Removes every passage of the release KEY and its stamp. */
locus_status locus_writer_remove(locus_writer *w, const char *key, locus_error *err);

/* Commits what is pending. */
locus_status locus_writer_commit(locus_writer *w, locus_error *err);

/* Commits what is pending, releases the lock and frees W (whatever the outcome). Accepts
 * NULL. */
locus_status locus_writer_close(locus_writer *w, locus_error *err);

/* The language code every release is put in ("fr", "none"), or NULL when each release's own
 * is used. Borrowed from W. */
const char *locus_writer_language(const locus_writer *w);

/* Number of passages in the index, committed or pending. */
locus_status locus_writer_passage_count(locus_writer *w, uint32_t *out, locus_error *err);

/* ---- bulk builds ---------------------------------------------------------------------- */

/* A new index written by several writers at once, each into a part of its own (a temporary
 * database in a folder of PATH, not synced), then merged and compacted into PATH in one go
 * by locus_bulk_finish: faster on several cores, and the index comes out packed. Searches find
 * no index at PATH until the end (locus_bulk_note tells them how far it is). A build that is
 * stopped (locus_bulk_suspend) or killed keeps its parts at their last commits: the next
 * locus_bulk_open of PATH resumes it. Holds PATH's writers' lock throughout. */
typedef struct locus_bulk locus_bulk;
#define LOCUS_BULK_MAX_PARTS 256

/* Starts a bulk build of PARTS parts (1 to LOCUS_BULK_MAX_PARTS) of the index at PATH, with
 * LANGUAGE and LOCK_WAIT as locus_writer_open takes them; or resumes the interrupted build
 * whose parts PATH holds, with as many parts as it had (locus_bulk_resumed, locus_bulk_parts).
 * A release belongs in part locus_shard_of(key, parts), so that a resumed build finds it where
 * it was written. When PATH already holds an index, *out is NULL and LOCUS_OK is returned:
 * update it with a locus_writer instead. Fails like locus_writer_open. */
locus_status locus_bulk_open(const char *path, const char *language, double lock_wait,
                             unsigned parts, locus_bulk **out, locus_error *err);

/* The writer of part PART (borrowed from B; NULL when out of range). Each part's writer may be
 * used by one thread, at the same time as the others; do not close it. */
locus_writer *locus_bulk_writer(locus_bulk *b, unsigned part);

/* How many parts B has; whether they are those of an interrupted build (which may hold some
 * of the releases, to be looked up and updated in their parts like an index's). */
unsigned locus_bulk_parts(const locus_bulk *b);
bool locus_bulk_resumed(const locus_bulk *b);

/* Whether PATH holds no index but the parts of an interrupted bulk build: the next build of
 * PATH, whatever its size, should resume it with locus_bulk_open. */
bool locus_bulk_pending(const char *path);

/* Notes for searches that DONE of TOTAL releases are read (a small file beside the parts,
 * replaced in one rename; a resumed build's note never goes below what the interrupted one
 * said). Fails with LOCUS_ERR_IO; the build goes on without it. */
locus_status locus_bulk_note(locus_bulk *b, size_t done, size_t total, locus_error *err);

/* Stops the build without merging: commits every part, keeps them for the next
 * locus_bulk_open to resume, releases the lock and frees B, whatever happens. */
locus_status locus_bulk_suspend(locus_bulk *b, locus_error *err);

/* Commits every part (a release left half-written by an interruption is dropped), merges
 * them into PATH and frees B, whatever happens. On failure PATH has
 * no index (as before the build) and the parts are removed. */
locus_status locus_bulk_finish(locus_bulk *b, locus_error *err);

/* Drops the build (after an interruption or a failure): the parts are removed, PATH has no
 * index; frees B. NULL is a no-op. */
void locus_bulk_abandon(locus_bulk *b);

/* ---- compaction -------------------------------------------------------------------------- */

/* Updates leave free space in an index's tables (an index updated often grows to 2-3 times its
 * compacted size): compaction rewrites it as the database's compactor makes it, smallest. */
#define LOCUS_COMPACT_GROWTH 2.0  /* compact when the tables have grown this much since */
#define LOCUS_COMPACT_SUFFIX ".locus-compact"  /* beside the index: the copy being written */

typedef struct locus_compact_report {
    uint64_t before, after;  /* bytes of the index's tables before and after */
    bool compacted;          /* false: compaction did not pay, nothing changed */
} locus_compact_report;

/* Compacts the index at PATH when FORCE, or when its tables have grown to LOCUS_COMPACT_GROWTH
 * times their size at the last compaction (an index that was never compacted has its size
 * noted instead, once). Takes the writers' lock, waiting up to LOCK_WAIT seconds (fails with
 * LOCUS_ERR_LOCKED), and keeps it throughout. The compacted copy is written beside PATH
 * (PATH LOCUS_COMPACT_SUFFIX: it needs that much free space) and swapped with PATH in one step
 * (renameat2 RENAME_EXCHANGE): a search, or a kill at any moment, sees the old index or the new
 * one, whole; searches that opened the old one go on reading it until they reopen. What a
 * killed compaction left beside PATH is removed by the next writer. Fails with
 * LOCUS_ERR_NO_INDEX when PATH holds no index, LOCUS_ERR_IO (the index untouched) when the
 * copy cannot be written or the file system cannot swap folders. REPORT may be NULL. */
locus_status locus_index_compact(const char *path, double lock_wait, bool force,
                                 locus_compact_report *report, locus_error *err);

#ifdef __cplusplus
}
#endif

#endif
