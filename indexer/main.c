/* locus-index: keeps a locus index in step with a corpus of releases. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <getopt.h>
#include <stdarg.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <locus/cli.h>
#include <locus/catalog.h>
#include <locus/info.h>
#include <locus/paths.h>
#include <locus/release.h>
#include <locus/shards.h>
#include <locus/status.h>
#include "live.h"
#include "walk.h"
#include <locus/writer.h>

enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_FATAL = 2, EXIT_LOCKED = 75 };

typedef enum progress_mode { PROGRESS_AUTO, PROGRESS_ALWAYS, PROGRESS_NEVER } progress_mode;

typedef struct options {
    const char *db;
    const char *language;
    const char *files_from;
    bool quiet, rebuild, dry_run, prune, no_prune, null_sep, check, date_from_mtime, compact;
    const char *globs[256]; /* -g patterns, in order */
    size_t nglobs;
    progress_mode progress;
    double lock_wait;
    unsigned long batch;
    unsigned jobs;       /* threads of a bulk build (a new index), or shards written at once */
    unsigned shards;     /* --shards N: a new index split in N shards */
    bool watch;          /* --watch: then keep the index current */
    bool watching;       /* the first run is done: each change gets a line, no summary */
} options;

/* A new index of at least this many files is built in parallel parts, merged at the end */
#define BULK_MIN_FILES 64

typedef struct counts {
    size_t added, updated, unchanged, removed, skipped, failed;
    size_t passages;   /* written */
} counts;

static const char *prog = "locus-index";
static volatile sig_atomic_t stop_signal;

/* SIGINT, SIGTERM and SIGHUP are blocked in every thread and taken by one that watches for
 * them: it sets stop_signal, which every loop checks between releases (and the library between
 * commits and while a PDF is read), then gives the program 0.9 s to stop on its own. One that is
 * still busy then (merging a bulk build's parts, compacting, inside one large commit) ends at
 * once: what it had committed is kept, and the next run finishes the work (a kill at any moment
 * is safe: the kill test). */
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finish_cond = PTHREAD_COND_INITIALIZER;
static bool finished;
static bool progress_shown;  /* a progress line is on screen: a message clears it first */

static void *watch_signals(void *arg) {
    const sigset_t *set = arg;
    int sig;
    if (sigwait(set, &sig) != 0) return NULL;
    stop_signal = sig;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 900 * 1000 * 1000;
    deadline.tv_sec += deadline.tv_nsec / 1000000000;
    deadline.tv_nsec %= 1000000000;
    pthread_mutex_lock(&finish_lock);
    while (!finished && pthread_cond_timedwait(&finish_cond, &finish_lock, &deadline) == 0) {
    }
    bool done = finished;
    pthread_mutex_unlock(&finish_lock);
    if (done) return NULL;
    char msg[256];
    int n = snprintf(msg, sizeof msg,
                     "%s%s: interrupted by signal %d and stopped at once; what was committed is kept: "
                     "run it again to finish\n", progress_shown ? "\r\033[K" : "", prog, sig);
    if (write(STDERR_FILENO, msg, (size_t)n) < 0) {
    }
    _exit(128 + sig);
}

/* Starts the watcher; call before any other thread exists, so that they all inherit the mask. */
static void watch_start(void) {
    static sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t tid;
    if (pthread_create(&tid, NULL, watch_signals, &set) == 0) pthread_detach(tid);
}

/* RC, once the watcher knows the program is done (it no longer ends it). */
static int watch_done(int rc) {
    pthread_mutex_lock(&finish_lock);
    finished = true;
    pthread_cond_broadcast(&finish_cond);
    pthread_mutex_unlock(&finish_lock);
    return rc;
}

static void usage(FILE *f) {
    fprintf(f,
"Usage: %s [OPTION]... PATH...\n"
"       %s [OPTION]... --files-from FILE|-\n"
"       %s --check [-d DB]\n"
"Bring the index up to date with the releases in each PATH: a file, or a folder walked for\n"
"text, Markdown, HTML and PDF files (by content, then by extension: .txt .text .md .markdown\n"
".html .htm .xhtml .pdf; other files are skipped and counted). Unchanged releases are\n"
"skipped, changed ones replaced whole, and releases whose files have gone from a walked\n"
"folder are removed.\n"
"\n"
"  -d, --db DB            the index (default: $LOCUS_DB, else $XDG_DATA_HOME/locus/index\n"
"                         or ~/.local/share/locus/index)\n"
"  -j, --jobs N           threads that build a new index (default: the cores, %ld here): a new\n"
"                         index of 64 files or more is written in N parts side by side and\n"
"                         merged and compacted at the end (searches see it then)\n"
"  -L, --language LANG    analyse the releases indexed now as LANG (en, fr, de, ja, a stemming\n"
"                         language of --version, or none: no stemming); default: each\n"
"                         release's declared language (HTML lang, front matter lang:), else\n"
"                         the one detected in its text, else English. Releases already\n"
"                         indexed keep theirs (--rebuild re-analyses all)\n"
"      --rebuild          drop everything the index holds and index from scratch\n"
"      --dry-run          print what would be added, updated and removed; change nothing\n"
"      --no-prune         keep releases whose files have gone from a walked folder\n"
"      --prune            also remove releases anywhere in the index whose files are gone\n"
"  -g, --glob GLOB        in walked folders, take only files matching GLOB (whatever their\n"
"                         name), or leave out those matching !GLOB (!DIR/ for a folder);\n"
"                         repeatable, the last match wins; without '/' it matches the name\n"
"      --date-from-mtime  a release whose text and name give no date is dated by its file's\n"
"                         modification time (otherwise it has no date)\n"
"      --files-from FILE  read the paths to index from FILE (- for stdin), one per line\n"
"  -0, --null             with --files-from: paths end with NUL, not newline\n"
"      --lock-wait SECS   wait up to SECS for another locus-index to finish (default 10)\n"
"      --batch-size N     commit every N passages (default %d)\n"
"      --progress WHEN    auto (on a terminal), always or never\n"
"      --check            check that the index is consistent and its tables sound; change nothing\n"
"      --shards N         make the new index DB of N shards (2 to %d): folders shard-K and\n"
"                         the stub DB/XAPIANDB listing them, which locus-search reads as one\n"
"                         index (and which may list remote shards, see the README); each\n"
"                         release goes to the shard its path picks, --jobs shards at once\n"
"      --compact          compact the index (after indexing the PATHs, if any): an index is\n"
"                         also compacted by itself once updates have doubled its size\n"
"      --watch            index the PATHs, then keep the index current as files are added,\n"
"                         changed, renamed or removed below them (inotify, new folders too):\n"
"                         a line per change, the lock taken only to commit; Ctrl-C stops\n"
"  -q, --quiet            no summary line and no warnings (errors still print)\n"
"      --no-config        leave the configuration file out ($LOCUS_CONFIG, else\n"
"                         $XDG_CONFIG_HOME/locus/config: options kept, [index] part)\n"
"  -h, --help             this help\n"
"  -V, --version          version information\n"
"\n"
"Exit status: 0 all indexed, 1 some files failed, 2 fatal error, 75 the index stayed locked,\n"
"130 or 143 interrupted (what was indexed before is committed).\n",
            prog, prog, prog, sysconf(_SC_NPROCESSORS_ONLN), LOCUS_WRITER_BATCH, LOCUS_SHARDS_MAX);
}

