#include <locus/search.h>
#include "store/schema.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/acronym.h"
#include "text/analyzer.h"
#include "text/language.h"
#include "search/query.h"
#include "text/stopwords.h"
#include "xdb/xdb.h"

/* The acronym dictionary, read from the LOCUS_PREFIX_ACRONYM terms. */
typedef struct acronym_dict {
    locus_acronym_def *defs;
    size_t n, cap;
    locus_analyzer *a;
    bool oom;
} acronym_dict;

/* The language codes of an index, gathered by a prefix scan. */
typedef struct lang_list {
    char codes[LOCUS_QUERY_MAX_LANGUAGES][LOCUS_LANG_MAX];
    const char *ptrs[LOCUS_QUERY_MAX_LANGUAGES];
    size_t n;
} lang_list;

static void dict_free(acronym_dict *d);

struct locus_index {
    xdb_db *db;
    char *path;
    locus_analyzer *analyzer;
    acronym_dict dict;      /* what queries read of it so far, in this generation of db */
    uint64_t dict_generation;
    bool dict_letters[128]; /* the acronyms starting with this letter are in dict */
    bool dict_loaded;       /* all of them are */
    lang_list langs;        /* the index's languages: the same */
    uint64_t langs_generation;
    bool langs_loaded;
};

locus_status locus_index_open(const char *path, locus_index **out, locus_error *err) {
    return locus_index_open_timeout(path, 0, out, err);
}

locus_status locus_index_open_timeout(const char *path, double timeout, locus_index **out,
                                      locus_error *err) {
    *out = NULL;
    locus_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->path = strdup(path))) {
        free(ix);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    locus_status st;
    if ((st = locus_open_reader(path, timeout, &ix->db, err))) goto fail;
    if ((st = locus_analyzer_new("en", &ix->analyzer, err))) goto fail;
    *out = ix;
    return LOCUS_OK;
fail:
    locus_index_close(ix);
    return st;
}

void locus_index_close(locus_index *ix) {
    if (!ix) return;
    xdb_close(ix->db, NULL);
    dict_free(&ix->dict);
    locus_analyzer_free(ix->analyzer);
    free(ix->path);
    free(ix);
}


static int add_language(const char *code, void *ctx) {
    lang_list *l = ctx;
    if (l->n == LOCUS_QUERY_MAX_LANGUAGES || strlen(code) >= LOCUS_LANG_MAX) return 0;
    strcpy(l->codes[l->n], code);
    l->ptrs[l->n] = l->codes[l->n];
    l->n++;
    return 0;
}

/* IX's languages into *out, read again only when IX's reader has moved to newer data. */
static locus_status index_languages(locus_index *ix, lang_list *out, locus_error *err) {
    uint64_t generation = xdb_generation(ix->db);
    if (!ix->langs_loaded || ix->langs_generation != generation) {
        lang_list l = {.n = 0};
        locus_status st = locus_index_language_scan(ix->db, ix->path, add_language, &l, err);
        if (st) return st;
        ix->langs = l;
        ix->langs_loaded = true;
        ix->langs_generation = generation;
    }
    *out = ix->langs;
    for (size_t i = 0; i < out->n; i++) out->ptrs[i] = out->codes[i];  /* into the copy */
    return LOCUS_OK;
}

locus_status locus_index_languages(locus_index *ix, char *out, size_t size, locus_error *err) {
    lang_list l;
    locus_status st = index_languages(ix, &l, err);
    if (st) return st;
    size_t at = 0;
    if (size) out[0] = '\0';
    for (size_t i = 0; i < l.n; i++) {
        size_t n = strlen(l.codes[i]) + (i ? 1 : 0);
        if (at + n + 1 > size) break;
        at += (size_t)snprintf(out + at, size - at, "%s%s", i ? " " : "", l.codes[i]);
    }
    return LOCUS_OK;
}

locus_status locus_index_passage_count(locus_index *ix, uint32_t *out, locus_error *err) {
    xdb_error xe;
    if (xdb_doc_count(ix->db, out, &xe)) return locus_error_from_xdb(&xe, ix->path, err);
    return LOCUS_OK;
}

const char *locus_engine_version(void) { return xdb_version_string(); }

void locus_search_opts_init(locus_search_opts *opts) {
    memset(opts, 0, sizeof *opts);
    opts->limit = 10;
    opts->bm25_k1 = LOCUS_BM25_K1;
    opts->bm25_b = LOCUS_BM25_B;
    opts->bm25_delta = LOCUS_BM25_DELTA;
    locus_query_weights w;
    locus_query_weights_init(&w);
    opts->title_weight = w.title;
    opts->section_weight = w.section;
    opts->all_words_bonus = LOCUS_ALL_WORDS;
    opts->feedback_all_words = LOCUS_FEEDBACK_ALL_WORDS;
    opts->stop_words = LOCUS_STOP_WORDS;
    opts->proximity = w.proximity;
    opts->exact_form = w.exact_form;
    opts->contact_weight = LOCUS_CONTACT_WEIGHT;
    opts->feedback_passages = LOCUS_FEEDBACK_PASSAGES;
    opts->feedback_short_words = LOCUS_FEEDBACK_SHORT_WORDS;
    opts->feedback_short_passages = LOCUS_FEEDBACK_SHORT_PASSAGES;
    opts->feedback_short_terms = LOCUS_FEEDBACK_SHORT_TERMS;
    opts->feedback_terms = LOCUS_FEEDBACK_TERMS;
    opts->feedback_weight = LOCUS_FEEDBACK_WEIGHT;
    opts->feedback_bo1 = LOCUS_FEEDBACK_BO1;
    opts->feedback_common = LOCUS_FEEDBACK_COMMON;
    opts->release_evidence = LOCUS_RELEASE_EVIDENCE;
    opts->words_first = LOCUS_WORDS_FIRST;
}

locus_status locus_search_opts_tune(locus_search_opts *opts, const char *spec, locus_error *err) {
    const char *p = spec;
    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char part[64];
        if (len >= sizeof part) return locus_error_set(err, LOCUS_ERR_INVALID, "ranking: '%.*s' is too long", (int)len, p);
        memcpy(part, p, len);
        part[len] = '\0';
        char *eq = strchr(part, '='), *rest;
        double v = eq ? strtod(eq + 1, &rest) : 0;
        if (!eq || !eq[1] || *rest || v != v || v < 0 || v > 1000)
            return locus_error_set(err, LOCUS_ERR_INVALID, "ranking: '%s' is not NAME=NUMBER", part);
        *eq = '\0';
        if (!strcmp(part, "k1")) opts->bm25_k1 = v;
        else if (!strcmp(part, "b") && v <= 1) opts->bm25_b = v;
        else if (!strcmp(part, "delta")) opts->bm25_delta = v;
        else if (!strcmp(part, "title")) opts->title_weight = v;
        else if (!strcmp(part, "section")) opts->section_weight = v;
        else if (!strcmp(part, "all")) opts->all_words_bonus = v;
        else if (!strcmp(part, "fb_all")) opts->feedback_all_words = v;
        else if (!strcmp(part, "stop")) opts->stop_words = v != 0;
        else if (!strcmp(part, "prox")) opts->proximity = v;
        else if (!strcmp(part, "exact")) opts->exact_form = v;
        else if (!strcmp(part, "contact") && v <= 1) opts->contact_weight = v;
        else if (!strcmp(part, "fb_passages")) opts->feedback_passages = (uint32_t)v;
        else if (!strcmp(part, "fb_short")) opts->feedback_short_words = (uint32_t)v;
        else if (!strcmp(part, "fb_short_passages")) opts->feedback_short_passages = (uint32_t)v;
        else if (!strcmp(part, "fb_short_terms")) opts->feedback_short_terms = (uint32_t)v;
        else if (!strcmp(part, "fb_terms")) opts->feedback_terms = (uint32_t)v;
        else if (!strcmp(part, "fb_weight")) opts->feedback_weight = v;
        else if (!strcmp(part, "fb_bo1")) opts->feedback_bo1 = v != 0;
        else if (!strcmp(part, "fb_conf")) opts->feedback_confident = v;
        else if (!strcmp(part, "fb_common")) opts->feedback_common = v;
        else if (!strcmp(part, "release")) opts->release_evidence = v;
        else if (!strcmp(part, "first")) opts->words_first = (uint32_t)v;
        else return locus_error_set(err, LOCUS_ERR_INVALID, "ranking: unknown parameter '%s' (k1, b, delta, title, section, all, fb_all, stop, prox, exact, contact, fb_passages, fb_short, fb_short_passages, fb_short_terms, fb_terms, fb_weight, fb_bo1, fb_conf, fb_common, release, first)", part);
        p = end ? end + 1 : NULL;
    }
    return LOCUS_OK;
}

