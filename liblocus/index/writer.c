#define _GNU_SOURCE  /* renameat2 and RENAME_EXCHANGE: compaction swaps folders */
#include <locus/writer.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "text/acronym.h"
#include "store/build_note.h"
#include "text/analyzer.h"
#include "store/stamps.h"
#include "util/wait.h"
#include <locus/shards.h>
#include "text/language.h"
#include "text/stopwords.h"
#include "store/schema.h"
#include "xdb/xdb.h"

/* Changes to the spelling dictionary, summed per word over a batch and applied to Xapian
 * just before the batch commits (one call per distinct word instead of one per token). */
typedef struct spell_delta {
    char **words;
    int64_t *counts;
    size_t cap, used;      /* open addressing; cap is a power of two */
} spell_delta;

struct locus_writer {
    xdb_db *db;
    char *path;
    int lock_fd;           /* holds LOCUS_WRITER_LOCK for the writer's lifetime */
    locus_analyzer *analyzer;
    char forced[LOCUS_LANG_MAX];  /* the language of every release; "" : each release's own */
    char current[LOCUS_LANG_MAX]; /* the language of the release being written */
    bool in_batch;
    size_t batch_passages, batch_limit;
    double batch_started;     /* when the open batch began (monotonic seconds) */
    double commit_every;      /* > 0: a batch also commits once it is this many seconds old */
    spell_delta spell;
    uint64_t version;      /* the last version number given out (LOCUS_META_VERSION) */
    uint64_t version_step; /* 1; the number of parts in a bulk build, or of shards (disjoint
                              numbers) */
    unsigned shard, shards;  /* shard SHARD of SHARDS (LOCUS_META_SHARD); SHARDS 0: no set */
    uint64_t *hidden;      /* the versions searches must not see (LOCUS_META_HIDDEN) */
    size_t n_hidden;
    const volatile sig_atomic_t *cancel;  /* non-zero: stop a long write at the next commit */
    locus_progress_fn progress;           /* told after each commit of a long write */
    void *progress_ctx;
};

static void spell_clear(spell_delta *d) {
    for (size_t i = 0; i < d->cap; i++) free(d->words[i]);
    free(d->words);
    free(d->counts);
    memset(d, 0, sizeof *d);
}

static bool spell_grow(spell_delta *d) {
    size_t cap = d->cap ? d->cap * 2 : 1024;
    char **w = calloc(cap, sizeof *w);
    int64_t *c = calloc(cap, sizeof *c);
    if (!w || !c) {
        free(w);
        free(c);
        return false;
    }
    for (size_t i = 0; i < d->cap; i++) {
        if (!d->words[i]) continue;
        size_t k = locus_content_hash(d->words[i], strlen(d->words[i])) & (cap - 1);
        while (w[k]) k = (k + 1) & (cap - 1);
        w[k] = d->words[i];
        c[k] = d->counts[i];
    }
    free(d->words);
    free(d->counts);
    d->words = w;
    d->counts = c;
    d->cap = cap;
    return true;
}

/* Adds DELTA to the pending count of WORD (N bytes). */
static bool spell_add(spell_delta *d, const char *word, size_t n, int64_t delta) {
    if ((d->used + 1) * 4 > d->cap * 3 && !spell_grow(d)) return false;
    size_t k = locus_content_hash(word, n) & (d->cap - 1);
    while (d->words[k]) {
        if (strlen(d->words[k]) == n && memcmp(d->words[k], word, n) == 0) {
            d->counts[k] += delta;
            return true;
        }
        k = (k + 1) & (d->cap - 1);
    }
    if (!(d->words[k] = strndup(word, n))) return false;
    d->counts[k] = delta;
    d->used++;
    return true;
}

/* Adds the counts of FROM to TO. */
static locus_status spell_merge(spell_delta *to, const spell_delta *from, locus_error *err) {
    for (size_t i = 0; i < from->cap; i++)
        if (from->words[i] && from->counts[i] &&
            !spell_add(to, from->words[i], strlen(from->words[i]), from->counts[i]))
            return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    return LOCUS_OK;
}

/* Applies the pending spelling changes to the index, then forgets them. */
static locus_status spell_apply(locus_writer *w, locus_error *err) {
    spell_delta *d = &w->spell;
    xdb_error xe;
    for (size_t i = 0; i < d->cap; i++) {
        if (!d->words[i] || d->counts[i] == 0) continue;
        size_t n = strlen(d->words[i]);
        int64_t c = d->counts[i];
        xdb_status xs = c > 0 ? xdb_spelling_add(w->db, d->words[i], n, (uint32_t)c, &xe)
                              : xdb_spelling_remove(w->db, d->words[i], n, (uint32_t)-c, &xe);
        if (xs) {
            spell_clear(d);
            return locus_error_from_xdb(&xe, w->path, err);
        }
    }
    spell_clear(d);
    return LOCUS_OK;
}

/* Creates the parent folders of PATH (like mkdir -p of its dirname). */
static locus_status make_parents(const char *path, locus_error *err) {
    char *p = strdup(path);
    if (!p) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            locus_status st = locus_error_set(err, LOCUS_ERR_IO, "%s: cannot create folder %s: %s",
                                              path, p, strerror(errno));
            free(p);
            return st;
        }
        *s = '/';
    }
    free(p);
    return LOCUS_OK;
}

/* Whether NAME is a file Xapian writes in a database folder: the lock, the version file and
 * its temporary, the tables. A folder holding only such files is a database, or one whose
 * creation was interrupted (a kill before "iamglass" was renamed into place), or one another
 * writer is creating right now: opening it for writing takes the lock and completes it. */
static bool xapian_file(const char *name) {
    static const char *const exact[] = {"flintlock", "iamglass", "iamchert", LOCUS_WRITER_LOCK,
                                        LOCUS_BULK_DIR};
    static const char *const endings[] = {".glass", ".tmp", ".DB", ".baseA", ".baseB"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (!strcmp(name, exact[i])) return true;
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        size_t e = strlen(endings[i]);
        if (n > e && !strcmp(name + n - e, endings[i])) return true;
    }
    return false;
}

/* Refuses to turn a folder that holds other things into an index: Xapian would create its
 * files among them. An empty folder, a missing one, or a Xapian database (finished or not) are
 * fine. */
static locus_status check_target(const char *path, locus_error *err) {
    struct stat sb;
    if (stat(path, &sb) != 0) return LOCUS_OK;  /* created below */
    if (!S_ISDIR(sb.st_mode))
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: exists and is not an index folder", path);
    DIR *d = opendir(path);
    if (!d) return locus_error_set(err, errno == EACCES ? LOCUS_ERR_PERMISSION : LOCUS_ERR_IO,
                                   "%s: %s", path, strerror(errno));
    bool foreign = false;
    struct dirent *e;
    while (!foreign && (e = readdir(d)))
        foreign = strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !xapian_file(e->d_name);
    closedir(d);
    if (foreign)
        return locus_error_set(err, LOCUS_ERR_INVALID,
                               "%s: this folder holds other files and no index: give a new or empty "
                               "folder to -d", path);
    return LOCUS_OK;
}

/* Takes the writers' lock of the index folder PATH (created first when missing), waiting until
 * DEADLINE. The kernel drops it when the process dies, however it dies. */