static void version(void) {
    printf("locus-index %s\nXapian %s\n", LOCUS_VERSION, locus_engine_version());
    printf("libstemmer %s\nstemming languages:", LOCUS_STEMMER_VERSION);
    for (const char **l = locus_stem_languages(); *l; l++) printf(" %s", *l);
    printf("\n");
}

/* Prints "locus-index: MESSAGE" on one line: the message is formatted whole, then every control
 * character and invalid byte in it (from file names, the index path, Xapian's text) escaped. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

typedef struct progress_state {
    size_t release, releases;   /* the release being written (1-based) and how many there are */
    double last;
} progress_state;

/* The progress line: DONE of TOTAL releases since STARTED (live_clock()'s clock), their rate and the
 * time left at that rate, then EXTRA (or nothing). */
static void progress_line(size_t done, size_t total, double started, const char *extra) {
    double t = live_clock() - started, rate = (double)done / (t > 1e-3 ? t : 1e-3);
    fprintf(stderr, "\r\033[K%s: %zu/%zu releases, %.0f/s", prog, done, total, rate);
    if (done && done < total) fprintf(stderr, ", %.0f s left", (double)(total - done) / rate);
    if (extra) fprintf(stderr, ", %s", extra);
    progress_shown = true;
}

/* Inside a release larger than a batch: the line shows how far into it the writer is. */
static void on_release_progress(size_t done, size_t total, void *ctx) {
    progress_state *p = ctx;
    if (live_clock() - p->last < 0.1) return;
    p->last = live_clock();
    fprintf(stderr, "\r\033[K%s: %zu/%zu releases; this one: %zu/%zu passages", prog, p->release,
            p->releases, done, total);
    progress_shown = true;
}

static pthread_mutex_t say_lock = PTHREAD_MUTEX_INITIALIZER;  /* bulk builds' threads say too */

static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&say_lock);
    if (progress_shown) {
        fputs("\r\033[K", stderr);  /* the next tick redraws it below the message */
        progress_shown = false;
    }
    locus_vsay(prog, fmt, ap);
    pthread_mutex_unlock(&say_lock);
    va_end(ap);
}

/* A line of --dry-run: "add", "update" or "remove", a tab, the path (escaped). */
static void plan(const char *what, const char *path) {
    printf("%s\t", what);
    locus_fputs_escaped(path, stdout);
    putchar('\n');
}

static bool quiet;  /* -q: no summary, no warnings (errors still print) */

/* Warnings of one kind (the same words) past the first WARN_SHOWN are counted, not printed,
 * and warn_rest tells how many there were: 5,000 undated files must not bury the progress
 * line and the summary. */
#define WARN_SHOWN 20
static struct { char what[200]; size_t count; } warn_kinds[32];
static size_t n_warn_kinds;
static pthread_mutex_t warn_lock = PTHREAD_MUTEX_INITIALIZER;

static void warn(const char *path, const char *what) {
    if (quiet) return;
    bool show = true;
    pthread_mutex_lock(&warn_lock);
    size_t k = 0;
    while (k < n_warn_kinds && strcmp(warn_kinds[k].what, what)) k++;
    if (k == n_warn_kinds && k < sizeof warn_kinds / sizeof *warn_kinds && strlen(what) < sizeof warn_kinds[k].what) {
        snprintf(warn_kinds[k].what, sizeof warn_kinds[k].what, "%s", what);
        n_warn_kinds++;
    }
    if (k < n_warn_kinds) show = ++warn_kinds[k].count <= WARN_SHOWN;
    pthread_mutex_unlock(&warn_lock);
    if (show) say("%s: warning: %s", path, what);
}

/* One line for each kind of warning that had more than WARN_SHOWN files. */
static void warn_rest(void) {
    for (size_t k = 0; k < n_warn_kinds; k++)
        if (warn_kinds[k].count > WARN_SHOWN)
            say("warning: %zu more files (%zu in all): %s", warn_kinds[k].count - WARN_SHOWN,
                warn_kinds[k].count, warn_kinds[k].what);
}

/* A library message names files as given: escape it whole. */
static void say_error(const locus_error *err) { say("%s", err->message); }

static void on_walk_error(const char *message, void *ctx) {
    (void)ctx;
    say("%s", message);
}

