/* reader_stats - what the readers make of a set of real files, for measuring a reader change:
 * how many releases got a date, a real title, a section, nested headings; passages per
 * release, their median size, the share that is one line and the share that is boilerplate;
 * the running header and footer lines left out (PDF). With --titles, each file's date and
 * title too, a line each (tab-separated), to read them over. Uses the public API only.
 *
 *   build/release/tests/reader_stats [--titles] FILE... | DIR...
 *
 * A directory is read recursively (its .txt, .md, .html, .htm and .pdf files).
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE  /* scandir, alphasort */
#endif
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <locus/release.h>

typedef struct stats {
    size_t releases, failed, dated, titled, sectioned, nested, one_line, boilerplate, running;
    size_t n, cap, *sizes;
    bool titles, oom;
} stats;

static int by_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void read_one(stats *s, const char *path) {
    locus_release *r;
    locus_error e;
    if (locus_release_read(path, &r, &e)) {
        fprintf(stderr, "reader_stats: %s\n", e.message);
        s->failed++;
        return;
    }
    s->releases++;
    s->dated += r->date[0] != '\0';
    s->titled += r->title[0] && strcmp(r->title, "---");
    s->sectioned += r->n_sections > 0;
    s->running += r->running_lines;
    int deep = 0;
    for (size_t k = 0; k < r->n_sections; k++) deep |= r->section_parents[k] >= 0;
    s->nested += deep;
    for (size_t k = 0; k < r->n_passages && !s->oom; k++) {
        const locus_passage *p = &r->passages[k];
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 1024;
            size_t *g = realloc(s->sizes, cap * sizeof *g);
            if (!g) { s->oom = true; break; }
            s->sizes = g;
            s->cap = cap;
        }
        s->sizes[s->n++] = strlen(p->text);
        s->one_line += p->line_start == p->line_end;
        s->boilerplate += locus_passage_is_boilerplate(p->section, p->text);
    }
    if (s->titles) printf("%s\t%s\t%s\n", r->date[0] ? r->date : "-", r->title, path);
    locus_release_free(r);
}

static bool release_name(const char *name) {
    const char *dot = strrchr(name, '.');
    static const char *const exts[] = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"};
    for (size_t i = 0; dot && i < sizeof exts / sizeof *exts; i++)
        if (!strcmp(dot, exts[i])) return true;
    return false;
}

static void read_path(stats *s, const char *path) {
    struct stat st;
    if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
        read_one(s, path);
        return;
    }
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        if (nm[0] != '.') {
            char *child = malloc(strlen(path) + strlen(nm) + 2);
            if (child) {
                sprintf(child, "%s/%s", path, nm);
                struct stat cs;
                if (!stat(child, &cs) && (S_ISDIR(cs.st_mode) || release_name(nm))) read_path(s, child);
                free(child);
            }
        }
        free(names[i]);
    }
    if (n >= 0) free(names);
}

int main(int argc, char **argv) {
    stats s = {0};
    int first = 1;
    if (argc > 1 && !strcmp(argv[1], "--titles")) {
        s.titles = true;
        first = 2;
    }
    for (int i = first; i < argc; i++) read_path(&s, argv[i]);
    if (s.oom) return 2;
    if (s.n) qsort(s.sizes, s.n, sizeof *s.sizes, by_size);
    printf("%zu releases (%zu not read): %zu dated, %zu with a real title, %zu with a section, "
           "%zu with nested headings; %zu passages (%.1f a release), median %zu bytes, "
           "%.1f%% one line, %.1f%% boilerplate; %zu running header/footer lines left out\n",
           s.releases, s.failed, s.dated, s.titled, s.sectioned, s.nested, s.n,
           s.releases ? (double)s.n / (double)s.releases : 0.0, s.n ? s.sizes[s.n / 2] : 0,
           s.n ? 100.0 * (double)s.one_line / (double)s.n : 0.0,
           s.n ? 100.0 * (double)s.boilerplate / (double)s.n : 0.0, s.running);
    free(s.sizes);
    return s.failed ? 1 : 0;
}
