/* shards.c - sharded indexes (shards.h): creating the folders and the stub, listing the shard
 * folders for the writers, and which shard a release belongs to. Reading them as one index is
 * Xapian's stub support, through xdb_open_read. */
#include <locus/shards.h>

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <locus/release.h>
#include <locus/writer.h>
#include "store/schema.h"
#include "xdb/xdb.h"

unsigned locus_shard_of(const char *key, unsigned n) {
    if (n < 2) return 0;
    uint64_t h = locus_content_hash(key, strlen(key));
    return (unsigned)((h ^ (h >> 29)) % n);
}

/* Whether the folder PATH holds nothing. */
static bool empty_folder(const char *path) {
    DIR *d = opendir(path);
    if (!d) return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d))) empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    return empty;
}

/* Makes PATH a new empty index (its folder and parents, lock file and settings, as any writer
 * makes one) that records it is shard K of N. */
static locus_status make_shard(const char *path, unsigned k, unsigned n, locus_error *err) {
    locus_writer *w = NULL;
    locus_status st = locus_writer_open(path, NULL, 0, &w, err);
    if (!st) st = locus_writer_close(w, err);
    if (st) return st;
    xdb_db *db = NULL;
    xdb_error xe;
    char v[32];
    size_t len = locus_shard_place_format(k, n, v, sizeof v);
    if (xdb_open_write(path, XDB_OPEN_PRIVATE, &db, &xe) || xdb_metadata_set(db, LOCUS_META_SHARD, v, len, &xe) ||
        xdb_commit(db, &xe))
        st = locus_error_from_xdb(&xe, path, err);
    if (xdb_close(db, &xe) && !st) st = locus_error_from_xdb(&xe, path, err);
    return st;
}

locus_status locus_shards_create(const char *path, unsigned n, locus_error *err) {
    if (n < 2 || n > LOCUS_SHARDS_MAX)
        return locus_error_set(err, LOCUS_ERR_INVALID, "%u shards: 2 to %d", n, LOCUS_SHARDS_MAX);
    struct stat sb;
    if (stat(path, &sb) == 0 && (!S_ISDIR(sb.st_mode) || !empty_folder(path)))
        return locus_error_set(err, LOCUS_ERR_INVALID,
                               "%s: exists and is not an empty folder: a sharded index is made new",
                               path);
    locus_status st = LOCUS_OK;  /* the first shard's writer makes PATH */
    char p[PATH_MAX], tmp[PATH_MAX], stub[PATH_MAX];
    if ((size_t)snprintf(stub, sizeof stub, "%s/%s", path, XDB_STUB_FILE) >= sizeof stub ||
        (size_t)snprintf(tmp, sizeof tmp, "%s.tmp", stub) >= sizeof tmp)
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", path);
    for (unsigned k = 0; k < n && !st; k++) {
        snprintf(p, sizeof p, "%s/shard-%u", path, k);
        st = make_shard(p, k, n, err);
    }
    if (st) return st;
    FILE *f = fopen(tmp, "w");
    if (!f) return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", tmp, strerror(errno));
    fprintf(f, "# the shards of this locus index (Xapian stub database format)\n");
    for (unsigned k = 0; k < n; k++) fprintf(f, "auto shard-%u\n", k);
    bool bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    if (fclose(f) != 0) bad = true;
    if (bad || rename(tmp, stub) != 0) {
        int e = errno;
        unlink(tmp);
        return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", stub, strerror(e));
    }
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return LOCUS_OK;
}

locus_status locus_shards_list(const char *path, char ***out, size_t *n, locus_error *err) {
    *out = NULL;
    *n = 0;
    if (!xdb_stub_at(path)) return LOCUS_OK;  /* one index, none yet, or no index at all */
    xdb_db *db = NULL;
    locus_status st = locus_open_reader(path, 0, &db, err);
    if (st) return st;
    size_t count = xdb_shard_count(db);
    char **paths = calloc(count ? count : 1, sizeof *paths);
    if (!paths) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    for (size_t k = 0; k < count && !st; k++) {
        const char *local = xdb_shard_path(db, k);
        if (!*local)
            st = locus_error_set(err, LOCUS_ERR_INVALID,
                                 "%s: shard %s is remote: index its folder where it is served",
                                 path, xdb_shard_name(db, k));
        else if (!(paths[k] = strdup(local)))
            st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    xdb_close(db, NULL);
    if (st) {
        locus_shards_free(paths, count);
        return st;
    }
    *out = paths;
    *n = count;
    return LOCUS_OK;
}

void locus_shards_free(char **paths, size_t n) {
    if (!paths) return;
    for (size_t i = 0; i < n; i++) free(paths[i]);
    free(paths);
}
