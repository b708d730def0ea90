#include "search/query.h"
#include "text/stopwords.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/schema.h"
#include "util/date.h"
#include "xdb/xdb.h"

/* ---- the tree ---------------------------------------------------------------------------- */

typedef enum nkind { N_WORD, N_PHRASE, N_WILD, N_NEAR, N_ADJ, N_SEQ, N_AND, N_OR, N_NOT, N_DATE } nkind;
typedef enum nfield { F_ANY, F_TITLE, F_SECTION } nfield;

typedef struct node {
    nkind kind;
    nfield field;
    bool exact;            /* N_WORD: =word or a quoted single word */
    bool capitals;         /* N_WORD: typed as 2-4 capital letters (US, EU): an abbreviation */
    bool punctuated;       /* N_PHRASE: one word typed with punctuation inside (non-profit) */
    bool new_sentence;     /* as a clause of a sequence: the query's text before it ends a
                            * sentence ('?', '!', ';' or a full stop), so no proximity pair
                            * joins it to the clause before */
    char sign;             /* as a clause of a sequence: 0, '+' or '-' */
    size_t col;            /* 1-based column where the node starts */
    size_t start, end;     /* N_WORD: its bytes in the query text */
    char **text, **stem;   /* N_WORD, N_PHRASE, N_WILD: analyzed tokens */
    bool *stemmable;       /* per token: a word Snowball stemmers may stem */
    size_t ntok, captok;
    char **stems;          /* a plain word: its stem in each language searched, distinct */
    size_t nstems;
    bool japanese;         /* N_WORD, N_PHRASE: a token came from MeCab */
    bool solid;            /* N_SEQ: the words of one Japanese word written solid */
    struct node **solids;  /* N_SEQ: each solid word among its clauses, as the phrase of all its
                            * tokens (so that a long form written solid finds its acronym) */
    size_t nsolids;
    uint32_t window;       /* N_NEAR, N_ADJ: the n of NEAR/n */
    char lo[9], hi[9];     /* N_DATE: "YYYYMMDD" bounds, "" when open */
    struct node **kids;
    size_t nkids, capkids;
} node;

typedef enum pkind { P_STEM, P_EXACT, P_PREFIX, P_PHRASE } pkind;

typedef struct pattern {   /* something to highlight */
    pkind kind;
    char **words;          /* borrowed from the tree */
    size_t n;
} pattern;

typedef struct leaf {
    char *label;
    xdb_query *q;
} leaf;

struct locus_query {
    locus_analyzer *a;     /* the parser's, borrowed: stems the words in other languages */
    node *root;            /* NULL never: a parse without words fails */
    xdb_query *built;
    leaf *leaves;
    size_t nleaves, capleaves;
    pattern *patterns;
    size_t npatterns, cappatterns;
    locus_query_word *words;
    size_t nwords, capwords;
    const locus_acronym_def *acronyms;  /* borrowed until the build */
    size_t nacronyms;
    node **made;           /* nodes an expansion made: they outlive the build (patterns) */
    size_t nmade, capmade;
    locus_query_expansion *expansions;
    size_t nexpansions, capexpansions;
};

static bool grow(void **items, size_t *cap, size_t n, size_t size) {
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 8;
    void *p = realloc(*items, c * size);
    if (!p) return false;
    *items = p;
    *cap = c;
    return true;
}

static void node_free(node *n) {
    if (!n) return;
    for (size_t i = 0; i < n->ntok; i++) {
        free(n->text[i]);
        free(n->stem[i]);
    }
    free(n->text);
    free(n->stem);
    free(n->stemmable);
    for (size_t i = 0; i < n->nstems; i++) free(n->stems[i]);
    free(n->stems);
    for (size_t i = 0; i < n->nkids; i++) node_free(n->kids[i]);
    free(n->kids);
    for (size_t i = 0; i < n->nsolids; i++) node_free(n->solids[i]);
    free(n->solids);
    free(n);
}

static bool node_add(node *parent, node *kid) {
    if (!grow((void **)&parent->kids, &parent->capkids, parent->nkids, sizeof *parent->kids))
        return false;
    parent->kids[parent->nkids++] = kid;
    return true;
}

/* ---- parsing ----------------------------------------------------------------------------- */

typedef struct parser {
    locus_analyzer *a;
    locus_query *q;
    const char *s;         /* the query, with Unicode spaces made ASCII ones (same offsets) */
    const char *orig;      /* the query as typed: columns are counted in it */
    size_t len, i;
    int depth;
    size_t clauses;
    nfield field;          /* the field a title:/section: prefix set for what follows */
    locus_error *err;
    bool failed;
    size_t col_byte, col;  /* the column of byte col_byte, so that columns cost O(n) in all */
} parser;

/* The 1-based character column of byte BYTE of the query. The parser asks for columns in
 * nearly increasing order, so it counts on from the last answer. */
static size_t column_of(parser *p, size_t byte) {
    /* Walks from the last byte asked for, either way: a node made after its operands (an AND, a
     * sequence) asks for a byte behind the cursor, and a walk from the start each time made a
     * long query quadratic. Each step back is within the node's own text, so the total is the
     * query's length times its nesting depth (bounded by the limit on parentheses). */
    for (; p->col_byte < byte; p->col_byte++)
        if (((unsigned char)p->orig[p->col_byte] & 0xC0) != 0x80) p->col++;
    while (p->col_byte > byte)
        if (((unsigned char)p->orig[--p->col_byte] & 0xC0) != 0x80) p->col--;
    return p->col;
}