/* Reads the paths of --files-from (newline- or NUL-separated) into LIST. */
static bool read_files_from(const char *from, bool null_sep, walk_list *list) {
    FILE *f = strcmp(from, "-") == 0 ? stdin : fopen(from, "r");
    if (!f) {
        say("%s: %s", from, strerror(errno));
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = true;
    while ((n = getdelim(&line, &cap, null_sep ? '\0' : '\n', f)) >= 0) {
        if (n > 0 && line[n - 1] == (null_sep ? '\0' : '\n')) line[--n] = '\0';
        if (!null_sep && n > 0 && line[n - 1] == '\r') line[--n] = '\0';
        if (n == 0) continue;
        if (walk_add(list, line, on_walk_error, NULL) < 0) {
            say("out of memory");
            ok = false;
            break;
        }
    }
    if (ferror(f)) {
        say("%s: %s", from, strerror(errno));
        ok = false;
    }
    free(line);
    if (f != stdin) fclose(f);
    return ok;
}

/* Where the index's releases are read from and written to: the writer, or for a dry run a
 * read-only catalog (NULL when the index does not exist yet). */
typedef struct target {
    locus_writer *w;
    locus_catalog *cat;
} target;

static locus_status lookup(target *t, const char *key, locus_stamp *st, bool *found, locus_error *err) {
    *found = false;
    if (t->w) return locus_writer_lookup(t->w, key, st, found, err);
    if (t->cat) return locus_catalog_lookup(t->cat, key, st, found, err);
    return LOCUS_OK;
}

static locus_status list_releases(target *t, locus_entry **e, size_t *n, locus_error *err) {
    *e = NULL;
    *n = 0;
    if (t->w) return locus_writer_list(t->w, e, n, err);
    if (t->cat) return locus_catalog_list(t->cat, e, n, err);
    return LOCUS_OK;
}

static bool fatal_status(locus_status st) {
    return st == LOCUS_ERR_INDEX || st == LOCUS_ERR_NO_MEMORY || st == LOCUS_ERR_LOCKED ||
           st == LOCUS_ERR_INCOMPATIBLE || st == LOCUS_ERR_PERMISSION;
}

/* Brings one release file up to date. Returns a fatal status, or LOCUS_OK (failures of the
 * file itself are counted and reported here). */
static locus_status index_one(target *t, const options *o, const walk_file *f, counts *c,
                              locus_error *err) {
    struct stat sb;
    if (stat(f->shown, &sb) != 0) {
        say("%s: %s", f->shown, strerror(errno));
        c->failed++;
        return LOCUS_OK;
    }
    locus_stamp old = {0}, now_st = {0};
    bool found = false;
    locus_status st = lookup(t, f->path, &old, &found, err);
    if (st) return st;
    if (o->rebuild) found = false;
    now_st.size = (uint64_t)sb.st_size;
    now_st.mtime_sec = sb.st_mtim.tv_sec;
    now_st.mtime_nsec = sb.st_mtim.tv_nsec;
    if (found && old.size == now_st.size && old.mtime_sec == now_st.mtime_sec &&
        old.mtime_nsec == now_st.mtime_nsec) {
        c->unchanged++;
        return LOCUS_OK;
    }
    char *buf = NULL;
    size_t len = 0;
    if ((st = locus_file_read(f->shown, LOCUS_RELEASE_MAX_BYTES, &buf, &len, err))) {
        if (fatal_status(st)) return st;
        say_error(err);
        c->failed++;
        return LOCUS_OK;
    }
    now_st.hash = locus_content_hash(buf, len);
    now_st.size = len;
    if (found && old.hash == now_st.hash && old.size == now_st.size) {  /* touched, not changed */
        now_st.passages = old.passages;
        free(buf);
        c->unchanged++;
        return t->w ? locus_writer_restamp(t->w, f->path, &now_st, err) : LOCUS_OK;
    }
    locus_release *r = NULL;
    st = locus_release_parse(f->shown, buf, len, &r, err);
    free(buf);
    if (st == LOCUS_ERR_FORMAT) {  /* empty or binary: not a release (any more) */
        warn(f->shown, strstr(err->message, ": ") ? strstr(err->message, ": ") + 2 : err->message);
        c->skipped++;
        if (found) {
            if (o->dry_run) plan("remove", f->path);
            else if ((st = locus_writer_remove(t->w, f->path, err))) return st;
            c->removed++;
        }
        return LOCUS_OK;
    }
    if (st) {
        if (fatal_status(st)) return st;
        say_error(err);
        c->failed++;
        return LOCUS_OK;
    }
    if (!r->date[0] && o->date_from_mtime) {
        struct tm tm;
        if (localtime_r(&sb.st_mtim.tv_sec, &tm)) strftime(r->date, sizeof r->date, "%Y-%m-%d", &tm);
    }
    if (!r->date[0]) warn(f->shown, "no date in the text, its metadata or the file name");
    if (o->dry_run) {
        plan(found ? "update" : "add", f->path);
    } else {
        size_t n = 0;
        st = locus_writer_put(t->w, f->path, r, &now_st, &n, err);
        if (st == LOCUS_ERR_INTERRUPTED) {  /* a signal: the run stops, the release stays as it was */
            locus_release_free(r);
            return LOCUS_OK;
        }
        if (st) {
            locus_release_free(r);
            if (fatal_status(st)) return st;
            say_error(err);  /* the message names the file */
            c->failed++;
            return LOCUS_OK;
        }
        c->passages += n;
    }
    locus_release_free(r);
    if (found) c->updated++; else c->added++;
    if (o->watching && !o->quiet) say("%s %s", found ? "updated" : "added", f->shown);
    return LOCUS_OK;
}

/* Removes the releases whose files have gone: below a walked folder (unless --no-prune), or
 * anywhere with --prune; with --rebuild, every release not indexed again. */
static locus_status prune(target *t, const options *o, const walk_list *files, counts *c,
                          locus_error *err) {
    locus_entry *e = NULL;
    size_t n = 0;
    locus_status st = list_releases(t, &e, &n, err);
    for (size_t i = 0; i < n && !st && !stop_signal; i++) {
        if (walk_has(files, e[i].path)) continue;
        bool gone;
        if (o->rebuild) gone = true;
        else if (!o->no_prune && walk_covers(files, e[i].path)) gone = true;
        else if (o->prune) {
            struct stat sb;  /* a dangling link has gone too */
            gone = stat(e[i].path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR);
        } else gone = false;
        if (!gone) continue;
        if (o->dry_run) plan("remove", e[i].path);
        else st = locus_writer_remove(t->w, e[i].path, err);
        if (!st) c->removed++;
        if (!st && o->watching && !o->quiet && !o->dry_run) {
            static char cwd[4096];
            if (!cwd[0] && !getcwd(cwd, sizeof cwd)) cwd[0] = '\0';
            say("removed %s", locus_display_path(e[i].path, cwd));
        }
    }
    locus_entries_free(e, n);
    return st;
}

static int run_check(const char *db, double lock_wait) {
    locus_error err;
    locus_check_report rep;
    if (locus_index_check(db, lock_wait, &rep, &err)) {
        say_error(&err);
        return EXIT_FATAL;
    }
    if (rep.problems) {
        say("%s: %zu problem%s; first: %s", db, rep.problems, rep.problems == 1 ? "" : "s",
            rep.first);
        return EXIT_SOME_FAILED;
    }
    locus_fputs_escaped(db, stdout);
    if (rep.unsettled[0]) {  /* nothing found, and not everything compared: not "consistent" */
        printf(": no damage found in %zu releases; their passages were not compared (%s)\n",
               rep.releases, rep.unsettled);
        return EXIT_ALL_OK;
    }
    printf(": consistent: %zu releases, %llu passages", rep.releases, (unsigned long long)rep.passages);
    if (rep.pending)
        printf("; %llu passages of an unfinished write are hidden (the next locus-index deletes them)",
               (unsigned long long)rep.pending);
    if (rep.tables[0]) printf(" (tables not checked: %s)", rep.tables);
    putchar('\n');
    for (size_t k = 0; k < rep.shards; k++)  /* where the releases sit: each where its path routes */
        printf("  shard %zu of %zu: %zu releases, %llu passages\n", k, rep.shards, rep.shard_releases[k],
               (unsigned long long)rep.shard_passages[k]);
    return EXIT_ALL_OK;
}

/* The last line of a run: what it did, and what the index holds. */
static void summary(const options *o, const counts *c, const char *db, uint32_t total, double t0) {
    fprintf(stderr, "%s: %s%zu added, %zu updated, %zu unchanged, %zu removed, %zu skipped, %zu failed",
            prog, o->dry_run ? "dry run: would have " : "", c->added, c->updated, c->unchanged,
            c->removed, c->skipped, c->failed);
    if (!o->dry_run) {
        fprintf(stderr, "; %zu passages written in %.2f s; ", c->passages, live_clock() - t0);
        locus_fputs_escaped(db, stderr);
        fprintf(stderr, " holds %u passages", total);
    }
    fputc('\n', stderr);
}

/* Compacts the index DB when FORCE, else when it pays (locus_index_compact), saying so unless
 * quiet. Returns non-zero after an error, which it has reported. */
static int compact(const char *db, const options *o, bool force) {
    locus_compact_report rep;
    locus_error err;
    double t0 = live_clock();
    if (locus_index_compact(db, o->lock_wait, force, &rep, &err)) {
        say_error(&err);
        return 1;
    }
    if (rep.compacted && !o->quiet)
        say("compacted %s: %.1f MB -> %.1f MB in %.2f s", db, (double)rep.before / 1e6,
            (double)rep.after / 1e6, live_clock() - t0);
    return 0;
}

/* --compact without PATH: the index, or each shard of a sharded one. */
static int compact_all(const char *db, const options *o) {
    char **paths = NULL;
    size_t n = 0;
    locus_error err;
    if (locus_shards_list(db, &paths, &n, &err)) {
        say_error(&err);
        return 1;
    }
    int bad = n ? 0 : compact(db, o, true);
    for (size_t k = 0; k < n; k++) bad |= compact(paths[k], o, true);
    locus_shards_free(paths, n);
    return bad;
}

/* Brings the index DB (one index, or one shard of a set) up to date with FILES: opens its
 * writer (for a dry run, its catalog), indexes each file, prunes, commits. Counts go to C, the
 * passages DB holds to *total; *was_empty (when not NULL) says whether it held none before.
 * Returns an exit status. */
static int update_index(const char *db, const options *o, const walk_list *files, bool progress,
                        counts *c, uint32_t *total, bool *was_empty) {
    target t = {0};
    locus_error err;
    int rc = EXIT_ALL_OK;
    if (o->dry_run) {
        locus_status st = locus_catalog_open(db, &t.cat, &err);
        if (st && st != LOCUS_ERR_NO_INDEX) {
            say_error(&err);
            rc = EXIT_FATAL;
        }
    } else {
        locus_status st = locus_writer_open(db, o->language, o->lock_wait, &t.w, &err);
        if (st) {
            say_error(&err);
            rc = st == LOCUS_ERR_LOCKED ? EXIT_LOCKED : EXIT_FATAL;
        } else {
            locus_writer_set_batch(t.w, o->batch);
            locus_writer_set_cancel(t.w, &stop_signal);
            uint32_t before = 1;
            if (was_empty && !locus_writer_passage_count(t.w, &before, &err)) *was_empty = before == 0;
        }
    }
    if (rc != EXIT_ALL_OK) return rc;
    locus_status st = LOCUS_OK;
    double last = 0, started = live_clock();
    progress_state ps = {0, files->count, 0};
    if (progress && t.w) locus_writer_set_progress(t.w, on_release_progress, &ps);
    if (o->rebuild) st = prune(&t, o, files, c, &err);  /* first drop what is not re-indexed */
    for (size_t i = 0; i < files->count && !st && !stop_signal; i++) {
        ps.release = i + 1;
        st = index_one(&t, o, &files->files[i], c, &err);
        if (progress && (live_clock() - last > 0.1 || !progress_shown)) {
            last = live_clock();
            progress_line(i + 1, files->count, started, NULL);
        }
    }
    if (progress_shown) fprintf(stderr, "\r\033[K");
    progress_shown = false;
    if (!st && !stop_signal && !o->rebuild) st = prune(&t, o, files, c, &err);
    if (st) {
        say_error(&err);
        rc = EXIT_FATAL;
    }
    if (t.w) {
        /* Commit what is done, also after an error of one file or a signal: committed
         * releases are always whole. After a failure of the index itself the batch is gone. */
        if (rc != EXIT_FATAL) locus_writer_passage_count(t.w, total, &err);
        if (locus_writer_close(t.w, &err) && rc != EXIT_FATAL) {
            say_error(&err);
            rc = EXIT_FATAL;
        }
    }
    locus_catalog_close(t.cat);
    return rc;
}

/* One thread of a sharded run: brings the shards K, K + J, K + 2J, ... up to date. */
typedef struct shard_job {
    const options *o;
    char **paths;
    walk_list *lists;       /* each shard's files */
    size_t n, first, step;
    counts *c;              /* per shard */
    uint32_t *total;        /* per shard */
    int rc;
} shard_job;

static void *shard_worker(void *arg) {
    shard_job *j = arg;
    for (size_t k = j->first; k < j->n && !stop_signal; k += j->step) {
        bool fresh = false;  /* held nothing before this run */
        int rc = update_index(j->paths[k], j->o, &j->lists[k], false, &j->c[k], &j->total[k], &fresh);
        if (rc == EXIT_FATAL || rc == EXIT_LOCKED) {
            j->rc = rc;
            break;
        }
        /* a shard written from nothing is compacted at once, as a new index's bulk build is */
        if (!stop_signal && !j->o->dry_run &&
            compact(j->paths[k], j->o, j->o->compact || fresh) && j->o->compact) {
            j->rc = EXIT_FATAL;
            break;
        }
    }
    return NULL;
}

/* Brings the shards PATHS of a sharded index up to date with FILES, each release in the shard
 * its key routes to, --jobs shards side by side. Counts go to C, passages to *total. */
static int update_shards(char **paths, size_t n, const options *o, const walk_list *files,
                         counts *c, uint32_t *total) {
    walk_list *lists = calloc(n, sizeof *lists);
    counts *cs = calloc(n, sizeof *cs);
    uint32_t *ts = calloc(n, sizeof *ts);
    size_t jobs = o->jobs < n ? o->jobs : n;
    shard_job *j = calloc(jobs, sizeof *j);
    pthread_t *tid = calloc(jobs, sizeof *tid);
    int rc = EXIT_ALL_OK;
    if (!lists || !cs || !ts || !j || !tid) {
        say("out of memory");
        rc = EXIT_FATAL;
    }
    for (size_t k = 0; k < n && !rc; k++) {  /* each shard sees its files, and every root */
        lists[k].roots = files->roots;
        lists[k].nroots = files->nroots;
        lists[k].files = calloc(files->count + 1, sizeof *lists[k].files);
        if (!lists[k].files) {
            say("out of memory");
            rc = EXIT_FATAL;
        }
    }
    for (size_t i = 0; i < files->count && !rc; i++) {
        walk_list *l = &lists[locus_shard_of(files->files[i].path, (unsigned)n)];
        l->files[l->count++] = files->files[i];
    }
    size_t started = 0;
    for (size_t t = 0; t < jobs && !rc; t++) {
        j[t] = (shard_job){o, paths, lists, n, t, jobs, cs, ts, EXIT_ALL_OK};
        if (pthread_create(&tid[t], NULL, shard_worker, &j[t]) != 0) {
            say("cannot start a thread");
            rc = EXIT_FATAL;
            break;
        }
        started++;
    }
    for (size_t t = 0; t < started; t++) {
        pthread_join(tid[t], NULL);
        if (j[t].rc && (!rc || j[t].rc == EXIT_FATAL)) rc = j[t].rc;
    }
    for (size_t k = 0; cs && ts && k < n; k++) {
        c->added += cs[k].added;
        c->updated += cs[k].updated;
        c->unchanged += cs[k].unchanged;
        c->removed += cs[k].removed;
        c->failed += cs[k].failed;
        c->skipped += cs[k].skipped;
        c->passages += cs[k].passages;
        *total += ts[k];
    }
    for (size_t k = 0; lists && k < n; k++) free(lists[k].files);
    free(lists);
    free(cs);
    free(ts);
    free(j);
    free(tid);
    return rc;
}

/* With --shards N: makes DB a new sharded index of N shards, or checks that it is one of N.
 * Then, for any DB, its shard folders into *paths (*n 0: DB is a single index, or none yet).
 * Returns an exit status. */
static int open_shards(const char *db, const options *o, char ***paths, size_t *n) {
    locus_error err;
    *paths = NULL;
    *n = 0;
    struct stat sb;
    if (o->shards && stat(db, &sb) != 0 && locus_shards_create(db, o->shards, &err)) {
        say_error(&err);
        return EXIT_FATAL;
    }
    if (locus_shards_list(db, paths, n, &err)) {
        say_error(&err);
        return EXIT_FATAL;
    }
    if (o->shards && *n != o->shards) {
        if (*n) say("%s has %zu shards, not %u (a new folder takes --shards)", db, *n, o->shards);
        else say("%s is an index of one piece: --shards N builds a new folder", db);
        locus_shards_free(*paths, *n);
        *paths = NULL;
        *n = 0;
        return EXIT_FATAL;
    }
    return EXIT_ALL_OK;
}

/* One thread of a bulk build: indexes the files that belong in its part (locus_shard_of their
 * key), so that a resumed build finds each release where an earlier run wrote it; then, when
 * resuming, removes from the part the releases whose files have gone (as prune does). */
typedef struct bulk_job {
    const options *o;
    const walk_list *files;
    locus_writer *w;
    unsigned part, parts;
    bool resumed;
    atomic_size_t *done;
    atomic_bool *stop;          /* a fatal error in some thread: every thread stops */
    counts c;
    locus_status st;
    locus_error err;
} bulk_job;

static void *bulk_worker(void *arg) {
    bulk_job *j = arg;
    target t = {.w = j->w, .cat = NULL};
    for (size_t i = 0; i < j->files->count && !stop_signal && !atomic_load(j->stop); i++) {
        if (locus_shard_of(j->files->files[i].path, j->parts) != j->part) continue;
        j->st = index_one(&t, j->o, &j->files->files[i], &j->c, &j->err);
        atomic_fetch_add(j->done, 1);
        if (j->st) break;
    }
    if (!j->st && j->resumed && !stop_signal && !atomic_load(j->stop))
        j->st = prune(&t, j->o, j->files, &j->c, &j->err);
    if (j->st) atomic_store(j->stop, true);
    return NULL;
}

/* Builds the new index DB from FILES in o->jobs parts written side by side, merged at the end
 * (locus_bulk_*). Returns the exit status, or -1 when DB holds an index already: the caller
 * updates it as usual. */
static int bulk_build(const char *db, const options *o, const walk_list *files, bool progress,
                      double t0) {
    locus_bulk *b = NULL;
    locus_error err;
    unsigned jobs = o->jobs;
    locus_status st = locus_bulk_open(db, o->language, o->lock_wait, jobs, &b, &err);
    if (st) {
        say_error(&err);
        return st == LOCUS_ERR_LOCKED ? EXIT_LOCKED : EXIT_FATAL;
    }
    if (!b) return -1;
    jobs = locus_bulk_parts(b);  /* a resumed build keeps its parts */
    bool resumed = locus_bulk_resumed(b);
    if (resumed && !o->quiet) say("%s: resuming the build that was interrupted (%u parts)", db, jobs);
    atomic_size_t done = 0;
    atomic_bool stop = false;
    bulk_job *j = calloc(jobs, sizeof *j);
    pthread_t *tid = calloc(jobs, sizeof *tid);
    unsigned started = 0;
    if (locus_bulk_note(b, 0, files->count, &err)) say_error(&err);
    for (unsigned k = 0; j && tid && k < jobs; k++) {
        j[k] = (bulk_job){.o = o, .files = files, .w = locus_bulk_writer(b, k), .part = k,
                          .parts = jobs, .resumed = resumed, .done = &done, .stop = &stop};
        locus_writer_set_batch(j[k].w, o->batch);
        locus_writer_set_cancel(j[k].w, &stop_signal);
        if (pthread_create(&tid[k], NULL, bulk_worker, &j[k]) != 0) break;
        started++;
    }
    if (started < jobs) atomic_store(&stop, true);
    double started_at = live_clock(), noted_at = started_at;
    size_t noted = 0;
    while (atomic_load(&done) < files->count && !atomic_load(&stop) && !stop_signal) {
        size_t d = atomic_load(&done);
        if (d != noted && live_clock() - noted_at >= 0.5) {  /* for searches: how far the build is */
            if (locus_bulk_note(b, d, files->count, &err)) say_error(&err);
            noted = d;
            noted_at = live_clock();
        }
        if (progress) {
            char threads[32];
            snprintf(threads, sizeof threads, "%u threads", jobs);
            pthread_mutex_lock(&say_lock);
            progress_line(d, files->count, started_at, threads);
            pthread_mutex_unlock(&say_lock);
        }
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    for (unsigned k = 0; k < started; k++) pthread_join(tid[k], NULL);
    if (progress_shown) fprintf(stderr, "\r\033[K");
    progress_shown = false;
    counts c = {.failed = files->errors, .skipped = files->unsupported};
    int rc = EXIT_ALL_OK;
    for (unsigned k = 0; j && k < started; k++) {
        c.added += j[k].c.added;
        c.updated += j[k].c.updated;
        c.unchanged += j[k].c.unchanged;
        c.removed += j[k].c.removed;
        c.skipped += j[k].c.skipped;
        c.failed += j[k].c.failed;
        c.passages += j[k].c.passages;
        if (j[k].st && rc == EXIT_ALL_OK) {
            say_error(&j[k].err);
            rc = EXIT_FATAL;
        }
    }
    if (!j || !tid || started < jobs) {
        if (rc == EXIT_ALL_OK) say("cannot start %u threads", jobs);
        rc = EXIT_FATAL;
    }
    free(j);
    free(tid);
    if (rc != EXIT_ALL_OK) {
        locus_bulk_abandon(b);
        return rc;
    }
    if (stop_signal) {  /* the parts are kept at their last commits: the next run goes on */
        if (locus_bulk_note(b, atomic_load(&done), files->count, &err)) say_error(&err);
        if (locus_bulk_suspend(b, &err)) say_error(&err);
        say("interrupted by signal %d; %zu of %zu releases are in the build's parts: run locus-index "
            "again to finish it", (int)stop_signal, atomic_load(&done), files->count);
        return 128 + stop_signal;
    }
    uint32_t total = 0;  /* what the parts hold (a resumed build's earlier releases too) */
    for (unsigned k = 0; k < jobs; k++) {
        uint32_t n = 0;
        if (!locus_writer_passage_count(locus_bulk_writer(b, k), &n, &err)) total += n;
    }
    if (progress) {  /* merging and compacting can take a while: say so */
        fprintf(stderr, "\r\033[K%s: %zu/%zu releases read; merging and compacting %u parts", prog,
                files->count, files->count, jobs);
        progress_shown = true;
    }
    locus_status fst = locus_bulk_finish(b, &err);
    if (progress_shown) fprintf(stderr, "\r\033[K");
    progress_shown = false;
    if (fst) {
        say_error(&err);
        return EXIT_FATAL;
    }
    if (c.failed) rc = EXIT_SOME_FAILED;
    if (!o->quiet) {
        warn_rest();
        summary(o, &c, db, total, t0);
    }
    return rc;
}

/* The long options' codes beyond the short ones. */
enum { O_REBUILD = 256, O_DRY, O_PRUNE, O_NO_PRUNE, O_FROM, O_LOCK, O_BATCH, O_PROGRESS, O_CHECK,
       O_MTIME, O_COMPACT, O_SHARDS, O_NO_CONFIG, O_WATCH };

/* Sets option CH (getopt's code, its value in optarg) in *o. Returns -1 to go on, or the exit
 * status to end with: help and version done, or a bad value said. */
static int set_option(int ch, options *o) {
    char *end;
    switch (ch) {
    case 'd': o->db = optarg; break;
    case 'L': o->language = optarg; break;
    case 'l':  /* -l was the language before; in locus-search it lists files */
        say("-l is not an option of locus-index; the stemming language is -L (--language)");
        return EXIT_FATAL;
    case 'q': o->quiet = quiet = true; break;
    case '0': o->null_sep = true; break;
    case O_REBUILD: o->rebuild = true; break;
    case O_DRY: o->dry_run = true; break;
    case O_PRUNE: o->prune = true; break;
    case O_NO_PRUNE: o->no_prune = true; break;
    case O_FROM: o->files_from = optarg; break;
    case O_CHECK: o->check = true; break;
    case O_COMPACT: o->compact = true; break;
    case O_WATCH: o->watch = true; break;
    case O_SHARDS: {
        errno = 0;
        unsigned long v = strtoul(optarg, &end, 10);
        if (!*optarg || *end || errno || optarg[0] == '-' || v < 2 || v > LOCUS_SHARDS_MAX) {
            say("--shards wants a number from 2 to %d, not '%s'", LOCUS_SHARDS_MAX, optarg);
            return EXIT_FATAL;
        }
        o->shards = (unsigned)v;
        break;
    }
    case O_MTIME: o->date_from_mtime = true; break;
    case 'g': {
        if (!*optarg || !strcmp(optarg, "!")) {
            say("--glob wants a pattern, not '%s'", optarg);
            return EXIT_FATAL;
        }
        if (o->nglobs == sizeof o->globs / sizeof o->globs[0]) {
            say("at most %zu --glob patterns", sizeof o->globs / sizeof o->globs[0]);
            return EXIT_FATAL;
        }
        o->globs[o->nglobs++] = optarg;
        break;
    }
    case O_LOCK:
        errno = 0;
        o->lock_wait = strtod(optarg, &end);
        if (!*optarg || *end || errno || !(o->lock_wait >= 0) || o->lock_wait > 86400) {
            say("--lock-wait wants seconds from 0 to 86400, not '%s'", optarg);
            return EXIT_FATAL;
        }
        break;
    case O_BATCH:
        errno = 0;
        o->batch = strtoul(optarg, &end, 10);
        if (!*optarg || *end || errno || optarg[0] == '-' || o->batch < 1 || o->batch > 10000000) {
            say("--batch-size wants a number from 1 to 10000000, not '%s'", optarg);
            return EXIT_FATAL;
        }
        break;
    case 'j': {
        errno = 0;
        unsigned long j = strtoul(optarg, &end, 10);
        if (!*optarg || *end || errno || optarg[0] == '-' || j < 1 || j > LOCUS_BULK_MAX_PARTS) {
            say("--jobs wants a number from 1 to %d, not '%s'", LOCUS_BULK_MAX_PARTS, optarg);
            return EXIT_FATAL;
        }
        o->jobs = (unsigned)j;
        break;
    }
    case O_PROGRESS:
        if (!strcmp(optarg, "auto")) o->progress = PROGRESS_AUTO;
        else if (!strcmp(optarg, "always")) o->progress = PROGRESS_ALWAYS;
        else if (!strcmp(optarg, "never")) o->progress = PROGRESS_NEVER;
        else {
            say("--progress wants auto, always or never, not '%s'", optarg);
            return EXIT_FATAL;
        }
        break;
    case 'h': usage(stdout); return EXIT_ALL_OK;
    case 'V': version(); return EXIT_ALL_OK;
    case O_NO_CONFIG: break;  /* taken by locus_config_argv */
    default:
        fprintf(stderr, "Try '%s --help'.\n", prog);
        return EXIT_FATAL;
    }
    return -1;
}

/* Reads the options of the command line into *o (getopt's optind then points at the first
 * PATH). Returns -1 to go on, or the exit status to end with. */
static int read_options(int argc, char **argv, options *o) {
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},          {"language", required_argument, NULL, 'L'},
        {"quiet", no_argument, NULL, 'q'},             {"rebuild", no_argument, NULL, O_REBUILD},
        {"dry-run", no_argument, NULL, O_DRY},         {"prune", no_argument, NULL, O_PRUNE},
        {"no-prune", no_argument, NULL, O_NO_PRUNE},   {"files-from", required_argument, NULL, O_FROM},
        {"null", no_argument, NULL, '0'},              {"lock-wait", required_argument, NULL, O_LOCK},
        {"batch-size", required_argument, NULL, O_BATCH}, {"jobs", required_argument, NULL, 'j'},
        {"progress", required_argument, NULL, O_PROGRESS}, {"check", no_argument, NULL, O_CHECK},
        {"glob", required_argument, NULL, 'g'},        {"date-from-mtime", no_argument, NULL, O_MTIME},
        {"compact", no_argument, NULL, O_COMPACT},     {"shards", required_argument, NULL, O_SHARDS},
        {"watch", no_argument, NULL, O_WATCH},
        {"help", no_argument, NULL, 'h'},              {"version", no_argument, NULL, 'V'},
        {"no-config", no_argument, NULL, O_NO_CONFIG},
        {NULL, 0, NULL, 0}};
    int ch, rc;
    while ((ch = getopt_long(argc, argv, "d:j:lL:g:q0hV", longs, NULL)) != -1) {
        const char *meant = ch == '?' ? locus_closest_option(argv[optind - 1], longs) : NULL;
        if (meant) say("did you mean --%s?", meant);
        if ((rc = set_option(ch, o)) >= 0) return rc;
    }
    return -1;
}