/* The terms of the passages weighed down (contact_weight). */
static const char *const low_terms[2] = {LOCUS_TERM_CONTACT, LOCUS_TERM_BOILERPLATE};

/* The marker of the passages weighed down: XKcontact, XKboilerplate, or both OR'd, those the
 * index holds; *out NULL when it holds neither. */
static locus_status low_marker(locus_index *ix, xdb_query **out, locus_error *err) {
    *out = NULL;
    const char *const *terms = low_terms;
    xdb_query *qs[2] = {NULL, NULL};
    size_t n = 0;
    xdb_error xe;
    for (size_t i = 0; i < 2; i++) {
        uint32_t freq = 0;
        if (xdb_term_freq(ix->db, terms[i], strlen(terms[i]), &freq, &xe) ||
            (freq && xdb_query_term(terms[i], strlen(terms[i]), 1, 0, &qs[n++], &xe))) {
            for (size_t k = 0; k < n; k++) xdb_query_free(qs[k]);
            return locus_error_from_xdb(&xe, ix->path, err);
        }
    }
    if (n == 1) *out = qs[0];
    if (n == 2) {
        bool bad = xdb_query_combine(XDB_OP_OR, qs, 2, 0, out, &xe);
        xdb_query_free(qs[0]);
        xdb_query_free(qs[1]);
        if (bad) return locus_error_from_xdb(&xe, ix->path, err);
    }
    return LOCUS_OK;
}

/* Whether the search of OPTS weighs contact blocks and boilerplate down after the match, among
 * its first LOCUS_RELEASE_DEPTH hits, scored again (cheaper: the query's posting lists are read
 * once), rather than inside the query (weigh_down_contacts): a list of passages by relevance. */
static bool contacts_weighed_after(const locus_search_opts *opts) {
    return opts->contact_weight < 1 && opts->sort == LOCUS_SORT_RELEVANCE && !opts->per_release &&
           opts->limit > 0;
}


/* QUERY with the passages of contact blocks and boilerplate weighed down: OR(QUERY AND_NOT
 * low, opts->contact_weight × (QUERY FILTER low)) -- each passage matches one side, so its
 * weight is multiplied. *out is NULL (QUERY as it is) when the index has no such passage or the
 * weight is 1. */
static locus_status weigh_down_contacts(locus_index *ix, const xdb_query *query,
                                        const locus_search_opts *opts, xdb_query **out,
                                        locus_error *err) {
    *out = NULL;
    if (opts->contact_weight >= 1 || contacts_weighed_after(opts)) return LOCUS_OK;
    xdb_query *marker = NULL;
    locus_status st = low_marker(ix, &marker, err);
    if (st || !marker) return st;
    xdb_error xe;
    xdb_query *a = NULL, *b = NULL, *t1 = NULL, *t2 = NULL, *rest = NULL, *contact = NULL, *low = NULL;
    bool bad = xdb_query_copy(query, &a, &xe) || xdb_query_copy(query, &b, &xe) ||
               xdb_query_copy(marker, &t1, &xe) || xdb_query_copy(marker, &t2, &xe) ||
               xdb_query_combine(XDB_OP_AND_NOT, (xdb_query *[]){a, t1}, 2, 0, &rest, &xe) ||
               xdb_query_combine(XDB_OP_FILTER, (xdb_query *[]){b, t2}, 2, 0, &contact, &xe) ||
               xdb_query_scale(contact, opts->contact_weight, &low, &xe) ||
               xdb_query_combine(XDB_OP_OR, (xdb_query *[]){rest, low}, 2, 0, out, &xe);
    xdb_query_free(marker);
    xdb_query_free(a); xdb_query_free(b); xdb_query_free(t1); xdb_query_free(t2);
    xdb_query_free(rest); xdb_query_free(contact); xdb_query_free(low);
    return bad ? locus_error_from_xdb(&xe, ix->path, err) : LOCUS_OK;
}

/* How many words of Q weigh (its words less the stop words the search leaves out), at least 1. */
static size_t weighing_words(const locus_query *q, const locus_search_opts *opts) {
    const locus_query_word *words;
    size_t n = locus_query_words(q, &words), count = 0;
    for (size_t i = 0; i < n; i++) {
        char low[32];
        size_t len = strlen(words[i].text);
        bool stop = false;
        if (opts->stop_words && len < sizeof low) {
            for (size_t k = 0; k <= len; k++) low[k] = (char)tolower((unsigned char)words[i].text[k]);
            stop = locus_stopword("en", low);
        }
        count += !stop;
    }
    return count ? count : 1;
}

/* BASE with pseudo-relevance feedback: the best terms of the top passages that QUERY (BASE as
 * it is searched) finds (Xapian's expand set, stems of the text only), added to BASE with
 * AND_MAYBE: they reorder what BASE matches and match nothing more. As in RM3, the added terms
 * share a fixed mass, opts->feedback_weight times the query's WORDS, in proportion to their
 * expand weights: a one-word query is not outweighed by thirty added terms. A query of at most
 * opts->feedback_short_words WORDS learns from more passages and adds fewer terms. A new query in
 * *out; the added part alone, for --explain, in *added_out (NULL when nothing was added). */
static locus_status feedback(locus_index *ix, const xdb_query *query, const xdb_query *base,
                             size_t words, const xdb_search_opts *xo_in,
                             const locus_search_opts *opts, xdb_query **out,
                             xdb_query **added_out, locus_error *err) {
    *out = NULL;
    *added_out = NULL;
    xdb_search_opts xo = *xo_in;
    xo.offset = 0;
    /* a short query says less of what it is about: more passages tell it, and fewer terms
     * share its small weight */
    bool short_query = opts->feedback_short_words && words <= opts->feedback_short_words;
    uint32_t passages = short_query ? opts->feedback_short_passages : opts->feedback_passages;
    uint32_t wanted = short_query ? opts->feedback_short_terms : opts->feedback_terms;
    xo.limit = passages;
    xo.want_terms = 0;
    xo.skip_data = 1;
    xo.collapse_slot = -1;
    xo.group_bonus = 0;  /* the best passages themselves teach the feedback */
    xo.n_scale_terms = 0;
    xo.sort = XDB_SORT_RELEVANCE;
    xdb_hits *top = NULL;
    xdb_error xe;
    if (xdb_search(ix->db, query, &xo, &top, &xe)) return locus_error_from_xdb(&xe, ix->path, err);
    if (opts->feedback_confident > 0 && top->count == passages &&
        top->hits[top->count - 1].score > 0 &&
        top->hits[0].score >= opts->feedback_confident * top->hits[top->count - 1].score) {
        xdb_hits_free(top);  /* the first pass stands out: feeding it back would only blur it */
        return xdb_query_copy(base, out, &xe) ? locus_error_from_xdb(&xe, ix->path, err) : LOCUS_OK;
    }
    uint32_t *ids = top->count ? malloc(top->count * sizeof *ids) : NULL;
    if (top->count && !ids) {
        xdb_hits_free(top);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    for (size_t i = 0; i < top->count; i++) ids[i] = top->hits[i].docid;
    xdb_expand_term *terms = NULL;
    size_t n = 0;
    /* the English stop words' stems say nothing of a topic, however often the top passages
     * hold them ("the", "with") */
    const char *const *stop_stems = NULL;
    size_t n_stop_stems = opts->stop_words ? locus_stopword_stems("en", &stop_stems) : 0;
    /* a term of one passage only would pull that passage up, not the topic: two at least */
    xdb_status xs = xdb_expand(ix->db, ids, top->count, LOCUS_PREFIX_STEM, 3, 2,
                               wanted,
                               opts->feedback_bo1 ? XDB_EXPAND_BO1 : XDB_EXPAND_TRAD,
                               opts->feedback_common, stop_stems, n_stop_stems, &terms, &n, &xe);
    xdb_hits_free(top);
    free(ids);
    if (xs) return locus_error_from_xdb(&xe, ix->path, err);
    xdb_query **parts = calloc(n + 1, sizeof *parts);
    locus_status st = parts ? LOCUS_OK : locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    size_t k = 0;
    double total = 0;
    for (size_t i = 0; i < n; i++) total += terms[i].weight;
    if (!(total > 0)) n = 0;  /* nothing worth adding */
    for (size_t i = 0; i < n && !st; i++) {
        xdb_query *t = NULL;
        if (xdb_query_term(terms[i].term, strlen(terms[i].term), 1, 0, &t, &xe) ||
            xdb_query_scale(t, opts->feedback_weight * (double)words * terms[i].weight / total, &parts[k], &xe))
            st = locus_error_from_xdb(&xe, ix->path, err);
        else
            k++;
        xdb_query_free(t);
    }
    /* the added terms only weigh: what matches is what the query matches (-c, -l stay true) */
    xdb_query *added = NULL;
    if (!st && k && xdb_query_combine(XDB_OP_OR, parts, k, 0, &added, &xe)) st = locus_error_from_xdb(&xe, ix->path, err);
    if (!st && !added && xdb_query_copy(base, out, &xe)) st = locus_error_from_xdb(&xe, ix->path, err);
    if (!st && added) {
        xdb_query *copy = NULL;
        if (xdb_query_copy(base, &copy, &xe) ||
            xdb_query_combine(XDB_OP_AND_MAYBE, (xdb_query *[]){copy, added}, 2, 0, out, &xe))
            st = locus_error_from_xdb(&xe, ix->path, err);
        xdb_query_free(copy);
    }
    if (!st && added) *added_out = added;
    else xdb_query_free(added);
    for (size_t i = 0; parts && i < k; i++) xdb_query_free(parts[i]);
    free(parts);
    xdb_expand_terms_free(terms, n);
    return st;
}

static void page_release(locus_results *res);
static void more_free(struct locus_more *m);

void locus_results_free(locus_results *res) {
    if (!res) return;
    page_release(res);
    more_free(res->more);
    free(res->hits);
    free(res->suggestion);
    free(res);
}

void locus_release_id(const char *path, char *buf, size_t size) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');  /* without its extension, whatever it is */
    if (dot && dot > base) n = (size_t)(dot - base);
    if (n + 1 > size) n = size - 1;
    for (size_t i = 0; i < n; i++) {  /* one word on a TREC line: no white space, no controls */
        unsigned char c = (unsigned char)base[i];
        buf[i] = c <= ' ' || c == 0x7f ? '_' : base[i];
    }
    buf[n] = '\0';
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

/* ---- highlights and snippets ------------------------------------------------------------- */

typedef struct token_list {   /* the analyzed tokens of one passage, strings copied */
    locus_token *t;
    size_t n, cap;
    char *arena;
    size_t used, arena_cap;
    bool oom;
} token_list;

static int keep_token(const locus_token *t, void *ctx) {
    token_list *l = ctx;
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 64;
        locus_token *x = realloc(l->t, c * sizeof *x);
        if (!x) { l->oom = true; return 1; }
        l->t = x;
        l->cap = c;
    }
    size_t need = t->len + t->stem_len + 2;
    if (l->used + need > l->arena_cap) {
        /* strings move when the arena grows: store offsets now, pointers at the end */
        size_t c = l->arena_cap ? l->arena_cap * 2 : 4096;
        while (c < l->used + need) c *= 2;
        char *x = realloc(l->arena, c);
        if (!x) { l->oom = true; return 1; }
        l->arena = x;
        l->arena_cap = c;
    }
    locus_token k = *t;
    memcpy(l->arena + l->used, t->text, t->len + 1);
    k.text = (const char *)(uintptr_t)l->used;
    l->used += t->len + 1;
    memcpy(l->arena + l->used, t->stem, t->stem_len + 1);
    k.stem = (const char *)(uintptr_t)l->used;
    l->used += t->stem_len + 1;
    l->t[l->n++] = k;
    return 0;
}

