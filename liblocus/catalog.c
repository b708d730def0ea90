#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xdb.h"

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
    qsort(e, k, sizeof *e, by_path);
    *out = e;
    *n = k;
    return LOCUS_OK;
}

struct locus_catalog {
    xdb_db *db;
    char *path;
};

locus_status locus_catalog_open(const char *path, locus_catalog **out, locus_error *err) {
    *out = NULL;
    locus_catalog *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(path))) {
        free(c);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    char lang[32];
    locus_status st = locus_open_reader(path, &c->db, lang, err);
    if (st) {
        locus_catalog_close(c);
        return st;
    }
    *out = c;
    return LOCUS_OK;
}

void locus_catalog_close(locus_catalog *c) {
    if (!c) return;
    xdb_close(c->db, NULL);
    free(c->path);
    free(c);
}

locus_status locus_catalog_lookup(locus_catalog *c, const char *key, locus_stamp *out,
                                  bool *found, locus_error *err) {
    return locus_stamp_lookup(c->db, c->path, key, out, found, err);
}

locus_status locus_catalog_list(locus_catalog *c, locus_entry **out, size_t *n, locus_error *err) {
    return locus_stamp_list(c->db, c->path, out, n, err);
}

locus_status locus_catalog_check(locus_catalog *c, locus_check_report *report, locus_error *err) {
    memset(report, 0, sizeof *report);
    locus_entry *e = NULL;
    size_t n = 0;
    locus_status st = locus_stamp_list(c->db, c->path, &e, &n, err);
    if (st) return st;
    uint32_t docs = 0;
    xdb_error xe;
    if (xdb_doc_count(c->db, &docs, &xe)) {
        locus_entries_free(e, n);
        return locus_error_from_xdb(&xe, c->path, err);
    }
    report->releases = n;
    report->passages = docs;
    uint64_t listed = 0;
    for (size_t i = 0; i < n; i++) {
        char term[XDB_MAX_TERM + 1];
        size_t tl = locus_release_term(e[i].path, term);
        uint32_t have = 0;
        if (xdb_term_freq(c->db, term, tl, &have, &xe)) {
            st = locus_error_from_xdb(&xe, c->path, err);
            break;
        }
        listed += have;
        if (have != e[i].stamp.passages) {
            if (!report->problems++)
                snprintf(report->first, sizeof report->first,
                         "%s: the index holds %u passages of it, its stamp says %u", e[i].path,
                         have, e[i].stamp.passages);
        }
    }
    if (!st && listed != docs) {
        if (!report->problems++)
            snprintf(report->first, sizeof report->first,
                     "%llu passages belong to no listed release",
                     (unsigned long long)(docs > listed ? docs - listed : 0));
    }
    locus_entries_free(e, n);
    return st;
}