static node *fail(parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static node *fail(parser *p, size_t at, const char *fmt, ...) {
    if (p->failed) return NULL;
    p->failed = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t col = column_of(p, at);
    locus_error_set(p->err, LOCUS_ERR_QUERY, "column %zu: %s", col, msg);
    if (p->err) p->err->column = col;
    return NULL;
}

/* Like fail, for a filter that cannot be read: no plain-words reading may drop it. */
static node *fail_filter(parser *p, size_t at, const char *what, size_t len, const char *v) {
    bool first = !p->failed;
    if (!strcmp(what, "empty"))
        fail(p, at, "empty date range '%.*s': the start is after the end", (int)len, v);
    else
        fail(p, at, "bad date '%.*s': use YYYY, YYYY-MM or YYYY-MM-DD, or 3d, 2w, 6m, 1y back from "
                    "today, and A..B, A.. or ..B for a range", (int)len, v);
    if (first && p->err) p->err->filter = 1;
    return NULL;
}

static node *oom(parser *p) {
    if (!p->failed) {
        p->failed = true;
        locus_error_set(p->err, LOCUS_ERR_NO_MEMORY, "out of memory parsing the query");
    }
    return NULL;
}

static node *new_node(parser *p, nkind kind, size_t at) {
    node *n = calloc(1, sizeof *n);
    if (!n) return oom(p);
    n->kind = kind;
    n->field = p->field;
    n->col = column_of(p, at);
    n->start = at;
    return n;
}

/* White space and every other control character separate words, as in a release. */
static bool is_space(char c) { return c == ' ' || ((unsigned char)c < 0x20) || c == 0x7f; }

static void skip_ws(parser *p) {
    while (p->i < p->len && is_space(p->s[p->i])) p->i++;
}

/* The end of the word starting at I: up to white space, a parenthesis or a quote. */
static size_t word_end(const parser *p, size_t i) {
    while (i < p->len && !is_space(p->s[i]) && p->s[i] != '(' && p->s[i] != ')' && p->s[i] != '"') i++;
    return i;
}

static bool word_is(const parser *p, const char *w) {
    size_t e = word_end(p, p->i), n = strlen(w);
    return e - p->i == n && memcmp(p->s + p->i, w, n) == 0;
}

/* NEAR, NEAR/n, ADJ, ADJ/n at the cursor: returns N_NEAR or N_ADJ and the n, else -1. */
static int prox_op(parser *p, uint32_t *n, size_t *used) {
    size_t e = word_end(p, p->i), k;
    int kind;
    if (e - p->i >= 4 && memcmp(p->s + p->i, "NEAR", 4) == 0) { kind = N_NEAR; k = 4; }
    else if (e - p->i >= 3 && memcmp(p->s + p->i, "ADJ", 3) == 0) { kind = N_ADJ; k = 3; }
    else return -1;
    *used = e - p->i;
    *n = LOCUS_NEAR_DEFAULT;
    if (p->i + k == e) return kind;
    if (p->s[p->i + k] != '/') return -1;  /* NEARBY, ADJUST: words */
    unsigned long v = 0;
    size_t d = p->i + k + 1;
    if (d == e) return -2;
    for (; d < e; d++) {
        if (p->s[d] < '0' || p->s[d] > '9' || v > 100000) return -2;
        v = v * 10 + (unsigned long)(p->s[d] - '0');
    }
    if (v < 1 || v > 1000) return -2;
    *n = (uint32_t)v;
    return kind;
}


static bool count_clause(parser *p, size_t at) {
    if (++p->clauses > LOCUS_QUERY_MAX_CLAUSES) {
        fail(p, at, "the query has more than %d words", LOCUS_QUERY_MAX_CLAUSES);
        return false;
    }
    return true;
}

typedef struct toklist {
    parser *p;
    node *n;
    size_t at;             /* where the clause starts, for the error */
    bool oom, too_many;
} toklist;

static int collect_token(const locus_token *t, void *ctx) {
    toklist *tl = ctx;
    node *n = tl->n;
    /* the clause itself was counted; each further word of a phrase counts too */
    if (n->ntok > 0 && !count_clause(tl->p, tl->at)) { tl->too_many = true; return 1; }
    if (n->ntok == n->captok) {
        size_t cap = n->captok ? n->captok * 2 : 4;
        char **tx = realloc(n->text, cap * sizeof *tx);
        if (!tx) { tl->oom = true; return 1; }
        n->text = tx;
        char **st = realloc(n->stem, cap * sizeof *st);
        if (!st) { tl->oom = true; return 1; }
        n->stem = st;
        bool *sa = realloc(n->stemmable, cap * sizeof *sa);
        if (!sa) { tl->oom = true; return 1; }
        n->stemmable = sa;
        n->captok = cap;
    }
    size_t k = n->ntok;
    n->japanese |= t->japanese;
    n->stemmable[k] = t->stemmable;
    n->text[k] = strndup(t->text, t->len);
    n->stem[k] = strndup(t->stem, t->stem_len);
    if (!n->text[k] || !n->stem[k]) {
        free(n->text[k]);
        free(n->stem[k]);
        tl->oom = true;
        return 1;
    }
    n->ntok++;
    return 0;
}

/* Analyzes [a, b) of the query into N's tokens; the clause starts at AT. */
static bool analyze_into(parser *p, node *n, size_t at, size_t a, size_t b) {
    toklist tl = {p, n, at, false, false};
    locus_error e;
    locus_status st = locus_analyze(p->a, p->s + a, b - a, 1, collect_token, &tl, NULL, &e);
    if (st && !tl.oom && !p->failed) {  /* the analyzer's own reason (an ICU failure, ...) */
        p->failed = true;
        locus_error_set(p->err, st, "analyzing the query: %s", e.message);
        return false;
    }
    if (st || tl.oom) {
        oom(p);
        return false;
    }
    return !tl.too_many;
}

static bool add_word(parser *p, const node *n) {
    if (n->ntok != 1 || n->exact || n->field != F_ANY) return true;
    locus_query *q = p->q;
    if (!grow((void **)&q->words, &q->capwords, q->nwords, sizeof *q->words)) return false;
    q->words[q->nwords++] = (locus_query_word){n->text[0], n->start, n->end};
    return true;
}

/* Whether the N bytes at S are 2 to 4 capital letters, as an abbreviation is typed (US, EU). */
static bool in_capitals(const char *s, size_t n) {
    if (n < 2 || n > 4) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z') return false;
    return true;
}

/* date:VALUE, the cursor after "date:". */
static node *parse_date(parser *p, size_t at) {
    size_t a = p->i, e = word_end(p, p->i);
    p->i = e;
    node *n = new_node(p, N_DATE, at);
    if (!n) return NULL;
    const char *v = p->s + a;
    size_t len = e - a;
    const char *dots = NULL;
    for (size_t k = 0; k + 1 < len; k++)
        if (v[k] == '.' && v[k + 1] == '.') { dots = v + k; break; }
    bool ok;
    if (dots) {
        size_t l1 = (size_t)(dots - v), l2 = len - l1 - 2;
        ok = (l1 || l2) && (!l1 || locus_date_bound(v, l1, false, n->lo)) &&
             (!l2 || locus_date_bound(dots + 2, l2, true, n->hi));
    } else if (locus_date_is_relative(v, len)) {  /* date:2w: from then on */
        ok = locus_date_bound(v, len, false, n->lo);
    } else {
        ok = locus_date_bound(v, len, false, n->lo) && locus_date_bound(v, len, true, n->hi);
    }
    if (!ok) {
        node_free(n);
        return fail_filter(p, a, "bad", len, v);
    }
    if (n->lo[0] && n->hi[0] && strcmp(n->lo, n->hi) > 0) {
        node_free(n);
        return fail_filter(p, a, "empty", len, v);
    }
    return n;
}

static node *parse_or(parser *p);

/* A phrase, the cursor on its opening quote. */
static node *parse_phrase(parser *p) {
    size_t open = p->i;
    const char *close = memchr(p->s + open + 1, '"', p->len - open - 1);
    if (!close) return fail(p, open, "unterminated quote");
    size_t a = open + 1, b = (size_t)(close - p->s);
    p->i = b + 1;
    if (!count_clause(p, open)) return NULL;
    node *n = new_node(p, N_PHRASE, open);
    if (!n) return NULL;
    if (!analyze_into(p, n, open, a, b)) { node_free(n); return NULL; }
    if (n->ntok == 0) { node_free(n); return NULL; }  /* "" or "?!": nothing to search */
    if (n->ntok == 1) {
        n->kind = N_WORD;
        n->exact = true;
    }
    return n;
}

/* The words of a solid Japanese word, as split_solid gathers them. */
typedef struct solid_words {
    parser *p;
    size_t base;           /* where the word's text starts in the query */
    struct solid_word { node *w; bool function; } *kids;  /* each word, and whether it is a
                            * function word */
    size_t n, cap;
    bool oom;
} solid_words;

static int collect_solid(const locus_token *t, void *ctx) {
    solid_words *sw = ctx;
    if (!grow((void **)&sw->kids, &sw->cap, sw->n, sizeof *sw->kids)) { sw->oom = true; return 1; }
    node *w = new_node(sw->p, N_WORD, sw->base + t->start);
    if (!w) { sw->oom = true; return 1; }
    sw->kids[sw->n++] = (struct solid_word){w, t->function_word};
    w->start = sw->base + t->start;
    w->end = sw->base + t->end;
    w->japanese = t->japanese;
    w->text = malloc(sizeof *w->text);
    w->stem = malloc(sizeof *w->stem);
    w->stemmable = malloc(sizeof *w->stemmable);
    if (!w->text || !w->stem || !w->stemmable) { sw->oom = true; return 1; }
    w->captok = 1;
    w->text[0] = strndup(t->text, t->len);
    w->stem[0] = strndup(t->stem, t->stem_len);
    if (!w->text[0] || !w->stem[0]) {
        free(w->text[0]);
        free(w->stem[0]);
        sw->oom = true;
        return 1;
    }
    w->stemmable[0] = t->stemmable;
    w->ntok = 1;
    return 0;
}

/* A word written solid that holds Japanese, like ローカル5Gとは or 共同研究について (WORD, the
 * phrase its bytes [A, E) analyzed into; freed here). Japanese is typed without spaces, so its
 * words become clauses of their own, as if the user had spaced them, and the function words
 * (particles, auxiliaries: は, の, について, です) are left out unless nothing else is left.
 * Returns an N_SEQ marked solid (parse_seq splices its words into the query's sequence, so they
 * weigh as plain words with the all-words and proximity bonuses), or the one content word. */
static node *split_solid(parser *p, node *word, size_t a, size_t e) {
    solid_words sw = {.p = p, .base = a};
    node *seq = NULL;
    locus_error ae;
    locus_status st = locus_analyze(p->a, p->s + a, e - a, 1, collect_solid, &sw, NULL, &ae);
    size_t content = 0;
    for (size_t i = 0; i < sw.n; i++) content += !sw.kids[i].function;
    if (st == LOCUS_OK && !sw.oom && sw.n > 0) seq = new_node(p, N_SEQ, word->start);
    if (seq) {
        seq->col = word->col;
        seq->solid = true;
        seq->start = word->start;
        seq->end = word->end;
        bool failed = false;
        for (size_t i = 0; i < sw.n && !failed; i++) {
            if (content && sw.kids[i].function) continue;  /* freed below */
            node *w = sw.kids[i].w;
            if (!node_add(seq, w)) break;
            sw.kids[i].w = NULL;  /* the sequence's now */
            failed = !add_word(p, w);
        }
        if (failed || seq->nkids < (content ? content : sw.n)) {
            node_free(seq);
            seq = NULL;
        }
    }
    for (size_t i = 0; i < sw.n; i++) node_free(sw.kids[i].w);
    free(sw.kids);
    if (!seq) {
        if (st && !p->failed && !sw.oom) {  /* the analyzer's own reason, as analyze_into */
            p->failed = true;
            locus_error_set(p->err, st, "analyzing the query: %s", ae.message);
        } else {
            oom(p);
        }
        node_free(word);
        return NULL;
    }
    if (seq->nkids == 1) {
        node_free(word);
        node *only = seq->kids[0];
        seq->nkids = 0;
        node_free(seq);
        return only;
    }
    if (!(seq->solids = malloc(sizeof *seq->solids))) {
        node_free(word);
        node_free(seq);
        return oom(p);
    }
    word->kind = N_PHRASE;
    seq->solids[seq->nsolids++] = word;
    return seq;
}

static node *parse_primary(parser *p) {
    skip_ws(p);
    if (p->i >= p->len) return NULL;
    size_t at = p->i;
    char c = p->s[at];
    if (c == '(') {
        if (++p->depth > LOCUS_QUERY_MAX_DEPTH)
            return fail(p, at, "parentheses nested deeper than %d", LOCUS_QUERY_MAX_DEPTH);
        p->i++;
        node *n = parse_or(p);
        if (p->failed) { node_free(n); return NULL; }
        skip_ws(p);
        if (p->i >= p->len || p->s[p->i] != ')') {
            node_free(n);
            return fail(p, at, "unbalanced parenthesis: no ')' closes this '('");
        }
        p->i++;
        p->depth--;
        if (!n) return fail(p, at, "nothing to search inside these parentheses");
        return n;
    }
    if (c == ')') return NULL;  /* the caller decides */
    if (c == '"') return parse_phrase(p);
    size_t e = word_end(p, at);
    /* fields */
    static const struct { const char *name; nfield field; } fields[] = {
        {"title:", F_TITLE}, {"section:", F_SECTION}};
    for (size_t k = 0; k < 2; k++) {
        size_t fl = strlen(fields[k].name);
        if ((size_t)(p->len - at) >= fl && memcmp(p->s + at, fields[k].name, fl) == 0) {
            if (p->field != F_ANY) return fail(p, at, "fields cannot be nested");
            p->i = at + fl;
            if (p->i >= p->len || is_space(p->s[p->i]) || p->s[p->i] == ')')
                return fail(p, at, "%s needs a word, a \"phrase\" or a (group) right after it", fields[k].name);
            p->field = fields[k].field;
            node *n = parse_primary(p);
            p->field = F_ANY;
            return n;
        }
    }
    if (e - at > 5 && memcmp(p->s + at, "date:", 5) == 0) {
        if (!count_clause(p, at)) return NULL;
        p->i = at + 5;
        return parse_date(p, at);
    }
    if (e - at == 5 && memcmp(p->s + at, "date:", 5) == 0) {
        fail(p, at, "date: needs a date or a range, like date:2022, date:2021-04..2022-03 or date:1y..");
        if (p->err) p->err->filter = 1;
        return NULL;
    }
    bool exact = c == '=';
    size_t a = exact ? at + 1 : at;
    p->i = e;
    if (!count_clause(p, at)) return NULL;
    bool wild = e - a >= 2 && p->s[e - 1] == '*';
    node *n = new_node(p, wild ? N_WILD : N_WORD, at);
    if (!n) return NULL;
    n->exact = exact;
    n->start = a;
    n->end = e;
    if (!analyze_into(p, n, at, a, wild ? e - 1 : e)) { node_free(n); return NULL; }
    if (wild && (n->ntok != 1 || memchr(p->s + a, '*', e - 1 - a))) {
        node_free(n);
        return fail(p, at, "a wildcard takes one word before its '*', like regul*");
    }
    if (n->ntok == 0) { node_free(n); return NULL; }  /* punctuation only */
    if (n->ntok > 1 && n->japanese && !exact && !wild) return split_solid(p, n, a, e);
    if (n->ntok > 1) n->kind = N_PHRASE;              /* Japan-EU, B5G/6G */
    n->punctuated = n->kind == N_PHRASE && !exact;
    if (n->kind == N_WORD && !exact) n->capitals = in_capitals(p->s + a, e - a);
    if (n->kind == N_WORD && !add_word(p, n)) { node_free(n); return oom(p); }
    return n;
}

/* primary ((NEAR|ADJ)[/n] primary)* */
static node *parse_prox(parser *p) {
    node *first = parse_primary(p);
    if (p->failed || !first) return first;
    node *chain = NULL;
    for (;;) {
        skip_ws(p);
        uint32_t n;
        size_t used, at = p->i;
        int kind = prox_op(p, &n, &used);
        if (kind == -1) break;
        if (kind == -2) {
            node_free(chain ? chain : first);
            return fail(p, at, "bad distance in '%.*s': use NEAR/n or ADJ/n with n from 1 to 1000",
                        (int)used, p->s + at);
        }
        p->i += used;
        if (!chain) {
            if (first->kind != N_WORD || first->ntok != 1) {
                node_free(first);
                return fail(p, at, "NEAR and ADJ join single words");
            }
            if (!(chain = new_node(p, (nkind)kind, at))) { node_free(first); return NULL; }
            chain->window = n;
            chain->col = first->col;
            if (!node_add(chain, first)) { node_free(first); node_free(chain); return oom(p); }
        } else if (chain->kind != (nkind)kind || chain->window != n) {
            node_free(chain);
            return fail(p, at, "one chain of words takes one operator: use parentheses or split the query");
        }
        skip_ws(p);
        size_t next_at = p->i;
        node *next = parse_primary(p);
        if (p->failed) { node_free(chain); return NULL; }
        if (!next || next->kind != N_WORD || next->ntok != 1) {
            node_free(next);
            node_free(chain);
            return fail(p, next ? next_at : at, next ? "NEAR and ADJ join single words"
                                                     : "NEAR or ADJ needs a word after it");
        }
        if (!node_add(chain, next)) { node_free(next); node_free(chain); return oom(p); }
    }
    return chain ? chain : first;
}

/* Whether the query's text from FROM up to AT (the start of a clause) ends a sentence: its last
 * character that is not a space is '?', '!' or ';', or a full stop that ends neither an
 * abbreviation nor a number (the word it ends holds no other '.', as "U.S." and "i.e." do, and
 * is longer than one letter, as "e." is not). */
static bool ends_sentence(const parser *p, size_t from, size_t at) {
    size_t e = at;
    while (e > from && is_space(p->s[e - 1])) e--;
    if (e == from) return false;
    char c = p->s[e - 1];
    if (c == '?' || c == '!' || c == ';') return true;
    if (c != '.') return false;
    size_t w = e - 1;  /* the word the stop ends: back to a space or FROM */
    while (w > from && !is_space(p->s[w - 1])) w--;
    if (w == e - 1) return true;  /* a stop standing alone: "gases . if so" */
    if (e - 1 - w < 2) return false;
    for (size_t k = w; k < e - 1; k++)
        if (p->s[k] == '.') return false;
    return true;
}

/* A sequence of clauses: [+|-|NOT] prox ... */
static node *parse_seq(parser *p) {
    node *seq = NULL;
    for (;;) {
        skip_ws(p);
        if (p->i >= p->len || p->s[p->i] == ')') break;
        size_t at = p->i;
        char sign = 0;
        if (word_is(p, "NOT")) {
            if (seq) break;   /* binary NOT: the caller's */
            p->i += 3;
            sign = '-';
            skip_ws(p);
            if (p->i >= p->len || p->s[p->i] == ')') return fail(p, at, "NOT needs something after it");
        } else if (word_is(p, "AND") || word_is(p, "OR")) {
            if (seq) break;
            return fail(p, at, "%s needs something before it", word_is(p, "AND") ? "AND" : "OR");
        } else if ((p->s[at] == '+' || p->s[at] == '-') && at + 1 < p->len && !is_space(p->s[at + 1])) {
            sign = p->s[at];
            p->i++;
        }
        size_t before = seq && seq->nkids ? seq->kids[seq->nkids - 1]->start : at;
        node *c = parse_prox(p);
        if (p->failed) { node_free(seq); return NULL; }
        if (!c) {
            if (p->i == at) break;  /* ")" or the end */
            continue;               /* punctuation only: nothing to search */
        }
        c->sign = sign;
        c->new_sentence = seq && ends_sentence(p, before, at);
        if (!seq && !(seq = new_node(p, N_SEQ, at))) { node_free(c); return NULL; }
        if (c->kind == N_SEQ && c->solid && !sign) {  /* its words are clauses of this sequence */
            for (size_t k = 0; k < c->nkids; k++) {
                if (!node_add(seq, c->kids[k])) {
                    memmove(c->kids, c->kids + k, (c->nkids - k) * sizeof *c->kids);
                    c->nkids -= k;
                    node_free(c);
                    node_free(seq);
                    return oom(p);
                }
            }
            c->nkids = 0;
            node **grown = realloc(seq->solids, (seq->nsolids + c->nsolids) * sizeof *grown);
            if (!grown) { node_free(c); node_free(seq); return oom(p); }
            seq->solids = grown;
            memcpy(seq->solids + seq->nsolids, c->solids, c->nsolids * sizeof *grown);
            seq->nsolids += c->nsolids;
            c->nsolids = 0;
            node_free(c);
            continue;
        }
        if (c->kind == N_SEQ && c->solid) c->kind = N_AND;  /* +共同研究: all its words, -: not all */
        if (!node_add(seq, c)) { node_free(c); node_free(seq); return oom(p); }
    }
    if (seq && seq->nkids == 1 && seq->kids[0]->sign == 0) {  /* a lone clause stands for itself */
        node *only = seq->kids[0];
        seq->nkids = 0;
        node_free(seq);
        return only;
    }
    return seq;
}

/* Joins LEFT and RIGHT under a KIND node; either may be NULL (nothing to search). */
static node *join(parser *p, nkind kind, node *left, node *right, size_t at) {
    if (!left) return right;
    if (!right) return left;
    /* a OR b OR c is one OR of three (likewise AND, and NOT: a NOT b NOT c), so that a long
     * chain makes a flat node, not a deep tree */
    if (left->kind == kind && !left->sign && left->field == F_ANY && kind != N_SEQ) {
        if (!node_add(left, right)) {
            node_free(left);
            node_free(right);
            return oom(p);
        }
        return left;
    }
    node *n = new_node(p, kind, at);
    if (!n || !node_add(n, left) || !node_add(n, right)) {
        node_free(left);
        node_free(right);
        if (n) n->nkids = 0;
        node_free(n);
        return oom(p);
    }
    n->col = left->col;
    return n;
}

static node *parse_and(parser *p) {
    node *left = parse_seq(p);
    for (;;) {
        if (p->failed) { node_free(left); return NULL; }
        skip_ws(p);
        size_t at = p->i;
        nkind kind;
        if (word_is(p, "AND")) {
            p->i += 3;
            skip_ws(p);
            kind = N_AND;
            if (word_is(p, "NOT")) { p->i += 3; kind = N_NOT; }
        } else if (word_is(p, "NOT")) {
            p->i += 3;
            kind = N_NOT;
        } else {
            break;
        }
        node *right = parse_seq(p);
        if (p->failed) { node_free(left); return NULL; }
        if (!right) { node_free(left); return fail(p, at, "%s needs something after it", kind == N_AND ? "AND" : "NOT"); }
        if (!left) { node_free(right); return fail(p, at, "%s needs something before it", kind == N_AND ? "AND" : "NOT"); }
        left = join(p, kind, left, right, at);
    }
    return left;
}

static node *parse_or(parser *p) {
    node *left = parse_and(p);
    for (;;) {
        if (p->failed) { node_free(left); return NULL; }
        skip_ws(p);
        if (!word_is(p, "OR")) break;
        size_t at = p->i;
        p->i += 2;
        node *right = parse_and(p);
        if (p->failed) { node_free(left); return NULL; }
        if (!right) { node_free(left); return fail(p, at, "OR needs something after it"); }
        if (!left) { node_free(right); return fail(p, at, "OR needs something before it"); }
        left = join(p, N_OR, left, right, at);
    }
    return left;
}

/* The ideographic space (U+3000, what a Japanese keyboard types) and the no-break space of S (LEN
 * bytes) become spaces, byte for byte, so that they separate words like one (and columns stay). */
static void blank_wide_spaces(char *s, size_t len) {
    for (size_t i = 0; i + 1 < len; i++) {
        if ((unsigned char)s[i] == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x80)
            s[i] = s[i + 1] = s[i + 2] = ' ';
        else if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
            s[i] = s[i + 1] = ' ';
    }
}

locus_status locus_query_parse(locus_analyzer *a, const char *text, locus_query **out,
                               locus_error *err) {
    *out = NULL;
    locus_error_clear(err);
    locus_query *q = calloc(1, sizeof *q);
    if (!q) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    q->a = a;
    /* the ideographic space (U+3000, what a Japanese keyboard types) and the no-break space
     * separate words like a space: each of their bytes becomes one */
    size_t len = strlen(text);
    char *norm = malloc(len + 1);
    if (!norm) {
        free(q);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    memcpy(norm, text, len + 1);
    blank_wide_spaces(norm, len);
    parser p = {.a = a, .q = q, .s = norm, .orig = text, .len = len, .err = err, .col = 1};
    node *root = parse_or(&p);
    if (!p.failed) {
        skip_ws(&p);
        if (p.i < p.len && p.s[p.i] == ')')
            fail(&p, p.i, "unbalanced parenthesis: this ')' closes nothing");
        else if (p.i < p.len)
            fail(&p, p.i, "cannot read the query from here");
        else if (!root)
            fail(&p, 0, "the query has no word to search for");
    }
    free(norm);
    if (p.failed) {
        node_free(root);
        locus_query_free(q);
        return err ? err->status : LOCUS_ERR_QUERY;
    }
    q->root = root;
    *out = q;
    return LOCUS_OK;
}

void locus_query_free(locus_query *q) {
    if (!q) return;
    node_free(q->root);
    xdb_query_free(q->built);
    for (size_t i = 0; i < q->nleaves; i++) {
        free(q->leaves[i].label);
        xdb_query_free(q->leaves[i].q);
    }
    free(q->leaves);
    free(q->patterns);
    free(q->words);
    for (size_t i = 0; i < q->nmade; i++) node_free(q->made[i]);
    free(q->made);
    for (size_t i = 0; i < q->nexpansions; i++) {
        free((char *)q->expansions[i].from);
        free((char *)q->expansions[i].to);
    }
    free(q->expansions);
    free(q);
}

void locus_query_set_acronyms(locus_query *q, const locus_acronym_def *defs, size_t n) {
    q->acronyms = defs;
    q->nacronyms = n;
}

size_t locus_query_expansions(const locus_query *q, const locus_query_expansion **out) {
    *out = q->expansions;
    return q->nexpansions;
}

/* ---- description ------------------------------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t n, cap;
    bool oom;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...) {
    if (b->oom) return;
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->n + (size_t)need + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 64;
        while (c < b->n + (size_t)need + 1) c *= 2;
        char *p = realloc(b->s, c);
        if (!p) { b->oom = true; return; }
        b->s = p;
        b->cap = c;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
}

static void describe(sbuf *b, const node *n) {
    static const char *const names[] = {"WORD", "PHRASE", "WILDCARD", "NEAR", "ADJ",
                                        "SEQ",  "AND",    "OR",       "NOT",  "DATE"};
    if (n->sign) sb_add(b, "%c", n->sign);
    sb_add(b, "(%s%s", n->field == F_TITLE ? "title:" : n->field == F_SECTION ? "section:" : "",
           n->kind == N_WORD && n->exact ? "EXACT" : names[n->kind]);
    if (n->kind == N_NEAR || n->kind == N_ADJ) sb_add(b, "/%u", n->window);
    if (n->kind == N_DATE) sb_add(b, " %s %s", n->lo[0] ? n->lo : "-", n->hi[0] ? n->hi : "-");
    for (size_t i = 0; i < n->ntok; i++) sb_add(b, " %s", n->text[i]);
    for (size_t i = 0; i < n->nkids; i++) {
        sb_add(b, " ");
        describe(b, n->kids[i]);
    }
    sb_add(b, ")");
}

char *locus_query_describe(const locus_query *q) {
    sbuf b = {0};
    describe(&b, q->root);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* ---- building ---------------------------------------------------------------------------- */

typedef struct builder {
    locus_query *q;
    xdb_db *db;
    locus_error *err;
    bool failed;
    bool positive;   /* the subtree adds weight and highlights (not under - or NOT) */
    locus_query_weights w;
} builder;

/* A failure of the Xapian wrapper XE while building: its status and message are kept. */
static xdb_query *b_xdb(builder *b, const xdb_error *xe) {
    if (!b->failed) {
        b->failed = true;
        locus_error_from_xdb(xe, "building the query", b->err);
    }
    return NULL;
}

static xdb_query *b_oom(builder *b) {
    if (!b->failed) {
        b->failed = true;
        locus_error_set(b->err, LOCUS_ERR_NO_MEMORY, "out of memory building the query");
    }
    return NULL;
}

static void free_all(xdb_query **qs, size_t n) {
    for (size_t i = 0; i < n; i++) xdb_query_free(qs[i]);
}

/* Combines N subqueries (consumed) with OP; one subquery stands for itself. */
static xdb_query *combine(builder *b, xdb_op op, xdb_query **qs, size_t n, uint32_t window) {
    for (size_t i = 0; i < n; i++)
        if (!qs[i]) { free_all(qs, n); return b_oom(b); }
    if (n == 1 && op != XDB_OP_PHRASE && op != XDB_OP_NEAR) return qs[0];
    xdb_query *out = NULL;
    xdb_error xe;
    if (xdb_query_combine(op, qs, n, window, &out, &xe)) {
        free_all(qs, n);
        return b_xdb(b, &xe);
    }
    free_all(qs, n);
    return out ? out : b_oom(b);
}

static xdb_query *scaled(builder *b, xdb_query *q, double f) {
    if (!q) return b_oom(b);
    if (f == 1.0) return q;
    xdb_query *s = NULL;
    xdb_error xe;
    xdb_status st = xdb_query_scale(q, f, &s, &xe);
    xdb_query_free(q);
    if (st) return b_xdb(b, &xe);
    return s ? s : b_oom(b);
}

static xdb_query *term(builder *b, const char *prefix, const char *word, uint32_t pos) {
    char buf[XDB_MAX_TERM + 1];
    size_t pl = strlen(prefix), wl = strlen(word);
    if (pl + wl > XDB_MAX_TERM) return b_oom(b);  /* cannot happen: tokens are short */
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, word, wl);
    xdb_query *q = NULL;
    xdb_error xe;
    if (xdb_query_term(buf, pl + wl, 1, pos, &q, &xe)) return b_xdb(b, &xe);
    return q ? q : b_oom(b);
}

static bool add_leaf(builder *b, const char *label_fmt, const char *field, const node *n,
                     const xdb_query *q) {
    if (!b->positive) return true;
    locus_query *lq = b->q;
    if (!grow((void **)&lq->leaves, &lq->capleaves, lq->nleaves, sizeof *lq->leaves)) return false;
    sbuf s = {0};
    if (n) {
        bool quoted = n->kind == N_PHRASE || (n->kind == N_WORD && n->exact);
        sb_add(&s, "%s%s", field, quoted ? "\"" : "");
        for (size_t i = 0; i < n->ntok; i++) sb_add(&s, "%s%s", i ? " " : "", n->text[i]);
        sb_add(&s, "%s%s", n->kind == N_WILD ? "*" : "", quoted ? "\"" : "");
    } else {
        sb_add(&s, "%s", label_fmt);
    }
    xdb_query *copy = NULL;
    if (s.oom || xdb_query_copy(q, &copy, NULL)) {
        free(s.s);
        return false;
    }
    lq->leaves[lq->nleaves++] = (leaf){s.s, copy};
    return true;
}

static bool add_pattern(builder *b, pkind kind, char **words, size_t n) {
    if (!b->positive) return true;
    locus_query *q = b->q;
    if (!grow((void **)&q->patterns, &q->cappatterns, q->npatterns, sizeof *q->patterns)) return false;
    q->patterns[q->npatterns++] = (pattern){kind, words, n};
    return true;
}

/* Terms gathered by a prefix scan, up to MAX + 1 of them. */
typedef struct word_list {
    char **s;
    size_t n, max;
    bool oom;
} word_list;

static int keep_term(const char *t, size_t len, uint32_t freq, void *ctx) {
    (void)freq;
    word_list *w = ctx;
    if (w->n > w->max) return 1;
    char **grown = realloc(w->s, (w->n + 1) * sizeof *grown);
    if (!grown || !(grown[w->n] = strndup(t, len))) {
        if (grown) w->s = grown;
        w->oom = true;
        return 1;
    }
    w->s = grown;
    w->n++;
    return 0;
}

static void words_free(word_list *w) {
    for (size_t i = 0; i < w->n; i++) free(w->s[i]);
    free(w->s);
}

/* The phrase of the N words WORDS (N >= 2), each term PREFIX + word. An English stop word has no
 * positions in the index (an English release's are indexed without them), so the phrase is
 * the other words, in order, within the span the whole phrase takes: "freedom of speech" is
 * freedom and speech at most two words apart. A phrase of stop words only is all of them,
 * anywhere in the passage. */
static xdb_query *phrase(builder *b, const char *prefix, char *const *words, size_t n) {
    xdb_query **qs = calloc(n, sizeof *qs);
    if (!qs) return b_oom(b);
    size_t k = 0, first = n, last = 0;
    for (size_t i = 0; i < n; i++) {
        if (locus_stopword("en", words[i])) continue;
        qs[k++] = term(b, prefix, words[i], (uint32_t)i + 1);
        if (first == n) first = i;
        last = i;
    }
    xdb_query *q;
    if (k == 0) {  /* stop words only */
        for (size_t i = 0; i < n; i++) qs[i] = term(b, prefix, words[i], (uint32_t)i + 1);
        q = combine(b, XDB_OP_AND, qs, n, 0);
    } else if (k == 1) {
        q = qs[0];
    } else {
        q = combine(b, XDB_OP_PHRASE, qs, k, (uint32_t)(last - first + 1));
    }
    free(qs);
    return q;
}

/* The query of a word, phrase or wildcard N in one field, given its term prefixes. */
static xdb_query *field_q(builder *b, const node *n, const char *exact_prefix,
                          const char *stem_prefix) {
    if (n->kind == N_WILD) {
        char buf[XDB_MAX_TERM + 1];
        size_t len = (size_t)snprintf(buf, sizeof buf, "%s%s", exact_prefix, n->text[0]);
        xdb_error xe;
        xdb_query *q = NULL;
        /* the words it stands for, listed from the whole index: a set of shards then weighs
         * them as one index does (Xapian would expand a wildcard shard by shard) */
        word_list words = {.max = LOCUS_WILDCARD_MAX};
        if (xdb_terms_with_prefix(b->db, buf, len, keep_term, &words, &xe)) {
            words_free(&words);
            return b_xdb(b, &xe);
        }
        if (words.oom) {
            words_free(&words);
            return b_oom(b);
        }
        if (words.n == 0 || words.n > LOCUS_WILDCARD_MAX) {  /* nothing, or too much: Xapian says */
            words_free(&words);
            if (xdb_query_wildcard(buf, len, LOCUS_WILDCARD_MAX, &q, &xe)) return b_xdb(b, &xe);
            return q;
        }
        xdb_query **qs = calloc(words.n, sizeof *qs);
        if (!qs) {
            words_free(&words);
            return b_oom(b);
        }
        for (size_t i = 0; i < words.n; i++) qs[i] = term(b, "", words.s[i], 1);
        q = combine(b, XDB_OP_SYNONYM, qs, words.n, 0);
        free(qs);
        words_free(&words);
        return q;
    }
    if (n->ntok == 1 && !n->exact && n->kind == N_WORD) {
        if (n->nstems <= 1) return term(b, stem_prefix, n->nstems ? n->stems[0] : n->stem[0], 1);
        xdb_query **qs = calloc(n->nstems, sizeof *qs);  /* one word, whatever the language */
        if (!qs) return b_oom(b);
        for (size_t i = 0; i < n->nstems; i++) qs[i] = term(b, stem_prefix, n->stems[i], 1);
        xdb_query *q = combine(b, XDB_OP_SYNONYM, qs, n->nstems, 0);
        free(qs);
        return q;
    }
    if (n->ntok == 1) return term(b, exact_prefix, n->text[0], 1);
    return phrase(b, exact_prefix, n->text, n->ntok);
}

static int count_terms(const char *t, size_t len, uint32_t freq, void *ctx) {
    (void)t; (void)len; (void)freq;
    return ++*(size_t *)ctx > LOCUS_WILDCARD_MAX;
}

/* Fails when the wildcard N would match more than LOCUS_WILDCARD_MAX words in the text. */
static bool check_wildcard(builder *b, const node *n) {
    size_t count = 0;
    xdb_error xe;
    if (xdb_terms_with_prefix(b->db, n->text[0], strlen(n->text[0]), count_terms, &count, &xe)) {
        b->failed = true;
        locus_error_from_xdb(&xe, "wildcard", b->err);
        return false;
    }
    if (count > LOCUS_WILDCARD_MAX) {
        b->failed = true;
        locus_error_set(b->err, LOCUS_ERR_QUERY,
                        "column %zu: %s* matches more than %d words: make it longer",
                        n->col, n->text[0], LOCUS_WILDCARD_MAX);
        if (b->err) b->err->column = n->col;
        return false;
    }
    return true;
}

static xdb_query *build(builder *b, const node *n);
static xdb_query *build_leafy(builder *b, const node *n, node *const *alts, size_t nalts);

/* A node made by an expansion, owned by the query: a phrase of TOKENS (N), or the exact word
 * TOKENS[0] when N is 1, in field FIELD. NULL when out of memory. */
static node *made_node(builder *b, char *const *tokens, size_t n, nfield field) {
    locus_query *q = b->q;
    if (!grow((void **)&q->made, &q->capmade, q->nmade, sizeof *q->made)) return NULL;
    node *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    q->made[q->nmade++] = m;
    m->kind = n == 1 ? N_WORD : N_PHRASE;
    m->exact = true;
    m->field = field;
    m->text = calloc(n, sizeof *m->text);
    m->stem = calloc(n, sizeof *m->stem);
    m->stemmable = calloc(n, sizeof *m->stemmable);
    if (!m->text || !m->stem || !m->stemmable) return NULL;
    m->captok = n;
    for (size_t i = 0; i < n; i++) {
        if (!(m->text[i] = strdup(tokens[i])) || !(m->stem[i] = strdup(tokens[i]))) {
            free(m->text[i]);
            return NULL;
        }
        m->ntok++;
    }
    return m;
}

static bool add_expansion(builder *b, const char *from, const char *to, node *made) {
    if (!b->positive) return true;
    locus_query *q = b->q;
    if (!grow((void **)&q->expansions, &q->capexpansions, q->nexpansions, sizeof *q->expansions))
        return false;
    locus_query_expansion *e = &q->expansions[q->nexpansions];
    e->from = strdup(from);
    e->to = strdup(to);
    e->tokens = (const char *const *)made->text;
    e->ntok = made->ntok;
    if (!e->from || !e->to) {
        free((char *)e->from);
        free((char *)e->to);
        return false;
    }
    q->nexpansions++;
    return true;
}

static bool same_tokens(char *const *a, size_t na, char *const *b, size_t nb) {
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0) return false;
    return true;
}

