/* locus-search: ranks the passages of a locus index for a query. */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer.h"
#include "paths.h"
#include "printer.h"
#include "search.h"
#include "xdb.h"

enum { EXIT_HITS = 0, EXIT_NO_HITS = 1, EXIT_ERROR = 2 };

typedef struct options {
    const char *db;
    unsigned long limit;
    bool json;
} options;

static const char *prog = "locus-search";

static void usage(FILE *f) {
    fprintf(f,
            "Usage: %s [-d DB] [-n N] [--json] QUERY...\n"
            "Print the passages of the index that best answer QUERY.\n"
            "\n"
            "Query: words (stemmed: 'regulations' finds 'regulation'), \"exact phrases\",\n"
            "-word to exclude, +word to require. Options come first: every argument from the\n"
            "first query word on is part of the query.\n"
            "\n"
            "  -d, --db DB      the index (default: $LOCUS_DB, else\n"
            "                   $XDG_DATA_HOME/locus/index or ~/.local/share/locus/index)\n"
            "  -n, --limit N    print at most N passages (default 10)\n"
            "      --json       JSON Lines: one object per passage\n"
            "  -h, --help       this help\n"
            "  -V, --version    version information\n"
            "\n"
            "Colour on a terminal only; NO_COLOR turns it off.\n"
            "Exit status: 0 passages found, 1 none found, 2 error.\n",
            prog);
}

static void version(void) {
    printf("locus-search %s\nXapian %s\nstemming languages:", LOCUS_VERSION, xdb_version_string());
    for (const char **l = locus_stem_languages(); *l; l++) printf(" %s", *l);
    printf("\n");
}

static char *join_args(int argc, char **argv) {
    size_t n = 1;
    for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 1;
    char *q = malloc(n);
    if (!q) return NULL;
    q[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i) strcat(q, " ");
        strcat(q, argv[i]);
    }
    return q;
}

static bool want_color(void) {
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc) return false;
    return isatty(STDOUT_FILENO) != 0;
}

int main(int argc, char **argv) {
    options o = {.limit = 10};
    enum { OPT_JSON = 256 };
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'}, {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},  {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "+d:n:hV", longs, NULL)) != -1) {
        switch (c) {
        case 'd': o.db = optarg; break;
        case 'n': {
            char *end;
            o.limit = strtoul(optarg, &end, 10);
            if (*end || optarg[0] == '-' || !*optarg || o.limit > 100000) {
                fprintf(stderr, "%s: -n wants a number from 0 to 100000, not '%s'\n", prog, optarg);
                return EXIT_ERROR;
            }
            break;
        }
        case OPT_JSON: o.json = true; break;
        case 'h': usage(stdout); return EXIT_HITS;
        case 'V': version(); return EXIT_HITS;
        default: usage(stderr); return EXIT_ERROR;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "%s: no query\n", prog);
        usage(stderr);
        return EXIT_ERROR;
    }
    signal(SIGPIPE, SIG_DFL);  /* `| head` ends us quietly */
    locus_error err;
    char *db = NULL, *query = join_args(argc - optind, argv + optind);
    if (!query) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return EXIT_ERROR;
    }
    if (locus_index_path(o.db, &db, &err)) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        free(query);
        return EXIT_ERROR;
    }
    locus_index *ix = NULL;
    locus_results *res = NULL;
    int rc = EXIT_ERROR;
    if (locus_index_open(db, &ix, &err)) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        goto out;
    }
    locus_search_opts so;
    locus_search_opts_init(&so);
    so.limit = (uint32_t)o.limit;
    if (locus_search(ix, query, &so, &res, &err)) {
        if (err.status == LOCUS_ERR_QUERY)
            fprintf(stderr, "%s: query: %s\n", prog, err.message);
        else
            fprintf(stderr, "%s: %s\n", prog, err.message);
        goto out;
    }
    printer *p = o.json ? printer_json_new(stdout) : printer_text_new(stdout, want_color());
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", prog);
        goto out;
    }
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) cwd[0] = '\0';
    for (size_t i = 0; i < res->count; i++)
        p->hit(p, &res->hits[i], locus_display_path(res->hits[i].rec.path, cwd));
    p->finish(p, res);
    if (ferror(stdout)) {
        fprintf(stderr, "%s: cannot write the results\n", prog);
        goto out;
    }
    rc = res->count ? EXIT_HITS : EXIT_NO_HITS;
out:
    locus_results_free(res);
    locus_index_close(ix);
    free(db);
    free(query);
    return rc;
}
