/* live.c - inotify watches over the folders locus-index --watch keeps current (live.h). */
#define _GNU_SOURCE
#include "live.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EVENTS (IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | \
                IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB)

typedef struct pending {  /* a file written to and not closed yet */
    int wd;
    char *name;
    double last;          /* when it was last written to */
} pending;

struct live {
    int fd;
    char **paths;         /* what was asked, absolute */
    size_t n_paths;
    int *wds;             /* the watches now */
    size_t n_wds, cap_wds;
    pending *open;
    size_t n_open, cap_open;
    bool rewatch;         /* a folder came, went or moved: watch them all anew */
};

double live_clock(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int add_watch(live *l, const char *dir, char *why, size_t size) {
    int wd = inotify_add_watch(l->fd, dir, EVENTS | IN_ONLYDIR);
    if (wd < 0) {
        if (errno == ENOENT || errno == ENOTDIR || errno == EACCES) return 0;  /* gone, or not ours */
        snprintf(why, size, "%s: cannot watch it: %s%s", dir, strerror(errno),
                 errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
        return -1;
    }
    if (l->n_wds == l->cap_wds) {
        size_t cap = l->cap_wds ? 2 * l->cap_wds : 64;
        int *w = realloc(l->wds, cap * sizeof *w);
        if (!w) { snprintf(why, size, "out of memory"); return -1; }
        l->wds = w;
        l->cap_wds = cap;
    }
    l->wds[l->n_wds++] = wd;
    return 0;
}

/* Watches DIR and the folders below it (not hidden ones, not links); an explicit, iterative
 * walk so that no depth of folders can exhaust the stack. */
static int watch_tree(live *l, const char *top, char *why, size_t size) {
    size_t n = 1, cap = 16;
    char **todo = malloc(cap * sizeof *todo);
    if (!todo || !(todo[0] = strdup(top))) {
        free(todo);
        snprintf(why, size, "out of memory");
        return -1;
    }
    int rc = 0;
    while (n && !rc) {
        char *dir = todo[--n];
        rc = add_watch(l, dir, why, size);
        DIR *d = rc ? NULL : opendir(dir);
        for (struct dirent *e; d && !rc && (e = readdir(d));) {
            if (e->d_name[0] == '.') continue;  /* hidden, and . and .. */
            char path[PATH_MAX];
            if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
            struct stat sb;
            if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) continue;
            if (n == cap) {
                char **t = realloc(todo, 2 * cap * sizeof *t);
                if (!t) { rc = -1; snprintf(why, size, "out of memory"); break; }
                todo = t;
                cap *= 2;
            }
            if (!(todo[n] = strdup(path))) { rc = -1; snprintf(why, size, "out of memory"); break; }
            n++;
        }
        if (d) closedir(d);
        free(dir);
    }
    while (n) free(todo[--n]);
    free(todo);
    return rc;
}

static int watch_all(live *l, char *why, size_t size) {
    for (size_t i = 0; i < l->n_wds; i++) inotify_rm_watch(l->fd, l->wds[i]);
    l->n_wds = 0;
    for (size_t i = 0; i < l->n_paths; i++) {
        struct stat sb;
        if (stat(l->paths[i], &sb) != 0) continue;  /* gone: nothing to watch there for now */
        if (S_ISDIR(sb.st_mode)) {
            if (watch_tree(l, l->paths[i], why, size)) return -1;
        } else {
            char dir[PATH_MAX];
            snprintf(dir, sizeof dir, "%s", l->paths[i]);
            char *slash = strrchr(dir, '/');
            if (slash) *slash = '\0';
            if (add_watch(l, slash && dir[0] ? dir : "/", why, size)) return -1;
        }
    }
    l->rewatch = false;
    return 0;
}

int live_open(char *const *paths, size_t n, live **out, char *why, size_t size) {
    *out = NULL;
    live *l = calloc(1, sizeof *l);
    if (!l || !(l->paths = calloc(n ? n : 1, sizeof *l->paths))) {
        free(l);
        snprintf(why, size, "out of memory");
        return -1;
    }
    l->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (l->fd < 0) {
        snprintf(why, size, "inotify: %s", strerror(errno));
        live_close(l);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        char abs[PATH_MAX];
        l->paths[l->n_paths] = strdup(realpath(paths[i], abs) ? abs : paths[i]);
        if (l->paths[l->n_paths]) l->n_paths++;
    }
    if (watch_all(l, why, size)) {
        live_close(l);
        return -1;
    }
    *out = l;
    return 0;
}

static void forget_open(live *l, int wd, const char *name) {
    for (size_t i = 0; i < l->n_open; i++)
        if (l->open[i].wd == wd && !strcmp(l->open[i].name, name)) {
            free(l->open[i].name);
            l->open[i] = l->open[--l->n_open];
            return;
        }
}

static void note_open(live *l, int wd, const char *name, double t) {
    for (size_t i = 0; i < l->n_open; i++)
        if (l->open[i].wd == wd && !strcmp(l->open[i].name, name)) {
            l->open[i].last = t;
            return;
        }
    if (l->n_open == l->cap_open) {
        size_t cap = l->cap_open ? 2 * l->cap_open : 32;
        pending *p = realloc(l->open, cap * sizeof *p);
        if (!p) return;  /* then it is not waited for: it is read as it is */
        l->open = p;
        l->cap_open = cap;
    }
    char *copy = strdup(name);
    if (copy) l->open[l->n_open++] = (pending){wd, copy, t};
}

/* Reads the events waiting on L's descriptor; how many there were (-1 on an error). */
static long read_events(live *l) {
    char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    long count = 0;
    for (;;) {
        ssize_t got = read(l->fd, buf, sizeof buf);
        if (got < 0) return errno == EAGAIN || errno == EINTR ? count : -1;
        if (got == 0) return count;
        double t = live_clock();
        for (char *p = buf; p < buf + got;) {
            const struct inotify_event *e = (const struct inotify_event *)p;
            p += sizeof *e + e->len;
            count++;
            if (e->mask & IN_Q_OVERFLOW) { l->rewatch = true; continue; }  /* lost some: look again */
            if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) l->rewatch = true;
            if (!e->len) continue;
            if (e->mask & IN_ISDIR) {
                if (e->mask & (IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE)) l->rewatch = true;
                continue;
            }
            if (e->mask & (IN_CREATE | IN_MODIFY)) note_open(l, e->wd, e->name, t);
            if (e->mask & (IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) forget_open(l, e->wd, e->name);
        }
    }
}

int live_wait(live *l, const volatile sig_atomic_t *stop, double quiet, double stale, double max,
              size_t *events, char *why, size_t size) {
    *events = 0;
    double first = 0, last = 0;
    while (!*stop) {
        struct pollfd pfd = {l->fd, POLLIN, 0};
        int k = poll(&pfd, 1, 100);
        if (k < 0 && errno != EINTR) {
            snprintf(why, size, "inotify: %s", strerror(errno));
            return -1;
        }
        double t = live_clock();
        if (k > 0) {
            long got = read_events(l);
            if (got < 0) {
                snprintf(why, size, "inotify: %s", strerror(errno));
                return -1;
            }
            if (got) {
                if (!*events) first = t;
                *events += (size_t)got;
                last = t;
            }
            /* new folders are watched at once, before their files are read, so none is missed */
            if (l->rewatch && watch_all(l, why, size)) return -1;
        }
        if (!*events) continue;
        for (size_t i = 0; i < l->n_open;)  /* written to long ago and never closed: done */
            if (t - l->open[i].last > stale) forget_open(l, l->open[i].wd, l->open[i].name);
            else i++;
        if ((t - last >= quiet && !l->n_open) || t - first >= max) return 1;
    }
    return 0;
}

void live_close(live *l) {
    if (!l) return;
    if (l->fd >= 0) close(l->fd);
    for (size_t i = 0; i < l->n_paths; i++) free(l->paths[i]);
    free(l->paths);
    free(l->wds);
    for (size_t i = 0; i < l->n_open; i++) free(l->open[i].name);
    free(l->open);
    free(l);
}