/* What N also stands for through the acronym dictionary: for a plain word that is an acronym,
 * its long forms as phrases; for a phrase that spells a long form, its acronym. Those nodes
 * go to ALTS (at most MAX), each recorded as an expansion; returns how many (b->failed on
 * failure). */
/* The letters of a token of ASCII letters then digits ("nis2", "covid19"): their count, 0 when
 * T is not one (at least two letters and a digit, nothing else). */
static size_t letters_then_digits(const char *t) {
    size_t a = 0;
    while (t[a] >= 'a' && t[a] <= 'z') a++;
    if (a < 2 || !t[a]) return 0;
    for (size_t i = a; t[i]; i++)
        if (t[i] < '0' || t[i] > '9') return 0;
    return a;
}

static bool all_digits(const char *t) {
    if (!*t) return false;
    for (; *t; t++)
        if (*t < '0' || *t > '9') return false;
    return true;
}

/* How many passages hold TERM, a word of the text as written (0 without an index: a query built
 * for no index has no other ways of writing its words). A failure of the wrapper fails B. */
static uint32_t index_freq(builder *b, const char *term) {
    uint32_t freq = 0;
    xdb_error xe;
    if (b->db && xdb_term_freq(b->db, term, strlen(term), &freq, &xe)) b_xdb(b, &xe);
    return freq;
}