typedef struct span_ctx {
    const token_list *tokens;
    locus_hit *h;
    size_t cap;
    bool oom;
} span_ctx;

static void add_span(locus_token_span s, void *ctx) {
    span_ctx *c = ctx;
    if (c->oom) return;
    if (c->h->n_spans == c->cap) {
        size_t n = c->cap ? c->cap * 2 : 8;
        locus_span *x = realloc(c->h->spans, n * sizeof *x);
        if (!x) { c->oom = true; return; }
        c->h->spans = x;
        c->cap = n;
    }
    c->h->spans[c->h->n_spans++] =
        (locus_span){c->tokens->t[s.first].start, c->tokens->t[s.last].end};
}

static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

static bool sentence_start(const char *t, size_t i) {
    if (i == 0) return true;
    size_t k = i;
    while (k > 0 && is_ws(t[k - 1])) k--;
    return k < i && k > 0 && strchr(".!?:;", t[k - 1]) != NULL;
}

/* The best window of at most MAX bytes of TEXT (LEN bytes) for the spans SP: the one
 * holding the most different matched words, then the most matches, preferring a window that
 * starts a sentence; cut at a sentence end when one is near the end, else at white space. */
static void best_window(const char *text, size_t len, const locus_span *sp, size_t n,
                        size_t max, size_t *from, size_t *to) {
    *from = 0;
    *to = len;
    if (len <= max) return;
    double best_score = -1;
    size_t best = 0;
    /* candidate starts: the beginning, every sentence start, and a little before each match */
    for (size_t pass = 0; pass < 2; pass++) {
        size_t ncand = pass == 0 ? len : n;
        for (size_t c = 0; c < ncand; c++) {
            size_t start;
            if (pass == 0) {
                if (!sentence_start(text, c) || is_ws(text[c])) continue;
                start = c;
            } else {
                size_t at = (size_t)sp[c].start;
                start = at > max / 5 ? at - max / 5 : 0;
                while (start > 0 && !is_ws(text[start - 1])) start--;
            }
            size_t end = start + max < len ? start + max : len;
            double score = sentence_start(text, start) ? 0.5 : 0;
            for (size_t k = 0; k < n; k++) {
                size_t s = (size_t)sp[k].start, e = (size_t)sp[k].end;
                if (s < start || e > end) continue;
                bool first = true;  /* a word not seen earlier in the window counts double */
                for (size_t j = 0; j < k && first; j++) {
                    size_t s2 = (size_t)sp[j].start, e2 = (size_t)sp[j].end;
                    if (s2 >= start && e2 - s2 == e - s && strncasecmp(text + s, text + s2, e - s) == 0)
                        first = false;
                }
                score += first ? 2 : 1;
            }
            if (score > best_score) {
                best_score = score;
                best = start;
            }
        }
    }
    size_t end = best + max < len ? best + max : len;
    if (end < len) {
        size_t cut = end;
        for (size_t i = end; i > best + max / 2; i--)   /* a sentence end near the limit */
            if (strchr(".!?", text[i - 1]) && (i == len || is_ws(text[i]))) { cut = i; break; }
        if (cut == end) {
            while (cut > best && !is_ws(text[cut])) cut--;
            if (cut == best) cut = end;
        }
        end = cut;
    }
    *from = best;
    *to = end;
}

/* ---- acronyms ----------------------------------------------------------------------------- */

typedef struct strings {
    char **s;
    size_t n, cap;
    bool oom;
} strings;

static int keep_text(const locus_token *t, void *ctx) {
    strings *l = ctx;
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 8;
        char **x = realloc(l->s, c * sizeof *x);
        if (!x) { l->oom = true; return 1; }
        l->s = x;
        l->cap = c;
    }
    if (!(l->s[l->n] = strndup(t->text, t->len))) { l->oom = true; return 1; }
    l->n++;
    return 0;
}

static void strings_free(strings *l) {
    for (size_t i = 0; i < l->n; i++) free(l->s[i]);
    free(l->s);
    memset(l, 0, sizeof *l);
}

static void dict_free(acronym_dict *d) {
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->defs[i].folded);
        free((char *)d->defs[i].acronym);
        free((char *)d->defs[i].long_form);
        for (size_t k = 0; k < d->defs[i].ntok; k++) free(d->defs[i].tokens[k]);
        free(d->defs[i].tokens);
    }
    free(d->defs);
    memset(d, 0, sizeof *d);
}

static int dict_term(const char *t, size_t len, uint32_t freq, void *ctx) {
    (void)freq;
    acronym_dict *d = ctx;
    char acr[LOCUS_ACRONYM_MAX], lf[XDB_MAX_TERM + 1];
    if (!locus_acronym_term_parse(t, len, acr, lf)) return 0;
    strings folded = {0}, toks = {0};
    if (locus_analyze(d->a, acr, strlen(acr), 1, keep_text, &folded, NULL, NULL) ||
        locus_analyze(d->a, lf, strlen(lf), 1, keep_text, &toks, NULL, NULL) || folded.oom ||
        toks.oom || folded.n != 1 || toks.n < 1) {
        d->oom = folded.oom || toks.oom;
        strings_free(&folded);
        strings_free(&toks);
        return d->oom;
    }
    /* the same long form, capitalised otherwise: the terms come sorted by folded acronym, so
     * only the last definitions can share it */
    for (size_t i = d->n; i-- > 0 && !strcmp(d->defs[i].folded, folded.s[0]);)
        if (d->defs[i].ntok == toks.n) {
            bool same = true;
            for (size_t k = 0; k < toks.n && same; k++) same = !strcmp(d->defs[i].tokens[k], toks.s[k]);
            if (same) {
                strings_free(&folded);
                strings_free(&toks);
                return 0;
            }
        }
    if (d->n == d->cap) {
        size_t c = d->cap ? d->cap * 2 : 16;
        locus_acronym_def *x = realloc(d->defs, c * sizeof *x);
        if (!x) { d->oom = true; strings_free(&folded); strings_free(&toks); return 1; }
        d->defs = x;
        d->cap = c;
    }
    locus_acronym_def *def = &d->defs[d->n];
    def->folded = folded.s[0];
    free(folded.s);
    def->acronym = strdup(acr);
    def->long_form = strdup(lf);
    def->tokens = toks.s;
    def->ntok = toks.n;
    d->n++;
    if (!def->acronym || !def->long_form) d->oom = true;
    return d->oom;
}

