#include "walk.h"

#include <locus/release.h>

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void report(walk_list *list, walk_error_fn fn, void *ctx, const char *path, const char *what) {
    char msg[PATH_MAX + 256];
    snprintf(msg, sizeof msg, "%s: %s", path, what);
    list->errors++;
    if (fn) fn(msg, ctx);
}

/* The key of the file SHOWN: its folder with symbolic links resolved, then its own name as
 * found. A release reached through a link is the link's, so removing the link removes the
 * release; the target does not have to lie below the walked folder. A new string, or NULL with
 * errno set. */
static char *file_key(const char *shown) {
    const char *slash = strrchr(shown, '/');
    const char *name = slash ? slash + 1 : shown;
    char *folder = slash ? strndup(shown, (size_t)(slash - shown) + (slash == shown)) : strdup(".");
    if (!folder) return NULL;
    char *real = realpath(folder, NULL);
    free(folder);
    if (!real) return NULL;
    if (!*name || !strcmp(name, ".") || !strcmp(name, "..")) {  /* not a file name */
        free(real);
        errno = EISDIR;
        return NULL;
    }
    size_t a = strlen(real), b = strlen(name);
    bool root = a == 1;  /* "/" */
    char *key = malloc(a + b + 2);
    if (key) {
        memcpy(key, real, a);
        if (!root) key[a++] = '/';
        memcpy(key + a, name, b + 1);
    }
    free(real);
    return key;
}

static int push(walk_list *list, const char *shown) {
    struct stat sb;
    if (stat(shown, &sb) != 0) return 1;  /* a dangling link */
    char *abs = file_key(shown);
    if (!abs) return errno == ENOMEM ? -1 : 1;
    if (list->count == list->cap) {
        size_t n = list->cap ? list->cap * 2 : 64;
        walk_file *f = realloc(list->files, n * sizeof *f);
        if (!f) { free(abs); return -1; }
        list->files = f;
        list->cap = n;
    }
    char *s = strdup(shown);
    if (!s) { free(abs); return -1; }
    list->files[list->count++] = (walk_file){abs, s};
    return 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The verdict of LIST's --glob patterns on the file or folder REL (its path below the walked
 * folder; NAME its last part): 1 included by a pattern, -1 excluded, 0 no pattern says. The
 * last pattern that matches decides, as in ripgrep; one without '/' matches the name. */
static int glob_verdict(const walk_list *list, const char *rel, const char *name, bool is_dir) {
    for (size_t i = list->nglobs; i-- > 0;) {
        const char *g = list->globs[i];
        bool negate = g[0] == '!';
        if (negate) g++;
        size_t n = strlen(g);
        char pat[PATH_MAX];
        if (n >= sizeof pat) continue;
        memcpy(pat, g, n + 1);
        bool dir_only = n > 1 && pat[n - 1] == '/';
        if (dir_only) pat[--n] = '\0';
        if (dir_only && !is_dir) continue;
        const char *subject = strchr(pat, '/') ? rel : name;
        const char *p = pat[0] == '/' ? pat + 1 : pat;
        if (fnmatch(p, subject, 0) == 0) return negate ? -1 : 1;
    }
    return 0;
}

static bool has_includes(const walk_list *list) {
    for (size_t i = 0; i < list->nglobs; i++)
        if (list->globs[i][0] != '!') return true;
    return false;
}

/* Whether the file PATH, in no format known by its name, is one by its first bytes. */
static bool sniffed_release(const char *path) {
    char head[1024];
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return locus_format_by_content(head, n) != LOCUS_FORMAT_UNKNOWN;
}

/* A rule of a .locusignore, read as git reads .gitignore. */
typedef struct ignore_rule {
    char *pat;      /* without a leading '!' or '/' and a trailing '/' */
    bool negate;    /* "!PAT": keep what an earlier rule left out */
    bool dir_only;  /* "PAT/": folders only */
    bool anchored;  /* a '/' at the start or inside: PAT is a path below the rule's folder;
                       else it matches a name at any depth */
} ignore_rule;

/* The rules of one folder's .locusignore, and those of the folders above it being walked. */
typedef struct ignore_set {
    const struct ignore_set *parent;
    const char *dir;  /* the folder the rules are relative to */
    ignore_rule *rules;
    size_t n;
} ignore_set;

