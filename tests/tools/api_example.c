/* api_example - the smallest program on liblocus's public API, built by tests/install_test.sh
 * from the installed files only (pkg-config): prints the best passage for a query.
 *   api_example INDEX QUERY */
#include <locus/search.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: api_example INDEX QUERY\n");
        return 2;
    }
    locus_index *ix = NULL;
    locus_error err;
    if (locus_index_open(argv[1], &ix, &err)) {
        fprintf(stderr, "api_example: %s\n", err.message);
        return 2;
    }
    locus_search_opts opts;
    locus_search_opts_init(&opts);
    opts.limit = 1;
    locus_results *res = NULL;
    int rc = 1;
    if (locus_search(ix, argv[2], &opts, &res, &err)) {
        fprintf(stderr, "api_example: %s\n", err.message);
        rc = 2;
    } else if (res->count) {
        const locus_record *r = &res->hits[0].rec;
        printf("%s:%u %s | %s\n", r->path, r->line_start, r->title, r->section);
        rc = 0;
    }
    locus_results_free(res);
    locus_index_close(ix);
    return rc;
}