/* Adds to D the acronyms of IX whose terms start with LOCUS_PREFIX_ACRONYM + FIRST (LEN bytes,
 * 0 or 1: all of them). */
static locus_status load_acronyms(locus_index *ix, acronym_dict *d, const char *first, size_t len,
                                  locus_error *err) {
    char prefix[8];
    size_t pl = strlen(LOCUS_PREFIX_ACRONYM);
    memcpy(prefix, LOCUS_PREFIX_ACRONYM, pl);
    memcpy(prefix + pl, first, len);
    d->a = ix->analyzer;
    xdb_error xe;
    if (xdb_terms_with_prefix(ix->db, prefix, pl + len, dict_term, d, &xe))
        return locus_error_from_xdb(&xe, ix->path, err);
    if (d->oom) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    return LOCUS_OK;
}

/* The part of IX's acronym dictionary QUERY can use, in *out (owned by IX): the acronyms whose
 * first letter starts a word of the query, since a long form starts with a word of that letter
 * (Schwartz-Hearst) and an acronym is typed as a word. Each letter is read once per generation
 * of IX's reader (a reopen onto newer data reads again); a query with a word that starts with a
 * letter outside ASCII reads all of it. */
static locus_status index_acronyms(locus_index *ix, const char *query, const acronym_dict **out,
                                   locus_error *err) {
    uint64_t generation = xdb_generation(ix->db);  /* before: a reopen while reading reloads */
    if (ix->dict_generation != generation) {
        dict_free(&ix->dict);
        memset(ix->dict_letters, 0, sizeof ix->dict_letters);
        ix->dict_loaded = false;
        ix->dict_generation = generation;
    }
    bool want[128] = {false}, everything = false;
    for (const unsigned char *c = (const unsigned char *)query; *c; c++) {
        bool starts = c == (const unsigned char *)query || !(isalnum(c[-1]) || c[-1] >= 0x80);
        if (!starts || !(isalnum(*c) || *c >= 0x80)) continue;
        if (*c >= 0x80) everything = true;
        else want[tolower(*c)] = true;
    }
    locus_status st = LOCUS_OK;
    if (everything && !ix->dict_loaded) {
        dict_free(&ix->dict);
        st = load_acronyms(ix, &ix->dict, "", 0, err);
        ix->dict_loaded = st == LOCUS_OK;
        memset(ix->dict_letters, ix->dict_loaded, sizeof ix->dict_letters);
    }
    for (int b = 0; b < 128 && !st && !ix->dict_loaded; b++) {
        if (!want[b] || ix->dict_letters[b]) continue;
        char letter = (char)b;
        st = load_acronyms(ix, &ix->dict, &letter, 1, err);
        ix->dict_letters[b] = st == LOCUS_OK;
    }
    if (st) {  /* a half-read letter must not count as read */
        dict_free(&ix->dict);
        memset(ix->dict_letters, 0, sizeof ix->dict_letters);
        ix->dict_loaded = false;
        return st;
    }
    *out = &ix->dict;
    return LOCUS_OK;
}

typedef struct acronym_list {
    locus_index *ix;
    const char *prefix;     /* folded */
    locus_acronym_visit_fn fn;
    void *ctx;
    locus_status st;
    locus_error *err;
    bool stop;
} acronym_list;

/* Whether record A comes before B in a listing: by path, then line. */
static bool record_before(const locus_record *a, const locus_record *b) {
    int c = strcmp(a->path, b->path);
    return c < 0 || (c == 0 && a->line_start < b->line_start);
}

static int list_term(const char *t, size_t len, uint32_t freq, void *ctx) {
    acronym_list *l = ctx;
    char acr[LOCUS_ACRONYM_MAX], lf[XDB_MAX_TERM + 1];
    if (!locus_acronym_term_parse(t, len, acr, lf)) return 0;
    size_t n = 0;
    xdb_error xe;
    locus_acronym a = {acr, lf, freq, {{0}}, 0};
    /* every defining passage is read, and the first by path and line kept: the same ones
     * whatever the document ids (one index, or shards) */
    uint32_t *ids = malloc((freq ? freq : 1) * sizeof *ids);
    if (!ids) {
        l->st = locus_error_set(l->err, LOCUS_ERR_NO_MEMORY, "out of memory");
        return 1;
    }
    if (xdb_term_docids(l->ix->db, t, len, freq, ids, &n, &xe)) {
        free(ids);
        l->st = locus_error_from_xdb(&xe, l->ix->path, l->err);
        return 1;
    }
    for (size_t i = 0; i < n && !l->st; i++) {
        char *data = NULL;
        size_t dl = 0;
        if (xdb_doc_data(l->ix->db, ids[i], &data, &dl, &xe)) {
            if (xe.status == XDB_ERR_DOC_NOT_FOUND) continue;  /* deleted since */
            l->st = locus_error_from_xdb(&xe, l->ix->path, l->err);
            break;
        }
        locus_record rec;
        bool read = !locus_record_decode(data, dl, &rec, NULL);
        free(data);
        if (!read) continue;
        size_t at = a.n_where;  /* insertion into the kept few, in order */
        while (at > 0 && record_before(&rec, &a.where[at - 1])) at--;
        if (at >= LOCUS_ACRONYM_WHERE) {
            locus_record_release(&rec);
            continue;
        }
        if (a.n_where == LOCUS_ACRONYM_WHERE) locus_record_release(&a.where[--a.n_where]);
        memmove(&a.where[at + 1], &a.where[at], (a.n_where - at) * sizeof *a.where);
        a.where[at] = rec;
        a.n_where++;
    }
    free(ids);
    int stop = l->st ? 1 : l->fn(&a, l->ctx);
    for (size_t i = 0; i < a.n_where; i++) locus_record_release(&a.where[i]);
    return stop;
}

/* ---- context: the passages around a hit ------------------------------------------------- */

/* Reads the passage DOCID into *rec when its ordinal is WANT; *ok says whether it was. */
static locus_status context_record(locus_index *ix, uint32_t docid, uint32_t want, locus_record *rec,
                                   bool *ok, locus_error *err) {
    *ok = false;
    char *data = NULL;
    size_t len = 0;
    xdb_error xe;
    if (xdb_doc_data(ix->db, docid, &data, &len, &xe))
        return xe.status == XDB_ERR_DOC_NOT_FOUND ? LOCUS_OK : locus_error_from_xdb(&xe, ix->path, err);
    locus_status st = locus_record_decode(data, len, rec, NULL);
    free(data);
    if (st) return LOCUS_OK;  /* unreadable: no context from it (--check names it) */
    if (rec->ordinal == want) *ok = true;
    else locus_record_release(rec);
    return LOCUS_OK;
}