/* Whether the '/'-separated PATH matches the '/'-separated pattern PAT, segment by segment (each
 * a fnmatch glob), "**" standing for any number of segments, none included. */
static bool segments_match(const char *pat, const char *path) {
    const char *ps = strchr(pat, '/');
    size_t pl = ps ? (size_t)(ps - pat) : strlen(pat);
    if (pl == 2 && !strncmp(pat, "**", 2)) {
        if (!ps) return true;  /* a trailing "**": everything below */
        for (const char *q = path;;) {
            if (segments_match(ps + 1, q)) return true;
            const char *slash = strchr(q, '/');
            if (!slash) return false;
            q = slash + 1;
        }
    }
    const char *qs = strchr(path, '/');
    size_t ql = qs ? (size_t)(qs - path) : strlen(path);
    char a[NAME_MAX + 1], b[NAME_MAX + 1];
    if (pl > NAME_MAX || ql > NAME_MAX || !*path) return false;
    memcpy(a, pat, pl);
    a[pl] = '\0';
    memcpy(b, path, ql);
    b[ql] = '\0';
    if (fnmatch(a, b, FNM_PERIOD) != 0) return false;
    if (!ps || !qs) return !ps && !qs;
    return segments_match(ps + 1, qs + 1);
}

/* The rules of DIR/.locusignore into SET (SET->n is 0 when there is none or no memory): one a
 * line; blank lines and '#' lines skipped ("\#" for a leading '#'), trailing blanks dropped. */
static void read_ignore(const char *dir, ignore_set *set) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/.locusignore", dir);
    FILE *f = fopen(path, "r");
    if (!f) return;
    char *line = NULL;
    size_t cap = 0, have = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' ||
                           line[len - 1] == '\t'))
            line[--len] = '\0';
        if (!len || line[0] == '#') continue;
        ignore_rule r = {0};
        char *p = line;
        if (*p == '\\' && (p[1] == '#' || p[1] == '!')) p++;
        else if (*p == '!') { r.negate = true; p++; }
        size_t n = strlen(p);
        if (n > 1 && p[n - 1] == '/') { r.dir_only = true; p[--n] = '\0'; }
        r.anchored = strchr(p, '/') != NULL;
        if (*p == '/') p++;
        if (!*p) continue;
        if (set->n == have) {
            size_t more = have ? have * 2 : 8;
            ignore_rule *x = realloc(set->rules, more * sizeof *x);
            if (!x) break;
            set->rules = x;
            have = more;
        }
        if (!(r.pat = strdup(p))) break;
        set->rules[set->n++] = r;
    }
    free(line);
    fclose(f);
}

static void free_ignore(ignore_set *set) {
    for (size_t i = 0; i < set->n; i++) free(set->rules[i].pat);
    free(set->rules);
}

/* Whether the .locusignore rules of SET and the folders above leave out the entry PATH (NAME
 * its last part): the last rule that matches decides, the deepest folder's last. */
static bool ignored(const ignore_set *set, const char *path, const char *name, bool is_dir) {
    if (!set) return false;
    bool out = ignored(set->parent, path, name, is_dir);  /* the folders above decide first */
    const char *rel = path + strlen(set->dir);
    while (*rel == '/') rel++;
    for (size_t i = 0; i < set->n; i++) {
        const ignore_rule *r = &set->rules[i];
        if (r->dir_only && !is_dir) continue;
        if (r->anchored ? segments_match(r->pat, rel) : fnmatch(r->pat, name, FNM_PERIOD) == 0)
            out = !r->negate;
    }
    return out;
}