static locus_status take_lock(const char *path, double deadline, double lock_wait, int *fd_out,
                              locus_error *err) {
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return locus_error_set(err, errno == EACCES ? LOCUS_ERR_PERMISSION : LOCUS_ERR_IO,
                               "%s: cannot create the index folder: %s", path, strerror(errno));
    char lp[PATH_MAX];
    if ((size_t)snprintf(lp, sizeof lp, "%s/%s", path, LOCUS_WRITER_LOCK) >= sizeof lp)
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", path);
    int e;
    switch (locus_lock_wait(lp, true, deadline, 0.05, fd_out, &e)) {
    case LOCUS_LOCK_HELD: return LOCUS_OK;
    case LOCUS_LOCK_TIMEOUT:
        return locus_error_set(err, LOCUS_ERR_LOCKED,
                               "%s: index is locked by another locus-index (waited %.0f s)", path,
                               lock_wait > 0 ? lock_wait : 0);
    case LOCUS_LOCK_FAILED: return locus_error_set(err, LOCUS_ERR_IO, "%s: cannot lock: %s", path, strerror(e));
    default:
        if (e == EACCES || e == EROFS || e == EPERM)  /* a read-only index: no point in waiting */
            return locus_error_set(err, LOCUS_ERR_PERMISSION,
                                   "%s: permission denied (cannot open %s for writing: %s)", path,
                                   LOCUS_WRITER_LOCK, strerror(e));
        return locus_error_set(err, LOCUS_ERR_IO, "%s: cannot open %s: %s", path, LOCUS_WRITER_LOCK,
                               strerror(e));
    }
}

/* OUT = A "/" B, or false when it does not fit in SIZE bytes. */
static bool join(char *out, size_t size, const char *a, const char *b) {
    return (size_t)snprintf(out, size, "%s/%s", a, b) < size;
}

static int remove_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)ftw;
    return (flag == FTW_DP ? rmdir(p) : unlink(p)) != 0 && errno != ENOENT ? -1 : 0;
}

/* Removes the folder P and everything in it (nothing when it does not exist). */
static locus_status remove_tree(const char *p, locus_error *err) {
    struct stat sb;
    if (lstat(p, &sb) != 0) return LOCUS_OK;
    if (nftw(p, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        return locus_error_set(err, LOCUS_ERR_IO, "%s: cannot remove: %s", p, strerror(errno));
    return LOCUS_OK;
}

/* With the writers' lock held: when the folder has no finished database ("iamglass"), what
 * Xapian files it holds were left by a creation that was killed before it finished; remove
 * them so that Xapian creates the database afresh. */
static locus_status clear_unfinished(const char *path, locus_error *err) {
    char p[PATH_MAX];
    struct stat sb;
    snprintf(p, sizeof p, "%s/iamglass", path);
    if (stat(p, &sb) == 0) return LOCUS_OK;
    DIR *d = opendir(path);
    if (!d) return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", path, strerror(errno));
    struct dirent *e;
    locus_status st = LOCUS_OK;
    while (!st && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, LOCUS_WRITER_LOCK) || !xapian_file(e->d_name))
            continue;
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        if (!strcmp(e->d_name, LOCUS_BULK_DIR)) continue;  /* clear_leftovers removes it */
        if (unlink(p) != 0 && errno != ENOENT)
            st = locus_error_set(err, LOCUS_ERR_IO, "%s: cannot remove what an interrupted "
                                 "creation left (%s): %s", path, e->d_name, strerror(errno));
    }
    closedir(d);
    return st;
}

/* The folder beside the index PATH where a compaction writes its copy (PATH resolved, without
 * a trailing '/', + LOCUS_COMPACT_SUFFIX) into OUT of SIZE bytes; false when PATH cannot be
 * resolved or the name does not fit. */
static bool compact_dir(char *out, size_t size, const char *path) {
    char real[PATH_MAX];
    if (!realpath(path, real)) return false;
    return (size_t)snprintf(out, size, "%s%s", real, LOCUS_COMPACT_SUFFIX) < size;
}

/* With the writers' lock held: clears what an interrupted creation left (clear_unfinished), the
 * parts of a bulk build that was killed (LOCUS_BULK_DIR, before or after it published) and the
 * copy a killed compaction left beside the index. */
static locus_status clear_leftovers(const char *path, locus_error *err) {
    char bulk[PATH_MAX], copy[PATH_MAX];
    if (!join(bulk, sizeof bulk, path, LOCUS_BULK_DIR))
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", path);
    locus_status st = clear_unfinished(path, err);
    if (!st) st = remove_tree(bulk, err);
    /* best effort: a compaction that just swapped may still be removing it itself */
    if (!st && compact_dir(copy, sizeof copy, path)) remove_tree(copy, NULL);
    return st;
}

static locus_status drop_version(locus_writer *w, uint64_t version, locus_error *err);

/* Reads the version counter and the hidden versions of the index. */
static locus_status load_versions(locus_writer *w, locus_error *err) {
    char *v = NULL;
    size_t len = 0;
    xdb_error xe;
    if (xdb_metadata_get(w->db, LOCUS_META_VERSION, &v, &len, &xe))
        return locus_error_from_xdb(&xe, w->path, err);
    w->version = strtoull(v, NULL, 10);
    free(v);
    /* shard K of N gives out K + N, K + 2N, ...: a version names one release in the whole set */
    if (xdb_metadata_get(w->db, LOCUS_META_SHARD, &v, &len, &xe))
        return locus_error_from_xdb(&xe, w->path, err);
    if (locus_shard_place_parse(v, &w->shard, &w->shards)) {
        w->version_step = w->shards;
        if (w->version < w->shard) w->version = w->shard;
        else w->version -= (w->version - w->shard) % w->shards;
    } else {
        w->shards = 0;
    }
    free(v);
    if (xdb_metadata_get(w->db, LOCUS_META_HIDDEN, &v, &len, &xe))
        return locus_error_from_xdb(&xe, w->path, err);
    bool ok = locus_hidden_parse(v, len, &w->hidden, &w->n_hidden);
    free(v);
    return ok ? LOCUS_OK : locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
}

static locus_status writer_open(const char *path, const char *language, double lock_wait,
                                int flags, locus_writer **out, locus_error *err);

locus_status locus_writer_open(const char *path, const char *language, double lock_wait,
                               locus_writer **out, locus_error *err) {
    return writer_open(path, language, lock_wait, 0, out, err);
}