/* The files to index: the ARGC paths ARGV walked (with *o's globs) and --files-from, into
 * *files. Returns -1 to go on, or the exit status to end with (*files released). */
static int collect_files(const options *o, int argc, char **argv, walk_list *files) {
    *files = (walk_list){.globs = o->globs, .nglobs = o->nglobs};
    bool ok = true;
    for (int i = 0; i < argc && ok; i++)
        if (walk_add(files, argv[i], on_walk_error, NULL) < 0) {
            say("out of memory");
            ok = false;
        }
    if (ok && o->files_from) ok = read_files_from(o->files_from, o->null_sep, files);
    if (!ok) {
        walk_list_release(files);
        return EXIT_FATAL;
    }
    walk_finish(files);
    if (!files->count && !files->nroots && files->errors && !o->files_from) {
        /* every path failed: say so before anything is created or changed */
        say("nothing to index: no PATH could be read; the index was not touched");
        walk_list_release(files);
        return EXIT_SOME_FAILED;
    }
    return -1;
}

/* Indexes FILES into the index DB (a bulk build for a new one, shard by shard for a set, else
 * an update), then sums up and compacts when it is due; T0 is when the run started. The exit
 * status. */
static int index_round(const char *db, const options *o, walk_list *files, double t0) {
    locus_reader_set_cancel(&stop_signal);  /* a PDF being read stops too */
    bool progress = o->progress == PROGRESS_ALWAYS || (o->progress == PROGRESS_AUTO && isatty(STDERR_FILENO));
    char **shards = NULL;
    size_t n_shards = 0;
    int rc = o->dry_run ? EXIT_ALL_OK : open_shards(db, o, &shards, &n_shards);
    if (rc == EXIT_ALL_OK && !n_shards && !o->dry_run &&
        (files->count >= BULK_MIN_FILES || locus_bulk_pending(db))) {
        int brc = bulk_build(db, o, files, progress, t0);
        if (brc >= 0) return brc;
    }
    counts c = {.failed = files->errors, .skipped = files->unsupported};
    uint32_t total = 0;
    if (rc == EXIT_ALL_OK)
        rc = n_shards ? update_shards(shards, n_shards, o, files, &c, &total)
                      : update_index(db, o, files, progress, &c, &total, NULL);
    locus_shards_free(shards, n_shards);
    if (rc == EXIT_ALL_OK && c.failed) rc = EXIT_SOME_FAILED;
    if (!o->quiet && rc != EXIT_FATAL && rc != EXIT_LOCKED) {
        warn_rest();
        summary(o, &c, db, total, t0);
    }
    /* updates leave free space behind: compacted when the index has grown enough (or asked);
     * shards were compacted one by one */
    if (!n_shards && !o->dry_run && rc != EXIT_FATAL && rc != EXIT_LOCKED && !stop_signal &&
        compact(db, o, o->compact) && o->compact)
        rc = EXIT_FATAL;
    if (stop_signal) {
        say("interrupted by signal %d; what was indexed before is committed", (int)stop_signal);
        rc = 128 + stop_signal;
    }
    fflush(stdout);
    return rc;
}

