/* sandbox.c - a reader in a child process with CPU and memory limits (sandbox.h).
 *
 * The child (fork, no exec: it shares the file's bytes copy-on-write) runs the reader and writes
 * the release it made into a pipe as length-prefixed fields; the parent reads them back into a
 * release of its own, polling a tenth of a second at a time for a cancel. The child dies with its
 * parent (PR_SET_PDEATHSIG), so a killed indexer leaves no reader behind. */
#define _GNU_SOURCE
#include "read/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const volatile sig_atomic_t *cancel_flag;

void locus_reader_set_cancel(const volatile sig_atomic_t *flag) { cancel_flag = flag; }

static bool cancelled(void) { return cancel_flag && *cancel_flag; }

/* ---- the child's side: the release as bytes ------------------------------------------------ */

typedef struct wire {
    int fd;
    bool failed;
} wire;

static void send_bytes(wire *w, const void *p, size_t n) {
    const char *s = p;
    while (n && !w->failed) {
        ssize_t k = write(w->fd, s, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) { w->failed = true; return; }
        s += k;
        n -= (size_t)k;
    }
}

static void send_u64(wire *w, uint64_t v) { send_bytes(w, &v, sizeof v); }

static void send_str(wire *w, const char *s) {
    size_t n = s ? strlen(s) : 0;
    send_u64(w, n);
    send_bytes(w, s, n);
}

static void send_release(wire *w, const locus_release *r) {
    send_str(w, r->title);
    send_bytes(w, r->date, sizeof r->date);
    send_u64(w, (uint64_t)r->date_from_name);
    send_u64(w, r->title_line);
    send_u64(w, r->running_lines);
    send_u64(w, (uint64_t)r->format);
    send_str(w, r->charset);
    send_str(w, r->language);
    send_u64(w, (r->source_url != NULL) | (r->issuer != NULL) << 1);  /* which of them follow */
    if (r->source_url) send_str(w, r->source_url);
    if (r->issuer) send_str(w, r->issuer);
    send_u64(w, r->n_sections);
    for (size_t i = 0; i < r->n_sections; i++) {
        send_str(w, r->sections[i]);
        send_u64(w, (uint64_t)(int64_t)r->section_parents[i]);
    }
    send_u64(w, r->n_passages);
    for (size_t i = 0; i < r->n_passages; i++) {
        const locus_passage *p = &r->passages[i];
        send_u64(w, (uint64_t)(int64_t)p->section_index);
        send_str(w, p->text);
        uint64_t v[] = {p->byte_start, p->byte_end, p->line_start, p->line_end, p->line_offset,
                        p->page, (uint64_t)p->exact, (uint64_t)p->kind};
        send_bytes(w, v, sizeof v);
    }
}

static _Noreturn void child(locus_reader_fn read, const char *name, const char *buf, size_t len,
                            double cpu_seconds, size_t memory, int fd) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Hold none of the parent's descriptors but the standard three and the pipe: a forked copy of
     * another thread's descriptors would keep them open as long as this child runs (Xapian's
     * writer lock, held by a process at the other end of a socket, stayed taken: a compaction
     * that reopened its copy found it "already locked"; another reader's pipe saw no end). */
    if (fd != 3 && dup2(fd, 3) == 3) fd = 3;
    if (fd == 3) close_range(4, ~0U, 0);
    signal(SIGINT, SIG_IGN);  /* the parent decides when a read stops; it kills the child */
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_IGN);
    rlim_t cpu = (rlim_t)(cpu_seconds + 0.999);
    struct rlimit rl = {cpu, cpu + 1};  /* SIGXCPU at the soft limit, SIGKILL at the hard */
    setrlimit(RLIMIT_CPU, &rl);
#if !defined(__SANITIZE_ADDRESS__) && !defined(LOCUS_SANITIZE_BUILD)
    /* MEMORY more than the parent's address space, which the child starts with */
    unsigned long pages = 0;
    FILE *statm = fopen("/proc/self/statm", "r");
    if (statm) {
        if (fscanf(statm, "%lu", &pages) != 1) pages = 0;
        fclose(statm);
    }
    rlim_t limit = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + memory;
    struct rlimit as = {limit, limit};
    setrlimit(RLIMIT_AS, &as);
#else
    (void)memory;
#endif
    locus_release *r = NULL;
    locus_error err = {0};
    locus_status st = read(name, buf, len, &r, &err);
    wire w = {fd, false};
    send_u64(&w, (uint64_t)st);
    if (st) {
        send_u64(&w, err.column);
        send_str(&w, err.message);
    } else {
        send_release(&w, r);
    }
    _exit(w.failed ? 3 : 0);  /* no atexit handlers, no flushing of the parent's stdio copies */
}

/* ---- the parent's side -------------------------------------------------------------------- */

typedef struct inbox {
    char *s;
    size_t n, cap, at;
    bool bad;
} inbox;