locus_status locus_hit_context(locus_index *ix, const locus_hit *hit, uint32_t before, uint32_t after,
                               locus_context *out, locus_error *err) {
    memset(out, 0, sizeof *out);
    if (before > LOCUS_CONTEXT_MAX) before = LOCUS_CONTEXT_MAX;
    if (after > LOCUS_CONTEXT_MAX) after = LOCUS_CONTEXT_MAX;
    if (before > hit->rec.ordinal) before = hit->rec.ordinal;
    if (!before && !after) return LOCUS_OK;
    /* A release's passages are added in their order, so among the documents of its term they sit
     * side by side by id (in one shard, and so in a stub too); each neighbour must still carry the
     * next ordinal: a version being written beside it, or a change since, ends the run. */
    char term[XDB_MAX_TERM + 1];
    size_t tl = locus_release_term(hit->rec.path, term);
    uint32_t freq = 0;
    xdb_error xe;
    if (xdb_term_freq(ix->db, term, tl, &freq, &xe)) return locus_error_from_xdb(&xe, ix->path, err);
    if (!freq) return LOCUS_OK;
    uint32_t *ids = malloc((size_t)freq * sizeof *ids);
    out->before = calloc(before ? before : 1, sizeof *out->before);
    out->after = calloc(after ? after : 1, sizeof *out->after);
    locus_status st = LOCUS_OK;
    size_t n = 0;
    if (!ids || !out->before || !out->after)
        st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    else if (xdb_term_docids(ix->db, term, tl, freq, ids, &n, &xe))
        st = locus_error_from_xdb(&xe, ix->path, err);
    size_t at = n;
    for (size_t i = 0; !st && i < n; i++)
        if (ids[i] == hit->docid) at = i;
    if (!st && at < n) {
        bool ok = true;
        /* before: nearest first, then reversed into file order */
        for (size_t k = 1; !st && ok && k <= before && k <= at; k++) {
            st = context_record(ix, ids[at - k], hit->rec.ordinal - (uint32_t)k,
                                &out->before[out->n_before], &ok, err);
            if (!st && ok) out->n_before++;
        }
        for (size_t a = 0, z = out->n_before; a + 1 < z; a++, z--) {
            locus_record t = out->before[a];
            out->before[a] = out->before[z - 1];
            out->before[z - 1] = t;
        }
        ok = true;
        for (size_t k = 1; !st && ok && k <= after && at + k < n; k++) {
            st = context_record(ix, ids[at + k], hit->rec.ordinal + (uint32_t)k,
                                &out->after[out->n_after], &ok, err);
            if (!st && ok) out->n_after++;
        }
    }
    free(ids);
    if (st) locus_context_free(out);
    return st;
}

void locus_context_free(locus_context *c) {
    if (!c) return;
    for (size_t i = 0; i < c->n_before; i++) locus_record_release(&c->before[i]);
    for (size_t i = 0; i < c->n_after; i++) locus_record_release(&c->after[i]);
    free(c->before);
    free(c->after);
    memset(c, 0, sizeof *c);
}

locus_status locus_index_acronyms(locus_index *ix, const char *prefix, locus_acronym_visit_fn fn,
                                  void *ctx, locus_error *err) {
    char key[XDB_MAX_TERM + 1];
    size_t pl = strlen(LOCUS_PREFIX_ACRONYM), n = pl;
    memcpy(key, LOCUS_PREFIX_ACRONYM, pl);
    for (const char *p = prefix ? prefix : ""; *p && n < LOCUS_ACRONYM_MAX + pl; p++)
        key[n++] = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
    acronym_list l = {ix, prefix, fn, ctx, LOCUS_OK, err, false};
    xdb_error xe;
    if (xdb_terms_with_prefix(ix->db, key, n, list_term, &l, &xe))
        return locus_error_from_xdb(&xe, ix->path, err);
    return l.st;
}

/* Which expansions of Q matched the passage whose tokens are TL: each whose tokens appear in a
 * row. Fills h->expansions. */
static bool hit_expansions(const locus_query *q, const locus_token *t, size_t nt, locus_hit *h) {
    const locus_query_expansion *ex;
    size_t ne = locus_query_expansions(q, &ex);
    for (size_t e = 0; e < ne; e++) {
        bool found = false;
        for (size_t i = 0; i + ex[e].ntok <= nt && !found; i++) {
            found = true;
            for (size_t k = 0; k < ex[e].ntok && found; k++)
                found = !strcmp(t[i + k].text, ex[e].tokens[k]) && (k == 0 || t[i + k].pos == t[i + k - 1].pos + 1);
        }
        bool dup = false;
        for (size_t k = 0; k < h->n_expansions && !dup; k++)
            dup = !strcmp(h->expansions[k].from, ex[e].from) && !strcmp(h->expansions[k].to, ex[e].to);
        if (!found || dup) continue;
        locus_hit_expansion *x = realloc(h->expansions, (h->n_expansions + 1) * sizeof *x);
        if (!x) return false;
        h->expansions = x;
        x[h->n_expansions].from = strdup(ex[e].from);
        x[h->n_expansions].to = strdup(ex[e].to);
        h->n_expansions++;
        if (!x[h->n_expansions - 1].from || !x[h->n_expansions - 1].to) return false;
    }
    return true;
}

static locus_status fill_hit(locus_index *ix, const locus_query *q, const xdb_hit *xh,
                             uint32_t rank, bool highlight, locus_hit *h, locus_error *err) {
    h->rank = rank;
    h->score = xh->score;
    h->docid = xh->docid;
    h->others = xh->collapse_count;
    h->release_bonus = xh->bonus;
    h->weighed_down = xh->scaled;
    locus_status st = locus_record_decode(xh->data, xh->data_len, &h->rec, err);
    if (st) return st;
    if (copy_terms(xh, h)) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    token_list tl = {0};
    size_t len = strlen(h->rec.text);
    if (!highlight) {  /* the whole text is the snippet */
        h->snippet = (locus_span){0, len};
        return LOCUS_OK;
    }
    /* the passage is analyzed as it was indexed, in its release's language */
    if (locus_analyzer_set_language(ix->analyzer, *h->rec.language ? h->rec.language : "en", NULL))
        locus_analyzer_set_language(ix->analyzer, "en", NULL);
    st = locus_analyze(ix->analyzer, h->rec.text, len, 1, keep_token, &tl, NULL, err);
    if (st == LOCUS_OK && tl.oom) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    if (st == LOCUS_OK) {
        for (size_t i = 0; i < tl.n; i++) {  /* offsets into the arena become pointers */
            tl.t[i].text = tl.arena + (uintptr_t)tl.t[i].text;
            tl.t[i].stem = tl.arena + (uintptr_t)tl.t[i].stem;
        }
        span_ctx c = {&tl, h, 0, false};
        locus_query_highlight(q, tl.t, tl.n, add_span, &c);
        if (c.oom || !hit_expansions(q, tl.t, tl.n, h))
            st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    free(tl.t);
    free(tl.arena);
    if (st) return st;
    size_t from, to;
    best_window(h->rec.text, len, h->spans, h->n_spans, LOCUS_SNIPPET_BYTES,
                &from, &to);
    h->snippet = (locus_span){from, to};
    return LOCUS_OK;
}

/* ---- explain and spelling ---------------------------------------------------------------- */

/* Fills each hit's explain list: what each leaf of Q adds to its score, then what FED (the
 * terms feedback added, or NULL) adds, as "(feedback)". */
static locus_status explain_hits(locus_index *ix, const locus_query *q, const xdb_query *fed,
                                 const xdb_search_opts *xo, locus_results *res, locus_error *err) {
    size_t n = res->count, leaves = locus_query_leaf_count(q), queried = leaves + (fed != NULL);
    size_t parts = queried + 2;  /* and the release's evidence, and the weighing down */
    if (!n || !leaves) return LOCUS_OK;
    uint32_t *ids = calloc(n, sizeof *ids);
    double *w = calloc(n, sizeof *w);
    char **groups = calloc(n, sizeof *groups);  /* the hits' release terms */
    locus_status st = LOCUS_OK;
    if (!ids || !w || !groups) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < n && !st; i++) {
        ids[i] = res->hits[i].docid;
        char term[XDB_MAX_TERM + 1];
        size_t tl = locus_release_term(res->hits[i].rec.path, term);
        if (!(res->hits[i].explain = calloc(parts, sizeof *res->hits[i].explain)) ||
            !(groups[i] = strndup(term, tl)))
            st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    for (size_t l = 0; l < queried && !st; l++) {
        xdb_error xe;
        /* each leaf alone, over the passages of the hits' releases (no match decider: remote
         * shards refuse one) */
        if (xdb_explain(ix->db, l < leaves ? locus_query_leaf(q, l) : fed, xo, ids, n,
                        (const char *const *)groups, n, w, &xe)) {
            st = locus_error_from_xdb(&xe, ix->path, err);
            break;
        }
        for (size_t i = 0; i < n && !st; i++) {
            if (w[i] <= 0) continue;
            locus_hit *h = &res->hits[i];
            char *label = strdup(l < leaves ? locus_query_leaf_label(q, l) : "(feedback)");
            if (!label) { st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); break; }
            h->explain[h->n_explain++] = (locus_explain){label, w[i]};
        }
    }
    for (size_t i = 0; i < n && !st; i++) {  /* what the release's other passages added */
        locus_hit *h = &res->hits[i];
        if (h->release_bonus <= 0) continue;
        char *label = strdup("(release)");
        if (!label) { st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); break; }
        h->explain[h->n_explain++] = (locus_explain){label, h->release_bonus};
    }
    for (size_t i = 0; i < n && !st; i++) {  /* what weighing down a contact block took */
        locus_hit *h = &res->hits[i];
        if (h->weighed_down <= 0) continue;
        char *label = strdup("(contact or boilerplate)");
        if (!label) { st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); break; }
        h->explain[h->n_explain++] = (locus_explain){label, -h->weighed_down};
    }
    for (size_t i = 0; groups && i < n; i++) free(groups[i]);
    free(groups);
    free(ids);
    free(w);
    return st;
}