static int index_files(const char *db, const options *o, walk_list *files, double t0) {
    watch_start();
    return watch_done(index_round(db, o, files, t0));
}

/* While watching: BUSY says that a round is under way (a signal then gets 0.9 s to end it, as
 * in any run), else the program waits between rounds and stops by itself. */
static void set_busy(bool busy) {
    pthread_mutex_lock(&finish_lock);
    finished = !busy;
    pthread_cond_broadcast(&finish_cond);
    pthread_mutex_unlock(&finish_lock);
}

#define WATCH_QUIET 0.5   /* seconds without a change that end a burst */
#define WATCH_STALE 10.0  /* a file written to and not closed for this long counts as complete */
#define WATCH_MAX 60.0    /* a burst ends this long after its first change, whatever goes on */

/* --watch: indexes the ARGC PATHS ARGV, then once after each burst of changes below them (a new,
 * changed, renamed or removed file, a new folder), each time as a run of its own would (the
 * walk, unchanged files skipped by their stamps, removals), holding the writers' lock only
 * then. A later round the index refused (locked, a full disk) is tried again 2 s later; a first
 * one ends it, with that round's status. Ends on
 * SIGINT or SIGTERM with 0, a round under way stopped as any run is (what it committed kept). */
static int watch_paths(const char *db, options *o, int argc, char **argv) {
    watch_start();
    char why[4224];  /* a path and a reason */
    live *l = NULL;
    if (live_open(argv, (size_t)argc, &l, why, sizeof why)) {  /* first: no change is missed */
        say("--watch: %s", why);
        return watch_done(EXIT_FATAL);
    }
    int rc = EXIT_ALL_OK;
    bool retry = false;
    for (bool first = true; !stop_signal; first = false) {
        if (!first) {
            size_t events = 0;
            set_busy(false);
            int w = 1;
            if (retry) {  /* the last round failed: again in 2 s, whatever changes */
                for (int k = 0; k < 20 && !stop_signal; k++) usleep(100 * 1000);
                if (stop_signal) w = 0;
            } else {
                w = live_wait(l, &stop_signal, WATCH_QUIET, WATCH_STALE, WATCH_MAX, &events, why, sizeof why);
            }
            if (w < 0) {
                say("--watch: %s", why);
                rc = EXIT_FATAL;
                break;
            }
            if (w == 0) break;
            set_busy(true);
        }
        walk_list files;
        double t0 = live_clock();
        int crc = collect_files(o, argc, argv, &files);
        int r = crc >= 0 ? crc : index_round(db, o, &files, t0);
        if (crc < 0) walk_list_release(&files);
        retry = r == EXIT_FATAL || r == EXIT_LOCKED;
        if (retry && first) {  /* an index it cannot write at all (read-only, refused): no watch */
            rc = r;
            break;
        }
        if (retry && !stop_signal) say("--watch: the index could not be updated; trying again in 2 s");
        if (first && !o->quiet)
            say("watching %d path%s for changes (Ctrl-C stops)", argc, argc == 1 ? "" : "s");
        o->watching = true;  /* from now on, a line per change */
        if (stop_signal) break;  /* what the round did is committed: a clean stop */
    }
    live_close(l);
    if (stop_signal && rc == EXIT_ALL_OK && !o->quiet) say("stopped watching (signal %d)", (int)stop_signal);
    return watch_done(rc);
}

