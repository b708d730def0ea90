/* stamps.h - the stamps of an index read on an open database (store/stamps.c), for the writer
 * and the catalog. */
#ifndef LOCUS_STORE_STAMPS_H
#define LOCUS_STORE_STAMPS_H

#include <stdbool.h>
#include <stddef.h>

#include <locus/record.h>
#include <locus/status.h>
#include "xdb/xdb.h"

/* On an open database (reader or writer) DB of the index at IDX_PATH (for messages): */

/* The stamp of the release KEY into *out; *found says whether the index has it. */
locus_status locus_stamp_lookup(struct xdb_db *db, const char *idx_path, const char *key,
                                locus_stamp *out, bool *found, locus_error *err);

/* Every release of the index, sorted by path, into a new array *out of *n entries, freed with
 * locus_entries_free. */
locus_status locus_stamp_list(struct xdb_db *db, const char *idx_path, locus_entry **out,
                              size_t *n, locus_error *err);

/* Sorts N entries E by path. */
void locus_entries_sort(locus_entry *e, size_t n);

#endif
