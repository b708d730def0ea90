/* shape_cost - the cost of indexing hostile input shapes, at two sizes: fails when time or memory
 * grows faster than the input (issue 20: no input shape may be worse than linear).
 *
 *   shape_cost LOCUS-INDEX [--base BYTES] [--factor K] [--sanitized] [SHAPE...]
 *   shape_cost --write SHAPE BYTES FILE     writes one release of that shape
 *
 * For each shape (all of them when none is named) it writes one release of about BYTES (default
 * 1 MiB) and one of K times that (default 4) into a fresh folder, indexes each with LOCUS-INDEX
 * -q -j1 into a new index, and measures the child's CPU time (user + system) and peak resident
 * set with wait4(2). A shape fails when the larger run costs more than 1.75 K times the smaller
 * in CPU (a quadratic cost gives K squared), when its resident set grows more than 1.75 K times
 * the growth of the smaller over an empty release, when it grows by more than 64 bytes per input
 * byte (not with --sanitized: AddressSanitizer's shadow memory, red zones and quarantine make
 * any bound per byte meaningless, while growth still has to stay linear), or when locus-index
 * exits other than 0 or 1. CPU times under 0.25 s are too small to
 * compare and count as 0.25 s. Prints one row per shape and exits 1 when any failed.
 *
 * Not a unit test: scripts/test --long runs it (tests/shapes_test.sh), as benchmarks run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

typedef struct out {
    FILE *f;
    size_t n;
} out;

static void put(out *o, const char *s) {
    size_t n = strlen(s);
    fwrite(s, 1, n, o->f);
    o->n += n;
}

/* A word of the policy vocabulary, different for each I. */
static const char *word(size_t i) {
    static const char *w[] = {"digital", "policy", "data",  "trust",  "network", "spectrum",
                              "cable",   "joint", "research", "ministry", "dialogue", "security",
                              "privacy", "cloud", "platform", "standard", "agreement", "resilience"};
    return w[i % (sizeof w / sizeof *w)];
}

