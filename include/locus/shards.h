/* shards.h - an index split into shards: a folder holding shard-0 ... shard-(N-1), each an index
 * of its own, and a stub file listing them (the database library's stub format: README.md,
 * "Scaling out"). locus-search reads such a folder as one index; a copy of the stub may list
 * shards served over the network instead ("remote HOST:PORT"). Every release lives in the shard
 * its key picks. */
#ifndef LOCUS_SHARDS_H
#define LOCUS_SHARDS_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_SHARDS_MAX 256

/* The shard (0 to N - 1) of the release with KEY (its path): the same every time. */
unsigned locus_shard_of(const char *key, unsigned n);

/* Creates the sharded index PATH of N shards (2 to LOCUS_SHARDS_MAX): the folder PATH (new, or
 * empty), the folders PATH/shard-K, each a new empty index that records it is shard K of N (its
 * releases get version numbers no other shard gives), and last the stub file of PATH (written
 * under another name and renamed: until it is there, PATH is no index). Fails with
 * LOCUS_ERR_INVALID for a folder that holds something, LOCUS_ERR_IO when a folder cannot be
 * made. */
locus_status locus_shards_create(const char *path, unsigned n, locus_error *err);

/* The shard folders of the sharded index PATH, in stub order, into a new array *out of *n
 * strings (free with locus_shards_free); *out NULL and *n 0 when PATH is not a sharded index (a
 * single index, or nothing yet). Fails with LOCUS_ERR_INVALID when the stub lists a remote
 * shard (those are written where they are served: index their folders there), and like
 * opening an index when a shard cannot be opened. */
locus_status locus_shards_list(const char *path, char ***out, size_t *n, locus_error *err);

/* Frees what locus_shards_list gave. Accepts NULL. */
void locus_shards_free(char **paths, size_t n);

#ifdef __cplusplus
}
#endif

#endif