/* Whether the index holds WORD as written in a passage's text, heading or title. */
static bool index_holds(builder *b, const char *word) {
    if (index_freq(b, word)) return true;
    char term[LOCUS_MAX_TOKEN + 8];
    static const char *const prefixes[] = {LOCUS_PREFIX_TITLE, LOCUS_PREFIX_SECTION};
    for (size_t k = 0; k < 2 && !b->failed; k++) {
        if ((size_t)snprintf(term, sizeof term, "%s%s", prefixes[k], word) >= sizeof term) return false;
        if (index_freq(b, term)) return true;
    }
    return false;
}

static bool all_letters(const char *t, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (t[i] < 'a' || t[i] > 'z') return false;
    return n > 0;
}

#define LOCUS_SPLIT_PART_MIN 3  /* the shortest part of a word split in two ("cyber security") */

/* The best place to cut WORD (ASCII letters, as typed) into two words the index holds, neither
 * a stop word nor shorter than LOCUS_SPLIT_PART_MIN, and each in at least two passages and a
 * tenth as many as WORD itself (rarer, a part is a fragment of the word, as "ing" of a
 * "lead-ing" broken at a line end, not a word written apart): the cut whose rarer part is
 * commonest ("healthcare": "health care"). 0 when there is none. */
static size_t split_point(builder *b, const char *word) {
    size_t len = strlen(word), best = 0;
    uint32_t best_freq = 0;
    if (len < 2 * LOCUS_SPLIT_PART_MIN || len > LOCUS_MAX_TOKEN || !all_letters(word, len)) return 0;
    char part[LOCUS_MAX_TOKEN + 1];
    uint32_t min_part = index_freq(b, word) / 10;  /* the rarest a part may be */
    if (min_part < 2) min_part = 2;
    for (size_t cut = LOCUS_SPLIT_PART_MIN; cut + LOCUS_SPLIT_PART_MIN <= len && !b->failed; cut++) {
        memcpy(part, word, cut);
        part[cut] = '\0';
        if (locus_stopword("en", part) || locus_stopword("en", word + cut)) continue;
        uint32_t head = index_freq(b, part);
        if (head < min_part) continue;
        uint32_t tail = index_freq(b, word + cut), least = head < tail ? head : tail;
        if (least >= min_part && least > best_freq) { best_freq = least; best = cut; }
    }
    return b->failed ? 0 : best;
}