/* Opens the writer of PATH; FLAGS are xdb_open_write's beyond XDB_OPEN_CREATE. */
static locus_status writer_open(const char *path, const char *language, double lock_wait,
                                int flags, locus_writer **out, locus_error *err) {
    *out = NULL;
    locus_status st = make_parents(path, err);
    if (st || (st = check_target(path, err))) return st;
    locus_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    w->lock_fd = -1;
    w->batch_limit = LOCUS_WRITER_BATCH;
    w->version_step = 1;
    xdb_error xe;
    double deadline = locus_now() + (lock_wait > 0 ? lock_wait : 0);
    if ((st = take_lock(path, deadline, lock_wait, &w->lock_fd, err)) ||
        (st = clear_leftovers(path, err)))
        goto fail;
    for (;;) {  /* a writer that is not locus's own may hold Xapian's lock */
        if (!xdb_open_write(path, XDB_OPEN_CREATE | flags, &w->db, &xe)) break;
        if (xe.status == XDB_ERR_PERMISSION) {  /* a read-only index: no point in waiting */
            st = locus_error_set(err, LOCUS_ERR_PERMISSION, "%s: permission denied (%s)", path,
                                 xe.message);
            goto fail;
        }
        if (xe.status != XDB_ERR_LOCKED) {
            st = locus_error_from_xdb(&xe, path, err);
            goto fail;
        }
        if (locus_now() >= deadline) {
            st = locus_error_set(err, LOCUS_ERR_LOCKED,
                                 "%s: index is locked by another locus-index (waited %.0f s)",
                                 path, lock_wait > 0 ? lock_wait : 0);
            goto fail;
        }
        locus_nap(0.1);
    }
    if (language && !locus_language_code(language, w->forced)) {
        st = locus_error_set(err, LOCUS_ERR_INVALID,
                             "unknown language '%s': give a code such as en, fr, de or ja, a "
                             "stemming language (see --version) or none", language);
        goto fail;
    }
    if ((st = locus_schema_check(w->db, path, 1, err))) goto fail;
    if ((st = locus_analyzer_new(w->forced[0] ? w->forced : "en", &w->analyzer, err))) goto fail;
    if (xdb_commit(w->db, &xe)) { /* make the settings of a new index durable at once */
        st = locus_error_from_xdb(&xe, path, err);
        goto fail;
    }
    if ((st = load_versions(w, err))) goto fail;
    /* what a killed writer left hidden is deleted first */
    while (w->n_hidden && !(st = drop_version(w, w->hidden[0], err))) {
    }
    if (st) goto fail;
    *out = w;
    return LOCUS_OK;
fail:
    xdb_close(w->db, NULL);
    locus_analyzer_free(w->analyzer);
    if (w->lock_fd >= 0) close(w->lock_fd);
    spell_clear(&w->spell);
    free(w->hidden);
    free(w->path);
    free(w);
    return st;
}

void locus_writer_set_cancel(locus_writer *w, const volatile sig_atomic_t *flag) { w->cancel = flag; }

void locus_writer_set_progress(locus_writer *w, locus_progress_fn fn, void *ctx) {
    w->progress = fn;
    w->progress_ctx = ctx;
}

void locus_writer_set_batch(locus_writer *w, size_t passages) {
    w->batch_limit = passages ? passages : 1;
}

const char *locus_writer_language(const locus_writer *w) { return w->forced[0] ? w->forced : NULL; }

/* Whether TEXT holds kana, which only Japanese writes. */
static bool has_kana(const char *text, size_t len) {
    for (size_t i = 0; i + 2 < len; i++)  /* U+3041..U+30FA: E3 81 81 .. E3 83 BA */
        if ((unsigned char)text[i] == 0xE3 && ((unsigned char)text[i + 1] == 0x81 ||
                                               (unsigned char)text[i + 1] == 0x82 ||
                                               (unsigned char)text[i + 1] == 0x83))
            return true;
    return false;
}

/* The language R is analyzed in: the writer's, else the one R declares, else the one CLD2
 * reads in its text, else Japanese when it holds kana, else English. Sets the analyzer to it. */
static locus_status choose_language(locus_writer *w, const locus_release *r, locus_error *err) {
    char code[LOCUS_LANG_MAX] = "";
    if (w->forced[0]) {
        strcpy(code, w->forced);
    } else if (!r->language[0] || !locus_language_code(r->language, code)) {
        enum { SAMPLE = 64 * 1024 };
        char *sample = malloc(SAMPLE);
        if (!sample) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        size_t n = (size_t)snprintf(sample, SAMPLE, "%s\n", r->title);
        if (n >= SAMPLE) n = SAMPLE - 1;
        for (size_t i = 0; i < r->n_passages && n + 1 < SAMPLE; i++) {
            size_t l = strlen(r->passages[i].text);
            if (l > SAMPLE - 1 - n) l = SAMPLE - 1 - n;
            memcpy(sample + n, r->passages[i].text, l);
            n += l;
            if (n + 1 < SAMPLE) sample[n++] = '\n';
        }
        if (!locus_language_detect(sample, n, code)) strcpy(code, has_kana(sample, n) ? "ja" : "en");
        free(sample);
    }
    strcpy(w->current, code);
    return locus_analyzer_set_language(w->analyzer, code, err);
}

/* ---- building a passage document --------------------------------------------------------- */

typedef struct doc_builder {
    xdb_doc *doc;
    spell_delta *spelling; /* count body words for the spelling dictionary, or NULL */
    const char *exact_prefix, *stem_prefix;
    bool english;          /* the release is English: its stop words are indexed without
                              positions (no query needs them: a phrase skips them) */
    char term[XDB_MAX_TERM + 1];
    xdb_error xe;
    bool failed, oom;
} doc_builder;

static size_t prefixed(char *buf, const char *prefix, const char *s, size_t n) {
    size_t p = strlen(prefix);
    if (p + n > XDB_MAX_TERM) return 0;
    memcpy(buf, prefix, p);
    memcpy(buf + p, s, n);
    return p + n;
}

/* Whether a token belongs in the spelling dictionary: letters only. */
static bool spellable(const locus_token *t) {
    for (size_t i = 0; i < t->len; i++)
        if (t->text[i] >= '0' && t->text[i] <= '9') return false;
    return t->len >= 2;
}

/* Whether the token is an English stop word. */
static bool stop_token(const locus_token *t) {
    char word[16];
    if (t->len >= sizeof word) return false;  /* longer than any */
    memcpy(word, t->text, t->len);
    word[t->len] = '\0';
    return locus_stopword("en", word);
}

static int add_token(const locus_token *t, void *ctx) {
    doc_builder *b = ctx;
    size_t n = prefixed(b->term, b->exact_prefix, t->text, t->len);
    if (n && (b->english && stop_token(t) ? xdb_doc_add_term(b->doc, b->term, n, 1, &b->xe)
                                          : xdb_doc_add_posting(b->doc, b->term, n, t->pos, 1, &b->xe)))
        goto fail;
    if (b->spelling && spellable(t) && !spell_add(b->spelling, t->text, t->len, 1)) {
        b->oom = true;
        goto fail;
    }
    n = prefixed(b->term, b->stem_prefix, t->stem, t->stem_len);
    if (n && xdb_doc_add_term(b->doc, b->term, n, 1, &b->xe)) goto fail;
    return 0;
fail:
    b->failed = true;
    return 1;
}

static locus_status index_text(locus_writer *w, doc_builder *b, const char *exact_prefix,
                               const char *stem_prefix, const char *text, locus_error *err) {
    b->exact_prefix = exact_prefix;
    b->stem_prefix = stem_prefix;
    locus_status st = locus_analyze(w->analyzer, text, strlen(text), 1, add_token, b, NULL, err);
    if (st) return st;
    if (b->oom) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    if (b->failed) return locus_error_from_xdb(&b->xe, w->path, err);
    return LOCUS_OK;
}

typedef struct acronym_ctx {
    xdb_doc *doc;
    xdb_error xe;
    bool failed;
} acronym_ctx;