static void shape_word(out *o, size_t n) {  /* one word of N letters */
    while (o->n < n) put(o, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

static void shape_line(out *o, size_t n) {  /* one line of words, no line break */
    for (size_t i = 0; o->n < n; i++) { put(o, word(i * 7)); put(o, " "); }
}

static void shape_nospace(out *o, size_t n) {  /* words, digits and punctuation, no white space */
    for (size_t i = 0; o->n < n; i++) { put(o, word(i)); put(o, i % 3 ? "-5G/" : ".DFFT,2024;"); }
}

static void shape_digits(out *o, size_t n) {  /* one number of N digits */
    while (o->n < n) put(o, "0123456789012345678901234567890123456789012345678901234567890123");
}

static void shape_japanese(out *o, size_t n) {  /* Japanese without spaces or sentence ends */
    while (o->n < n) put(o, "情報通信政策の国際連携と次世代通信網の共同研究開発を推進する総務省");
}

static void shape_headings_txt(out *o, size_t n) {  /* a heading for every line */
    char b[64];
    put(o, "Headings everywhere\n\n");
    for (size_t i = 1; o->n < n; i++) { snprintf(b, sizeof b, "Article %zu\n", i); put(o, b); }
}

static void shape_headings_md(out *o, size_t n) {
    char b[96];
    for (size_t i = 1; o->n < n; i++) {
        snprintf(b, sizeof b, "%.*s %s %zu\n\n", (int)(i % 6 + 1), "######", word(i), i);
        put(o, b);
    }
}

static void shape_acronyms(out *o, size_t n) {  /* a new acronym defined in every sentence */
    char b[256];
    put(o, "Acronyms\n\n");
    for (size_t i = 0; o->n < n; i++) {
        const char *x = word(i), *y = word(i / 18 + 3), *z = word(i / 324 + 5);
        snprintf(b, sizeof b, "The %s %s %s (%c%c%c) met. ", x, y, z, x[0] - 32, y[0] - 32, z[0] - 32);
        put(o, b);
        if (i % 8 == 7) put(o, "\n\n");
    }
}

static void shape_nested_html(out *o, size_t n) {  /* elements nested N/16 deep */
    size_t depth = n / 16;
    put(o, "<html><head><title>Nested</title></head><body>");
    for (size_t i = 0; i < depth; i++) put(o, "<div><b>");
    put(o, "deep text");
    for (size_t i = 0; i < depth; i++) put(o, "</b></div>");
    put(o, "</body></html>\n");
}

static void shape_nested_md(out *o, size_t n) {  /* block quotes and lists nested deep */
    put(o, "# Nested\n\n");
    size_t depth = 1;
    while (o->n < n) {
        for (size_t i = 0; i < depth; i++) put(o, i % 2 ? "> " : "- ");
        put(o, "quoted text\n");
        depth = depth * 2 > n / 64 ? 1 : depth * 2;
    }
}

static void shape_emphasis_md(out *o, size_t n) {  /* unclosed emphasis and links, no end */
    while (o->n < n) put(o, "*_[`<a **b __c [d](e ![f ");
}

static void shape_nested_emphasis_md(out *o, size_t n) {  /* closed emphasis and links, n/8 deep */
    size_t depth = n / 8;
    put(o, "# Nested emphasis\n\n");
    for (size_t i = 0; i < depth; i++) put(o, i % 3 == 0 ? "*x " : i % 3 == 1 ? "_y " : "[z ");
    put(o, "core");
    for (size_t i = depth; i-- > 0;) put(o, i % 3 == 0 ? " x*" : i % 3 == 1 ? " y_" : "](u)");
    put(o, "\n");
}

static void shape_table_md(out *o, size_t n) {  /* a GFM table with one row per line */
    put(o, "# Table\n\n| a | b | c |\n|---|---|---|\n");
    char b[96];
    for (size_t i = 0; o->n < n; i++) {
        snprintf(b, sizeof b, "| %s | %zu | %s |\n", word(i), i, word(i + 5));
        put(o, b);
    }
}

/* A one-page PDF whose content stream shows the same line of text over and over: the file is
 * about N/1000 bytes, the stream inflates to about N. */
static void shape_pdf_bomb(out *o, size_t n) {
    const char *op = "BT /F1 10 Tf 72 720 Td (digital policy dialogue data trust) Tj ET\n";
    size_t opn = strlen(op), raw = n - n % opn;
    unsigned char *plain = malloc(raw), *z = NULL;
    for (size_t i = 0; i < raw; i += opn) memcpy(plain + i, op, opn);
    uLongf zn = compressBound(raw);
    z = malloc(zn);
    compress2(z, &zn, plain, raw, 9);
    free(plain);
    long off[6];
    char b[512];
    put(o, "%PDF-1.4\n");
    off[1] = (long)o->n; put(o, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    off[2] = (long)o->n; put(o, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    off[3] = (long)o->n;
    put(o, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n");
    off[4] = (long)o->n;
    snprintf(b, sizeof b, "4 0 obj << /Length %lu /Filter /FlateDecode >> stream\n", (unsigned long)zn);
    put(o, b);
    fwrite(z, 1, zn, o->f);
    o->n += zn;
    free(z);
    put(o, "\nendstream endobj\n");
    off[5] = (long)o->n; put(o, "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
    long xref = (long)o->n;
    put(o, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i <= 5; i++) { snprintf(b, sizeof b, "%010ld 00000 n \n", off[i]); put(o, b); }
    snprintf(b, sizeof b, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
    put(o, b);
}

typedef struct shape {
    const char *name, *file;
    void (*write)(out *, size_t);
    size_t scale;  /* the input is BYTES / scale (the PDF: its stream inflates a thousandfold) */
} shape;

static const shape shapes[] = {
    {"word", "word.txt", shape_word, 1},
    {"line", "line.txt", shape_line, 1},
    {"nospace", "nospace.txt", shape_nospace, 1},
    {"digits", "digits.txt", shape_digits, 1},
    {"japanese", "japanese.txt", shape_japanese, 1},
    {"headings-txt", "headings.txt", shape_headings_txt, 1},
    {"headings-md", "headings.md", shape_headings_md, 1},
    {"acronyms", "acronyms.txt", shape_acronyms, 1},
    {"nested-html", "nested.html", shape_nested_html, 1},
    {"nested-md", "nested.md", shape_nested_md, 1},
    {"emphasis-md", "emphasis.md", shape_emphasis_md, 1},
    {"nested-emphasis-md", "nested-emphasis.md", shape_nested_emphasis_md, 1},
    {"table-md", "table.md", shape_table_md, 1},
    {"pdf-bomb", "bomb.pdf", shape_pdf_bomb, 1},
};

typedef struct cost {
    double cpu;
    long rss_kb;
    int status;
} cost;

/* Writes SH at N bytes into a fresh folder under TMP and indexes it with BIN. */
static int measure(const char *bin, const char *tmp, const shape *sh, size_t n, int tag, cost *c) {
    char dir[4096], file[4200], db[4200], cmd[8400];
    snprintf(dir, sizeof dir, "%s/%s-%d", tmp, sh->name, tag);
    snprintf(file, sizeof file, "%s/in/%s", dir, sh->file);
    snprintf(db, sizeof db, "%s/db", dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s/in'", dir, dir);
    if (system(cmd) != 0) return -1;
    out o = {fopen(file, "wb"), 0};
    if (!o.f) return -1;
    if (n) sh->write(&o, n);
    if (fclose(o.f)) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        char in[4200];
        snprintf(in, sizeof in, "%s/in", dir);
        execl(bin, bin, "-q", "-j1", "-d", db, in, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) return -1;
    c->cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
             ru.ru_stime.tv_usec / 1e6;
    c->rss_kb = ru.ru_maxrss;
    c->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: shape_cost LOCUS-INDEX [--base BYTES] [--factor K] [--sanitized] [SHAPE...]\n");
        return 2;
    }
    if (argc == 5 && !strcmp(argv[1], "--write")) {  /* shape_cost --write SHAPE BYTES FILE */
        for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
            if (strcmp(argv[2], shapes[s].name)) continue;
            out o = {fopen(argv[4], "wb"), 0};
            if (!o.f) { perror(argv[4]); return 2; }
            shapes[s].write(&o, strtoull(argv[3], NULL, 10));
            return fclose(o.f) ? 2 : 0;
        }
        fprintf(stderr, "shape_cost: no shape %s\n", argv[2]);
        return 2;
    }
    const char *bin = argv[1];
    size_t base = 1 << 20, factor = 4;
    int first = 2, sanitized = 0;
    while (first < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "--sanitized")) {
            sanitized = 1;
            first++;
        } else if (first + 1 < argc && !strcmp(argv[first], "--base")) {
            base = strtoull(argv[first + 1], NULL, 10);
            first += 2;
        } else if (first + 1 < argc && !strcmp(argv[first], "--factor")) {
            factor = strtoull(argv[first + 1], NULL, 10);
            first += 2;
        } else {
            break;
        }
    }
    char tmp[] = "/tmp/shape_cost.XXXXXX";
    if (!mkdtemp(tmp)) { perror("mkdtemp"); return 2; }
    cost empty;
    if (measure(bin, tmp, &shapes[0], 0, 0, &empty)) { perror("shape_cost"); return 2; }
    printf("%-18s %10s %9s %9s %9s %9s  %s\n", "shape", "bytes", "cpu s", "cpu s xK", "RSS MB",
           "RSS MB xK", "verdict");
    int failed = 0;
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        const shape *sh = &shapes[s];
        int named = first >= argc;
        for (int i = first; i < argc; i++) named |= !strcmp(argv[i], sh->name);
        if (!named) continue;
        size_t n = base / sh->scale;
        cost small, large;
        if (measure(bin, tmp, sh, n, 1, &small) || measure(bin, tmp, sh, n * factor, 2, &large)) {
            perror("shape_cost");
            return 2;
        }
        double floor = 0.25, k = (double)factor;
        double cpu_ratio = (large.cpu > floor ? large.cpu : floor) / (small.cpu > floor ? small.cpu : floor);
        double grow_small = (double)(small.rss_kb - empty.rss_kb), grow_large = (double)(large.rss_kb - empty.rss_kb);
        const char *why = NULL;
        if (small.status > 1 || large.status > 1) why = "exit status";
        else if (cpu_ratio > 1.75 * k) why = "time worse than linear";
        else if (grow_large > 1.75 * k * (grow_small > 4096 ? grow_small : 4096)) why = "memory worse than linear";
        else if (!sanitized && grow_large * 1024 > 64.0 * (double)(n * factor)) why = "memory over 64 bytes per input byte";
        printf("%-18s %10zu %9.2f %9.2f %9.1f %9.1f  %s (exit %d, %d)\n", sh->name, n, small.cpu, large.cpu,
               small.rss_kb / 1024.0, large.rss_kb / 1024.0, why ? why : "linear", small.status, large.status);
        fflush(stdout);
        failed |= why != NULL;
    }
    rmdir(tmp);
    return failed;
}
