/* catalog.h - the releases an index holds, with their stamps, read without the write lock;
 * and the check that the index is consistent (every release has exactly the passages its stamp
 * promises, and no passage belongs to no release). */
#ifndef LOCUS_CATALOG_H
#define LOCUS_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "shards.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A read-only view of an index's releases. */
typedef struct locus_catalog locus_catalog;

/* Opens the index at PATH read-only. Fails with LOCUS_ERR_NO_INDEX when there is none. */
locus_status locus_catalog_open(const char *path, locus_catalog **out, locus_error *err);
void locus_catalog_close(locus_catalog *c);
locus_status locus_catalog_lookup(locus_catalog *c, const char *key, locus_stamp *out,
                                  bool *found, locus_error *err);
locus_status locus_catalog_list(locus_catalog *c, locus_entry **out, size_t *n, locus_error *err);

typedef struct locus_check_report {
    size_t releases;      /* releases the index lists */
    uint64_t passages;    /* passages in the index that searches see */
    uint64_t pending;     /* passages of hidden versions (a large release being written, or
                             what a killed writer left: the next writer deletes them) */
    size_t problems;      /* inconsistencies found */
    char first[768];      /* the first one, as a sentence; "" when none */
    char tables[128];     /* why the check of the tables did not run; "" when it did */
    char unsettled[128];  /* why the releases were not compared with their passages (a writer
                             committed all through every try); "" when they were */
    size_t shards;        /* the shards of a stub, in its order (0: one index); each shard's */
    size_t shard_releases[LOCUS_SHARDS_MAX];    /* releases, every one in the shard its key */
    uint64_t shard_passages[LOCUS_SHARDS_MAX];  /* routes to (else a problem), and passages */
} locus_check_report;

/* Checks the index at PATH: first every table with the index library's own checker of its
 * tables (not for a stub of shards), holding the writers' lock shared for that part (waiting up
 * to LOCK_WAIT seconds for a writer to finish, else leaving it out and saying why in
 * report->tables); then, only when the tables passed, every release's passage count against
 * its stamp, and that every passage belongs to a listed release and its data reads back as a
 * record of it (a damaged table is not read: the library may read past a damaged block). What it finds,
 * unreadable parts included, goes to REPORT; the status is for an index that is not there
 * (LOCUS_ERR_NO_INDEX), may not be read (LOCUS_ERR_PERMISSION), belongs to another version
 * (LOCUS_ERR_INCOMPATIBLE), or lack of memory. */
locus_status locus_index_check(const char *path, double lock_wait, locus_check_report *report,
                               locus_error *err);

#ifdef __cplusplus
}
#endif

#endif