static int add_acronym(const char *acronym, const char *long_form, void *ctx) {
    acronym_ctx *a = ctx;
    char term[XDB_MAX_TERM + 1];
    size_t n = locus_acronym_term(acronym, long_form, term);
    if (n && xdb_doc_add_term(a->doc, term, n, 0, &a->xe)) {
        a->failed = true;
        return 1;
    }
    return 0;
}

static void date_value(const char *iso, char out[9]) {
    size_t n = 0;
    for (const char *s = iso; *s && n < 8; s++)
        if (*s != '-') out[n++] = *s;
    out[n] = '\0';
}

/* The headings above section INDEX of R, outermost first, each followed by '\n', in a new
 * string ("" for a top-level section); NULL when out of memory. */
static char *heading_path(const locus_release *r, int32_t index) {
    size_t len = 0, depth = 0;
    if (index < 0 || (size_t)index >= r->n_sections || !r->section_parents) return strdup("");
    for (int32_t x = r->section_parents[index]; x >= 0 && depth < 64; x = r->section_parents[x], depth++)
        len += strlen(r->sections[x]) + 1;
    char *out = malloc(len + 1);
    if (!out) return NULL;
    out[len] = '\0';
    size_t at = len;
    depth = 0;
    for (int32_t x = r->section_parents[index]; x >= 0 && depth < 64; x = r->section_parents[x], depth++) {
        size_t n = strlen(r->sections[x]);
        at -= n + 1;
        memcpy(out + at, r->sections[x], n);
        out[at + n] = '\n';
    }
    return out;
}

/* The document of passage I of R, in the release KEY (term RTERM) at version VERSION. Its body
 * words are counted in SPELL (NULL: not counted). */
static locus_status build_doc(locus_writer *w, const char *key, const char *rterm, size_t rlen,
                              uint64_t version, const locus_release *r, size_t i,
                              spell_delta *spell, xdb_doc **out, locus_error *err) {
    const locus_passage *p = &r->passages[i];
    xdb_error xe;
    doc_builder b = {.english = strcmp(w->current, "en") == 0};
    if (xdb_doc_new(&b.doc, &xe)) return locus_error_from_xdb(&xe, w->path, err);
    locus_status st;
    b.spelling = spell;
    st = index_text(w, &b, "", LOCUS_PREFIX_STEM, p->text, err);
    b.spelling = NULL;
    if (st ||
        (st = index_text(w, &b, LOCUS_PREFIX_TITLE, LOCUS_PREFIX_TITLE_STEM, r->title, err)) ||
        (st = index_text(w, &b, LOCUS_PREFIX_SECTION, LOCUS_PREFIX_SECTION_STEM, p->section, err)))
        goto fail;
    /* the acronyms the passage defines: terms on it, so that the dictionary follows the
     * passages (re-indexed, removed) and is whole in every shard */
    acronym_ctx ac = {.doc = b.doc};
    if ((st = locus_acronyms_find(p->text, strlen(p->text), add_acronym, &ac, err))) goto fail;
    if (ac.failed) {
        st = locus_error_from_xdb(&ac.xe, w->path, err);
        goto fail;
    }
    char date[9];
    date_value(r->date, date);
    char *path = heading_path(r, p->section_index);
    if (!path) {
        st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        goto fail;
    }
    locus_record rec = {
        .path = (char *)key, .title = r->title, .section = (char *)p->section,
        .date = (char *)r->date, .text = p->text, .byte_start = p->byte_start,
        .byte_end = p->byte_end, .line_start = p->line_start, .line_end = p->line_end,
        .line_offset = p->line_offset,
        .ordinal = (uint32_t)i, .footnote = p->kind == LOCUS_PASSAGE_FOOTNOTE,
        .page = p->page, .exact = p->exact, .heading_path = path,
        .format = (char *)locus_format_name((locus_format)r->format),
        .language = w->current, .url = r->source_url, .issuer = r->issuer,
    };
    char *data = NULL;
    size_t data_len = 0;
    st = locus_record_encode(&rec, &data, &data_len, err);
    free(path);
    if (st) goto fail;
    char vterm[32], lterm[32];
    size_t vlen = locus_version_term(version, vterm);
    size_t llen = (size_t)snprintf(lterm, sizeof lterm, "%s%s", LOCUS_PREFIX_LANGUAGE, w->current);
    bool bad = xdb_doc_add_term(b.doc, rterm, rlen, 0, &xe) ||
               xdb_doc_add_term(b.doc, lterm, llen, 0, &xe) ||
               xdb_doc_add_term(b.doc, vterm, vlen, 0, &xe) ||
               (locus_section_is_contact(p->section) &&
                xdb_doc_add_term(b.doc, LOCUS_TERM_CONTACT, strlen(LOCUS_TERM_CONTACT), 0, &xe)) ||
               (!locus_section_is_contact(p->section) && locus_passage_is_boilerplate(p->section, p->text) &&
                xdb_doc_add_term(b.doc, LOCUS_TERM_BOILERPLATE, strlen(LOCUS_TERM_BOILERPLATE), 0, &xe)) ||
               xdb_doc_set_value(b.doc, LOCUS_SLOT_DATE, date, strlen(date), &xe) ||
               xdb_doc_set_value(b.doc, LOCUS_SLOT_RELEASE, rterm + strlen(LOCUS_PREFIX_RELEASE),
                                 rlen - strlen(LOCUS_PREFIX_RELEASE), &xe) ||
               xdb_doc_set_data(b.doc, data, data_len, &xe);
    free(data);
    if (bad) {
        st = locus_error_from_xdb(&xe, w->path, err);
        goto fail;
    }
    *out = b.doc;
    return LOCUS_OK;
fail:
    xdb_doc_free(b.doc);
    return st;
}

typedef struct unspell {
    locus_writer *w;
    xdb_error xe;
    locus_error err;
    bool failed;
} unspell;

static int unspell_token(const locus_token *t, void *ctx) {
    unspell *u = ctx;
    if (spellable(t) && !spell_add(&u->w->spell, t->text, t->len, -1)) {
        locus_error_set(&u->err, LOCUS_ERR_NO_MEMORY, "out of memory");
        u->failed = true;
        return 1;
    }
    return 0;
}

static int unspell_doc(uint32_t docid, const char *data, size_t len, void *ctx) {
    (void)docid;
    unspell *u = ctx;
    locus_record rec;
    if (locus_record_decode(data, len, &rec, &u->err)) return 0; /* nothing we can read */
    if (locus_analyze(u->w->analyzer, rec.text, strlen(rec.text), 1, unspell_token, u, NULL, &u->err))
        u->failed = true;
    locus_record_release(&rec);
    return u->failed;
}

/* Takes the words of the passages indexed by TERM (a release, or one version of it) out of the
 * spelling dictionary, so that it follows what searches see. */
static locus_status unspell_release(locus_writer *w, const char *term, size_t len, locus_error *err) {
    unspell u = {.w = w};
    xdb_error xe;
    if (xdb_docs_with_term(w->db, term, len, unspell_doc, &u, &xe))
        return locus_error_from_xdb(&xe, w->path, err);
    if (u.failed) return locus_error_set(err, u.err.status, "%s", u.err.message);
    return LOCUS_OK;
}

