/* locus-index: reads releases and writes their passages into a locus index. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer.h"
#include "paths.h"
#include "release.h"
#include "status.h"
#include "walk.h"
#include "writer.h"
#include "xdb.h"

enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_FATAL = 2 };

typedef struct options {
    const char *db;
    const char *language;
    bool quiet;
} options;

static const char *prog = "locus-index";

static void usage(FILE *f) {
    fprintf(f,
            "Usage: %s [-d DB] [-l LANGUAGE] [-q] PATH...\n"
            "Index the releases in each PATH (a file, or a folder searched for *.txt).\n"
            "\n"
            "  -d, --db DB            the index (default: $LOCUS_DB, else\n"
            "                         $XDG_DATA_HOME/locus/index or ~/.local/share/locus/index)\n"
            "  -l, --language NAME    stemming language of a new index (default: english;\n"
            "                         'none' turns stemming off)\n"
            "  -q, --quiet            no summary line\n"
            "  -h, --help             this help\n"
            "  -V, --version          version information\n"
            "\n"
            "Exit status: 0 all indexed, 1 some files failed, 2 fatal error.\n",
            prog);
}

static void version(void) {
    printf("locus-index %s\nXapian %s\n", LOCUS_VERSION, xdb_version_string());
    printf("libstemmer %s\nstemming languages:", LOCUS_STEMMER_VERSION);
    for (const char **l = locus_stem_languages(); *l; l++) printf(" %s", *l);
    printf("\n");
}

static void on_walk_error(const char *message, void *ctx) {
    (void)ctx;
    fprintf(stderr, "%s: %s\n", prog, message);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    options o = {0};
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},   {"language", required_argument, NULL, 'l'},
        {"quiet", no_argument, NULL, 'q'},      {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},    {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "d:l:qhV", longs, NULL)) != -1) {
        switch (c) {
        case 'd': o.db = optarg; break;
        case 'l': o.language = optarg; break;
        case 'q': o.quiet = true; break;
        case 'h': usage(stdout); return EXIT_ALL_OK;
        case 'V': version(); return EXIT_ALL_OK;
        default: usage(stderr); return EXIT_FATAL;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "%s: no PATH to index\n", prog);
        usage(stderr);
        return EXIT_FATAL;
    }
    double t0 = now();
    locus_error err;
    char *db = NULL;
    if (locus_index_path(o.db, &db, &err)) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        return EXIT_FATAL;
    }
    walk_list files = {0};
    for (int i = optind; i < argc; i++)
        if (walk_add(&files, argv[i], on_walk_error, NULL) < 0) {
            fprintf(stderr, "%s: out of memory\n", prog);
            return EXIT_FATAL;
        }
    walk_finish(&files);

    locus_writer *w = NULL;
    if (locus_writer_open(db, o.language, &w, &err)) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        walk_list_release(&files);
        free(db);
        return EXIT_FATAL;
    }
    size_t failed = files.errors, releases = 0, passages = 0;
    int rc = EXIT_ALL_OK;
    for (size_t i = 0; i < files.count; i++) {
        const walk_file *f = &files.files[i];
        locus_release *r = NULL;
        if (locus_release_read(f->shown, &r, &err)) {
            fprintf(stderr, "%s: %s\n", prog, err.message);
            failed++;
            continue;
        }
        if (!r->date[0])
            fprintf(stderr, "%s: %s: warning: no date on the first line or in the file name\n",
                    prog, f->shown);
        size_t n = 0;
        locus_status st = locus_writer_put(w, f->path, r, &n, &err);
        locus_release_free(r);
        if (st == LOCUS_ERR_INDEX || st == LOCUS_ERR_NO_MEMORY) {
            fprintf(stderr, "%s: %s\n", prog, err.message);
            rc = EXIT_FATAL;
            break;
        }
        if (st) {
            fprintf(stderr, "%s: %s: %s\n", prog, f->shown, err.message);
            failed++;
            continue;
        }
        releases++;
        passages += n;
    }
    uint32_t total = 0;
    if (rc != EXIT_FATAL && locus_writer_passage_count(w, &total, &err) != LOCUS_OK) total = 0;
    if (locus_writer_close(w, &err) && rc != EXIT_FATAL) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        rc = EXIT_FATAL;
    }
    if (rc != EXIT_FATAL && failed) rc = EXIT_SOME_FAILED;
    if (!o.quiet && rc != EXIT_FATAL)
        fprintf(stderr, "%s: %zu releases, %zu passages indexed in %.2f s; %zu failed; %s holds %u passages\n",
                prog, releases, passages, now() - t0, failed, db, total);
    walk_list_release(&files);
    free(db);
    return rc;
}