/* The other way of writing N: a word "NIS2" is also the phrase "NIS 2" (which "NIS-2" is
 * too), and the phrase "COVID 19" or "COVID-19" the word "covid19"; a word typed in capitals,
 * "US", is also the phrase of its letters, "U.S." (not when a letter is a stop word, as the "i"
 * of "IT": the phrase would leave it out). A word of letters is also the phrase of the two
 * words it joins, when the index holds both ("healthcare": "health care", "health-care"). One
 * node into *ALT, or none; false when out of memory. */
static bool written_form(builder *b, const node *n, node **alt) {
    *alt = NULL;
    if (n->kind == N_WORD && n->ntok == 1 && !n->exact && n->capitals) {
        size_t len = strlen(n->text[0]);  /* the letters typed, in lower case */
        if (len > 4) return true;           /* never: in_capitals took 2 to 4 */
        char letters[4][2];
        char *parts[4];
        for (size_t i = 0; i < len; i++) {
            letters[i][0] = n->text[0][i];
            letters[i][1] = '\0';
            parts[i] = letters[i];
            if (locus_stopword("en", letters[i])) return true;
        }
        return (*alt = made_node(b, parts, len, n->field)) != NULL;
    }
    if (n->kind == N_WORD && n->ntok == 1 && !n->exact) {
        size_t a = letters_then_digits(n->text[0]);
        if (!a) {
            size_t cut = split_point(b, n->text[0]);
            if (!cut) return !b->failed;
            char head[LOCUS_MAX_TOKEN + 1];
            memcpy(head, n->text[0], cut);
            head[cut] = '\0';
            char *parts[2] = {head, n->text[0] + cut};
            return (*alt = made_node(b, parts, 2, n->field)) != NULL;
        }
        char letters[LOCUS_MAX_TOKEN + 1];
        memcpy(letters, n->text[0], a);
        letters[a] = '\0';
        char *parts[2] = {letters, n->text[0] + a};
        return (*alt = made_node(b, parts, 2, n->field)) != NULL;
    }
    if (n->kind == N_PHRASE && n->ntok == 2 && all_digits(n->text[1])) {
        size_t a = strlen(n->text[0]), d = strlen(n->text[1]);
        char joined[2 * LOCUS_MAX_TOKEN + 1];
        if (a < 2 || a + d > LOCUS_MAX_TOKEN) return true;
        memcpy(joined, n->text[0], a);
        memcpy(joined + a, n->text[1], d + 1);
        if (letters_then_digits(joined) != a) return true;
        char *one = joined;
        return (*alt = made_node(b, &one, 1, n->field)) != NULL;
    }
    return true;
}