static locus_status begin_batch(locus_writer *w, locus_error *err) {
    if (w->in_batch) return LOCUS_OK;
    xdb_error xe;
    if (xdb_transaction_begin(w->db, &xe)) return locus_error_from_xdb(&xe, w->path, err);
    w->in_batch = true;
    w->batch_passages = 0;
    w->batch_started = locus_now();
    return LOCUS_OK;
}

/* A failure of the index inside a batch: drop the batch so that nothing half-done is ever
 * committed. */
static void abandon_batch(locus_writer *w) {
    if (w->in_batch) xdb_transaction_cancel(w->db, NULL);
    w->in_batch = false;
    spell_clear(&w->spell);
}

static locus_status store_stamp(locus_writer *w, const char *key, const locus_stamp *stamp,
                                locus_error *err) {
    char mk[XDB_MAX_TERM + 2];
    locus_stamp_key(key, mk);
    char *v;
    size_t len;
    locus_status st = locus_stamp_encode(stamp, key, &v, &len, err);
    if (st) return st;
    xdb_error xe;
    xdb_status xs = xdb_metadata_set(w->db, mk, v, len, &xe);
    free(v);
    return xs ? locus_error_from_xdb(&xe, w->path, err) : LOCUS_OK;
}

static locus_status drop_stamp(locus_writer *w, const char *key, locus_error *err) {
    char mk[XDB_MAX_TERM + 2];
    locus_stamp_key(key, mk);
    xdb_error xe;
    return xdb_metadata_set(w->db, mk, "", 0, &xe) ? locus_error_from_xdb(&xe, w->path, err) : LOCUS_OK;
}

/* ---- versions: writing a large release in several commits --------------------------------- */

/* Writes the hidden list and the version counter into the pending changes. */
static locus_status store_versions(locus_writer *w, locus_error *err) {
    char *v = malloc(w->n_hidden * 21 + 1);
    if (!v) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < w->n_hidden; i++)
        n += (size_t)sprintf(v + n, "%s%llu", i ? " " : "", (unsigned long long)w->hidden[i]);
    char last[24];
    int ln = snprintf(last, sizeof last, "%llu", (unsigned long long)w->version);
    xdb_error xe;
    bool bad = xdb_metadata_set(w->db, LOCUS_META_HIDDEN, v, n, &xe) ||
               xdb_metadata_set(w->db, LOCUS_META_VERSION, last, (size_t)ln, &xe);
    free(v);
    return bad ? locus_error_from_xdb(&xe, w->path, err) : LOCUS_OK;
}

static bool hide(locus_writer *w, uint64_t version) {
    uint64_t *x = realloc(w->hidden, (w->n_hidden + 1) * sizeof *x);
    if (!x) return false;
    w->hidden = x;
    w->hidden[w->n_hidden++] = version;
    return true;
}

static void unhide(locus_writer *w, uint64_t version) {
    for (size_t i = 0; i < w->n_hidden; i++)
        if (w->hidden[i] == version) w->hidden[i--] = w->hidden[--w->n_hidden];
}

/* Commits a change of the hidden list on its own. */
static locus_status commit_versions(locus_writer *w, locus_error *err) {
    locus_status st = begin_batch(w, err);
    if (st) return st;
    if ((st = store_versions(w, err))) {
        abandon_batch(w);
        return st;
    }
    return locus_writer_commit(w, err);
}

/* Deletes the passages of hidden version VERSION, a batch per commit, then unhides it. */
static locus_status drop_version(locus_writer *w, uint64_t version, locus_error *err) {
    char vterm[32];
    size_t vlen = locus_version_term(version, vterm);
    size_t chunk = w->batch_limit < 10000 ? w->batch_limit : 10000;
    uint32_t *ids = malloc(chunk * sizeof *ids);
    if (!ids) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    locus_status st = LOCUS_OK;
    for (;;) {
        size_t n = 0;
        xdb_error xe;
        if (xdb_term_docids(w->db, vterm, vlen, chunk, ids, &n, &xe)) {
            st = locus_error_from_xdb(&xe, w->path, err);
            break;
        }
        if (n == 0) break;
        if ((st = begin_batch(w, err))) break;
        for (size_t i = 0; i < n && !st; i++)
            if (xdb_delete_doc(w->db, ids[i], &xe)) st = locus_error_from_xdb(&xe, w->path, err);
        if (st) {
            abandon_batch(w);
            break;
        }
        if ((st = locus_writer_commit(w, err))) break;
    }
    free(ids);
    if (st) return st;
    unhide(w, version);
    return commit_versions(w, err);
}

typedef struct speller {
    locus_writer *w;
    bool oom;
} speller;

static int spell_token(const locus_token *t, void *ctx) {
    speller *s = ctx;
    if (spellable(t) && !spell_add(&s->w->spell, t->text, t->len, 1)) {
        s->oom = true;
        return 1;
    }
    return 0;
}

