#define _GNU_SOURCE  /* getline, strndup */
#include <locus/paths.h>
#include <locus/cli.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

locus_status locus_index_path(const char *given, char **out, locus_error *err) {
    *out = NULL;
    const char *env;
    char *p = NULL;
    if (given && *given) {
        p = strdup(given);
    } else if ((env = getenv("LOCUS_DB")) && *env) {
        p = strdup(env);
    } else {
        const char *base = getenv("XDG_DATA_HOME"), *suffix = "/locus/index";
        if (!base || !*base) {
            base = getenv("HOME");
            suffix = "/.local/share/locus/index";
        }
        if (!base || !*base)
            return locus_error_set(err, LOCUS_ERR_INVALID,
                                   "no index given: use -d DB or set LOCUS_DB (HOME is not set)");
        size_t n = strlen(base) + strlen(suffix) + 1;
        if ((p = malloc(n))) snprintf(p, n, "%s%s", base, suffix);
    }
    if (!p) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    *out = p;
    return LOCUS_OK;
}

const char *locus_display_path(const char *path, const char *cwd) {
    if (!cwd || !*cwd) return path;
    size_t n = strlen(cwd);
    if (n == 1 && cwd[0] == '/') return path[0] == '/' && path[1] ? path + 1 : path;
    if (strncmp(path, cwd, n) == 0 && path[n] == '/' && path[n + 1]) return path + n + 1;
    return path;
}

/* The length of the character at S[i] (LEN bytes in all) and whether it is shown as is: 0 for
 * a byte of invalid UTF-8. */
static size_t char_at(const char *s, size_t len, size_t i, bool *plain) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *plain = c >= 0x20 && c != 0x7f;
        return 1;
    }
    int32_t j = (int32_t)i, n = (int32_t)len;
    UChar32 cp;
    U8_NEXT((const uint8_t *)s, j, n, cp);
    if (cp < 0) {
        *plain = false;
        return 1;  /* each invalid byte on its own */
    }
    *plain = cp > 0x9f;  /* C1 controls: U+0080..U+009F */
    return (size_t)j - i;
}

bool locus_needs_escape(const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        bool plain;
        i += char_at(s, len, i, &plain);
        if (!plain) return true;
    }
    return false;
}


