/* eval.c - TREC judgments and runs, and the measures trec_eval reports (eval.h). Plain sorted
 * arrays: a judgment is found by binary search on (query, document). */
#include <locus/eval.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct judgment {
    char *qid, *docid;
    int rel;
} judgment;

struct locus_judgments {
    judgment *items;
    size_t n;
};

typedef struct entry {
    char *qid, *docid;
    double score;
    size_t order;  /* position in the file, for ties */
} entry;

struct locus_run {
    entry *items;
    size_t n, cap;
};

/* Query ids compare as numbers when both are ("2" before "10"), else as strings. */
static int qid_cmp(const char *a, const char *b) {
    char *ea, *eb;
    errno = 0;
    unsigned long long x = strtoull(a, &ea, 10), y = strtoull(b, &eb, 10);
    if (*a && *b && !*ea && !*eb && !errno) return x < y ? -1 : x > y;
    return strcmp(a, b);
}

static int judgment_cmp(const void *pa, const void *pb) {
    const judgment *a = pa, *b = pb;
    int c = qid_cmp(a->qid, b->qid);
    return c ? c : strcmp(a->docid, b->docid);
}

static int entry_cmp(const void *pa, const void *pb) {
    const entry *a = pa, *b = pb;
    int c = qid_cmp(a->qid, b->qid);
    if (c) return c;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Splits LINE in place into at most MAX white-space separated fields; returns how many. */
static size_t fields(char *line, char **out, size_t max) {
    size_t n = 0;
    char *p = line;
    while (*p && n < max) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        out[n++] = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        if (*p) *p++ = '\0';
    }
    return n;
}

/* Calls ADD for each non-blank line of PATH split into fields; stops at its first failure. */
typedef locus_status (*line_fn)(void *ctx, char **f, size_t n, const char *path, size_t lineno,
                                locus_error *err);

