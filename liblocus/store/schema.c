#include "store/schema.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/acronym.h"
#include "store/build_note.h"
#include "text/analyzer.h"
#include <locus/paths.h>
#include <locus/text.h>

size_t locus_release_term(const char *path, char buf[XDB_MAX_TERM + 1]) {
    size_t plen = strlen(LOCUS_PREFIX_RELEASE), n = strlen(path);
    if (n <= 200) { /* short enough for a term, and for a metadata key with a prefix */
        memcpy(buf, LOCUS_PREFIX_RELEASE, plen);
        memcpy(buf + plen, path, n);
        buf[plen + n] = '\0';
        return plen + n;
    }
    /* a 64-bit hash plus the length: a path this long is unusual enough */
    uint64_t h = locus_content_hash(path, n);
    return (size_t)snprintf(buf, XDB_MAX_TERM + 1, "%s#%016llx-%zu", LOCUS_PREFIX_RELEASE,
                            (unsigned long long)h, n);
}

size_t locus_stamp_key(const char *path, char buf[XDB_MAX_TERM + 2]) {
    char term[XDB_MAX_TERM + 1];
    locus_release_term(path, term);
    return (size_t)snprintf(buf, XDB_MAX_TERM + 2, "%s%s", LOCUS_META_RELEASE, term);
}

locus_status locus_stamp_encode(const locus_stamp *st, const char *path, char **out, size_t *len,
                                locus_error *err) {
    size_t n = strlen(path) + 128;
    char *s = malloc(n);
    if (!s) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    int w = snprintf(s, n, "2 %llu %lld %lld %016llx %u %llu\n%s", (unsigned long long)st->size,
                     (long long)st->mtime_sec, (long long)st->mtime_nsec,
                     (unsigned long long)st->hash, st->passages, (unsigned long long)st->version,
                     path);
    *out = s;
    *len = (size_t)w;
    return LOCUS_OK;
}

bool locus_stamp_decode(const char *value, size_t len, locus_stamp *st, char **path) {
    const char *nl = memchr(value, '\n', len);
    if (!nl || len < 2 || value[0] != '2' || value[1] != ' ') return false;
    char head[200];
    size_t hl = (size_t)(nl - value);
    if (hl >= sizeof head) return false;
    memcpy(head, value, hl);
    head[hl] = '\0';
    unsigned long long size, hash, version;
    long long sec, nsec;
    unsigned passages;
    if (sscanf(head, "2 %llu %lld %lld %llx %u %llu", &size, &sec, &nsec, &hash, &passages,
               &version) != 6)
        return false;
    *st = (locus_stamp){size, sec, nsec, hash, passages, version};
    if (path) {
        size_t pl = len - hl - 1;
        if (!(*path = malloc(pl + 1))) return false;
        memcpy(*path, nl + 1, pl);
        (*path)[pl] = '\0';
    }
    return true;
}

size_t locus_version_term(uint64_t version, char buf[32]) {
    return (size_t)snprintf(buf, 32, "%s%llu", LOCUS_PREFIX_VERSION, (unsigned long long)version);
}

size_t locus_shard_place_format(unsigned k, unsigned n, char *buf, size_t size) {
    int len = snprintf(buf, size, "%u %u", k, n);
    return len < 0 ? 0 : (size_t)len < size ? (size_t)len : size - 1;
}

bool locus_shard_place_parse(const char *value, unsigned *k, unsigned *n) {
    return value && sscanf(value, "%u %u", k, n) == 2 && *n > 1 && *k < *n;
}

bool locus_hidden_parse(const char *value, size_t len, uint64_t **out, size_t *n) {
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && value[i] == ' ') i++;
        if (i == len) break;
        uint64_t v = 0;
        for (; i < len && value[i] >= '0' && value[i] <= '9'; i++) v = v * 10 + (uint64_t)(value[i] - '0');
        while (i < len && value[i] != ' ') i++;  /* skip anything else */
        if (!v) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            uint64_t *x = realloc(*out, cap * sizeof *x);
            if (!x) {
                free(*out);
                *out = NULL;
                *n = 0;
                return false;
            }
            *out = x;
        }
        (*out)[(*n)++] = v;
    }
    return true;
}

