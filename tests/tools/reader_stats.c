/* reader_stats - what the readers make of a set of real files, for measuring a reader change:
 * how many releases got a date, a real title, a section, nested headings; the passages and
 * their median size. Uses the public API only.
 *
 *   build/release/tests/reader_stats FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/release.h>

static int by_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    size_t releases = 0, failed = 0, dated = 0, titled = 0, sectioned = 0, nested = 0;
    size_t n = 0, cap = 1024;
    size_t *sizes = malloc(cap * sizeof *sizes);
    for (int i = 1; i < argc && sizes; i++) {
        locus_release *r;
        locus_error e;
        if (locus_release_read(argv[i], &r, &e)) {
            fprintf(stderr, "reader_stats: %s\n", e.message);
            failed++;
            continue;
        }
        releases++;
        dated += r->date[0] != '\0';
        titled += r->title[0] && strcmp(r->title, "---");
        sectioned += r->n_sections > 0;
        int deep = 0;
        for (size_t k = 0; k < r->n_sections; k++) deep |= r->section_parents[k] >= 0;
        nested += deep;
        for (size_t k = 0; k < r->n_passages && sizes; k++) {
            if (n == cap) sizes = realloc(sizes, (cap *= 2) * sizeof *sizes);
            if (sizes) sizes[n++] = strlen(r->passages[k].text);
        }
        locus_release_free(r);
    }
    if (!sizes) return 2;
    qsort(sizes, n, sizeof *sizes, by_size);
    printf("%zu releases (%zu not read): %zu dated, %zu with a real title, %zu with a section, "
           "%zu with nested headings; %zu passages, median %zu bytes\n",
           releases, failed, dated, titled, sectioned, nested, n, n ? sizes[n / 2] : 0);
    free(sizes);
    return failed ? 1 : 0;
}
