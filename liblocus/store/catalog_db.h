/* catalog_db.h - the stamps of an index read on an open database, for the writer and the
 * catalog. Internal to liblocus. */
#ifndef LOCUS_CATALOG_DB_H
#define LOCUS_CATALOG_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <locus/catalog.h>
#include "xdb/xdb.h"

/* On an open database (reader or writer) DB of the index at IDX_PATH (for messages): */

/* The stamp of the release KEY into *out; *found says whether the index has it. */
locus_status locus_stamp_lookup(struct xdb_db *db, const char *idx_path, const char *key,
                                locus_stamp *out, bool *found, locus_error *err);

/* Every release of the index, sorted by path, into a new array *out of *n entries, freed with
 * locus_entries_free. */
locus_status locus_stamp_list(struct xdb_db *db, const char *idx_path, locus_entry **out,
                              size_t *n, locus_error *err);

/* Whether the lock file FD holds is still the one named LOCK_PATH: a compaction swaps the
 * whole index folder, lock file included, while others wait on the old one. */
bool locus_lock_is_current(int fd, const char *lock_path);

#endif
