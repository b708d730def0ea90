/* stamps.c - the stamps of an index, read on an open database (store/stamps.h), for the writer
 * and the catalog; and the entries they come in (<locus/record.h>). */
#define _GNU_SOURCE  /* strndup */
#include "store/stamps.h"

#include <stdlib.h>
#include <string.h>

#include "store/schema.h"
#include "xdb/xdb.h"

void locus_entries_free(locus_entry *entries, size_t n) {
    if (!entries) return;
    for (size_t i = 0; i < n; i++) free(entries[i].path);
    free(entries);
}

locus_status locus_stamp_lookup(xdb_db *db, const char *idx_path, const char *key,
                                locus_stamp *out, bool *found, locus_error *err) {
    char mk[XDB_MAX_TERM + 2];
    locus_stamp_key(key, mk);
    char *v = NULL;
    size_t len = 0;
    xdb_error xe;
    *found = false;
    if (xdb_metadata_get(db, mk, &v, &len, &xe)) return locus_error_from_xdb(&xe, idx_path, err);
    if (len) *found = locus_stamp_decode(v, len, out, NULL);
    free(v);
    return LOCUS_OK;
}

typedef struct lister {
    xdb_db *db;
    char **keys;
    size_t n, cap;
    bool oom;
} lister;

static int collect_key(const char *key, size_t len, void *ctx) {
    lister *l = ctx;
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 64;
        char **k = realloc(l->keys, c * sizeof *k);
        if (!k) { l->oom = true; return 1; }
        l->keys = k;
        l->cap = c;
    }
    if (!(l->keys[l->n] = strndup(key, len))) { l->oom = true; return 1; }
    l->n++;
    return 0;
}

static int by_path(const void *a, const void *b) {
    return strcmp(((const locus_entry *)a)->path, ((const locus_entry *)b)->path);
}

void locus_entries_sort(locus_entry *e, size_t n) { qsort(e, n, sizeof *e, by_path); }

locus_status locus_stamp_list(xdb_db *db, const char *idx_path, locus_entry **out, size_t *n,
                              locus_error *err) {
    *out = NULL;
    *n = 0;
    lister l = {.db = db};
    xdb_error xe;
    locus_status st = LOCUS_OK;
    if (xdb_metadata_keys(db, LOCUS_META_RELEASE LOCUS_PREFIX_RELEASE, collect_key, &l, &xe))
        st = locus_error_from_xdb(&xe, idx_path, err);
    else if (l.oom)
        st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    locus_entry *e = st ? NULL : calloc(l.n ? l.n : 1, sizeof *e);
    if (!st && !e) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < l.n && !st; i++) {
        char *v = NULL;
        size_t len = 0;
        if (xdb_metadata_get(db, l.keys[i], &v, &len, &xe)) {
            st = locus_error_from_xdb(&xe, idx_path, err);
            break;
        }
        if (locus_stamp_decode(v, len, &e[k].stamp, &e[k].path)) k++;
        free(v);
    }
    for (size_t i = 0; i < l.n; i++) free(l.keys[i]);
    free(l.keys);
    if (st) {
        locus_entries_free(e, k);
        return st;
    }
    locus_entries_sort(e, k);
    *out = e;
    *n = k;
    return LOCUS_OK;
}