static locus_status each_line(const char *path, line_fn add, void *ctx, locus_error *err) {
    FILE *f = fopen(path, "r");
    if (!f) return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", path, strerror(errno));
    char *line = NULL, *fl[8];
    size_t cap = 0, lineno = 0;
    locus_status st = LOCUS_OK;
    while (!st && getline(&line, &cap, f) >= 0) {
        lineno++;
        size_t n = fields(line, fl, 8);
        if (n) st = add(ctx, fl, n, path, lineno, err);
    }
    if (!st && ferror(f)) st = locus_error_set(err, LOCUS_ERR_IO, "%s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    return st;
}

static locus_status add_judgment(void *ctx, char **f, size_t n, const char *path, size_t lineno,
                                 locus_error *err) {
    locus_judgments *j = ctx;
    char *end;
    long rel = n == 4 ? strtol(f[3], &end, 10) : 0;
    if (n != 4 || *end)
        return locus_error_set(err, LOCUS_ERR_FORMAT, "%s:%zu: not a judgment (QID ITER DOCID REL)", path, lineno);
    if ((j->n & (j->n - 1)) == 0) {  /* grow at powers of two */
        judgment *more = realloc(j->items, (j->n ? j->n * 2 : 64) * sizeof *more);
        if (!more) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        j->items = more;
    }
    judgment *x = &j->items[j->n];
    if (!(x->qid = strdup(f[0])) || !(x->docid = strdup(f[2]))) {
        free(x->qid);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    x->rel = (int)(rel > 1000 ? 1000 : rel < -1000 ? -1000 : rel);
    j->n++;
    return LOCUS_OK;
}

locus_status locus_judgments_read(const char *path, locus_judgments **out, locus_error *err) {
    *out = calloc(1, sizeof **out);
    if (!*out) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    locus_status st = each_line(path, add_judgment, *out, err);
    if (st) {
        locus_judgments_free(*out);
        *out = NULL;
        return st;
    }
    if ((*out)->n) qsort((*out)->items, (*out)->n, sizeof *(*out)->items, judgment_cmp);
    return LOCUS_OK;
}

void locus_judgments_free(locus_judgments *j) {
    if (!j) return;
    for (size_t i = 0; i < j->n; i++) {
        free(j->items[i].qid);
        free(j->items[i].docid);
    }
    free(j->items);
    free(j);
}

locus_run *locus_run_new(void) { return calloc(1, sizeof(locus_run)); }

locus_status locus_run_add(locus_run *run, const char *qid, const char *docid, double score,
                           locus_error *err) {
    if (run->n == run->cap) {
        size_t cap = run->cap ? run->cap * 2 : 256;
        entry *more = realloc(run->items, cap * sizeof *more);
        if (!more) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        run->items = more;
        run->cap = cap;
    }
    entry *e = &run->items[run->n];
    if (!(e->qid = strdup(qid)) || !(e->docid = strdup(docid))) {
        free(e->qid);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    e->score = score;
    e->order = run->n++;
    return LOCUS_OK;
}

static locus_status add_entry(void *ctx, char **f, size_t n, const char *path, size_t lineno,
                              locus_error *err) {
    char *end;
    double score = n >= 5 ? strtod(f[4], &end) : 0;
    if (n < 5 || *end || score != score)
        return locus_error_set(err, LOCUS_ERR_FORMAT, "%s:%zu: not a run line (QID Q0 DOCID RANK SCORE TAG)", path, lineno);
    return locus_run_add(ctx, f[0], f[2], score, err);
}

locus_status locus_run_read(const char *path, locus_run **out, locus_error *err) {
    if (!(*out = locus_run_new())) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    locus_status st = each_line(path, add_entry, *out, err);
    if (st) {
        locus_run_free(*out);
        *out = NULL;
    }
    return st;
}

void locus_run_free(locus_run *run) {
    if (!run) return;
    for (size_t i = 0; i < run->n; i++) {
        free(run->items[i].qid);
        free(run->items[i].docid);
    }
    free(run->items);
    free(run);
}

/* The judgment of DOCID for the query whose judgments are J[0..n), or 0 when unjudged. */
static int judged(const judgment *j, size_t n, const char *docid) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(j[mid].docid, docid);
        if (!c) return j[mid].rel;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return 0;
}

static int by_gain_desc(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return y - x;
}

/* The measures of the ranking R[0..nr) against the judgments J[0..nj) of one query. */
static void measure(const judgment *j, size_t nj, const entry *r, size_t nr, locus_query_measures *q,
                    int *gains) {
    size_t relevant = 0, ng = 0;
    for (size_t i = 0; i < nj; i++) {
        if (j[i].rel > 0) relevant++;
        if (j[i].rel > 0) gains[ng++] = j[i].rel;
    }
    qsort(gains, ng, sizeof *gains, by_gain_desc);
    double idcg = 0, dcg = 0, ap = 0;
    for (size_t i = 0; i < ng && i < 10; i++) idcg += gains[i] / log2((double)i + 2);
    size_t found = 0, at10 = 0, at100 = 0;
    double rr = 0;
    if (nr > LOCUS_EVAL_DEPTH) nr = LOCUS_EVAL_DEPTH;
    for (size_t i = 0; i < nr; i++) {
        int rel = judged(j, nj, r[i].docid);
        if (rel <= 0) continue;
        /* a relevant document ranked twice counts once, where it came first (only relevant
         * ones are looked up again: a run of 1,000 stays linear) */
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++) seen = !strcmp(r[k].docid, r[i].docid);
        if (seen) continue;
        found++;
        ap += (double)found / (double)(i + 1);
        if (i < 10) { dcg += rel / log2((double)i + 2); at10++; }
        if (i < 100) at100++;
        if (rr == 0) rr = 1.0 / (double)(i + 1);
    }
    q->relevant = relevant;
    q->retrieved = nr;
    q->m.map = relevant ? ap / (double)relevant : 0;
    q->m.ndcg10 = idcg > 0 ? dcg / idcg : 0;
    q->m.p10 = (double)at10 / 10.0;
    q->m.r100 = relevant ? (double)at100 / (double)relevant : 0;
    q->m.rr = rr;
}

locus_status locus_evaluate(const locus_judgments *j, const locus_run *run,
                            locus_evaluation **out, locus_error *err) {
    *out = calloc(1, sizeof **out);
    entry *sorted = run->n ? malloc(run->n * sizeof *sorted) : NULL;
    int *gains = j->n ? malloc(j->n * sizeof *gains) : NULL;
    if (!*out || (run->n && !sorted) || (j->n && !gains)) {
        free(sorted); free(gains); free(*out);
        *out = NULL;
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    if (run->n) {
        memcpy(sorted, run->items, run->n * sizeof *sorted);
        qsort(sorted, run->n, sizeof *sorted, entry_cmp);
    }
    locus_evaluation *e = *out;
    size_t r = 0;
    for (size_t a = 0; a < j->n;) {
        size_t b = a;
        bool any = false;
        while (b < j->n && !qid_cmp(j->items[b].qid, j->items[a].qid)) any |= j->items[b++].rel > 0;
        if (any) {
            while (r < run->n && qid_cmp(sorted[r].qid, j->items[a].qid) < 0) r++;
            size_t rs = r;
            while (r < run->n && !qid_cmp(sorted[r].qid, j->items[a].qid)) r++;
            if ((e->n_queries & (e->n_queries - 1)) == 0) {
                locus_query_measures *more = realloc(e->queries, (e->n_queries ? e->n_queries * 2 : 64) * sizeof *more);
                if (!more) { free(sorted); free(gains); locus_evaluation_free(e); *out = NULL;
                             return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); }
                e->queries = more;
            }
            locus_query_measures *q = &e->queries[e->n_queries];
            if (!(q->qid = strdup(j->items[a].qid))) {
                free(sorted); free(gains); locus_evaluation_free(e); *out = NULL;
                return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
            }
            measure(j->items + a, b - a, sorted + rs, r - rs, q, gains);
            e->n_queries++;
            e->mean.map += q->m.map;
            e->mean.ndcg10 += q->m.ndcg10;
            e->mean.p10 += q->m.p10;
            e->mean.r100 += q->m.r100;
            e->mean.rr += q->m.rr;
        }
        a = b;
    }
    if (e->n_queries) {
        double n = (double)e->n_queries;
        e->mean.map /= n; e->mean.ndcg10 /= n; e->mean.p10 /= n; e->mean.r100 /= n; e->mean.rr /= n;
    }
    free(sorted);
    free(gains);
    return LOCUS_OK;
}

void locus_evaluation_free(locus_evaluation *e) {
    if (!e) return;
    for (size_t i = 0; i < e->n_queries; i++) free(e->queries[i].qid);
    free(e->queries);
    free(e);
}

double locus_measure(const locus_measures *m, const char *name) {
    if (!strcmp(name, "map")) return m->map;
    if (!strcmp(name, "ndcg10") || !strcmp(name, "ndcg_cut_10")) return m->ndcg10;
    if (!strcmp(name, "p10") || !strcmp(name, "P_10")) return m->p10;
    if (!strcmp(name, "r100") || !strcmp(name, "recall_100")) return m->r100;
    if (!strcmp(name, "rr") || !strcmp(name, "mrr") || !strcmp(name, "recip_rank")) return m->rr;
    return -1;
}

locus_status locus_compare(const locus_evaluation *a, const locus_evaluation *b, const char *name,
                           unsigned trials, locus_comparison *out, locus_error *err) {
    memset(out, 0, sizeof *out);
    if (locus_measure(&a->mean, name) < 0)
        return locus_error_set(err, LOCUS_ERR_INVALID, "unknown measure '%s' (map, ndcg10, p10, r100, rr)", name);
    if (a->n_queries != b->n_queries)
        return locus_error_set(err, LOCUS_ERR_INVALID, "the runs were scored on different queries");
    size_t n = a->n_queries;
    double *d = n ? malloc(n * sizeof *d) : NULL;
    if (n && !d) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(a->queries[i].qid, b->queries[i].qid)) {
            free(d);
            return locus_error_set(err, LOCUS_ERR_INVALID, "the runs were scored on different queries");
        }
        double x = locus_measure(&a->queries[i].m, name), y = locus_measure(&b->queries[i].m, name);
        d[i] = y - x;
        sum += d[i];
        if (fabs(d[i]) < 1e-12) out->ties++;
        else if (d[i] > 0) out->wins++;
        else out->losses++;
    }
    out->mean_a = locus_measure(&a->mean, name);
    out->mean_b = locus_measure(&b->mean, name);
    /* randomization: flip the sign of each difference at random; how often is the mean as far
     * from 0 as the one observed? (xorshift64*, fixed seed) */
    double observed = fabs(sum);
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    size_t extreme = 0;
    if (!trials) trials = 10000;
    for (unsigned t = 0; t < trials; t++) {
        double total = 0;
        for (size_t i = 0; i < n; i++) {
            s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
            uint64_t bit = (s * 0x2545F4914F6CDD1DULL) >> 63;
            total += bit ? d[i] : -d[i];
        }
        if (fabs(total) >= observed - 1e-12) extreme++;
    }
    out->p_value = (double)(extreme + 1) / (double)(trials + 1);
    free(d);
    return LOCUS_OK;
}