void locus_fwrite_escaped(const char *s, size_t len, FILE *f) {
    size_t i = 0;
    while (i < len) {
        bool plain;
        size_t k = char_at(s, len, i, &plain);
        if (plain) {
            fwrite(s + i, 1, k, f);
        } else if (k == 1 && strchr("\n\r\t\033", s[i]) && s[i]) {
            fputs(s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r" : s[i] == '\t' ? "\\t" : "\\e", f);
        } else {
            for (size_t b = 0; b < k; b++) fprintf(f, "\\x%02x", (unsigned char)s[i + b]);
        }
        i += k;
    }
}

void locus_fputs_escaped(const char *s, FILE *f) { locus_fwrite_escaped(s, strlen(s), f); }

size_t locus_escaped_columns(const char *s, size_t len) {
    size_t cols = 0, i = 0;
    while (i < len) {
        bool plain;
        size_t k = char_at(s, len, i, &plain);
        if (plain) cols += 1;
        else if (k == 1 && strchr("\n\r\t\033", s[i]) && s[i]) cols += 2;
        else cols += 4 * k;
        i += k;
    }
    return cols;
}

void locus_vfprintf_escaped(FILE *f, const char *fmt, va_list ap) {
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (msg) vsnprintf(msg, (size_t)n + 1, fmt, again);
    va_end(again);
    if (msg) locus_fwrite_escaped(msg, (size_t)n, f);
    else fputs("(out of memory)", f);
    free(msg);
}

void locus_fprintf_escaped(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    locus_vfprintf_escaped(f, fmt, ap);
    va_end(ap);
}

void locus_vsay(const char *prog, const char *fmt, va_list ap) {
    fprintf(stderr, "%s: ", prog);
    locus_vfprintf_escaped(stderr, fmt, ap);
    fputc('\n', stderr);
}

/* The edit distance of A and B (optimal string alignment: a swap of neighbours counts one),
 * or LIMIT + 1 once it is known to exceed LIMIT. */
static size_t edits(const char *a, const char *b, size_t limit) {
    size_t n = strlen(a), m = strlen(b);
    if ((n > m ? n - m : m - n) > limit || n > 64 || m > 64) return limit + 1;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *locus_closest_word(const char *word, const char *const *words, size_t n) {
    size_t len = strlen(word), limit = len / 2 < 2 ? len / 2 : 2;  /* "--sj" is no "--json" */
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edits(word, words[i], limit);
        if (d < best_d) {
            best_d = d;
            best = words[i];
        }
    }
    return best;
}

const char *locus_closest_option(const char *arg, const struct option *longs) {
    if (!arg || strncmp(arg, "--", 2) != 0 || !arg[2]) return NULL;
    char name[64];
    size_t n = strcspn(arg + 2, "=");
    if (n >= sizeof name) return NULL;
    memcpy(name, arg + 2, n);
    name[n] = '\0';
    const char *names[128];
    size_t k = 0;
    for (const struct option *o = longs; o->name && k < sizeof names / sizeof names[0]; o++) names[k++] = o->name;
    return locus_closest_word(name, names, k);
}

void locus_config_free(char **args, size_t n) {
    for (size_t i = 0; args && i < n; i++) free(args[i]);
    free(args);
}

/* The configuration file into PATH (SIZE bytes): $LOCUS_CONFIG's (*named set), else the XDG
 * place; "" when there is none. */
static void config_path(char *path, size_t size, bool *named) {
    const char *env = getenv("LOCUS_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    *named = env != NULL;
    path[0] = '\0';
    if (env) snprintf(path, size, "%s", env);
    else if (xdg && *xdg) snprintf(path, size, "%s/locus/config", xdg);
    else if (home && *home) snprintf(path, size, "%s/.config/locus/config", home);
}

locus_status locus_config_args(const char *program, char ***out, size_t *n, locus_error *err) {
    *out = NULL;
    *n = 0;
    char path[4096];
    bool named;
    config_path(path, sizeof path, &named);
    if (!path[0]) return LOCUS_OK;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (!named && errno == ENOENT) return LOCUS_OK;  /* no configuration: nothing to do */
        return locus_error_set(err, LOCUS_ERR_IO, "%s: cannot read the configuration: %s", path,
                               strerror(errno));
    }
    static const char *const parts[] = {"search", "index", "eval"};
    bool mine = true;  /* lines before any part are for every program */
    char *line = NULL;
    size_t cap = 0, have = 0;
    unsigned number = 0;
    ssize_t got;
    locus_status st = LOCUS_OK;
    while (!st && (got = getline(&line, &cap, f)) >= 0) {
        number++;
        size_t a = 0, b = (size_t)got;
        while (a < b && isspace((unsigned char)line[a])) a++;
        while (b > a && isspace((unsigned char)line[b - 1])) b--;
        if (a == b || line[a] == '#') continue;
        if (line[a] == '[' && line[b - 1] == ']') {
            line[b - 1] = '\0';
            const char *name = line + a + 1;
            bool known = false;
            for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) known |= !strcmp(name, parts[i]);
            if (!known)
                st = locus_error_set(err, LOCUS_ERR_INVALID,
                                     "%s:%u: [%s] is no part of the configuration (search, index, eval)",
                                     path, number, name);
            mine = !strcmp(name, program);
            continue;
        }
        if (!mine) continue;
        if (*n == have) {
            size_t more = have ? have * 2 : 8;
            char **grown = realloc(*out, more * sizeof *grown);
            if (!grown) { st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); break; }
            *out = grown;
            have = more;
        }
        if (!((*out)[*n] = strndup(line + a, b - a))) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        else ++*n;
    }
    if (!st && ferror(f)) st = locus_error_set(err, LOCUS_ERR_IO, "%s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    if (st) {
        locus_config_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}

locus_status locus_config_argv(const char *program, int *argc, char ***argv, locus_error *err) {
    for (int i = 1; i < *argc && strcmp((*argv)[i], "--"); i++)
        if (!strcmp((*argv)[i], "--no-config")) return LOCUS_OK;
    char **args;
    size_t n;
    locus_status st = locus_config_args(program, &args, &n, err);
    if (st || !n) return st;
    char **merged = calloc((size_t)*argc + n + 1, sizeof *merged);
    if (!merged) {
        locus_config_free(args, n);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    merged[0] = (*argv)[0];
    memcpy(merged + 1, args, n * sizeof *args);  /* the strings stay: the program holds them */
    memcpy(merged + 1 + n, *argv + 1, (size_t)(*argc - 1) * sizeof *merged);
    free(args);
    static char **kept;  /* the program's for good: held here, so no leak checker counts it */
    kept = merged;
    *argc += (int)n;
    *argv = kept;
    return LOCUS_OK;
}