/* Adds the body words of every passage of R to the pending spelling changes. */
static locus_status spell_release(locus_writer *w, const locus_release *r, locus_error *err) {
    speller sp = {w, false};
    for (size_t i = 0; i < r->n_passages; i++) {
        const char *t = r->passages[i].text;
        locus_status st = locus_analyze(w->analyzer, t, strlen(t), 1, spell_token, &sp, NULL, err);
        if (st) return st;
        if (sp.oom) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    return LOCUS_OK;
}

/* A release with more passages than a batch holds: written under a new hidden version, a batch
 * per commit, then made visible in place of the old version in one small commit, after which
 * the old version is deleted, again a batch per commit. Memory stays bounded by the batch; a
 * search sees the old version or the new one, whole; a kill leaves a hidden version that the
 * next writer deletes. */
static locus_status put_staged(locus_writer *w, const char *key, const char *rterm, size_t rlen,
                               const locus_release *r, const locus_stamp *stamp, locus_error *err) {
    locus_status st = locus_writer_commit(w, err);  /* what is pending goes first, on its own */
    if (st) return st;
    locus_stamp old = {0};
    bool had = false;
    if ((st = locus_stamp_lookup(w->db, w->path, key, &old, &had, err))) return st;
    uint64_t version = w->version += w->version_step;
    if (!hide(w, version)) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    if ((st = commit_versions(w, err))) return st;
    for (size_t i = 0; i < r->n_passages && !st; i++) {
        if ((st = begin_batch(w, err))) break;
        size_t end = i + w->batch_limit < r->n_passages ? i + w->batch_limit : r->n_passages;
        for (; i < end && !st; i++) {  /* one document at a time: built, added, freed */
            xdb_doc *doc = NULL;
            xdb_error xe;
            if (w->cancel && *w->cancel) {
                st = locus_error_set(err, LOCUS_ERR_INTERRUPTED, "%s: interrupted", key);
                break;
            }
            if ((st = build_doc(w, key, rterm, rlen, version, r, i, NULL, &doc, err))) break;
            if (xdb_add_doc(w->db, doc, NULL, &xe)) st = locus_error_from_xdb(&xe, w->path, err);
            xdb_doc_free(doc);
        }
        i--;  /* the outer loop steps on */
        if (st) abandon_batch(w);
        else st = locus_writer_commit(w, err);
        if (!st && w->progress) w->progress(i + 1, r->n_passages, w->progress_ctx);
    }
    if (st == LOCUS_ERR_INTERRUPTED) return st;  /* stop now: the next writer deletes it */
    if (st) {  /* nothing of the new version may stay: delete it (it is hidden meanwhile) */
        locus_error e2;
        drop_version(w, version, &e2);
        return st;
    }
    /* the switch: one small commit */
    char old_term[32];
    size_t old_len = locus_version_term(old.version, old_term);
    locus_stamp s = *stamp;
    s.passages = (uint32_t)r->n_passages;
    s.version = version;
    unhide(w, version);
    if (had && old.version && !hide(w, old.version)) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    if (!st) st = begin_batch(w, err);
    if (!st && had && old.version) st = unspell_release(w, old_term, old_len, err);
    if (!st) st = spell_release(w, r, err);
    if (!st) st = store_stamp(w, key, &s, err);
    if (!st) st = store_versions(w, err);
    if (st) {
        abandon_batch(w);
        return st;
    }
    if ((st = locus_writer_commit(w, err))) return st;
    return had && old.version ? drop_version(w, old.version, err) : LOCUS_OK;
}

locus_status locus_writer_put(locus_writer *w, const char *key, const locus_release *r,
                              const locus_stamp *stamp, size_t *n_passages, locus_error *err) {
    if (n_passages) *n_passages = 0;
    if (w->shards && locus_shard_of(key, w->shards) != w->shard)
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: belongs in shard %u of %s's set, not %u",
                               key, locus_shard_of(key, w->shards), w->path, w->shard);
    char rterm[XDB_MAX_TERM + 1];
    size_t rlen = locus_release_term(key, rterm);
    locus_status lst = choose_language(w, r, err);
    if (lst) return lst;
    if (r->n_passages > w->batch_limit) {
        locus_status st = put_staged(w, key, rterm, rlen, r, stamp, err);
        if (st == LOCUS_OK && n_passages) *n_passages = r->n_passages;
        return st;
    }
    /* Build every document first, so that a bad release changes nothing. */
    xdb_doc **docs = calloc(r->n_passages ? r->n_passages : 1, sizeof *docs);
    if (!docs) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    uint64_t version = w->version + w->version_step;
    spell_delta words = {0};  /* this release's words, joined to the batch's when it is in */
    locus_status st = LOCUS_OK;
    size_t built = 0;
    for (; built < r->n_passages && st == LOCUS_OK; built++)
        st = build_doc(w, key, rterm, rlen, version, r, built, &words, &docs[built], err);
    if (st == LOCUS_OK) st = begin_batch(w, err);
    if (st == LOCUS_OK && (st = unspell_release(w, rterm, rlen, err))) abandon_batch(w);
    if (st == LOCUS_OK) {
        xdb_error xe;
        bool bad = xdb_delete_docs_by_term(w->db, rterm, rlen, &xe);
        for (size_t i = 0; !bad && i < r->n_passages; i++) bad = xdb_add_doc(w->db, docs[i], NULL, &xe);
        if (bad) {
            st = locus_error_from_xdb(&xe, w->path, err);
            abandon_batch(w);
        } else {
            locus_stamp s = *stamp;
            s.passages = (uint32_t)r->n_passages;
            s.version = version;
            w->version = version;
            if ((st = store_stamp(w, key, &s, err)) || (st = store_versions(w, err)) ||
                (st = spell_merge(&w->spell, &words, err))) {
                abandon_batch(w);
            } else {
                w->batch_passages += r->n_passages + 1;
                if (n_passages) *n_passages = r->n_passages;
            }
        }
    }
    for (size_t i = 0; i < built; i++) xdb_doc_free(docs[i]);
    free(docs);
    spell_clear(&words);
    if (st == LOCUS_OK && (w->batch_passages >= w->batch_limit ||
                           (w->commit_every > 0 && locus_now() - w->batch_started >= w->commit_every)))
        st = locus_writer_commit(w, err);
    return st;
}

locus_status locus_writer_lookup(locus_writer *w, const char *key, locus_stamp *out, bool *found,
                                 locus_error *err) {
    return locus_stamp_lookup(w->db, w->path, key, out, found, err);
}

locus_status locus_writer_restamp(locus_writer *w, const char *key, const locus_stamp *stamp,
                                  locus_error *err) {
    locus_stamp old, s = *stamp;
    bool found = false;
    locus_status st = locus_stamp_lookup(w->db, w->path, key, &old, &found, err);
    if (st) return st;
    if (found) {  /* the passages stay: so do their count and version */
        s.passages = old.passages;
        s.version = old.version;
    }
    if ((st = begin_batch(w, err))) return st;
    if ((st = store_stamp(w, key, &s, err))) abandon_batch(w);
    return st;
}

locus_status locus_writer_list(locus_writer *w, locus_entry **out, size_t *n, locus_error *err) {
    return locus_stamp_list(w->db, w->path, out, n, err);
}

locus_status locus_writer_remove(locus_writer *w, const char *key, locus_error *err) {
    char rterm[XDB_MAX_TERM + 1];
    size_t rlen = locus_release_term(key, rterm);
    locus_status st = begin_batch(w, err);
    if (st) return st;
    if ((st = unspell_release(w, rterm, rlen, err))) {
        abandon_batch(w);
        return st;
    }
    xdb_error xe;
    if (xdb_delete_docs_by_term(w->db, rterm, rlen, &xe)) {
        abandon_batch(w);
        return locus_error_from_xdb(&xe, w->path, err);
    }
    if ((st = drop_stamp(w, key, err))) abandon_batch(w);
    w->batch_passages++;
    return st;
}

locus_status locus_writer_commit(locus_writer *w, locus_error *err) {
    if (!w->in_batch) return LOCUS_OK;
    locus_status st = spell_apply(w, err);
    if (st) {
        abandon_batch(w);
        return st;
    }
    xdb_error xe;
    w->in_batch = false;
    if (xdb_transaction_commit(w->db, &xe)) return locus_error_from_xdb(&xe, w->path, err);
    return LOCUS_OK;
}

locus_status locus_writer_close(locus_writer *w, locus_error *err) {
    if (!w) return LOCUS_OK;
    locus_status st = locus_writer_commit(w, err);
    xdb_error xe;
    if (xdb_close(w->db, &xe) && st == LOCUS_OK) st = locus_error_from_xdb(&xe, w->path, err);
    locus_analyzer_free(w->analyzer);
    spell_clear(&w->spell);
    if (w->lock_fd >= 0) close(w->lock_fd);  /* after Xapian let go of the index */
    free(w->hidden);
    free(w->path);
    free(w);
    return st;
}

locus_status locus_writer_passage_count(locus_writer *w, uint32_t *out, locus_error *err) {
    xdb_error xe;
    if (xdb_doc_count(w->db, out, &xe)) return locus_error_from_xdb(&xe, w->path, err);
    return LOCUS_OK;
}

/* ---- bulk builds ------------------------------------------------------------------------ */

struct locus_bulk {
    char *path;
    int lock_fd;              /* the index's writers' lock, held throughout */
    locus_writer **parts;
    unsigned n_parts;
    bool resumed;             /* the parts are those of an interrupted build */
    size_t noted;             /* releases its progress note said were read: it never goes back */
};