/* The query with each misspelled word replaced by the dictionary's suggestion, or NULL. */
static char *spelling_suggestion(locus_index *ix, const locus_query *q, const char *text) {
    const locus_query_word *words;
    size_t n = locus_query_words(q, &words);
    size_t len = strlen(text), cap = len * 2 + 64, used = 0, from = 0;
    char *out = malloc(cap);
    bool changed = false;
    for (size_t i = 0; out && i < n; i++) {
        char *s = NULL;
        xdb_error xe;
        if (xdb_spelling_suggest(ix->db, words[i].text, strlen(words[i].text), 2, &s, &xe) || !s) {
            free(s);
            continue;
        }
        size_t sl = strlen(s);
        if (sl && strcmp(s, words[i].text) != 0 && words[i].start >= from) {
            size_t need = used + (words[i].start - from) + sl + (len - words[i].end) + 1;
            if (need > cap) {
                char *x = realloc(out, cap = need * 2);
                if (!x) { free(out); free(s); return NULL; }
                out = x;
            }
            memcpy(out + used, text + from, words[i].start - from);
            used += words[i].start - from;
            memcpy(out + used, s, sl);
            used += sl;
            from = words[i].end;
            changed = true;
        }
        free(s);
    }
    if (!out || !changed) {
        free(out);
        return NULL;
    }
    if (used + (len - from) + 1 > cap) {
        char *x = realloc(out, used + (len - from) + 1);
        if (!x) { free(out); return NULL; }
        out = x;
    }
    memcpy(out + used, text + from, len - from);
    out[used + len - from] = '\0';
    return out;
}

/* ---- searching --------------------------------------------------------------------------- */

static locus_status run_search(locus_index *ix, const xdb_query *query, const xdb_search_opts *xo,
                               xdb_hits **out, locus_error *err) {
    xdb_error xe;  /* xdb_search reopens and retries by itself when a writer commits */
    if (xdb_search(ix->db, query, xo, out, &xe)) return locus_error_from_xdb(&xe, ix->path, err);
    return LOCUS_OK;
}

/* The list of versions the index hides (a release being written in several commits, or what a
 * killed writer left of one), as stored, in a new string *out. */
static locus_status read_hidden(locus_index *ix, char **out, locus_error *err) {
    /* every shard's list: their version numbers never collide (locus_shards_create) */
    *out = NULL;
    char *all = NULL;
    size_t len = 0;
    for (size_t k = 0; k < xdb_shard_count(ix->db); k++) {
        char *v = NULL;
        size_t n = 0;
        xdb_error xe;
        if (xdb_metadata_get(xdb_shard(ix->db, k), LOCUS_META_HIDDEN, &v, &n, &xe)) {
            free(all);
            return locus_error_from_xdb(&xe, ix->path, err);
        }
        char *grown = realloc(all, len + n + 2);
        if (!grown) {
            free(v);
            free(all);
            return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        }
        all = grown;
        if (len && n) all[len++] = ' ';
        memcpy(all + len, v, n);
        len += n;
        all[len] = '\0';
        free(v);
    }
    *out = all ? all : strdup("");
    return *out ? LOCUS_OK : locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
}

/* The query matching the passages of the HIDDEN versions in *out; NULL when there is none. */
static locus_status hidden_query(const char *hidden, xdb_query **out, locus_error *err) {
    *out = NULL;
    uint64_t *versions = NULL;
    size_t n = 0;
    bool ok = locus_hidden_parse(hidden, strlen(hidden), &versions, &n);
    if (!ok) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    xdb_query **terms = n ? calloc(n, sizeof *terms) : NULL;
    locus_status st = n && !terms ? LOCUS_ERR_NO_MEMORY : LOCUS_OK;
    for (size_t i = 0; i < n && !st; i++) {
        char t[32];
        size_t tl = locus_version_term(versions[i], t);
        if (xdb_query_term(t, tl, 1, 0, &terms[i], NULL)) st = LOCUS_ERR_NO_MEMORY;
    }
    if (!st && n && xdb_query_combine(XDB_OP_OR, terms, n, 0, out, NULL)) st = LOCUS_ERR_NO_MEMORY;
    for (size_t i = 0; terms && i < n; i++) xdb_query_free(terms[i]);
    free(terms);
    free(versions);
    return st ? locus_error_set(err, st, "out of memory") : LOCUS_OK;
}

/* QUERY restricted to the dates of OPTS and to the versions not in HIDDEN, in a new query. */
static locus_status restrict_query(const char *hidden_list, const xdb_query *query,
                                   const locus_search_opts *o, xdb_query **out, locus_error *err) {
    *out = NULL;
    xdb_query *q = NULL, *hidden = NULL;
    locus_status st = hidden_query(hidden_list, &hidden, err);
    if (st) return st;
    xdb_error xe;
    bool bad = xdb_query_copy(query, &q, &xe) != XDB_OK;
    if (!bad && (o->since[0] || o->until[0])) {
        xdb_query *range = NULL, *dated = NULL;
        bad = xdb_query_value_range(LOCUS_SLOT_DATE, o->since[0] ? o->since : NULL,
                                    o->until[0] ? o->until : NULL, &range, &xe) ||
              xdb_query_combine(XDB_OP_FILTER, (xdb_query *[]){q, range}, 2, 0, &dated, &xe);
        xdb_query_free(range);
        xdb_query_free(q);
        q = dated;
    }
    if (!bad && o->language && *o->language) {
        char term[32], code[LOCUS_LANG_MAX];
        locus_language_code(o->language, code);  /* checked by locus_search */
        size_t tl = (size_t)snprintf(term, sizeof term, "%s%s", LOCUS_PREFIX_LANGUAGE, code);
        xdb_query *lt = NULL, *only = NULL;
        bad = xdb_query_term(term, tl, 1, 0, &lt, &xe) ||
              xdb_query_combine(XDB_OP_FILTER, (xdb_query *[]){q, lt}, 2, 0, &only, &xe);
        xdb_query_free(lt);
        xdb_query_free(q);
        q = only;
    }
    if (!bad && hidden) {
        xdb_query *shown = NULL;
        bad = xdb_query_combine(XDB_OP_AND_NOT, (xdb_query *[]){q, hidden}, 2, 0, &shown, &xe);
        xdb_query_free(q);
        q = shown;
    }
    xdb_query_free(hidden);
    if (bad) {  /* the wrapper's reason, kept (out of memory is one of them) */
        xdb_query_free(q);
        return locus_error_from_xdb(&xe, "restricting the query", err);
    }
    *out = q;
    return LOCUS_OK;
}

/* What locus_results_next needs to fill the pages after the first. */
struct locus_more {
    locus_query *q;        /* the parsed query: highlights and explain labels */
    xdb_query *full;       /* what was searched: matching terms */
    xdb_hits *hits;        /* every hit, without data until its page is filled */
    xdb_search_opts xo;    /* for explain */
    xdb_query *fed;        /* what feedback added (NULL: nothing), for explain */
    size_t next, page;     /* the first hit not yet shown; hits per page */
    uint32_t offset;       /* opts.offset: ranks count from it */
    bool explain;
    bool highlight;        /* !opts.no_highlights */
    bool terms;            /* !opts.no_terms: the hits' matched terms */
};

static void more_free(struct locus_more *m) {
    if (!m) return;
    locus_query_free(m->q);
    xdb_query_free(m->full);
    xdb_query_free(m->fed);
    xdb_hits_free(m->hits);
    free(m);
}

/* Frees the hits of the page RES holds. */
static void page_release(locus_results *res) {
    for (size_t i = 0; i < res->count; i++) {
        locus_hit *h = &res->hits[i];
        locus_record_release(&h->rec);
        for (size_t t = 0; t < h->n_terms; t++) free(h->terms[t]);
        free(h->terms);
        free(h->spans);
        for (size_t t = 0; t < h->n_expansions; t++) {
            free(h->expansions[t].from);
            free(h->expansions[t].to);
        }
        free(h->expansions);
        for (size_t t = 0; t < h->n_explain; t++) free(h->explain[t].label);
        free(h->explain);
        memset(h, 0, sizeof *h);
    }
    res->count = 0;
}

/* Frees what hit H owns (its data and matched terms), not H, and leaves H owning nothing. */
static void free_hit(xdb_hit *h) {
    free(h->data);
    for (size_t t = 0; t < h->n_terms; t++) free(h->terms[t]);
    free(h->terms);
    h->data = NULL;
    h->terms = NULL;
    h->n_terms = 0;
}

/* Fills RES with the next page of M's hits: their data fetched, then analysed for highlights;
 * what was fetched is freed from M as the page is made. A passage deleted since the search is
 * left out (its rank stays unused). */
