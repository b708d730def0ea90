#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