locus_status locus_error_from_xdb(const xdb_error *xe, const char *what, locus_error *err) {
    locus_status st;
    switch (xe->status) {
    case XDB_OK: return LOCUS_OK;
    case XDB_ERR_NOT_FOUND: st = LOCUS_ERR_NO_INDEX; break;
    case XDB_ERR_LOCKED: st = LOCUS_ERR_LOCKED; break;
    case XDB_ERR_VERSION: st = LOCUS_ERR_INCOMPATIBLE; break;
    case XDB_ERR_NO_MEMORY: st = LOCUS_ERR_NO_MEMORY; break;
    case XDB_ERR_WILDCARD: st = LOCUS_ERR_QUERY; break;
    case XDB_ERR_PERMISSION: st = LOCUS_ERR_PERMISSION; break;
    case XDB_ERR_NETWORK: st = LOCUS_ERR_IO; break;  /* a remote shard: down, or too slow */
    default: st = LOCUS_ERR_INDEX; break;
    }
    return locus_error_set(err, st, "%s: %s (%s)", what, xdb_status_string(xe->status), xe->message);
}

static locus_status get_meta(xdb_db *db, const char *path, const char *key, char **out,
                             locus_error *err) {
    xdb_error xe;
    if (xdb_metadata_get(db, key, out, NULL, &xe)) return locus_error_from_xdb(&xe, path, err);
    return LOCUS_OK;
}

locus_status locus_schema_check(xdb_db *db, const char *path, int writable, locus_error *err) {
    char *schema = NULL, *analyzer = NULL;
    locus_status st;
    if ((st = get_meta(db, path, LOCUS_META_SCHEMA, &schema, err)) ||
        (st = get_meta(db, path, LOCUS_META_ANALYZER, &analyzer, err)))
        goto out;
    char want_schema[16], want_analyzer[16];
    snprintf(want_schema, sizeof want_schema, "%d", LOCUS_SCHEMA_VERSION);
    snprintf(want_analyzer, sizeof want_analyzer, "%d", LOCUS_ANALYZER_VERSION);
    if (!*schema) {
        uint32_t docs = 0;
        xdb_error xe;
        if (xdb_doc_count(db, &docs, &xe)) {
            st = locus_error_from_xdb(&xe, path, err);
            goto out;
        }
        if (docs > 0) {
            st = locus_error_set(err, LOCUS_ERR_INCOMPATIBLE,
                                 "%s: not a locus index (a Xapian database without locus settings)", path);
            goto out;
        }
        if (!writable) goto out; /* an empty index: nothing to check */
        if (xdb_metadata_set(db, LOCUS_META_SCHEMA, want_schema, strlen(want_schema), &xe) ||
            xdb_metadata_set(db, LOCUS_META_ANALYZER, want_analyzer, strlen(want_analyzer), &xe)) {
            st = locus_error_from_xdb(&xe, path, err);
            goto out;
        }
        goto out;
    }
    if (strcmp(schema, want_schema) != 0 || strcmp(analyzer, want_analyzer) != 0)
        st = locus_error_set(err, LOCUS_ERR_INCOMPATIBLE,
                             "%s: index written by another version of locus (schema %s, analyzer %s; "
                             "this one needs %s and %s): rebuild it with locus-index --rebuild",
                             path, schema, *analyzer ? analyzer : "?", want_schema, want_analyzer);
out:
    free(schema);
    free(analyzer);
    return st;
}