static locus_status fill_page(locus_index *ix, struct locus_more *m, locus_results *res,
                              locus_error *err) {
    page_release(res);
    size_t n = m->hits->count - m->next < m->page ? m->hits->count - m->next : m->page;
    xdb_hit *slice = m->hits->hits + m->next;
    xdb_error xe;
    if (n && xdb_fetch(ix->db, m->full, m->terms, slice, n, &xe)) return locus_error_from_xdb(&xe, ix->path, err);
    locus_status st = LOCUS_OK;
    for (size_t i = 0; i < n && !st; i++) {
        if (slice[i].data) {
            st = fill_hit(ix, m->q, &slice[i], m->offset + (uint32_t)(m->next + i) + 1,
                          m->highlight, &res->hits[res->count], err);
            res->count++;
        }
        free_hit(&slice[i]);  /* the record now holds what the page needs */
    }
    m->next += n;
    if (!st && m->explain) st = explain_hits(ix, m->q, m->fed, &m->xo, res, err);
    return st;
}

bool locus_results_more(const locus_results *res) {
    return res->more && res->more->next < res->more->hits->count;
}

locus_status locus_results_next(locus_index *ix, locus_results *res, locus_error *err) {
    if (!res->more || res->more->next >= res->more->hits->count) {
        page_release(res);
        return LOCUS_OK;
    }
    return fill_page(ix, res->more, res, err);
}

/* What one search holds while it runs (locus_search): the query in its forms, the settings,
 * the hits. Every pointer is owned here (but BUILT, borrowed from Q or WEIGHED). */
typedef struct search_state {
    locus_query *q;
    const xdb_query *built;   /* the query as it weighs: Q's, or WEIGHED */
    xdb_query *weighed;       /* BUILT with contact blocks and boilerplate weighed down */
    xdb_query *typed;         /* the query without acronym expansions: what feedback learns from */
    xdb_query *typed_full, *expanded, *base, *full;  /* restricted to the versions searched */
    xdb_query *fed;           /* what feedback added, for --explain */
    xdb_hits *xh;
    xdb_search_opts xo;
    bool use_feedback, want_terms;
} search_state;

static void search_state_release(search_state *s) {
    xdb_query_free(s->typed);
    xdb_query_free(s->typed_full);
    xdb_query_free(s->expanded);
    xdb_query_free(s->fed);
    xdb_query_free(s->weighed);
    xdb_query_free(s->base);
    xdb_hits_free(s->xh);
    xdb_query_free(s->full);
    locus_query_free(s->q);
}

/* The weights a query of OPTS is built with into *qw: its words stemmed as each language of the
 * index would stem them (into *langs, which *qw points into), or as the one asked. */
static locus_status query_weights(locus_index *ix, const locus_search_opts *opts, lang_list *langs,
                                  locus_query_weights *qw, locus_error *err) {
    langs->n = 0;
    if (opts->language && *opts->language) {
        char code[LOCUS_LANG_MAX];
        if (!locus_language_code(opts->language, code))
            return locus_error_set(err, LOCUS_ERR_INVALID,
                                   "unknown language '%s': give a code such as en, fr, de or ja",
                                   opts->language);
        add_language(code, langs);
    } else {
        locus_status st = index_languages(ix, langs, err);
        if (st) return st;
    }
    bool english = langs->n == 0;
    for (size_t i = 0; i < langs->n; i++) english |= strcmp(langs->codes[i], "en") == 0;
    *qw = (locus_query_weights){opts->section_weight, opts->title_weight, opts->all_words_bonus,
                                opts->stop_words && english ? "en" : NULL, opts->proximity,
                                opts->exact_form, langs->ptrs, langs->n};
    return LOCUS_OK;
}

/* Parses QUERY and builds it into S with the weights QW: the query with the index's acronyms
 * (s->built), and for feedback the query as typed (s->typed). */
static locus_status build_query(locus_index *ix, const char *query, const locus_search_opts *opts,
                                const locus_query_weights *qw, search_state *s, locus_error *err) {
    static const acronym_dict none = {0};
    const acronym_dict *dict = &none;
    locus_status st = locus_query_parse(ix->analyzer, query, &s->q, err);
    if (!st && !opts->no_expand) st = index_acronyms(ix, query, &dict, err);
    if (!st && s->use_feedback) {
        /* feedback learns from the passages that hold what was typed: the long forms widen
         * what matches, not what the query is about (and contact blocks are not weighed down
         * there) */
        xdb_error txe;
        locus_query_weights first = *qw;  /* the passages that hold every word teach it best */
        first.all_words = opts->feedback_all_words;
        if (!(st = locus_query_build(s->q, ix->db, &first, &s->built, err)) &&
            xdb_query_copy(s->built, &s->typed, &txe))
            st = locus_error_from_xdb(&txe, "copying the query", err);
    }
    if (!st) locus_query_set_acronyms(s->q, dict->defs, dict->n);
    if (st || (st = locus_query_build(s->q, ix->db, qw, &s->built, err))) return st;
    locus_query_set_acronyms(s->q, NULL, 0);
    if (locus_query_leaf_count(s->q) == 0) s->use_feedback = false;  /* nothing weighs: nothing to feed back */
    if ((st = weigh_down_contacts(ix, s->built, opts, &s->weighed, err))) return st;
    if (s->weighed) s->built = s->weighed;
    return LOCUS_OK;
}

/* The settings of the Xapian search of OPTS into s->xo. */
static locus_status search_settings(locus_index *ix, const locus_search_opts *opts, search_state *s,
                                    locus_error *err) {
    xdb_search_opts *xo = &s->xo;
    xdb_search_opts_init(xo);
    xo->bm25_k1 = opts->bm25_k1;
    xo->bm25_b = opts->bm25_b;
    xo->bm25_delta = opts->bm25_delta;
    xo->tie_slot = LOCUS_SLOT_RELEASE;  /* equal scores: the same order over shards as in one index */
    /* release evidence ranks releases (by relevance only): a list of passages ranks each by its
     * own score, since the other passages of a release do not make this one say more */
    xo->group_bonus = opts->per_release ? opts->release_evidence : 0;
    xo->group_slot = LOCUS_SLOT_RELEASE;
    xo->group_depth = LOCUS_RELEASE_DEPTH;
    if (contacts_weighed_after(opts)) {
        xo->scale_terms = low_terms;
        xo->n_scale_terms = 2;
        xo->scale_factor = opts->contact_weight;
    }
    xo->offset = opts->offset;
    xo->limit = opts->limit;
    s->want_terms = !opts->no_highlights && !opts->no_terms;
    xo->want_terms = s->want_terms && !s->use_feedback;  /* matched terms: for output */
    xo->skip_data = opts->page > 0 || s->use_feedback;  /* fetched a page at a time, or later */
    if (opts->per_release) {
        xo->collapse_slot = LOCUS_SLOT_RELEASE;
        xo->collapse_max = opts->per_release;
    }
    if (opts->sort != LOCUS_SORT_RELEVANCE) {
        xo->sort = opts->sort == LOCUS_SORT_DATE ? XDB_SORT_VALUE_ASC : XDB_SORT_VALUE_DESC;
        xo->sort_slot = LOCUS_SLOT_DATE;
    }
    if (opts->exact_total) {
        uint32_t docs = 0;
        locus_status st = locus_index_passage_count(ix, &docs, err);
        if (st) return st;
        xo->check_at_least = docs;
    }
    return LOCUS_OK;
}

/* Keeps of XH's hits the LIMIT from OFFSET (what the others own freed). */
static void keep_hits(xdb_hits *xh, size_t offset, size_t limit) {
    size_t from = offset < xh->count ? offset : xh->count;
    size_t to = limit < xh->count - from ? from + limit : xh->count;
    for (size_t i = 0; i < xh->count; i++)
        if (i < from || i >= to) free_hit(&xh->hits[i]);
    if (to > from) memmove(xh->hits, xh->hits + from, (to - from) * sizeof *xh->hits);
    xh->count = to - from;
}

/* Whether the search of OPTS and S orders the first passages of its list by the query's own
 * words (order_first_by_words): with feedback, a list of passages by relevance. */
static bool orders_first_by_words(const locus_search_opts *opts, const search_state *s) {
    return s->use_feedback && opts->words_first > 1 && !opts->per_release &&
           opts->sort == LOCUS_SORT_RELEVANCE && opts->limit > 0;
}