static int walk_dir(walk_list *list, const char *dir, size_t root_len, const ignore_set *above,
                    walk_error_fn fn, void *ctx) {
    DIR *d = opendir(dir);
    if (!d) {
        report(list, fn, ctx, dir, strerror(errno));
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;  /* hidden, ".", ".." */
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **x = realloc(names, cap * sizeof *x);
            if (!x) { rc = -1; break; }
            names = x;
        }
        if (!(names[n] = strdup(e->d_name))) { rc = -1; break; }
        n++;
    }
    closedir(d);
    if (rc == 0 && n) qsort(names, n, sizeof *names, by_name);  /* an empty folder: names is NULL */
    ignore_set rules = {.parent = above, .dir = dir};
    read_ignore(dir, &rules);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *p = malloc(len);
        if (!p) { rc = -1; break; }
        snprintf(p, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        struct stat ls, st;
        const char *rel = strlen(p) > root_len ? p + root_len : names[i];
        while (*rel == '/') rel++;
        int verdict = 0;
        if (lstat(p, &ls) != 0) {
            report(list, fn, ctx, p, strerror(errno));
        } else if (ignored(&rules, p, names[i], S_ISDIR(ls.st_mode))) {
            /* left out by a .locusignore: not counted */
        } else if (S_ISDIR(ls.st_mode)) {
            if (glob_verdict(list, rel, names[i], true) >= 0) rc = walk_dir(list, p, root_len, &rules, fn, ctx);
        } else if ((verdict = glob_verdict(list, rel, names[i], false)) < 0 ||
                   (verdict == 0 && has_includes(list))) {
            /* left out by --glob: not counted */
        } else if (verdict > 0 || locus_format_of(names[i]) != LOCUS_FORMAT_UNKNOWN ||
                   sniffed_release(p)) {
            if (S_ISLNK(ls.st_mode) && (stat(p, &st) != 0 || !S_ISREG(st.st_mode))) {
                /* a dangling link, or a link to a folder or device: not followed */
                if (stat(p, &st) != 0) report(list, fn, ctx, p, "broken symbolic link");
            } else if (S_ISREG(ls.st_mode) || S_ISLNK(ls.st_mode)) {
                int r = push(list, p);
                if (r > 0) report(list, fn, ctx, p, strerror(errno));
                if (r < 0) rc = -1;
            }
        } else {
            list->unsupported++;  /* not a format locus reads */
        }
        free(p);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free_ignore(&rules);
    return rc;
}

int walk_add(walk_list *list, const char *path, walk_error_fn on_error, void *ctx) {
    struct stat st;
    if (stat(path, &st) != 0) {
        report(list, on_error, ctx, path, strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        char *root = realpath(path, NULL);
        char **r = root ? realloc(list->roots, (list->nroots + 1) * sizeof *r) : NULL;
        if (!r) {
            free(root);
            return -1;
        }
        list->roots = r;
        list->roots[list->nroots++] = root;
        return walk_dir(list, path, strlen(path), NULL, on_error, ctx);
    }
    if (!S_ISREG(st.st_mode)) {
        report(list, on_error, ctx, path, "not a regular file");
        return 0;
    }
    int r = push(list, path);
    if (r > 0) report(list, on_error, ctx, path, strerror(errno));
    return r < 0 ? -1 : 0;
}

static int by_path(const void *a, const void *b) {
    return strcmp(((const walk_file *)a)->path, ((const walk_file *)b)->path);
}

void walk_finish(walk_list *list) {
    if (list->count < 2) return;
    qsort(list->files, list->count, sizeof *list->files, by_path);
    size_t k = 1;
    for (size_t i = 1; i < list->count; i++) {
        if (strcmp(list->files[i].path, list->files[k - 1].path) == 0) {
            free(list->files[i].path);
            free(list->files[i].shown);
        } else {
            list->files[k++] = list->files[i];
        }
    }
    list->count = k;
}

int walk_covers(const walk_list *list, const char *path) {
    for (size_t i = 0; i < list->nroots; i++) {
        size_t n = strlen(list->roots[i]);
        if (strncmp(path, list->roots[i], n) == 0 && (path[n] == '/' || list->roots[i][n - 1] == '/'))
            return 1;
    }
    return 0;
}

int walk_has(const walk_list *list, const char *path) {
    size_t lo = 0, hi = list->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(list->files[mid].path, path);
        if (c == 0) return 1;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return 0;
}

void walk_list_release(walk_list *list) {
    for (size_t i = 0; i < list->nroots; i++) free(list->roots[i]);
    free(list->roots);
    for (size_t i = 0; i < list->count; i++) {
        free(list->files[i].path);
        free(list->files[i].shown);
    }
    free(list->files);
    memset(list, 0, sizeof *list);
}
