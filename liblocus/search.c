#include "search.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "query.h"
#include "xdb.h"

struct locus_index {
    xdb_db *db;
    char *path;
    locus_analyzer *analyzer;
    char language[32];
};

locus_status locus_index_open(const char *path, locus_index **out, locus_error *err) {
    *out = NULL;
    locus_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->path = strdup(path))) {
        free(ix);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    xdb_error xe;
    locus_status st;
    if (xdb_open_read(path, &ix->db, &xe)) {
        st = locus_error_from_xdb(&xe, path, err);
        if (xe.status == XDB_ERR_NOT_FOUND || xe.status == XDB_ERR_OPENING)
            st = locus_error_set(err, LOCUS_ERR_NO_INDEX,
                                 "%s: no index there (build one with locus-index -d %s PATH...)",
                                 path, path);
        goto fail;
    }
    if ((st = locus_schema_check(ix->db, path, 0, NULL, ix->language, err))) goto fail;
    if ((st = locus_analyzer_new(ix->language, &ix->analyzer, err))) goto fail;
    *out = ix;
    return LOCUS_OK;
fail:
    locus_index_close(ix);
    return st;
}

void locus_index_close(locus_index *ix) {
    if (!ix) return;
    xdb_close(ix->db, NULL);
    locus_analyzer_free(ix->analyzer);
    free(ix->path);
    free(ix);
}

const char *locus_index_language(const locus_index *ix) { return ix->language; }

locus_status locus_index_passage_count(locus_index *ix, uint32_t *out, locus_error *err) {
    xdb_error xe;
    if (xdb_doc_count(ix->db, out, &xe)) return locus_error_from_xdb(&xe, ix->path, err);
    return LOCUS_OK;
}

void locus_search_opts_init(locus_search_opts *opts) {
    memset(opts, 0, sizeof *opts);
    opts->limit = 10;
    opts->bm25_k1 = LOCUS_BM25_K1;
    opts->bm25_b = LOCUS_BM25_B;
}

void locus_results_free(locus_results *res) {
    if (!res) return;
    for (size_t i = 0; i < res->count; i++) {
        locus_hit *h = &res->hits[i];
        locus_record_release(&h->rec);
        for (size_t t = 0; t < h->n_terms; t++) free(h->terms[t]);
        free(h->terms);
        free(h->spans);
    }
    free(res->hits);
    free(res);
}

/* Index term -> what a person reads: "Zresearch" -> "research", "ZXH6g" -> "section:6g". */
static char *display_term(const char *t) {
    static const struct { const char *prefix, *label; } map[] = {
        {LOCUS_PREFIX_TITLE_STEM, "title:"}, {LOCUS_PREFIX_SECTION_STEM, "section:"},
        {LOCUS_PREFIX_STEM, ""},             {LOCUS_PREFIX_TITLE, "title:"},
        {LOCUS_PREFIX_SECTION, "section:"},
    };
    const char *label = "", *rest = t;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i].prefix);
        if (strncmp(t, map[i].prefix, n) == 0) {
            label = map[i].label;
            rest = t + n;
            break;
        }
    }
    size_t a = strlen(label), b = strlen(rest);
    char *s = malloc(a + b + 1);
    if (s) {
        memcpy(s, label, a);
        memcpy(s + a, rest, b + 1);
    }
    return s;
}

static locus_status copy_terms(const xdb_hit *xh, locus_hit *h) {
    if (!xh->n_terms) return LOCUS_OK;
    h->terms = calloc(xh->n_terms, sizeof *h->terms);
    if (!h->terms) return LOCUS_ERR_NO_MEMORY;
    for (size_t i = 0; i < xh->n_terms; i++) {
        char *d = display_term(xh->terms[i]);
        if (!d) return LOCUS_ERR_NO_MEMORY;
        bool dup = false;
        for (size_t k = 0; k < h->n_terms && !dup; k++) dup = strcmp(h->terms[k], d) == 0;
        if (dup) free(d); else h->terms[h->n_terms++] = d;
    }
    return LOCUS_OK;
}

typedef struct span_ctx {
    const locus_query *q;
    locus_hit *h;
    size_t cap;
    bool oom;
} span_ctx;

static int add_span(const locus_token *t, void *ctx) {
    span_ctx *c = ctx;
    if (!locus_query_matches_token(c->q, t)) return 0;
    if (c->h->n_spans == c->cap) {
        size_t n = c->cap ? c->cap * 2 : 8;
        locus_span *s = realloc(c->h->spans, n * sizeof *s);
        if (!s) { c->oom = true; return 1; }
        c->h->spans = s;
        c->cap = n;
    }
    c->h->spans[c->h->n_spans++] =
        (locus_span){c->h->rec.byte_start + t->start, c->h->rec.byte_start + t->end};
    return 0;
}

static locus_status fill_hit(locus_index *ix, const locus_query *q, const xdb_hit *xh,
                             uint32_t rank, locus_hit *h, locus_error *err) {
    h->rank = rank;
    h->score = xh->score;
    h->docid = xh->docid;
    locus_status st = locus_record_decode(xh->data, xh->data_len, &h->rec, err);
    if (st) return st;
    if (copy_terms(xh, h)) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    span_ctx c = {q, h, 0, false};
    st = locus_analyze(ix->analyzer, h->rec.text, strlen(h->rec.text), 1, add_span, &c, NULL, err);
    if (st) return st;
    if (c.oom) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    return LOCUS_OK;
}

locus_status locus_search(locus_index *ix, const char *query, const locus_search_opts *opts,
                          locus_results **out, locus_error *err) {
    *out = NULL;
    locus_query *q = NULL;
    locus_status st = locus_query_parse(ix->analyzer, query, &q, err);
    if (st) return st;
    xdb_search_opts xo;
    xdb_search_opts_init(&xo);
    xo.bm25_k1 = opts->bm25_k1;
    xo.bm25_b = opts->bm25_b;
    xo.offset = opts->offset;
    xo.limit = opts->limit;
    xo.want_terms = 1;
    xdb_hits *xh = NULL;
    xdb_error xe;
    xdb_status xs = XDB_OK;
    for (int attempt = 0; attempt < 5; attempt++) {
        xs = xdb_search(ix->db, locus_query_xdb(q), &xo, &xh, &xe);
        if (xs != XDB_ERR_MODIFIED) break;
        if (xdb_reopen(ix->db, &xe)) break; /* a writer committed meanwhile: see its revision */
    }
    if (xs) {
        locus_query_free(q);
        return locus_error_from_xdb(&xe, ix->path, err);
    }
    locus_results *res = calloc(1, sizeof *res);
    if (res && xh->count) res->hits = calloc(xh->count, sizeof *res->hits);
    if (!res || (xh->count && !res->hits)) {
        free(res);
        xdb_hits_free(xh);
        locus_query_free(q);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    res->estimated = xh->matches_estimated;
    for (size_t i = 0; i < xh->count && st == LOCUS_OK; i++) {
        st = fill_hit(ix, q, &xh->hits[i], opts->offset + (uint32_t)i + 1, &res->hits[i], err);
        res->count++;
    }
    xdb_hits_free(xh);
    locus_query_free(q);
    if (st) {
        locus_results_free(res);
        return st;
    }
    *out = res;
    return LOCUS_OK;
}