/* How many parts (part-0, part-1, ... in a row) the folder BULK holds. */
static unsigned parts_in(const char *bulk) {
    unsigned n = 0;
    char p[PATH_MAX], name[32];
    struct stat sb;
    for (;; n++) {
        snprintf(name, sizeof name, "part-%u", n);
        if (n >= LOCUS_BULK_MAX_PARTS || !join(p, sizeof p, bulk, name) || stat(p, &sb) != 0 ||
            !S_ISDIR(sb.st_mode))
            return n;
    }
}

/* Closes the parts of B and removes them (BULK: the folder that holds them), lock still held. */
static void drop_parts(locus_bulk *b, const char *bulk) {
    for (unsigned i = 0; i < b->n_parts; i++) {
        locus_writer_close(b->parts[i], NULL);
        b->parts[i] = NULL;
    }
    remove_tree(bulk, NULL);
}

static void bulk_free(locus_bulk *b) {
    for (unsigned i = 0; i < b->n_parts; i++) locus_writer_close(b->parts[i], NULL);
    free(b->parts);
    if (b->lock_fd >= 0) close(b->lock_fd);
    free(b->path);
    free(b);
}

locus_status locus_bulk_open(const char *path, const char *language, double lock_wait,
                             unsigned parts, locus_bulk **out, locus_error *err) {
    *out = NULL;
    if (parts == 0 || parts > LOCUS_BULK_MAX_PARTS)
        return locus_error_set(err, LOCUS_ERR_INVALID, "bulk build: %u parts (1 to %d)", parts,
                               LOCUS_BULK_MAX_PARTS);
    locus_status st = make_parents(path, err);
    if (st || (st = check_target(path, err))) return st;
    locus_bulk *b = calloc(1, sizeof *b);
    if (!b || !(b->path = strdup(path)) || !(b->parts = calloc(parts, sizeof *b->parts))) {
        if (b) free(b->path);
        free(b);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    b->lock_fd = -1;
    char p[PATH_MAX], bulk[PATH_MAX];
    struct stat sb;
    bool own = false;
    if (!join(bulk, sizeof bulk, path, LOCUS_BULK_DIR) || !join(p, sizeof p, path, "iamglass")) {
        st = locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", path);
        goto fail;
    }
    if ((st = take_lock(path, locus_now() + (lock_wait > 0 ? lock_wait : 0), lock_wait,
                        &b->lock_fd, err)))
        goto fail;
    own = true;  /* from here on, what is in PATH/LOCUS_BULK_DIR is ours */
    unsigned found = stat(p, &sb) == 0 ? 0 : parts_in(bulk);
    if (found) {  /* an interrupted build: its parts are kept, a half-done merge is not */
        char merged[PATH_MAX];
        if (!join(merged, sizeof merged, bulk, "merged")) {
            st = locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", path);
            goto fail;
        }
        if ((st = clear_unfinished(path, err)) || (st = remove_tree(merged, err))) goto fail;
        parts = found;
        b->resumed = true;
        locus_build_note note;
        if (locus_build_note_read(path, &note)) b->noted = note.done;
    } else {
        if ((st = clear_leftovers(path, err))) goto fail;
        if (stat(p, &sb) == 0) {  /* an index already: it is updated by a locus_writer */
            bulk_free(b);
            return LOCUS_OK;
        }
        if (mkdir(bulk, 0777) != 0) {
            st = locus_error_set(err, LOCUS_ERR_IO, "%s: %s", bulk, strerror(errno));
            goto fail;
        }
    }
    if (parts > LOCUS_BULK_MAX_PARTS) parts = LOCUS_BULK_MAX_PARTS;
    locus_writer **more = realloc(b->parts, parts * sizeof *b->parts);
    if (!more) {
        st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        goto fail;
    }
    b->parts = more;
    for (unsigned i = 0; i < parts; i++) {
        char name[32];
        snprintf(name, sizeof name, "part-%u", i);
        if (!join(p, sizeof p, bulk, name)) {
            st = locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", path);
            goto fail;
        }
        /* no fsync: a part outlives a killed process (its commits are in the page cache) but
         * not a crash of the machine; reopened, it is at its last commit */
        if ((st = writer_open(p, language, 0, XDB_OPEN_NO_SYNC, &b->parts[i], err))) goto fail;
        b->n_parts++;
        /* part i numbers its versions i + parts, i + 2 parts, ...: go on from its last one */
        locus_writer *pw = b->parts[i];
        if (pw->version < i) pw->version = i;
        else pw->version -= (pw->version - i) % parts;
        pw->version_step = parts;
        /* a kill loses at most half a second of a part's work: the next run resumes from there */
        pw->commit_every = 0.5;
    }
    *out = b;
    return LOCUS_OK;
fail:
    if (own) drop_parts(b, bulk);  /* the parts go before the lock does */
    bulk_free(b);
    return st;
}

locus_writer *locus_bulk_writer(locus_bulk *b, unsigned part) {
    return part < b->n_parts ? b->parts[part] : NULL;
}

unsigned locus_bulk_parts(const locus_bulk *b) { return b->n_parts; }

bool locus_bulk_resumed(const locus_bulk *b) { return b->resumed; }

bool locus_bulk_pending(const char *path) {
    char p[PATH_MAX], bulk[PATH_MAX];
    struct stat sb;
    return join(p, sizeof p, path, "iamglass") && stat(p, &sb) != 0 &&
           join(bulk, sizeof bulk, path, LOCUS_BULK_DIR) && parts_in(bulk) > 0;
}

locus_status locus_bulk_note(locus_bulk *b, size_t done, size_t total, locus_error *err) {
    char bulk[PATH_MAX];
    if (!join(bulk, sizeof bulk, b->path, LOCUS_BULK_DIR))
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", b->path);
    if (done < b->noted) done = b->noted;  /* a resumed build reads again what it had read */
    b->noted = done;
    return locus_build_note_write(bulk, done, total, err);
}

locus_status locus_bulk_suspend(locus_bulk *b, locus_error *err) {
    locus_status st = LOCUS_OK;
    for (unsigned i = 0; i < b->n_parts; i++) {
        locus_status cst = locus_writer_close(b->parts[i], st ? NULL : err);
        if (!st) st = cst;
        b->parts[i] = NULL;
    }
    bulk_free(b);
    return st;
}

/* Bytes of the database files in DIR: its tables and its version file. */
static uint64_t tables_size(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    uint64_t total = 0;
    struct dirent *e;
    char p[PATH_MAX];
    struct stat sb;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        bool table = n > 6 && !strcmp(e->d_name + n - 6, ".glass");
        if ((table || !strcmp(e->d_name, "iamglass")) && join(p, sizeof p, dir, e->d_name) &&
            stat(p, &sb) == 0)
            total += (uint64_t)sb.st_size;
    }
    closedir(d);
    return total;
}

/* Notes in the index in DIR, which nothing else writes, that it was compacted to its present
 * size (LOCUS_META_COMPACTED): what locus_index_compact measures growth against. */