int main(int argc, char **argv) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    options o = {.lock_wait = 10, .batch = LOCUS_WRITER_BATCH,
                 .jobs = cores < 1 ? 1 : cores > 64 ? 64 : (unsigned)cores};
    locus_error cerr;
    if (locus_config_argv("index", &argc, &argv, &cerr)) {
        say_error(&cerr);
        return EXIT_FATAL;
    }
    int rc = read_options(argc, argv, &o);
    if (rc >= 0) return rc;
    locus_error err;
    char *db = NULL;
    if (locus_index_path(o.db, &db, &err)) {
        say_error(&err);
        return EXIT_FATAL;
    }
    if (o.check) {
        rc = optind < argc ? (say("--check takes no PATH"), EXIT_FATAL) : run_check(db, o.lock_wait);
        free(db);
        return rc;
    }
    if (o.compact && optind >= argc && !o.files_from) {  /* compaction alone */
        rc = compact_all(db, &o) ? EXIT_FATAL : EXIT_ALL_OK;
        free(db);
        return rc;
    }
    if (optind >= argc && !o.files_from) {
        say("no PATH to index (try '%s --help')", prog);
        free(db);
        return EXIT_FATAL;
    }
    if (o.prune && o.no_prune) {
        say("--prune and --no-prune contradict each other");
        free(db);
        return EXIT_FATAL;
    }
    if (o.watch) {
        if (o.files_from || o.dry_run || optind >= argc) {
            say("--watch keeps PATHs current: give them, without --files-from or --dry-run");
            rc = EXIT_FATAL;
        } else {
            rc = watch_paths(db, &o, argc - optind, argv + optind);
        }
        free(db);
        return rc;
    }
    double t0 = live_clock();
    walk_list files;
    if ((rc = collect_files(&o, argc - optind, argv + optind, &files)) >= 0) {
        free(db);
        return rc;
    }
    rc = index_files(db, &o, &files, t0);
    walk_list_release(&files);
    free(db);
    return rc;
}