/* Orders the first N of XH's hits by the weight BASE (the query without what feedback added)
 * gives each, best first, ties in their order: feedback is evidence about what the query means
 * and picks which passages come first; the words typed pick which of them is shown first (a
 * passage that feedback lifts need not say more of what was asked: docs/QUALITY.md). That
 * weight is the hit's score less what FED (feedback's terms, NULL for none) adds to it, weighed
 * within the hits' releases: FED is plain terms, which Xapian weighs exactly and cheaply under
 * a filter, where BASE, with its proximity pairs, would be read whole (xdb.cc, filtered). A hit
 * that scale terms weighed down (a contact block) stays weighed down. Scores are left as they
 * are. The N hits' data are fetched (their later fetch keeps them); a hit gone since the search
 * weighs 0. */
static locus_status order_first_by_words(locus_index *ix, const xdb_query *base, const xdb_query *fed,
                                         const xdb_search_opts *xo, bool want_terms, size_t n,
                                         xdb_hits *xh, locus_error *err) {
    if (n > xh->count) n = xh->count;
    if (n < 2) return LOCUS_OK;
    xdb_error xe;
    if (xdb_fetch(ix->db, base, want_terms, xh->hits, n, &xe)) return locus_error_from_xdb(&xe, ix->path, err);
    uint32_t *ids = calloc(n, sizeof *ids);
    double *w = calloc(n, sizeof *w), *added = calloc(n, sizeof *added);
    bool *here = calloc(n, sizeof *here);       /* the hit is still in the index */
    char **groups = calloc(n, sizeof *groups);  /* the hits' release terms */
    size_t n_groups = 0;
    locus_status st = ids && w && added && here && groups ? LOCUS_OK : locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < n && !st; i++) {
        ids[i] = xh->hits[i].docid;
        locus_record rec;
        if (!xh->hits[i].data || locus_record_decode(xh->hits[i].data, xh->hits[i].data_len, &rec, NULL))
            continue;  /* gone, or unreadable: it weighs 0 */
        char term[XDB_MAX_TERM + 1];
        size_t tl = locus_release_term(rec.path, term);
        locus_record_release(&rec);
        if (!(groups[n_groups++] = strndup(term, tl))) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        else here[i] = true;
    }
    if (!st && fed && n_groups &&
        xdb_explain(ix->db, fed, xo, ids, n, (const char *const *)groups, n_groups, added, &xe))
        st = locus_error_from_xdb(&xe, ix->path, err);
    for (size_t i = 0; i < n && !st; i++)
        if (here[i]) w[i] = xh->hits[i].score - (xh->hits[i].scaled > 0 ? xo->scale_factor : 1) * added[i];
    for (size_t i = 1; i < n && !st; i++) {  /* insertion: stable, and N is small */
        xdb_hit h = xh->hits[i];
        double hw = w[i];
        size_t j = i;
        for (; j > 0 && w[j - 1] < hw; j--) {
            xh->hits[j] = xh->hits[j - 1];
            w[j] = w[j - 1];
        }
        xh->hits[j] = h;
        w[j] = hw;
    }
    for (size_t i = 0; groups && i < n_groups; i++) free(groups[i]);
    free(groups);
    free(ids);
    free(w);
    free(added);
    free(here);
    return st;
}

/* Runs the search of S into s->xh, with feedback when it is on. A writer may switch versions
 * while it runs: the search counts when the hidden list is the same after it as before (five
 * tries, then the last one counts). */
static locus_status search_settled(locus_index *ix, const locus_search_opts *opts, search_state *s,
                                   locus_error *err) {
    locus_status st = LOCUS_OK;
    for (int attempt = 0;; attempt++) {
        char *before = NULL, *after = NULL;
        if ((st = read_hidden(ix, &before, err))) return st;
        st = restrict_query(before, s->built, opts, &s->full, err);
        if (!st && s->use_feedback) {
            /* the expanded query ranks; the query as typed names the matched terms */
            xdb_query_free(s->expanded);
            s->expanded = NULL;
            xdb_query_free(s->fed);
            s->fed = NULL;
            s->base = s->full;
            s->full = NULL;
            xdb_query_free(s->typed_full);
            s->typed_full = NULL;
            if (s->typed) st = restrict_query(before, s->typed, opts, &s->typed_full, err);
            if (!st)
                st = feedback(ix, s->typed_full ? s->typed_full : s->base, s->built,
                              weighing_words(s->q, opts), &s->xo, opts, &s->expanded, &s->fed, err);
            if (!st) st = restrict_query(before, s->expanded, opts, &s->full, err);
        }
        /* the first passages are ordered among themselves: a page that starts or ends among
         * them searches all of them, from the first */
        bool first_by_words = orders_first_by_words(opts, s) && opts->offset < opts->words_first;
        xdb_search_opts xo = s->xo;
        if (first_by_words) {
            uint64_t wanted = (uint64_t)opts->offset + opts->limit;
            xo.offset = 0;
            xo.limit = (uint32_t)(wanted > UINT32_MAX ? UINT32_MAX
                                  : wanted < opts->words_first ? opts->words_first : wanted);
        }
        if (!st) st = run_search(ix, s->full, &xo, &s->xh, err);
        if (!st && first_by_words) {
            st = order_first_by_words(ix, s->base, s->fed, &s->xo, s->want_terms, opts->words_first, s->xh, err);
            keep_hits(s->xh, opts->offset, opts->limit);
        }
        xdb_error fxe;
        if (!st && s->use_feedback && !opts->page && s->xh->count &&
            xdb_fetch(ix->db, s->base, s->want_terms, s->xh->hits, s->xh->count, &fxe))
            st = locus_error_from_xdb(&fxe, ix->path, err);
        if (!st) st = read_hidden(ix, &after, err);
        bool same = !st && strcmp(before, after) == 0;
        free(before);
        free(after);
        if (st) return st;
        if (same || attempt == 4) return LOCUS_OK;
        xdb_hits_free(s->xh);
        s->xh = NULL;
        xdb_query_free(s->full);
        s->full = NULL;
        xdb_query_free(s->base);
        s->base = NULL;
    }
}

/* The results of S's hits into a new *out: filled (highlights, snippets, explanations) at once,
 * or a page at a time when OPTS asks pages (then *out takes the query and the hits from S). */
static locus_status make_results(locus_index *ix, const char *query, const locus_search_opts *opts,
                                 search_state *s, locus_results **out, locus_error *err) {
    *out = NULL;
    xdb_hits *xh = s->xh;
    size_t cap = opts->page && opts->page < xh->count ? opts->page : xh->count;
    locus_results *res = calloc(1, sizeof *res);
    if (res && cap) res->hits = calloc(cap, sizeof *res->hits);
    if (!res || (cap && !res->hits)) {
        locus_results_free(res);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    res->total = xh->matches_estimated;
    res->returned = xh->count;
    locus_status st = LOCUS_OK;
    if (opts->page) {
        struct locus_more *m = calloc(1, sizeof *m);
        if (!m) {
            locus_results_free(res);
            return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        }
        *m = (struct locus_more){s->q, s->base ? s->base : s->full, xh, s->xo, s->fed, 0, opts->page,
                                 opts->offset, opts->explain, !opts->no_highlights, s->want_terms};
        res->more = m;
        s->q = NULL;
        s->fed = NULL;
        if (s->base) s->base = NULL;
        else s->full = NULL;
        s->xh = NULL;
        st = fill_page(ix, m, res, err);
    } else {
        for (size_t i = 0; i < xh->count && st == LOCUS_OK; i++) {
            st = fill_hit(ix, s->q, &xh->hits[i], opts->offset + (uint32_t)i + 1, !opts->no_highlights,
                          &res->hits[i], err);
            res->count++;
        }
        if (st == LOCUS_OK && opts->explain) st = explain_hits(ix, s->q, s->fed, &s->xo, res, err);
    }
    if (st == LOCUS_OK && opts->suggest && res->total == 0)
        res->suggestion = spelling_suggestion(ix, res->more ? res->more->q : s->q, query);
    if (st) {
        locus_results_free(res);
        return st;
    }
    *out = res;
    return LOCUS_OK;
}

locus_status locus_search(locus_index *ix, const char *query, const locus_search_opts *opts,
                          locus_results **out, locus_error *err) {
    *out = NULL;
    char *plain = NULL;
    if (opts->plain && !(query = plain = locus_query_plain(query)))
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    lang_list langs = {.n = 0};
    locus_query_weights qw;
    search_state s = {.use_feedback = opts->feedback_passages && opts->feedback_terms &&
                                      opts->feedback_weight > 0};
    locus_status st = query_weights(ix, opts, &langs, &qw, err);
    if (!st) st = build_query(ix, query, opts, &qw, &s, err);
    if (!st) st = search_settings(ix, opts, &s, err);
    if (!st) st = search_settled(ix, opts, &s, err);
    if (!st) st = make_results(ix, query, opts, &s, out, err);
    search_state_release(&s);
    free(plain);
    return st;
}
