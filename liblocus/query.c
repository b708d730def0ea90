#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "xdb.h"

typedef struct strset {
    char **items;
    size_t n, cap;
} strset;

struct locus_query {
    xdb_query *xq;
    strset exact, stems;   /* what to highlight */
};

typedef struct qlist {     /* a growable list of owned subqueries */
    xdb_query **q;
    size_t n, cap;
} qlist;

static bool strset_has(const strset *s, const char *p, size_t n) {
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->items[i]) == n && memcmp(s->items[i], p, n) == 0) return true;
    return false;
}

static bool strset_add(strset *s, const char *p, size_t n) {
    if (strset_has(s, p, n)) return true;
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 8;
        char **x = realloc(s->items, c * sizeof *x);
        if (!x) return false;
        s->items = x;
        s->cap = c;
    }
    char *d = malloc(n + 1);
    if (!d) return false;
    memcpy(d, p, n);
    d[n] = '\0';
    s->items[s->n++] = d;
    return true;
}

static void strset_free(strset *s) {
    for (size_t i = 0; i < s->n; i++) free(s->items[i]);
    free(s->items);
}

static bool qlist_push(qlist *l, xdb_query *q) {
    if (!q) return false;
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 8;
        xdb_query **x = realloc(l->q, c * sizeof *x);
        if (!x) {
            xdb_query_free(q);
            return false;
        }
        l->q = x;
        l->cap = c;
    }
    l->q[l->n++] = q;
    return true;
}

static void qlist_free(qlist *l) {
    for (size_t i = 0; i < l->n; i++) xdb_query_free(l->q[i]);
    free(l->q);
    l->q = NULL;
    l->n = l->cap = 0;
}

/* The tokens of one clause of the query. */
typedef struct tokens {
    struct tok {
        char *text, *stem;
    } *t;
    size_t n, cap;
    bool oom;
} tokens;

static int collect(const locus_token *t, void *ctx) {
    tokens *ts = ctx;
    if (ts->n == ts->cap) {
        size_t c = ts->cap ? ts->cap * 2 : 8;
        struct tok *x = realloc(ts->t, c * sizeof *x);
        if (!x) { ts->oom = true; return 1; }
        ts->t = x;
        ts->cap = c;
    }
    char *a = strndup(t->text, t->len), *b = strndup(t->stem, t->stem_len);
    if (!a || !b) { free(a); free(b); ts->oom = true; return 1; }
    ts->t[ts->n++] = (struct tok){a, b};
    return 0;
}

static void tokens_free(tokens *ts) {
    for (size_t i = 0; i < ts->n; i++) {
        free(ts->t[i].text);
        free(ts->t[i].stem);
    }
    free(ts->t);
}

/* A term query PREFIX+S, or NULL when it would be too long. */
static xdb_query *term_q(const char *prefix, const char *s, uint32_t pos) {
    char buf[XDB_MAX_TERM + 1];
    size_t p = strlen(prefix), n = strlen(s);
    if (p + n > XDB_MAX_TERM) return NULL;
    memcpy(buf, prefix, p);
    memcpy(buf + p, s, n);
    xdb_query *q = NULL;
    xdb_query_term(buf, p + n, 1, pos, &q, NULL);
    return q;
}

static xdb_query *combine(xdb_op op, qlist *l, uint32_t window) {
    xdb_query *q = NULL;
    if (l->n == 1 && op != XDB_OP_AND_NOT) {
        q = l->q[0];
        l->n = 0;
    } else if (l->n) {
        xdb_query_combine(op, l->q, l->n, window, &q, NULL);
    }
    qlist_free(l);
    return q;
}

static xdb_query *scaled(xdb_query *q, double f) {
    if (!q) return NULL;
    xdb_query *s = NULL;
    xdb_query_scale(q, f, &s, NULL);
    xdb_query_free(q);
    return s;
}

/* The query for one field: a stemmed word, or a phrase of exact words. */
static xdb_query *field_q(const tokens *ts, bool exact, const char *exact_prefix,
                          const char *stem_prefix) {
    if (ts->n == 1)
        return exact ? term_q(exact_prefix, ts->t[0].text, 1) : term_q(stem_prefix, ts->t[0].stem, 1);
    qlist l = {0};
    for (size_t i = 0; i < ts->n; i++)
        if (!qlist_push(&l, term_q(exact_prefix, ts->t[i].text, (uint32_t)i + 1))) {
            qlist_free(&l);
            return NULL;
        }
    return combine(XDB_OP_PHRASE, &l, 0);
}

/* Text, section and title, weighted. */
static xdb_query *clause_q(const tokens *ts, bool exact) {
    qlist l = {0};
    if (!qlist_push(&l, field_q(ts, exact, "", LOCUS_PREFIX_STEM)) ||
        !qlist_push(&l, scaled(field_q(ts, exact, LOCUS_PREFIX_SECTION, LOCUS_PREFIX_SECTION_STEM),
                               LOCUS_WEIGHT_SECTION)) ||
        !qlist_push(&l, scaled(field_q(ts, exact, LOCUS_PREFIX_TITLE, LOCUS_PREFIX_TITLE_STEM),
                               LOCUS_WEIGHT_TITLE))) {
        qlist_free(&l);
        return NULL;
    }
    return combine(XDB_OP_OR, &l, 0);
}