static bool take(inbox *in, void *p, size_t n) {
    if (in->bad || in->n - in->at < n) { in->bad = true; return false; }
    memcpy(p, in->s + in->at, n);
    in->at += n;
    return true;
}

static uint64_t take_u64(inbox *in) {
    uint64_t v = 0;
    take(in, &v, sizeof v);
    return v;
}

/* A new NUL-terminated string from IN, or NULL (IN marked bad). */
static char *take_str(inbox *in) {
    uint64_t n = take_u64(in);
    if (in->bad || n > in->n - in->at) { in->bad = true; return NULL; }
    char *s = malloc(n + 1);
    if (!s) { in->bad = true; return NULL; }
    memcpy(s, in->s + in->at, n);
    s[n] = '\0';
    in->at += n;
    return s;
}

static void take_into(inbox *in, char *dst, size_t cap) {
    char *s = take_str(in);
    snprintf(dst, cap, "%s", s ? s : "");
    free(s);
}

static locus_release *take_release(inbox *in) {
    locus_release *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->title = take_str(in);
    take(in, r->date, sizeof r->date);
    r->date[sizeof r->date - 1] = '\0';
    r->date_from_name = (int)take_u64(in);
    r->title_line = (uint32_t)take_u64(in);
    r->running_lines = (uint32_t)take_u64(in);
    r->format = (int)take_u64(in);
    take_into(in, r->charset, sizeof r->charset);
    take_into(in, r->language, sizeof r->language);
    uint64_t cited = take_u64(in);
    if (cited & 1) r->source_url = take_str(in);
    if (cited & 2) r->issuer = take_str(in);
    uint64_t ns = take_u64(in);
    /* each section takes at least 16 bytes of the message: a count past that is a bad message */
    if (!in->bad && ns <= (in->n - in->at) / 16 && ns) {
        r->sections = calloc(ns, sizeof *r->sections);
        r->section_parents = calloc(ns, sizeof *r->section_parents);
        if (!r->sections || !r->section_parents) in->bad = true;
        for (uint64_t i = 0; i < ns && !in->bad; i++) {
            r->sections[i] = take_str(in);
            int64_t parent = (int64_t)take_u64(in);
            r->section_parents[i] = parent >= 0 && (uint64_t)parent < i ? (int32_t)parent : -1;
            if (!in->bad) r->n_sections++;
        }
    } else if (ns) {
        in->bad = true;
    }
    uint64_t np = take_u64(in);
    if (!in->bad && np <= (in->n - in->at) / 80 && np) {
        r->passages = calloc(np, sizeof *r->passages);
        if (!r->passages) in->bad = true;
        for (uint64_t i = 0; i < np && !in->bad; i++) {
            locus_passage *p = &r->passages[i];
            int64_t sec = (int64_t)take_u64(in);
            p->text = take_str(in);
            uint64_t v[8];
            if (!take(in, v, sizeof v) || !p->text) break;
            p->section_index = sec >= 0 && (uint64_t)sec < r->n_sections ? (int32_t)sec : -1;
            p->section = p->section_index >= 0 ? r->sections[p->section_index] : "";
            p->byte_start = v[0];
            p->byte_end = v[1];
            p->line_start = (uint32_t)v[2];
            p->line_end = (uint32_t)v[3];
            p->line_offset = v[4];
            p->page = (uint32_t)v[5];
            p->exact = (int)v[6];
            p->kind = (locus_passage_kind)v[7];
            r->n_passages++;
        }
    } else if (np) {
        in->bad = true;
    }
    if (in->bad) {
        locus_release_free(r);
        return NULL;
    }
    return r;
}

/* The CPU time, in clock ticks, that process PID has used, and whether it is asleep; false when
 * /proc cannot tell. */