size_t locus_acronym_term(const char *acronym, const char *long_form, char buf[XDB_MAX_TERM + 1]) {
    size_t pl = strlen(LOCUS_PREFIX_ACRONYM), al = strlen(acronym), ll = strlen(long_form);
    if (pl + 2 * al + 2 + ll > XDB_MAX_TERM) return 0;
    char *p = buf;
    memcpy(p, LOCUS_PREFIX_ACRONYM, pl);
    p += pl;
    for (size_t i = 0; i < al; i++) {
        char c = acronym[i];
        *p++ = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    *p++ = '\t';
    memcpy(p, acronym, al);
    p += al;
    *p++ = '\t';
    memcpy(p, long_form, ll);
    p += ll;
    *p = '\0';
    return (size_t)(p - buf);
}

bool locus_acronym_term_parse(const char *term, size_t len, char *acronym, char *long_form) {
    size_t pl = strlen(LOCUS_PREFIX_ACRONYM);
    if (len <= pl || memcmp(term, LOCUS_PREFIX_ACRONYM, pl) != 0 || len > XDB_MAX_TERM) return false;
    const char *a = memchr(term + pl, '\t', len - pl);
    if (!a) return false;
    a++;
    const char *l = memchr(a, '\t', len - (size_t)(a - term));
    if (!l || (size_t)(l - a) >= LOCUS_ACRONYM_MAX || l == a) return false;
    memcpy(acronym, a, (size_t)(l - a));
    acronym[l - a] = '\0';
    l++;
    size_t ll = len - (size_t)(l - term);
    if (!ll) return false;
    memcpy(long_form, l, ll);
    long_form[ll] = '\0';
    return true;
}

typedef struct lang_scan {
    int (*fn)(const char *code, void *ctx);
    void *ctx;
} lang_scan;

static int lang_term(const char *t, size_t len, uint32_t freq, void *ctx) {
    (void)freq;
    lang_scan *ls = ctx;
    size_t pl = strlen(LOCUS_PREFIX_LANGUAGE);
    char code[32];
    if (len <= pl || len - pl >= sizeof code) return 0;
    memcpy(code, t + pl, len - pl);
    code[len - pl] = '\0';
    return ls->fn(code, ls->ctx);
}

locus_status locus_index_language_scan(xdb_db *db, const char *path,
                                       int (*fn)(const char *code, void *ctx), void *ctx,
                                       locus_error *err) {
    lang_scan ls = {fn, ctx};
    xdb_error xe;
    if (xdb_terms_with_prefix(db, LOCUS_PREFIX_LANGUAGE, strlen(LOCUS_PREFIX_LANGUAGE), lang_term,
                              &ls, &xe))
        return locus_error_from_xdb(&xe, path, err);
    return LOCUS_OK;
}

locus_status locus_open_reader(const char *path, double timeout, xdb_db **out, locus_error *err) {
    *out = NULL;
    xdb_error xe;
    if (xdb_open_read_timeout(path, timeout, out, &xe)) {
        if (!strncmp(xe.message, "shard ", 6))  /* one shard of a stub: the message names it */
            return locus_error_from_xdb(&xe, path, err);
        /* a folder this user may not list looks like no database to Xapian */
        struct stat sb;
        bool exists = stat(path, &sb) == 0, folder = exists && S_ISDIR(sb.st_mode);
        if ((xe.status == XDB_ERR_NOT_FOUND || xe.status == XDB_ERR_OPENING) && folder &&
            access(path, R_OK | X_OK) != 0 && errno == EACCES)
            return locus_error_set(err, LOCUS_ERR_PERMISSION, "%s: permission denied", path);
        /* a file that is not a stub of shards (a FIFO, a device, any other file) */
        if ((xe.status == XDB_ERR_NOT_FOUND || xe.status == XDB_ERR_OPENING) && exists && !folder)
            return locus_error_set(err, LOCUS_ERR_NO_INDEX,
                                   "%s: not an index (neither an index folder nor a stub of shards)",
                                   path);
        if (xe.status == XDB_ERR_PERMISSION)
            return locus_error_set(err, LOCUS_ERR_PERMISSION, "%s: permission denied (%s)", path,
                                   xe.message);
        locus_build_note note;
        if ((xe.status == XDB_ERR_NOT_FOUND || xe.status == XDB_ERR_OPENING) &&
            locus_build_note_read(path, &note))
            return note.running
                ? locus_error_set(err, LOCUS_ERR_NO_INDEX,
                                  "%s: the index is being built (%zu of %zu releases read so far, "
                                  "by process %ld): search again when locus-index has finished",
                                  path, note.done, note.total, (long)note.pid)
                : locus_error_set(err, LOCUS_ERR_NO_INDEX,
                                  "%s: the index's first build was interrupted (%zu of %zu releases "
                                  "read): run locus-index -d %s again to finish it",
                                  path, note.done, note.total, path);
        if (xe.status == XDB_ERR_NOT_FOUND || xe.status == XDB_ERR_OPENING)
            return locus_error_set(err, LOCUS_ERR_NO_INDEX,
                                   "%s: no index there (build one with locus-index -d %s PATH...)",
                                   path, path);
        return locus_error_from_xdb(&xe, path, err);
    }
    locus_status st = LOCUS_OK;
    for (size_t k = 0; k < xdb_shard_count(*out) && !st; k++) {  /* every shard: any may differ */
        char name[PATH_MAX + 64];
        const char *shard = xdb_shard_name(*out, k);
        snprintf(name, sizeof name, "%s%s%s", path, *shard ? ", shard " : "", shard);
        st = locus_schema_check(xdb_shard(*out, k), name, 0, err);
    }
    if (st) {
        xdb_close(*out, NULL);
        *out = NULL;
    }
    return st;
}