static size_t alternatives(builder *b, const node *n, node **alts, size_t max) {
    if (n->kind == N_WILD || !max) return 0;
    size_t k = 0;
    node *form = NULL;
    if (!written_form(b, n, &form)) { b_oom(b); return 0; }
    if (form) alts[k++] = form;
    if (!b->q->nacronyms) return k;
    bool word = n->kind == N_WORD && n->ntok == 1 && !n->exact;
    bool phrase = n->ntok > 1;
    if (!word && !phrase) return k;
    for (size_t i = 0; i < b->q->nacronyms && k < max; i++) {
        const locus_acronym_def *d = &b->q->acronyms[i];
        node *m = NULL;
        const char *from = NULL, *to = NULL;
        if (word && strcmp(n->text[0], d->folded) == 0 && d->ntok > 0) {
            m = made_node(b, d->tokens, d->ntok, n->field);
            from = d->acronym;
            to = d->long_form;
        } else if (phrase && same_tokens(n->text, n->ntok, d->tokens, d->ntok)) {
            char *acr = (char *)d->folded;
            m = made_node(b, &acr, 1, n->field);
            from = d->long_form;
            to = d->acronym;
        } else {
            continue;
        }
        if (!m || !add_expansion(b, from, to, m)) { b_oom(b); return 0; }
        alts[k++] = m;
    }
    return k;
}

#define MAX_ALTERNATIVES 16

/* A word, phrase or wildcard with what the acronym dictionary adds to it: in each field, one
 * synonym of them all, so that "DFFT" and "Data Free Flow with Trust" weigh as one term. */
static xdb_query *build_expanded(builder *b, const node *n) {
    node *alts[MAX_ALTERNATIVES];
    size_t nalts = alternatives(b, n, alts, MAX_ALTERNATIVES);
    if (b->failed) return NULL;
    return build_leafy(b, n, alts, nalts);
}

static bool holds_phrase(node *const *alts, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (alts[i]->ntok > 1) return true;
    return false;
}

/* SYN, a synonym that holds a phrase, weighed as the passages it matches, counted: Xapian's
 * estimate of a phrase's frequency inside a synonym is far too low for a common one ("U.S.",
 * "health care"), which would make it weigh as a rare word. SYN itself without an index. */
static xdb_query *counted(builder *b, xdb_query *syn) {
    if (!b->db) return syn;
    double f;
    xdb_error xe;
    if (xdb_query_counted_weight(b->db, syn, &f, &xe)) {
        xdb_query_free(syn);
        return b_xdb(b, &xe);
    }
    return scaled(b, syn, f);
}

/* A word, phrase or wildcard: in its field, or in text, section and title, weighted; in the
 * text, a synonym of it and its alternatives ALTS[0..nalts). */
static xdb_query *build_leafy(builder *b, const node *n, node *const *alts, size_t nalts) {
    if (n->kind == N_WILD && !check_wildcard(b, n)) return NULL;
    static const struct { const char *exact, *stem, *label; double w; } any[] = {
        {"", LOCUS_PREFIX_STEM, "", 1.0},
        {LOCUS_PREFIX_SECTION, LOCUS_PREFIX_SECTION_STEM, "section:", 0},
        {LOCUS_PREFIX_TITLE, LOCUS_PREFIX_TITLE_STEM, "title:", 0}};
    double weights[3] = {1.0, b->w.section, b->w.title};
    size_t first = 0, count = 3;
    if (n->field == F_SECTION) { first = 1; count = 1; }
    if (n->field == F_TITLE) { first = 2; count = 1; }
    xdb_query *qs[3];
    for (size_t k = 0; k < count; k++) {
        double w = n->field == F_ANY ? weights[first + k] : 1.0;
        if (w <= 0 && n->field == F_ANY) w = 1e-9;  /* a field weighed 0 still matches */
        xdb_query *fq = field_q(b, n, any[first + k].exact, any[first + k].stem);
        if (fq && nalts && first + k == 0) {  /* in the text: headings keep the word as typed */
            xdb_query *syn[MAX_ALTERNATIVES + 1] = {fq};
            for (size_t i = 0; i < nalts; i++)
                syn[i + 1] = field_q(b, alts[i], any[first + k].exact, any[first + k].stem);
            fq = combine(b, XDB_OP_SYNONYM, syn, nalts + 1, 0);
            if (fq && holds_phrase(alts, nalts)) fq = counted(b, fq);
        }
        qs[k] = scaled(b, fq, w);
        if (qs[k] && !add_leaf(b, NULL, any[first + k].label, n, qs[k])) {
            free_all(qs, k + 1);
            return b_oom(b);
        }
        if (!qs[k]) { free_all(qs, k); return b_oom(b); }
    }
    /* the word as typed, unstemmed, adds a little: "models" over "modelling" */
    if (n->field == F_ANY && n->kind == N_WORD && n->ntok == 1 && !n->exact && b->w.exact_form > 0) {
        xdb_query *pair[2] = {combine(b, XDB_OP_OR, qs, count, 0), scaled(b, term(b, "", n->text[0], 1), b->w.exact_form)};
        count = 0;
        if (!pair[0] || !pair[1]) { xdb_query_free(pair[0]); xdb_query_free(pair[1]); return b_oom(b); }
        qs[0] = combine(b, XDB_OP_OR, pair, 2, 0);
        count = 1;
        if (!qs[0]) return b_oom(b);
    }
    if (n->field == F_ANY) {
        bool ok;
        if (n->kind == N_WILD) ok = add_pattern(b, P_PREFIX, n->text, 1);
        else if (n->ntok > 1) ok = add_pattern(b, P_PHRASE, n->text, n->ntok);
        else if (n->exact) ok = add_pattern(b, P_EXACT, n->text, 1);
        else if (n->nstems) ok = add_pattern(b, P_STEM, n->stems, n->nstems);
        else ok = add_pattern(b, P_STEM, n->stem, 1);
        for (size_t i = 0; i < nalts && ok; i++)
            ok = alts[i]->ntok > 1 ? add_pattern(b, P_PHRASE, alts[i]->text, alts[i]->ntok)
                                   : add_pattern(b, P_EXACT, alts[i]->text, 1);
        if (!ok) { free_all(qs, count); return b_oom(b); }
    }
    return combine(b, XDB_OP_OR, qs, count, 0);
}

static xdb_query *build_prox(builder *b, const node *n) {
    const char *prefix = n->field == F_TITLE ? LOCUS_PREFIX_TITLE
                       : n->field == F_SECTION ? LOCUS_PREFIX_SECTION : "";
    xdb_query **qs = calloc(n->nkids, sizeof *qs);
    if (!qs) return b_oom(b);
    /* an English stop word has no positions (see phrase): the others keep their window; when
     * fewer than two are left, the words are all required, anywhere */
    size_t k = 0, stops = 0;
    for (size_t i = 0; i < n->nkids; i++) stops += locus_stopword("en", n->kids[i]->text[0]);
    bool positional = n->nkids - stops >= 2;
    for (size_t i = 0; i < n->nkids; i++) {
        if (!(positional && locus_stopword("en", n->kids[i]->text[0])))
            qs[k++] = term(b, prefix, n->kids[i]->text[0], (uint32_t)i + 1);
        if (n->field == F_ANY && !add_pattern(b, P_EXACT, n->kids[i]->text, 1)) {
            free_all(qs, k);
            free(qs);
            return b_oom(b);
        }
    }
    uint32_t window = n->window + (uint32_t)n->nkids - 1;
    xdb_query *q = positional ? combine(b, n->kind == N_NEAR ? XDB_OP_NEAR : XDB_OP_PHRASE, qs, k, window)
                              : combine(b, XDB_OP_AND, qs, k, 0);
    free(qs);
    if (q) {  /* its label: "a NEAR/5 b" */
        sbuf l = {0};
        for (size_t i = 0; i < n->nkids; i++) {
            if (i) sb_add(&l, " %s/%u ", n->kind == N_NEAR ? "NEAR" : "ADJ", n->window);
            sb_add(&l, "%s", n->kids[i]->text[0]);
        }
        bool ok = !l.oom && add_leaf(b, l.s, "", NULL, q);
        free(l.s);
        if (!ok) { xdb_query_free(q); return b_oom(b); }
    }
    return q;
}

static xdb_query *build_date(builder *b, const node *n) {
    xdb_query *q = NULL;
    xdb_error xe;
    if (xdb_query_value_range(LOCUS_SLOT_DATE, n->lo[0] ? n->lo : NULL, n->hi[0] ? n->hi : NULL, &q, &xe))
        return b_xdb(b, &xe);
    return q;
}

static xdb_query *match_all(builder *b) {
    xdb_query *q = NULL;
    xdb_error xe;
    if (xdb_query_match_all(&q, &xe)) return b_xdb(b, &xe);
    return q ? q : b_oom(b);
}

/* Whether C is a plain optional word (no sign, not exact, in every field) of the stop list. */
static bool is_stop_clause(const builder *b, const node *c) {
    return b->w.stop_language && c->kind == N_WORD && c->ntok == 1 && !c->exact && !c->sign &&
           c->field == F_ANY && locus_stopword(b->w.stop_language, c->text[0]);
}