static bool child_cpu(pid_t pid, unsigned long long *ticks, bool *asleep) {
    char p[64], buf[1024];
    snprintf(p, sizeof p, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(p, "r");
    if (!f) return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *q = strrchr(buf, ')');  /* after the command name, which may hold spaces */
    char state;
    unsigned long long ut, st;
    if (!q || sscanf(q + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &state, &ut, &st) != 3)
        return false;
    *ticks = ut + st;
    *asleep = state == 'S' || state == 'D';
    return true;
}

#if defined(LOCUS_SANITIZE_BUILD) || defined(__SANITIZE_ADDRESS__)
/* The number of threads of this process (0 when /proc cannot tell). */
static int threads(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Threads: %d", &n) == 1) break;
    fclose(f);
    return n;
}
#endif

typedef enum { READ_DONE, READ_CANCELLED, READ_STUCK } read_end;

/* Reads FD to its end into IN, a tenth of a second at a time, watching the child PID: a child that
 * sleeps without using any CPU or sending anything for 2 s is stuck (a lock that another thread
 * of this process held when it forked stays held in the child forever). */
static read_end read_all(int fd, pid_t pid, inbox *in) {
    unsigned long long last_ticks = 0;
    int idle = 0;  /* tenths of a second asleep, no CPU used, nothing sent */
    for (;;) {
        if (cancelled()) return READ_CANCELLED;
        struct pollfd pfd = {fd, POLLIN, 0};
        int k = poll(&pfd, 1, 100);
        if (k < 0 && errno != EINTR) { in->bad = true; return READ_DONE; }
        if (k <= 0) {
            unsigned long long ticks;
            bool asleep;
            if (child_cpu(pid, &ticks, &asleep) && asleep && ticks == last_ticks) {
                if (++idle >= 20) return READ_STUCK;
            } else {
                idle = 0;
                last_ticks = ticks;
            }
            continue;
        }
        idle = 0;
        if (in->cap - in->n < 65536) {
            size_t cap = in->cap ? in->cap * 2 : 1 << 20;
            char *s = realloc(in->s, cap);
            if (!s) { in->bad = true; return READ_DONE; }
            in->s = s;
            in->cap = cap;
        }
        ssize_t got = read(fd, in->s + in->n, in->cap - in->n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return READ_DONE;
        in->n += (size_t)got;
    }
}

/* One try: READ in a child; *end says how it ended, the child's status in *status. */
static locus_status run_child(locus_reader_fn read, const char *name, const char *buf, size_t len,
                              double cpu_seconds, size_t memory, inbox *in, read_end *end,
                              int *status, locus_error *err) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC))
        return locus_error_set(err, LOCUS_ERR_IO, "%s: cannot make a pipe: %s", name, strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "%s: cannot start a reader: %s", name,
                               strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        child(read, name, buf, len, cpu_seconds, memory, fds[1]);
    }
    close(fds[1]);
    *end = read_all(fds[0], pid, in);
    close(fds[0]);
    if (*end != READ_DONE) kill(pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR) {}
    return LOCUS_OK;
}

locus_status locus_sandbox_parse(locus_reader_fn read, const char *name, const char *buf,
                                 size_t len, double cpu_seconds, size_t memory,
                                 locus_release **out, locus_error *err) {
    *out = NULL;
    if (cancelled()) return locus_error_set(err, LOCUS_ERR_INTERRUPTED, "%s: interrupted", name);
#if defined(LOCUS_SANITIZE_BUILD) || defined(__SANITIZE_ADDRESS__)
    /* ASan's allocator (GCC 12) has no fork handlers: a child forked while another thread
     * allocates waits forever on its lock. With threads at work, read here. */
    if (threads() > 2) return read(name, buf, len, out, err);
#endif
    inbox in = {0};
    read_end end = READ_STUCK;
    int status = 0;
    /* a stuck child is tried again (the lock it inherited is free by then), twice; then the
     * reader runs here, unlimited, rather than fail a good file */
    for (int attempt = 0; attempt < 3 && end == READ_STUCK; attempt++) {
        in.n = in.at = 0;
        in.bad = false;
        locus_status st = run_child(read, name, buf, len, cpu_seconds, memory, &in, &end, &status, err);
        if (st) {
            free(in.s);
            return st;
        }
    }
    if (end == READ_STUCK) {
        free(in.s);
        return read(name, buf, len, out, err);
    }
    bool done = end == READ_DONE;
    locus_status st;
    if (!done) {
        st = locus_error_set(err, LOCUS_ERR_INTERRUPTED, "%s: interrupted", name);
    } else if (WIFSIGNALED(status) &&
               (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL)) {
        st = locus_error_set(err, LOCUS_ERR_FORMAT,
                             "%s: reading its text took over %.0f s of CPU, skipped", name, cpu_seconds);
    } else if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) {
        /* out of memory inside the library ends in an abort or a signal too */
        st = locus_error_set(err, LOCUS_ERR_FORMAT, "%s: the reader died (%s %d; over %zu MiB?), skipped",
                             name, WIFSIGNALED(status) ? "signal" : "exit",
                             WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), memory >> 20);
    } else {
        uint64_t code = take_u64(&in);
        if (in.bad) {
            st = locus_error_set(err, LOCUS_ERR_FORMAT, "%s: the reader sent nothing, skipped", name);
        } else if (code != LOCUS_OK) {
            size_t column = (size_t)take_u64(&in);
            char *msg = take_str(&in);
            st = locus_error_set(err, code <= LOCUS_ERR_INTERRUPTED ? (locus_status)code : LOCUS_ERR_FORMAT,
                                 "%s", msg ? msg : "the reader failed");
            if (err) err->column = column;
            free(msg);
        } else if (!(*out = take_release(&in))) {
            st = locus_error_set(err, in.bad ? LOCUS_ERR_FORMAT : LOCUS_ERR_NO_MEMORY,
                                 "%s: what the reader sent is incomplete, skipped", name);
        } else {
            st = locus_error_clear(err);
        }
    }
    free(in.s);
    return st;
}
