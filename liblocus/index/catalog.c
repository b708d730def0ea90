#include "store/stamps.h"
#include "util/wait.h"
#include <locus/shards.h>
#include "store/schema.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <locus/writer.h>
#include "xdb/xdb.h"

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
    locus_status st = locus_open_reader(path, 0, &c->db, err);
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

/* Each shard keeps the stamps of its own releases (a single index is its one shard). */
locus_status locus_catalog_lookup(locus_catalog *c, const char *key, locus_stamp *out,
                                  bool *found, locus_error *err) {
    locus_status st = LOCUS_OK;
    *found = false;
    for (size_t k = 0; k < xdb_shard_count(c->db) && !st && !*found; k++)
        st = locus_stamp_lookup(xdb_shard(c->db, k), c->path, key, out, found, err);
    return st;
}

locus_status locus_catalog_list(locus_catalog *c, locus_entry **out, size_t *n, locus_error *err) {
    size_t shards = xdb_shard_count(c->db);
    if (shards <= 1) return locus_stamp_list(c->db, c->path, out, n, err);
    *out = NULL;
    *n = 0;
    locus_entry *all = NULL;
    size_t total = 0;
    for (size_t k = 0; k < shards; k++) {
        locus_entry *e = NULL;
        size_t m = 0;
        locus_status st = locus_stamp_list(xdb_shard(c->db, k), c->path, &e, &m, err);
        locus_entry *grown = st ? NULL : realloc(all, (total + m + 1) * sizeof *all);
        if (!grown) {
            locus_entries_free(e, m);
            locus_entries_free(all, total);
            return st ? st : locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        }
        all = grown;
        memcpy(all + total, e, m * sizeof *e);
        total += m;
        free(e);
    }
    locus_entries_sort(all, total);
    *out = all;
    *n = total;
    return LOCUS_OK;
}

/* Notes a problem: counts it, and keeps the first as a sentence. */
static void problem(locus_check_report *report, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(locus_check_report *report, const char *fmt, ...) {
    if (!report->problems++) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(report->first, sizeof report->first, fmt, ap);
        va_end(ap);
    }
}

typedef struct data_check {
    const char *release;
    size_t bad;
} data_check;

/* Every passage's stored data must read back as a record of its release. */
static int check_data(uint32_t docid, const char *data, size_t len, void *ctx) {
    (void)docid;
    data_check *d = ctx;
    locus_record rec;
    locus_error e;
    if (locus_record_decode(data, len, &rec, &e) != LOCUS_OK) {
        d->bad++;
        return 0;
    }
    if (strcmp(rec.path, d->release) != 0) d->bad++;
    locus_record_release(&rec);
    return 0;
}

/* Holds the writers' lock of the index at PATH shared (no writer can start; other checks can
 * run) in *FD, waiting up to LOCK_WAIT seconds. False when a writer kept it that long; *FD is -1
 * when the index has no lock file (no writer of this version has opened it). */
static bool hold_readers_lock(const char *path, double lock_wait, int *fd) {
    char lp[PATH_MAX];
    snprintf(lp, sizeof lp, "%s/%s", path, LOCUS_WRITER_LOCK);
    int e;
    switch (locus_lock_wait(lp, false, locus_now() + lock_wait, 0.005, fd, &e)) {
    case LOCUS_LOCK_HELD: return true;
    case LOCUS_LOCK_NO_FILE:
    case LOCUS_LOCK_OPEN_FAILED: *fd = -1; return true;  /* no writer of this version opened it */
    default: *fd = -1; return false;
    }
}

/* Xapian's own check of every table. It reads the tables as they are on disk, so it runs while
 * no writer can commit: with the writers' lock held shared. */
static locus_status check_tables(const char *path, double lock_wait, locus_check_report *report,
                                 locus_error *err) {
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {  /* a stub: its shards are not checked */
        snprintf(report->tables, sizeof report->tables, "a stub of shards");
        return LOCUS_OK;
    }
    int fd;
    if (!hold_readers_lock(path, lock_wait, &fd)) {
        snprintf(report->tables, sizeof report->tables, "a writer kept the index busy for %.0f s",
                 lock_wait);
        return LOCUS_OK;
    }
    size_t found = 0;
    char first[512] = "";
    xdb_error xe;
    locus_status st = LOCUS_OK;
    if (xdb_check(path, &found, first, sizeof first, &xe)) st = locus_error_from_xdb(&xe, path, err);
    if (fd >= 0) close(fd);
    if (st || !found) return st;
    report->problems += found - 1;
    problem(report, "Xapian's check of the tables found %zu error%s: %s", found, found == 1 ? "" : "s",
            first);
    return LOCUS_OK;
}

