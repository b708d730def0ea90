/* The in-process query loop of scripts/bench: opens a locus index once and, for each query of a
 * file, ranks the top 10 passages as locus-search does (snippets and highlights included),
 * timing each call (the matched-term lists only JSON output shows are left out). One warm-up pass first. Prints "p50 p95 p99 mean" in milliseconds.
 * Usage: [LOCUS_RANK=SPEC] locus-bench-query DB QUERIES. Uses only the public API. */
#define _POSIX_C_SOURCE 200809L
#include <locus/search.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Runs QUERY; returns the hits' snippet bytes (so that nothing is optimised away), or -1. */
static long run(locus_index *ix, const char *query, const locus_search_opts *so) {
    locus_results *res = NULL;
    locus_error err;
    if (locus_search(ix, query, so, &res, &err)) {
        fprintf(stderr, "locus-bench-query: %s: %s\n", query, err.message);
        return -1;
    }
    long bytes = 0;
    for (size_t i = 0; i < res->count; i++)
        bytes += (long)(res->hits[i].snippet.end - res->hits[i].snippet.start);
    locus_results_free(res);
    return bytes;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: locus-bench-query DB QUERIES\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    char **qs = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (!len) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            char **grown = realloc(qs, cap * sizeof *qs);
            if (!grown) return 1;
            qs = grown;
        }
        if (!(qs[n++] = strdup(line))) return 1;
    }
    free(line);
    fclose(f);
    if (!n) {
        fprintf(stderr, "locus-bench-query: no queries in %s\n", argv[2]);
        return 2;
    }
    locus_index *ix = NULL;
    locus_error err;
    if (locus_index_open(argv[1], &ix, &err)) {
        fprintf(stderr, "locus-bench-query: %s\n", err.message);
        return 2;
    }
    locus_search_opts so;
    locus_search_opts_init(&so);
    so.no_terms = true;  /* as locus-search prints text: spans and snippets, not term lists */
    const char *tune = getenv("LOCUS_RANK");  /* ranking variants, as locus-search reads them */
    if (tune && *tune && locus_search_opts_tune(&so, tune, &err)) {
        fprintf(stderr, "locus-bench-query: LOCUS_RANK: %s\n", err.message);
        return 2;
    }
    long bytes = 0;
    for (size_t i = 0; i < n; i++) bytes += run(ix, qs[i], &so);
    double *ms = malloc(n * sizeof *ms);
    if (!ms) return 1;
    for (size_t i = 0; i < n; i++) {
        double t0 = now_ms();
        bytes += run(ix, qs[i], &so);
        ms[i] = now_ms() - t0;
    }
    qsort(ms, n, sizeof *ms, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += ms[i];
#define AT(p) ms[(size_t)((p) * (double)n) < n ? (size_t)((p) * (double)n) : n - 1]
    printf("%.3f %.3f %.3f %.3f\n", AT(0.50), AT(0.95), AT(0.99), sum / (double)n);
    fprintf(stderr, "locus-bench-query: %ld snippet bytes\n", bytes);
    for (size_t i = 0; i < n; i++) free(qs[i]);
    free(qs);
    free(ms);
    locus_index_close(ix);
    return 0;
}
