/* build_note.h - how far a bulk build of a new index has come, in a small file beside its parts
 * (INDEX/LOCUS_BULK_DIR/LOCUS_BUILD_NOTE), so that a search of an index that is not there yet can
 * say that it is being built, or that a build was interrupted and waits to be resumed. Written by
 * the builder, read by anyone; internal to liblocus. */
#ifndef LOCUS_BUILD_NOTE_H
#define LOCUS_BUILD_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <locus/status.h>

#define LOCUS_BULK_DIR "bulk.tmp"    /* the folder of a bulk build's parts, in the index folder */
#define LOCUS_BUILD_NOTE "progress"  /* the note, in LOCUS_BULK_DIR */

typedef struct locus_build_note {
    pid_t pid;          /* the builder */
    size_t done, total; /* releases read of those it was given */
    bool running;       /* the builder's process is alive (else the build was interrupted) */
} locus_build_note;

/* Replaces the note in the folder BULK (the build's parts) with DONE of TOTAL by this process,
 * in one rename: a reader sees the old note or the new one. Fails with LOCUS_ERR_IO naming the
 * file. */
locus_status locus_build_note_write(const char *bulk, size_t done, size_t total, locus_error *err);

/* Reads the note of the bulk build of the index at INDEX into *out; false when there is no
 * build there (or no readable note: a build that never got as far as its first note). */
bool locus_build_note_read(const char *index, locus_build_note *out);

#endif