/* The releases and passages of the open catalog C against each other. A failure to read the
 * index is returned as LOCUS_ERR_INDEX, for the caller to count as damage. */
static locus_status check_releases(locus_catalog *c, locus_check_report *report, locus_error *err) {
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
    /* the passages of hidden versions: a large release being written, or what a kill left */
    uint64_t pending = 0;
    char *hv = NULL;
    size_t hl = 0;
    uint64_t *hidden = NULL;
    size_t nh = 0;
    if (xdb_metadata_get(c->db, LOCUS_META_HIDDEN, &hv, &hl, &xe)) {
        locus_entries_free(e, n);
        return locus_error_from_xdb(&xe, c->path, err);
    }
    bool parsed = locus_hidden_parse(hv, hl, &hidden, &nh);
    free(hv);
    if (!parsed) {
        locus_entries_free(e, n);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    for (size_t i = 0; i < nh && !st; i++) {
        char vt[32];
        uint32_t k = 0;
        if (xdb_term_freq(c->db, vt, locus_version_term(hidden[i], vt), &k, &xe))
            st = locus_error_from_xdb(&xe, c->path, err);
        pending += k;
    }
    free(hidden);
    report->releases = n;
    report->pending = pending;
    report->passages = docs > pending ? docs - pending : 0;
    uint64_t listed = 0;
    for (size_t i = 0; i < n && !st; i++) {
        char term[XDB_MAX_TERM + 1];  /* its passages: those of the version its stamp names */
        size_t tl = locus_version_term(e[i].stamp.version, term);
        uint32_t have = 0;
        if (xdb_term_freq(c->db, term, tl, &have, &xe)) {
            st = locus_error_from_xdb(&xe, c->path, err);
            break;
        }
        listed += have;
        if (have != e[i].stamp.passages)
            problem(report, "%s: the index holds %u passages of it, its stamp says %u", e[i].path,
                    have, e[i].stamp.passages);
        data_check d = {e[i].path, 0};
        if (xdb_docs_with_term(c->db, term, tl, check_data, &d, &xe))
            problem(report, "%s: its passages cannot be read: %s (%s)", e[i].path,
                    xdb_status_string(xe.status), xe.message);
        else if (d.bad)
            problem(report, "%s: %zu of its passages hold data that is not a locus record of it",
                    e[i].path, d.bad);
    }
    if (!st && listed + pending != docs)
        problem(report, "%llu passages belong to no listed release",
                (unsigned long long)(docs > listed + pending ? docs - listed - pending : 0));
    locus_entries_free(e, n);
    return st;
}

/* check_releases on one revision of the index: a writer committing meanwhile makes the reads
 * span two revisions (stamps of one, passages of the other), or fail when commits come faster
 * than the reader's retries, so the check is redone until the revision stays the same
 * throughout: five times at once, then with the writers' lock held shared (no commit can come)
 * when a writer lets it go within LOCK_WAIT, then with pauses. What a try over two revisions
 * found is never reported as damage: when no try saw one revision throughout (a writer that
 * commits faster than the index can be read), the releases go uncompared, report->unsettled says
 * so, and only what every read proved stays (an index that cannot be read). */
static locus_status check_one_revision(locus_catalog *c, double lock_wait,
                                       locus_check_report *report, locus_error *err) {
    locus_status st = LOCUS_OK;
    bool settled = false;
    enum { TRIES = 12 };
    for (int attempt = 0; attempt < TRIES && !settled; attempt++) {
        int fd = -1;
        if (attempt == 5 && !hold_readers_lock(c->path, lock_wait, &fd)) fd = -1;
        if (attempt > 5) locus_nap((attempt - 5) * 0.1);  /* 100 ... 600 ms: a pause between a bulk build's commits */
        xdb_error xe;
        uint64_t before = 0, after = 0;
        memset(report, 0, sizeof *report);
        if (xdb_reopen(c->db, &xe) || xdb_revision(c->db, &before, &xe)) {
            st = locus_error_from_xdb(&xe, c->path, err);
        } else {
            st = check_releases(c, report, err);
            if (xdb_revision(c->db, &after, &xe) && !st) st = locus_error_from_xdb(&xe, c->path, err);
        }
        bool locked = fd >= 0;
        if (fd >= 0) close(fd);
        if (st == LOCUS_ERR_INDEX && attempt < TRIES - 1) continue;  /* read failures: again */
        if (st) break;
        settled = before == after || locked;
    }
    if (!st && !settled) {
        size_t releases = report->releases;
        memset(report, 0, sizeof *report);
        report->releases = releases;
        snprintf(report->unsettled, sizeof report->unsettled,
                 "a writer committed all through %d tries; check again when it is done", TRIES);
    }
    return st;
}

/* Adds what the check of one shard, NAME, found (IN) to the report of the whole set (OUT). */
static void add_shard_report(locus_check_report *out, const locus_check_report *in, const char *name) {
    out->releases += in->releases;
    out->passages += in->passages;
    out->pending += in->pending;
    /* cut to the report's sizes: the shard's name first */
    if (in->problems && !out->problems)
        snprintf(out->first, sizeof out->first, "shard %.60s: %.690s", name, in->first);
    out->problems += in->problems;
    if (in->tables[0] && !out->tables[0])
        snprintf(out->tables, sizeof out->tables, "shard %.40s: %.75s", name, in->tables);
    if (in->unsettled[0] && !out->unsettled[0])
        snprintf(out->unsettled, sizeof out->unsettled, "shard %.40s: %.75s", name, in->unsettled);
}

/* Each release of shard K of C sits in the shard its key routes to (when the shard knows its
 * place in the set: LOCUS_META_SHARD). */
static locus_status check_routing(locus_catalog *c, size_t k, locus_check_report *report,
                                  locus_error *err) {
    xdb_db *db = xdb_shard(c->db, k);
    char *v = NULL;
    xdb_error xe;
    if (xdb_metadata_get(db, LOCUS_META_SHARD, &v, NULL, &xe)) return locus_error_from_xdb(&xe, c->path, err);
    unsigned self = 0, of = 0;
    bool placed = locus_shard_place_parse(v, &self, &of);
    free(v);
    if (!placed) return LOCUS_OK;
    if (of != xdb_shard_count(c->db) || self != k)
        problem(report, "shard %s is shard %u of %u, but the stub lists it as %zu of %zu",
                xdb_shard_name(c->db, k), self, of, k, xdb_shard_count(c->db));
    locus_entry *e = NULL;
    size_t n = 0;
    locus_status st = locus_stamp_list(db, c->path, &e, &n, err);
    for (size_t i = 0; i < n && !st; i++)
        if (locus_shard_of(e[i].path, of) != self)
            problem(report, "%s: in shard %s, but its key belongs in shard %u", e[i].path,
                    xdb_shard_name(c->db, k), locus_shard_of(e[i].path, of));
    locus_entries_free(e, n);
    return st;
}

/* The check of a stub of shards: each local shard checked as an index of its own, each remote
 * one for its releases (its tables are checked where it is served), and where each release
 * sits. */
static locus_status check_shards(locus_catalog *c, double lock_wait, locus_check_report *report,
                                 locus_error *err) {
    locus_status st = LOCUS_OK;
    for (size_t k = 0; k < xdb_shard_count(c->db) && !st; k++) {
        const char *name = xdb_shard_name(c->db, k), *local = xdb_shard_path(c->db, k);
        locus_check_report one;
        if (*local) {
            st = locus_index_check(local, lock_wait, &one, err);
        } else {
            locus_catalog shard = {xdb_shard(c->db, k), (char *)name};
            memset(&one, 0, sizeof one);
            st = check_releases(&shard, &one, err);
            snprintf(one.tables, sizeof one.tables, "a remote shard (check it where it is served)");
        }
        if (!st) {
            add_shard_report(report, &one, name);
            if (report->shards < LOCUS_SHARDS_MAX) {
                report->shard_releases[report->shards] = one.releases;
                report->shard_passages[report->shards++] = one.passages;
            }
        }
        if (!st) st = check_routing(c, k, report, err);
    }
    return st;
}

locus_status locus_index_check(const char *path, double lock_wait, locus_check_report *report,
                               locus_error *err) {
    memset(report, 0, sizeof *report);
    locus_catalog *c = NULL;
    locus_status st = locus_catalog_open(path, &c, err);
    if (st == LOCUS_OK && xdb_is_stub(c->db)) {
        st = check_shards(c, lock_wait, report, err);
        locus_catalog_close(c);
        return st;
    }
    /* The tables first: libxapian 1.4.22 reads past the end of a damaged block when asked for
     * a document in it, so the releases are read only from tables its checker passed. */
    bool opened = st == LOCUS_OK;
    if (opened) st = check_tables(path, lock_wait, report, err);
    if (opened && st == LOCUS_OK && !report->problems) {
        char tables[sizeof report->tables];  /* the walk starts its report afresh */
        memcpy(tables, report->tables, sizeof tables);
        st = check_one_revision(c, lock_wait, report, err);
        memcpy(report->tables, tables, sizeof tables);
    }
    if (opened) locus_catalog_close(c);
    if (st == LOCUS_ERR_INDEX) {  /* it opened (or exists) but cannot be read: damage */
        problem(report, "the index cannot be read: %s", err->message);
        st = opened ? LOCUS_OK : check_tables(path, lock_wait, report, err);
    }
    return st;
}