/* Extra weight of the sequence N, appended to EXTRA (*nextra of them; MAX at most): each is
 * OR'ed with the sequence's optional words, so it reorders what they match and matches nothing
 * more. Each returns false when the build failed (b->failed). */

/* Proximity: each pair of neighbouring plain words found within LOCUS_PROXIMITY_WINDOW words of
 * each other adds weight ("a NEAR b" in --explain). */
static bool add_proximity(builder *b, const node *n, xdb_query **extra, size_t *nextra) {
    if (!(b->w.proximity > 0 && b->positive)) return true;
    const node *prev = NULL;
    for (size_t i = 0; i < n->nkids && !b->failed; i++) {
        const node *c = n->kids[i];
        bool plain = c->kind == N_WORD && c->ntok == 1 && !c->sign && c->field == F_ANY &&
                     !is_stop_clause(b, c);
        if (c->new_sentence) prev = NULL;  /* words of two sentences are no pair */
        if (!plain) { if (c->kind != N_WORD || c->sign) prev = NULL; continue; }
        if (prev) {
            xdb_query *pair[2] = {term(b, "", prev->text[0], 1), term(b, "", c->text[0], 2)};
            xdb_query *near = scaled(b, combine(b, XDB_OP_NEAR, pair, 2, LOCUS_PROXIMITY_WINDOW),
                                     b->w.proximity);
            if (!near) return false;
            char label[2 * LOCUS_MAX_TOKEN + 8];  /* --explain shows what the pair adds */
            snprintf(label, sizeof label, "%s NEAR %s", prev->text[0], c->text[0]);
            if (!add_leaf(b, label, "", NULL, near)) { xdb_query_free(near); b_oom(b); return false; }
            extra[(*nextra)++] = near;
        }
        prev = c;
    }
    return !b->failed;
}

/* A Japanese word written solid also counts as the phrase it spells, a synonym of its acronym
 * when it is a long form: the passage that writes it as typed comes first. */
static bool add_solids(builder *b, const node *n, xdb_query **extra, size_t *nextra, size_t max) {
    for (size_t k = 0; k < n->nsolids && b->positive && !b->failed && *nextra < max; k++) {
        xdb_query *q = build_expanded(b, n->solids[k]);
        if (!q) return false;
        extra[(*nextra)++] = q;
    }
    return !b->failed;
}

/* FIRST and SECOND written as one into JOINED (2 * LOCUS_MAX_TOKEN + 1 bytes); false, JOINED
 * untouched, when the two are longer than a token. */
static bool join_two(const char *first, const char *second, char *joined) {
    size_t a = strlen(first), d = strlen(second);
    if (a + d > LOCUS_MAX_TOKEN) return false;
    memcpy(joined, first, a);
    memcpy(joined + a, second, d + 1);
    return true;
}

/* The two words FIRST and SECOND written as one into JOINED (2 * LOCUS_MAX_TOKEN + 1 bytes), when
 * they are letters, neither a stop word nor both single letters ("U.S." is not "us"), and the
 * index holds the joined word ("health care", "non-profit": "healthcare", "nonprofit"). */
static bool joined_word(builder *b, const char *first, const char *second, char *joined) {
    size_t a = strlen(first), d = strlen(second);
    if (a + d == 2 || !all_letters(first, a) || !all_letters(second, d) ||
        locus_stopword("en", first) || locus_stopword("en", second) || !join_two(first, second, joined))
        return false;
    return index_holds(b, joined);
}

/* Two words in a row also match the two written as one: a word and a number ("NIS 2": "NIS2"),
 * and two words of letters the index holds joined (joined_word: "health care", "healthcare");
 * never two words of different sentences. The joined word is a clause of its own, so the words
 * keep their weight where they are written apart. */
static bool add_joined_words(builder *b, const node *n, xdb_query **extra, size_t *nextra,
                             size_t max) {
    for (size_t i = 0; i + 1 < n->nkids && b->positive && !b->failed && *nextra < max; i++) {
        const node *c = n->kids[i], *d = n->kids[i + 1];
        bool plain = c->kind == N_WORD && d->kind == N_WORD && c->ntok == 1 && d->ntok == 1 &&
                     !c->sign && !d->sign && c->field == F_ANY && d->field == F_ANY &&
                     !d->new_sentence && !c->exact && !d->exact;
        if (!plain) continue;
        char joined[2 * LOCUS_MAX_TOKEN + 1];
        size_t a = strlen(c->text[0]);
        if (all_digits(d->text[0])) {
            if (!join_two(c->text[0], d->text[0], joined) || letters_then_digits(joined) != a) continue;
        } else if (is_stop_clause(b, c) || is_stop_clause(b, d) ||
                   !joined_word(b, c->text[0], d->text[0], joined)) {
            continue;
        }
        char *one = joined;
        node *m = made_node(b, &one, 1, F_ANY);
        if (!m) { b_oom(b); return false; }
        xdb_query *q = build_leafy(b, m, NULL, 0);
        if (!q) return false;
        extra[(*nextra)++] = q;
    }
    return !b->failed;
}

/* Plain words in a row that spell a long form the index learned also match its acronym. */
static bool add_acronyms_of_long_forms(builder *b, const node *n, xdb_query **extra, size_t *nextra,
                                       size_t max) {
    for (size_t d = 0; d < b->q->nacronyms && b->positive && !b->failed && *nextra < max; d++) {
        const locus_acronym_def *def = &b->q->acronyms[d];
        if (def->ntok < 2) continue;
        bool found = false;
        for (size_t i = 0; !found && i + def->ntok <= n->nkids; i++) {
            bool all = true;
            for (size_t k = 0; k < def->ntok && all; k++) {
                const node *c = n->kids[i + k];
                all = c->kind == N_WORD && c->ntok == 1 && !c->sign && c->field == F_ANY &&
                      strcmp(c->text[0], def->tokens[k]) == 0;
            }
            found = all;
        }
        if (!found) continue;
        char *acr = (char *)def->folded;
        node *m = made_node(b, &acr, 1, F_ANY);
        if (!m || !add_expansion(b, def->long_form, def->acronym, m)) { b_oom(b); return false; }
        xdb_query *q = build_leafy(b, m, NULL, 0);
        if (!q) return false;
        extra[(*nextra)++] = q;
    }
    return !b->failed;
}

/* The optional words OPT[0..*nopt) (consumed: *nopt becomes 0) as one query: any of them,
 * with a bonus (all_words, when not 0) when all match; NULL when there are none or the build
 * failed. */
static xdb_query *optional_words(builder *b, xdb_query **opt, size_t *nopt) {
    if (*nopt == 0) return NULL;
    if (*nopt == 1 || !(b->w.all_words > 0)) {
        xdb_query *any = combine(b, XDB_OP_OR, opt, *nopt, 0);
        *nopt = 0;
        return any;
    }
    xdb_query **copies = calloc(*nopt, sizeof *copies);
    if (!copies) return b_oom(b);
    for (size_t i = 0; i < *nopt; i++) xdb_query_copy(opt[i], &copies[i], NULL);
    xdb_query *all = scaled(b, combine(b, XDB_OP_AND, copies, *nopt, 0), b->w.all_words);
    free(copies);
    if (!all) return NULL;
    if (!add_leaf(b, "(all words)", "", NULL, all)) { xdb_query_free(all); return b_oom(b); }
    xdb_query *any = combine(b, XDB_OP_OR, opt, *nopt, 0);
    *nopt = 0;
    xdb_query *pair[2] = {any, all};
    return combine(b, XDB_OP_OR, pair, 2, 0);
}

/* A sequence: required clauses ANDed, optional ones ORed (with a bonus when all match),
 * excluded ones removed, dates as filters. */
static xdb_query *build_seq(builder *b, const node *n) {
    size_t cap = n->nkids;
    xdb_query **req = calloc(cap, sizeof *req), **opt = calloc(cap, sizeof *opt),
              **excl = calloc(cap, sizeof *excl), **dates = calloc(cap, sizeof *dates);
    size_t nreq = 0, nopt = 0, nexcl = 0, ndates = 0, nextra = 0;
    xdb_query **opt_extra = calloc(2 * cap + 1, sizeof *opt_extra);  /* proximity pairs, acronyms */
    xdb_query *result = NULL;
    if (!req || !opt || !excl || !dates || !opt_extra) { b_oom(b); goto out; }
    bool was_positive = b->positive;
    /* stop words out of the plain optional words, unless nothing else would be left */
    bool drop_stop = false;
    for (size_t i = 0; i < n->nkids && b->w.stop_language && !drop_stop; i++)
        drop_stop = !is_stop_clause(b, n->kids[i]) && n->kids[i]->sign != '-' && n->kids[i]->kind != N_DATE;
    for (size_t i = 0; i < n->nkids && !b->failed; i++) {
        const node *c = n->kids[i];
        if (drop_stop && is_stop_clause(b, c)) continue;
        if (c->sign == '-') b->positive = false;
        xdb_query *q = build(b, c);
        b->positive = was_positive;
        if (!q) break;
        if (c->kind == N_DATE && c->sign != '-') dates[ndates++] = q;
        else if (c->sign == '-') excl[nexcl++] = q;
        else if (c->sign == '+') req[nreq++] = q;
        else opt[nopt++] = q;
    }
    if (b->failed) goto out;
    if (!add_proximity(b, n, opt_extra, &nextra) ||
        !add_solids(b, n, opt_extra, &nextra, 2 * cap) ||
        !add_joined_words(b, n, opt_extra, &nextra, 2 * cap) ||
        !add_acronyms_of_long_forms(b, n, opt_extra, &nextra, 2 * cap))
        goto out;
    xdb_query *optional = optional_words(b, opt, &nopt);
    if (b->failed) { xdb_query_free(optional); goto out; }
    if (optional && nextra) {
        for (size_t i = 0; i < nextra; i++)
            if (!opt_extra[i]) { xdb_query_free(optional); b_oom(b); goto out; }
        memmove(opt_extra + 1, opt_extra, nextra * sizeof *opt_extra);
        opt_extra[0] = optional;
        optional = combine(b, XDB_OP_OR, opt_extra, nextra + 1, 0);
        nextra = 0;
        if (!optional) goto out;
    }
    xdb_query *pos;
    if (nreq) {
        xdb_query *required = combine(b, XDB_OP_AND, req, nreq, 0);
        nreq = 0;
        if (optional) {
            xdb_query *pair[2] = {required, optional};
            pos = combine(b, XDB_OP_AND_MAYBE, pair, 2, 0);
        } else {
            pos = required;
        }
    } else {
        pos = optional ? optional : match_all(b);
    }
    if (pos && nexcl) {
        xdb_query *pair[2] = {pos, combine(b, XDB_OP_OR, excl, nexcl, 0)};
        nexcl = 0;
        pos = combine(b, XDB_OP_AND_NOT, pair, 2, 0);
    }
    if (pos && ndates) {
        xdb_query *pair[2] = {pos, combine(b, XDB_OP_AND, dates, ndates, 0)};
        ndates = 0;
        pos = combine(b, XDB_OP_FILTER, pair, 2, 0);
    }
    result = pos;
out:
    if (req) free_all(req, nreq);
    if (opt) free_all(opt, nopt);
    if (excl) free_all(excl, nexcl);
    if (dates) free_all(dates, ndates);
    if (opt_extra) free_all(opt_extra, nextra);
    free(opt_extra);
    free(req);
    free(opt);
    free(excl);
    free(dates);
    return result;
}

