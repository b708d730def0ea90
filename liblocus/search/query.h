/* query.h - the locus query language (docs/QUERY.md): parsed into a tree, then built into a
 * Xapian query against an index. Internal to liblocus; the programs go through search.h.
 *
 *   words         regulation  (stemmed)        =regulation, "regulation"  (exact)
 *   phrases       "joint research"             Japan-EU, B5G/6G  (a word with punctuation)
 *   boolean       a AND b, a OR b, a NOT b, ( ), +required, -excluded
 *   proximity     a NEAR/5 b (any order)        a ADJ/3 b (in order)
 *   wildcard      regul*
 *   fields        title:word  section:"a phrase"  title:(a OR b)  date:2022-01..2022-12
 *
 * Precedence, tightest first: NEAR/ADJ, a sequence of clauses, AND and NOT, OR.
 * In a sequence, each word matches the passage's text and, with less weight, its section
 * heading and its release title; a passage holding all the words gets a bonus.
 */
#ifndef LOCUS_QUERY_H
#define LOCUS_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/analyzer.h"
#include <locus/info.h>
#include <locus/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_WEIGHT_SECTION 0.5   /* a word in the section heading, relative to the text */
#define LOCUS_WEIGHT_TITLE 0.5     /* a word in the release title */
#define LOCUS_ALL_WORDS_BONUS 0.5  /* extra weight, relative to their sum, when all words match
                                      (the search sets its own: LOCUS_ALL_WORDS) */
#define LOCUS_WEIGHT_PROXIMITY 0.2 /* a pair of query words close together (docs/QUALITY.md) */
#define LOCUS_PROXIMITY_WINDOW 8
#define LOCUS_WEIGHT_EXACT_FORM 0.0 /* a word found as typed, unstemmed */
#define LOCUS_QUERY_MAX_CLAUSES 1024
#define LOCUS_QUERY_MAX_DEPTH 64
#define LOCUS_NEAR_DEFAULT 10      /* NEAR and ADJ without /n */
#define LOCUS_QUERY_MAX_LANGUAGES 32 /* languages a query is stemmed in at most */

struct xdb_query;
struct xdb_db;
typedef struct locus_query locus_query;

/* Parses TEXT with analyzer A, which must outlive the query (it stems the words again for
 * each language at build time). Fails with LOCUS_ERR_QUERY, err->column set to the 1-based
 * character column of the problem and a message starting "column N: ". Free with
 * locus_query_free. */
locus_status locus_query_parse(locus_analyzer *a, const char *text, locus_query **out,
                               locus_error *err);

void locus_query_free(locus_query *q);

/* A canonical description of the parse tree, e.g. (OR (WORD joint) (PHRASE japan eu)), in a
 * new string freed with free(); NULL when out of memory. For tests and debugging. */
char *locus_query_describe(const locus_query *q);

/* How a query's parts are weighed against each other. */
typedef struct locus_query_weights {
    double section;     /* a word in the section heading, relative to the text */
    double title;       /* a word in the release title */
    double all_words;   /* extra weight, relative to their sum, when all optional words match */
    const char *stop_language; /* leave this language's stop words out of the plain words of a
                                  query (not out of phrases, nor when only stop words are
                                  left); NULL keeps them */
    double proximity;   /* each pair of neighbouring plain words found within
                           LOCUS_PROXIMITY_WINDOW words of each other adds this times its
                           weight (0: off) */
    double exact_form;  /* a plain word found unstemmed, as typed, adds this (0: off) */
    const char *const *languages; /* the language codes to stem plain words in: a word matches
                           its stem in any of them (as one term); none: the parser's stem */
    size_t n_languages;
} locus_query_weights;

/* The defaults: LOCUS_WEIGHT_SECTION, LOCUS_WEIGHT_TITLE, LOCUS_ALL_WORDS_BONUS, no stop
 * words. */
void locus_query_weights_init(locus_query_weights *w);

/* Builds the Xapian query against DB with weights W (NULL: the defaults); wildcards are
 * expanded and bounded there. Fails with LOCUS_ERR_QUERY (column set) when a wildcard matches
 * more than LOCUS_WILDCARD_MAX words. The result is owned by Q and valid until the next build
 * or locus_query_free. */
locus_status locus_query_build(locus_query *q, struct xdb_db *db, const locus_query_weights *w,
                               const struct xdb_query **out, locus_error *err);

/* After a build: the parts whose weights make up a passage's score, for --explain. Labels
 * read like "dfft", "section:6g", "\"joint research\"", "(all words)". Borrowed from Q. */
size_t locus_query_leaf_count(const locus_query *q);
const char *locus_query_leaf_label(const locus_query *q, size_t i);
const struct xdb_query *locus_query_leaf(const locus_query *q, size_t i);

/* A highlighted span: [first, last] token indexes in the analyzed passage. */
typedef struct locus_token_span {
    size_t first, last;
} locus_token_span;

/* Given the N tokens of a passage (in order), calls FN for each run of tokens that matches a
 * positive part of the query: a word (by exact form or stem), a wildcard, or a whole phrase
 * (one call for the whole phrase). */
typedef void (*locus_span_fn)(locus_token_span span, void *ctx);
void locus_query_highlight(const locus_query *q, const locus_token *tokens, size_t n,
                           locus_span_fn fn, void *ctx);

/* An acronym the index knows and one of its long forms, for expanding queries. */
typedef struct locus_acronym_def {
    const char *folded;     /* the acronym as the analyzer gives it ("dfft") */
    const char *acronym;    /* as defined ("DFFT") */
    const char *long_form;  /* as defined ("Data Free Flow with Trust") */
    char **tokens;          /* the long form analyzed: its exact forms */
    size_t ntok;
} locus_acronym_def;

/* Gives the next builds of Q the acronyms DEFS[0..n) (borrowed until the build): a plain word
 * that is an acronym also matches each long form as a phrase; a phrase, or plain words in a
 * row, that spell a long form also match the acronym. */
void locus_query_set_acronyms(locus_query *q, const locus_acronym_def *defs, size_t n);

/* After a build: what the acronyms added. TOKENS is what a passage must hold, in a row, for
 * the expansion to have matched it. Borrowed from Q. */
typedef struct locus_query_expansion {
    const char *from, *to;  /* "DFFT" -> "Data Free Flow with Trust", or the other way */
    const char *const *tokens;
    size_t ntok;
} locus_query_expansion;
size_t locus_query_expansions(const locus_query *q, const locus_query_expansion **out);

/* Words of the query a spelling dictionary may correct: their exact form and byte range in
 * the query text. Borrowed from Q. */
typedef struct locus_query_word {
    const char *text;
    size_t start, end;
} locus_query_word;
size_t locus_query_words(const locus_query *q, const locus_query_word **out);

/* TEXT with its query syntax taken out, so that any prose parses as plain words: quotes,
 * parentheses, ':' and '*' become spaces, a leading '+', '-' or '=' of a word goes, and the
 * operators (AND, OR, NOT, NEAR/n, ADJ/n) become ordinary lower-case words. A new string of at
 * most the same length (free()), or NULL when out of memory. */
char *locus_query_plain(const char *text);



#ifdef __cplusplus
}
#endif

#endif