static size_t column_of(const char *text, size_t byte) {
    size_t col = 1;
    for (size_t i = 0; i < byte; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
    return col;
}

locus_status locus_query_parse(locus_analyzer *a, const char *text, locus_query **out,
                               locus_error *err) {
    *out = NULL;
    locus_query *q = calloc(1, sizeof *q);
    if (!q) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    qlist optional = {0}, required = {0}, excluded = {0};
    locus_status st = LOCUS_OK;
    size_t len = strlen(text), i = 0;
    bool any_word = false;
    while (i < len && st == LOCUS_OK) {
        while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) i++;
        if (i >= len) break;
        char sign = 0;
        if ((text[i] == '-' || text[i] == '+') && i + 1 < len && text[i + 1] != ' ' &&
            text[i + 1] != '\t') {
            sign = text[i];
            i++;
        }
        size_t start, end;
        bool phrase = text[i] == '"';
        if (phrase) {
            const char *close = memchr(text + i + 1, '"', len - i - 1);
            if (!close) {
                st = locus_error_set(err, LOCUS_ERR_QUERY, "column %zu: unterminated quote",
                                     column_of(text, i));
                break;
            }
            start = i + 1;
            end = (size_t)(close - text);
            i = end + 1;
        } else {
            start = i;
            while (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
                   text[i] != '\r' && text[i] != '"')
                i++;
            end = i;
        }
        tokens ts = {0};
        if ((st = locus_analyze(a, text + start, end - start, 1, collect, &ts, NULL, err))) {
            tokens_free(&ts);
            break;
        }
        if (ts.oom) {
            tokens_free(&ts);
            st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
            break;
        }
        if (ts.n == 0) {  /* punctuation only */
            tokens_free(&ts);
            continue;
        }
        bool exact = phrase || ts.n > 1;
        bool ok = true;
        if (sign == '-') {  /* excluded wherever a word can match: text, section or title */
            ok = qlist_push(&excluded, field_q(&ts, exact, "", LOCUS_PREFIX_STEM)) &&
                 qlist_push(&excluded, field_q(&ts, exact, LOCUS_PREFIX_SECTION, LOCUS_PREFIX_SECTION_STEM)) &&
                 qlist_push(&excluded, field_q(&ts, exact, LOCUS_PREFIX_TITLE, LOCUS_PREFIX_TITLE_STEM));
        } else {
            any_word = true;
            ok = qlist_push(sign == '+' ? &required : &optional, clause_q(&ts, exact));
            for (size_t k = 0; ok && k < ts.n; k++)
                ok = exact ? strset_add(&q->exact, ts.t[k].text, strlen(ts.t[k].text))
                           : strset_add(&q->stems, ts.t[k].stem, strlen(ts.t[k].stem));
        }
        tokens_free(&ts);
        if (!ok) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory building the query");
    }
    if (st == LOCUS_OK && !any_word && excluded.n == 0)
        st = locus_error_set(err, LOCUS_ERR_QUERY, "column 1: the query has no word to search for");
    if (st == LOCUS_OK) {
        xdb_query *pos = NULL;
        if (required.n && optional.n) {
            qlist l = {0};
            if (qlist_push(&l, combine(XDB_OP_AND, &required, 0)) &&
                qlist_push(&l, combine(XDB_OP_OR, &optional, 0)))
                pos = combine(XDB_OP_AND_MAYBE, &l, 0);
            else
                qlist_free(&l);
        } else if (required.n) {
            pos = combine(XDB_OP_AND, &required, 0);
        } else if (optional.n) {
            pos = combine(XDB_OP_OR, &optional, 0);
        } else {
            xdb_query_match_all(&pos, NULL);
        }
        if (pos && excluded.n) {
            qlist l = {0};
            xdb_query *neg = combine(XDB_OP_OR, &excluded, 0);
            if (qlist_push(&l, pos) && qlist_push(&l, neg))
                pos = combine(XDB_OP_AND_NOT, &l, 0);
            else {
                qlist_free(&l);
                pos = NULL;
            }
        }
        q->xq = pos;
        if (!pos) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory building the query");
    }
    qlist_free(&optional);
    qlist_free(&required);
    qlist_free(&excluded);
    if (st) {
        locus_query_free(q);
        return st;
    }
    *out = q;
    return LOCUS_OK;
}

void locus_query_free(locus_query *q) {
    if (!q) return;
    xdb_query_free(q->xq);
    strset_free(&q->exact);
    strset_free(&q->stems);
    free(q);
}

const struct xdb_query *locus_query_xdb(const locus_query *q) { return q->xq; }

bool locus_query_matches_token(const locus_query *q, const locus_token *t) {
    return strset_has(&q->exact, t->text, t->len) || strset_has(&q->stems, t->stem, t->stem_len);
}