/* A word typed with a hyphen between two words ("non-profit"): the phrase of its parts, or the
 * word they join when the index holds it (joined_word), each weighing as it would alone. */
static xdb_query *build_punctuated(builder *b, const node *n) {
    xdb_query *phrase = build_expanded(b, n);
    char joined[2 * LOCUS_MAX_TOKEN + 1];
    if (!phrase || n->ntok != 2 || !joined_word(b, n->text[0], n->text[1], joined)) return phrase;
    char *one = joined;
    node *m = made_node(b, &one, 1, n->field);
    if (!m) { xdb_query_free(phrase); return b_oom(b); }
    xdb_query *pair[2] = {phrase, build_leafy(b, m, NULL, 0)};
    if (!pair[1]) { xdb_query_free(phrase); return NULL; }
    return combine(b, XDB_OP_OR, pair, 2, 0);
}

static xdb_query *build(builder *b, const node *n) {
    switch (n->kind) {
    case N_PHRASE: return n->punctuated ? build_punctuated(b, n) : build_expanded(b, n);
    case N_WORD:
    case N_WILD: return build_expanded(b, n);
    case N_NEAR:
    case N_ADJ: return build_prox(b, n);
    case N_DATE: return build_date(b, n);
    case N_SEQ: return build_seq(b, n);
    case N_AND:
    case N_OR:
    case N_NOT: {  /* n-ary: a NOT b NOT c keeps a and drops b and c */
        xdb_query **qs = calloc(n->nkids, sizeof *qs);
        if (!qs) return b_oom(b);
        bool was = b->positive;
        size_t built = 0;
        for (; built < n->nkids; built++) {
            if (n->kind == N_NOT && built == 1) b->positive = false;
            if (!(qs[built] = build(b, n->kids[built]))) break;
        }
        b->positive = was;
        xdb_query *q = NULL;
        if (built == n->nkids)
            q = combine(b, n->kind == N_AND ? XDB_OP_AND : n->kind == N_OR ? XDB_OP_OR : XDB_OP_AND_NOT,
                        qs, n->nkids, 0);
        else
            free_all(qs, built);
        free(qs);
        return q;
    }
    }
    return b_oom(b);
}

void locus_query_weights_init(locus_query_weights *w) {
    w->section = LOCUS_WEIGHT_SECTION;
    w->title = LOCUS_WEIGHT_TITLE;
    w->all_words = LOCUS_ALL_WORDS_BONUS;
    w->stop_language = NULL;
    w->proximity = LOCUS_WEIGHT_PROXIMITY;
    w->exact_form = LOCUS_WEIGHT_EXACT_FORM;
    w->languages = NULL;
    w->n_languages = 0;
}

/* Gives each plain stemmable word of the tree under N its distinct stems in the languages of W
 * (none given: the stem the parser made). Returns false when out of memory. */
static bool prepare_stems(locus_analyzer *a, node *n, const locus_query_weights *w) {
    for (size_t i = 0; i < n->nkids; i++)
        if (!prepare_stems(a, n->kids[i], w)) return false;
    for (size_t i = 0; i < n->nstems; i++) free(n->stems[i]);
    free(n->stems);
    n->stems = NULL;
    n->nstems = 0;
    if (n->kind != N_WORD || n->ntok != 1 || n->exact || !n->stemmable[0] || !w->n_languages)
        return true;
    if (!(n->stems = calloc(w->n_languages, sizeof *n->stems))) return false;
    for (size_t l = 0; l < w->n_languages; l++) {
        const char *st = n->text[0];
        size_t len = strlen(st);
        if (locus_analyzer_stem(a, w->languages[l], n->text[0], len, &st, &len, NULL)) {
            st = n->text[0];  /* a language the analyzer cannot name: the word as it is */
            len = strlen(st);
        }
        bool seen = false;
        for (size_t k = 0; k < n->nstems && !seen; k++)
            seen = strlen(n->stems[k]) == len && memcmp(n->stems[k], st, len) == 0;
        if (seen) continue;
        if (!(n->stems[n->nstems] = strndup(st, len))) return false;
        n->nstems++;
    }
    return true;
}

locus_status locus_query_build(locus_query *q, xdb_db *db, const locus_query_weights *w,
                               const xdb_query **out, locus_error *err) {
    *out = NULL;
    xdb_query_free(q->built);
    q->built = NULL;
    for (size_t i = 0; i < q->nleaves; i++) {
        free(q->leaves[i].label);
        xdb_query_free(q->leaves[i].q);
    }
    q->nleaves = 0;
    q->npatterns = 0;
    for (size_t i = 0; i < q->nexpansions; i++) {
        free((char *)q->expansions[i].from);
        free((char *)q->expansions[i].to);
    }
    q->nexpansions = 0;
    builder b = {.q = q, .db = db, .err = err, .positive = true};
    if (w) b.w = *w;
    else locus_query_weights_init(&b.w);
    if (!prepare_stems(q->a, q->root, &b.w))
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    xdb_query *root = build(&b, q->root);
    if (!root) return b.failed ? (err ? err->status : LOCUS_ERR_QUERY) : locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    q->built = root;
    *out = root;
    return LOCUS_OK;
}

size_t locus_query_leaf_count(const locus_query *q) { return q->nleaves; }
const char *locus_query_leaf_label(const locus_query *q, size_t i) { return q->leaves[i].label; }
const struct xdb_query *locus_query_leaf(const locus_query *q, size_t i) { return q->leaves[i].q; }

size_t locus_query_words(const locus_query *q, const locus_query_word **out) {
    *out = q->words;
    return q->nwords;
}

/* ---- highlighting ------------------------------------------------------------------------ */

static bool token_matches(const pattern *pt, const locus_token *t) {
    switch (pt->kind) {
    case P_STEM:
        for (size_t i = 0; i < pt->n; i++)
            if (strcmp(t->stem, pt->words[i]) == 0) return true;
        return false;
    case P_EXACT: return strcmp(t->text, pt->words[0]) == 0;
    case P_PREFIX: return strncmp(t->text, pt->words[0], strlen(pt->words[0])) == 0;
    case P_PHRASE: return false;
    }
    return false;
}

void locus_query_highlight(const locus_query *q, const locus_token *tokens, size_t n,
                           locus_span_fn fn, void *ctx) {
    size_t i = 0;
    while (i < n) {
        size_t best = 0;  /* the longest phrase starting here */
        for (size_t k = 0; k < q->npatterns; k++) {
            const pattern *pt = &q->patterns[k];
            if (pt->kind != P_PHRASE || pt->n <= best || i + pt->n > n) continue;
            bool all = true;
            for (size_t j = 0; j < pt->n && all; j++)
                all = strcmp(tokens[i + j].text, pt->words[j]) == 0 &&
                      (j == 0 || tokens[i + j].pos == tokens[i + j - 1].pos + 1);
            if (all) best = pt->n;
        }
        if (best) {
            fn((locus_token_span){i, i + best - 1}, ctx);
            i += best;
            continue;
        }
        for (size_t k = 0; k < q->npatterns; k++)
            if (token_matches(&q->patterns[k], &tokens[i])) {
                fn((locus_token_span){i, i}, ctx);
                break;
            }
        i++;
    }
}

char *locus_query_plain(const char *query) {
    size_t n = strlen(query), o = 0;
    char *out = malloc(n + 1), *text = malloc(n + 1);
    if (!out || !text) {
        free(out);
        free(text);
        return NULL;
    }
    memcpy(text, query, n + 1);
    blank_wide_spaces(text, n);  /* as the parser sees them: "AND\u3000" is the word AND */
    size_t i = 0;
    while (i < n) {
        if (is_space(text[i]) || strchr("\"():*", text[i])) {
            out[o++] = ' ';
            i++;
            continue;
        }
        size_t e = i;  /* a word: up to white space or syntax */
        while (e < n && !is_space(text[e]) && !strchr("\"():*", text[e])) e++;
        size_t a = i;
        while (a < e && (text[a] == '+' || text[a] == '-' || text[a] == '=')) a++;
        static const char *const ops[] = {"AND", "OR", "NOT", "NEAR", "ADJ"};
        bool op = false;
        for (size_t k = 0; k < sizeof ops / sizeof ops[0] && !op; k++) {
            size_t l = strlen(ops[k]);
            op = e - a >= l && !memcmp(text + a, ops[k], l) && (e - a == l || text[a + l] == '/');
        }
        for (size_t k = i; k < a; k++) out[o++] = ' ';
        for (size_t k = a; k < e; k++) {
            char c = text[k];
            if (op && c == '/') c = ' ';
            out[o++] = op && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        i = e;
    }
    out[o] = '\0';
    free(text);
    return out;
}