static locus_status note_compacted(const char *dir, locus_error *err) {
    char v[32];
    int n = snprintf(v, sizeof v, "%" PRIu64, tables_size(dir));
    xdb_db *db = NULL;
    xdb_error xe;
    if (xdb_open_write(dir, XDB_OPEN_PRIVATE, &db, &xe) ||
        xdb_metadata_set(db, LOCUS_META_COMPACTED, v, (size_t)n, &xe) || xdb_commit(db, &xe)) {
        locus_status st = locus_error_from_xdb(&xe, dir, err);
        xdb_close(db, NULL);
        return st;
    }
    return xdb_close(db, &xe) ? locus_error_from_xdb(&xe, dir, err) : LOCUS_OK;
}

/* Moves the database files of FROM into TO, iamglass last: until it is there, TO is an index
 * whose creation was interrupted (readers find no index; the next writer clears it). */
static locus_status publish(const char *from, const char *to, locus_error *err) {
    DIR *d = opendir(from);
    if (!d) return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", from, strerror(errno));
    locus_status st = LOCUS_OK;
    struct dirent *e;
    char a[PATH_MAX], z[PATH_MAX];
    bool has_version_file = false;
    while (!st && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (!strcmp(e->d_name, "iamglass")) has_version_file = true;
        if (n < 7 || strcmp(e->d_name + n - 6, ".glass")) continue;
        if (!join(a, sizeof a, from, e->d_name) || !join(z, sizeof z, to, e->d_name))
            st = locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", to);
        else if (rename(a, z) != 0) st = locus_error_set(err, LOCUS_ERR_IO, "%s: %s", z, strerror(errno));
    }
    closedir(d);
    if (st) return st;
    if (!has_version_file) return locus_error_set(err, LOCUS_ERR_INDEX, "%s: the merge wrote no database", from);
    if (!join(a, sizeof a, from, "iamglass") || !join(z, sizeof z, to, "iamglass"))
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", to);
    if (rename(a, z) != 0) return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", z, strerror(errno));
    return LOCUS_OK;
}

locus_status locus_bulk_finish(locus_bulk *b, locus_error *err) {
    locus_status st = LOCUS_OK;
    char bulk[PATH_MAX], merged[PATH_MAX];
    if (!join(bulk, sizeof bulk, b->path, LOCUS_BULK_DIR) || !join(merged, sizeof merged, bulk, "merged")) {
        locus_bulk_abandon(b);
        return locus_error_set(err, LOCUS_ERR_INVALID, "index path too long");
    }
    char **paths = calloc(b->n_parts, sizeof *paths);
    if (!paths) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    for (unsigned i = 0; i < b->n_parts; i++) {
        locus_writer *pw = b->parts[i];
        /* a release interrupted half-written stays hidden in its part: it goes, as a writer
         * opening the part would do (the merge keeps one part's hidden list only) */
        while (!st && pw->n_hidden) st = drop_version(pw, pw->hidden[0], err);
        if (paths && !st && !(paths[i] = strdup(b->parts[i]->path)))
            st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        locus_status cst = locus_writer_close(b->parts[i], st ? NULL : err);
        if (!st) st = cst;
        b->parts[i] = NULL;
    }
    xdb_error xe;
    if (!st && xdb_compact((const char *const *)paths, b->n_parts, merged, LOCUS_META_VERSION, &xe))
        st = locus_error_from_xdb(&xe, b->path, err);
    if (!st) st = note_compacted(merged, err);
    if (!st) st = publish(merged, b->path, err);
    for (unsigned i = 0; paths && i < b->n_parts; i++) free(paths[i]);
    free(paths);
    locus_status rst = remove_tree(bulk, st ? NULL : err);
    if (!st) st = rst;
    bulk_free(b);
    return st;
}

void locus_bulk_abandon(locus_bulk *b) {
    if (!b) return;
    char bulk[PATH_MAX];
    if (join(bulk, sizeof bulk, b->path, LOCUS_BULK_DIR)) drop_parts(b, bulk);
    bulk_free(b);
}

/* ---- compaction -------------------------------------------------------------------------- */

/* The size LOCUS_META_COMPACTED of the index at PATH holds in *out (0: never compacted). */
static locus_status compacted_size(const char *path, uint64_t *out, locus_error *err) {
    *out = 0;
    xdb_db *db = NULL;
    xdb_error xe;
    char *v = NULL;
    size_t len = 0;
    if (xdb_open_read(path, &db, &xe) || xdb_metadata_get(db, LOCUS_META_COMPACTED, &v, &len, &xe)) {
        locus_status st = locus_error_from_xdb(&xe, path, err);
        xdb_close(db, NULL);
        return st;
    }
    if (v && len) *out = strtoull(v, NULL, 10);
    free(v);
    xdb_close(db, NULL);
    return LOCUS_OK;
}

/* Flushes the entries of the folder that holds PATH (a rename in it) to the disk. */
static void sync_parent(const char *path) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) return;
    if (slash == dir) slash[1] = '\0';
    else *slash = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

locus_status locus_index_compact(const char *path, double lock_wait, bool force,
                                 locus_compact_report *report, locus_error *err) {
    locus_compact_report rep = {0, 0, false};
    if (report) *report = rep;
    char real[PATH_MAX], copy[PATH_MAX], p[PATH_MAX];
    struct stat sb;
    if (!realpath(path, real) || !join(p, sizeof p, real, "iamglass") || stat(p, &sb) != 0)
        return locus_error_set(err, LOCUS_ERR_NO_INDEX, "%s: no index folder here to compact", path);
    if (!compact_dir(copy, sizeof copy, real))
        return locus_error_set(err, LOCUS_ERR_INVALID, "%s: path too long", path);
    int lock_fd = -1;
    locus_status st = take_lock(real, locus_now() + (lock_wait > 0 ? lock_wait : 0), lock_wait,
                                &lock_fd, err);
    if (st) return st;
    uint64_t baseline = 0;
    if ((st = clear_leftovers(real, err)) || (st = compacted_size(real, &baseline, err))) goto out;
    rep.before = rep.after = tables_size(real);
    if (!force && !baseline) {  /* never compacted: its size now is what growth counts from */
        st = note_compacted(real, err);
        goto out;
    }
    if (!force && (double)rep.before < LOCUS_COMPACT_GROWTH * (double)baseline) goto out;
    xdb_error xe;
    const char *source = real;
    int copy_lock = -1;
    if (xdb_compact(&source, 1, copy, LOCUS_META_VERSION, &xe))
        st = locus_error_from_xdb(&xe, copy, err);
    else if (!(st = note_compacted(copy, err)) && join(p, sizeof p, copy, LOCUS_WRITER_LOCK) &&
             (copy_lock = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0)
        st = locus_error_set(err, LOCUS_ERR_IO, "%s: %s", p, strerror(errno));
    if (copy_lock >= 0) close(copy_lock);  /* there before the swap: checks always find one */
    /* one step: readers and a kill see the old folder or the new one */
    if (!st && renameat2(AT_FDCWD, copy, AT_FDCWD, real, RENAME_EXCHANGE) != 0)
        st = locus_error_set(err, LOCUS_ERR_IO, "%s: cannot swap in the compacted copy (%s); the "
                             "index is unchanged", path, strerror(errno));
    if (!st) {
        sync_parent(real);
        rep.after = tables_size(real);
        rep.compacted = true;
    }
    remove_tree(copy, NULL);  /* the failed copy, or the old index; a writer clears it if this fails */
out:
    close(lock_fd);
    if (report) *report = rep;
    return st;
}
