/* search.h - ranks the passages of a locus index for a query (the language is in
 * docs/QUERY.md).
 *
 * This header, status.h and paths.h are what locus-search uses. A locus_index is a read-only
 * handle: it never takes the write lock, and it reopens and retries by itself when a writer
 * commits in the middle of a search.
 */
#ifndef LOCUS_SEARCH_H
#define LOCUS_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct locus_index locus_index;

/* Opens the index at PATH (a folder, or a stub file listing shards) for searching. Fails with
 * LOCUS_ERR_NO_INDEX when there is none, LOCUS_ERR_INCOMPATIBLE when another locus built it.
 * Free with locus_index_close. */
locus_status locus_index_open(const char *path, locus_index **out, locus_error *err);

#define LOCUS_REMOTE_TIMEOUT 10.0  /* seconds a remote shard may take to connect or to answer */

/* locus_index_open where remote shards (a stub's "remote HOST:PORT" lines, served by
 * a remote server) may take TIMEOUT seconds to connect or to answer (0: LOCUS_REMOTE_TIMEOUT);
 * one that does not fails the open, or the search, with LOCUS_ERR_IO naming it. */
locus_status locus_index_open_timeout(const char *path, double timeout, locus_index **out,
                                      locus_error *err);

void locus_index_close(locus_index *ix);

/* Writes the language codes of the index's releases, space-separated in byte order ("de en fr
 * ja"), into OUT of SIZE bytes (those that do not fit are left out). Fails like any read. */
locus_status locus_index_languages(locus_index *ix, char *out, size_t size, locus_error *err);

/* Number of passages in the index. */
locus_status locus_index_passage_count(locus_index *ix, uint32_t *out, locus_error *err);

#define LOCUS_BM25_K1 1.2
#define LOCUS_BM25_B 0.75
#define LOCUS_BM25_DELTA 1.0  /* BM25+: a matching word adds at least this much (per its idf) */
#define LOCUS_SNIPPET_BYTES 480  /* a longer passage is shown as its best window */
/* Ranking defaults (docs/QUALITY.md says why) */
#define LOCUS_STOP_WORDS true
#define LOCUS_CONTACT_WEIGHT 0.5
#define LOCUS_FEEDBACK_PASSAGES 5
/* A short query (at most this many words, stop words not counted) says less of what it is
 * about: its feedback reads more passages and adds fewer terms, each with a larger share of
 * the feedback's weight (docs/QUALITY.md). */
#define LOCUS_FEEDBACK_SHORT_WORDS 4
#define LOCUS_FEEDBACK_SHORT_PASSAGES 8
#define LOCUS_FEEDBACK_SHORT_TERMS 15
#define LOCUS_FEEDBACK_TERMS 30
#define LOCUS_FEEDBACK_WEIGHT 0.5
#define LOCUS_FEEDBACK_BO1 true
#define LOCUS_FEEDBACK_COMMON 0.2   /* feedback leaves out a stem found this often per passage */
/* The all-words bonus (a passage holding every plain word of the query scores that much more,
 * relative to their sum) picks the passages feedback learns from; the final ranking keeps only a
 * little of it, so that a release about the query's topic is not outranked by any passage that
 * merely names every word (docs/QUALITY.md). */
#define LOCUS_ALL_WORDS 0.1
#define LOCUS_FEEDBACK_ALL_WORDS 0.5
#define LOCUS_RELEASE_EVIDENCE 0.2  /* a passage gains this times its release's best other passage */
#define LOCUS_WORDS_FIRST 5         /* a list of passages: its first this many in the order of the
                                       query's own words (locus_search_opts.words_first) */
#define LOCUS_RELEASE_DEPTH 200     /* ... among the first this many passages (or offset + limit) */

typedef enum locus_sort {
    LOCUS_SORT_RELEVANCE,
    LOCUS_SORT_DATE,       /* oldest first, then by relevance */
    LOCUS_SORT_DATE_DESC   /* newest first, then by relevance */
} locus_sort;

typedef struct locus_search_opts {
    uint32_t offset;        /* hits to skip */
    uint32_t limit;         /* hits to return at most */
    double bm25_k1;         /* term-frequency saturation */
    double bm25_b;          /* passage-length normalisation */
    uint32_t per_release;   /* 0: every passage; N: at most N passages per release */
    locus_sort sort;
    char since[9], until[9];/* "YYYYMMDD" bounds on the release date, "" for none */
    bool explain;           /* fill each hit's explain list */
    bool exact_total;       /* make results->total exact rather than estimated */
    bool suggest;           /* when nothing matches, look for a spelling correction */
    uint32_t page;          /* 0: every hit at once; N: N hits per page (locus_results_next),
                               so that memory stays bounded however many hits there are */
    bool plain;             /* the query is plain words: its syntax is ignored
                               (locus_query_plain), so any prose parses */
    bool no_highlights;     /* hits without spans, their snippet the whole text (faster: for
                               evaluation and counting) */
    bool no_terms;          /* hits without their matched index terms (hit->terms empty):
                               faster, each hit's term list is not read */
    bool no_expand;         /* acronyms are not expanded to their long forms, nor long forms to
                               their acronyms */
    const char *language;   /* NULL: words are stemmed as each language of the index stems
                               them; a code ("fr") or name ("french"): only as that one, and
                               only passages of releases in it match */
    /* Ranking (docs/QUALITY.md measures each): */
    double title_weight;    /* a query word in the release title, relative to the text */
    double section_weight;  /* ... in the section heading path */
    double all_words_bonus; /* extra weight when a passage holds all optional words */
    double feedback_all_words; /* ... in the first pass of feedback, which picks the passages
                               feedback learns from */
    bool stop_words;        /* leave English stop words out of plain words (when the index
                               holds English) */
    double proximity;       /* weight of neighbouring query words found close together */
    double exact_form;      /* weight of a query word found unstemmed, as typed */
    double contact_weight;  /* a passage of a contact block ("Contact", "Inquiries") or of
                               boilerplate (references, contents, a disclaimer: see
                               locus_passage_is_boilerplate): its score times this (1: not
                               weighed down) */
    uint32_t feedback_passages; /* pseudo-relevance feedback: expand the query with the best
                               terms of the N best passages (0: off) */
    uint32_t feedback_terms;    /* how many terms it adds */
    double feedback_weight;     /* the weight of the added terms, relative to the query's */
    double bm25_delta;      /* BM25+ lower bound on a matching word's term-frequency part
                               (Lv & Zhai 2011), so a long passage is not scored below a short
                               one that lacks the word; 0: plain BM25 */
    double feedback_confident; /* feedback is left out when the first pass is confident: its best
                               passage scores at least this times the last of the feedback
                               passages (0: always fed back) */
    bool feedback_bo1;      /* feedback terms weighed by Bo1 (divergence from randomness)
                               rather than the traditional probabilistic relevance weight */
    double release_evidence; /* by relevance, when passages are grouped by release (per_release):
                               each passage's score gains this times the score of the best other
                               passage of its release among the first LOCUS_RELEASE_DEPTH, so a
                               release about the query as a whole ranks above an isolated
                               mention (0: off); a list of passages ranks each by its own */
    double feedback_common;  /* feedback leaves out a stem found more than this many times per
                               passage of the index on average ("said" in newswire): it tells
                               nothing of a topic, and its long posting list is what a query
                               with it pays most for (0: no limit) */
    uint32_t feedback_short_words;    /* a query of at most this many words (stop words not
                                         counted) feeds back feedback_short_terms terms of
                                         feedback_short_passages passages instead (0: none) */
    uint32_t feedback_short_passages;
    uint32_t feedback_short_terms;
    uint32_t words_first;   /* with feedback, a list of passages by relevance (not per_release)
                               shows its first N in the order the query's own words score them:
                               feedback picks which passages come first, the words typed pick
                               which of them is shown first; each keeps its score (0 or 1: by
                               score alone) */
} locus_search_opts;

/* Sets the ranking fields of OPTS from SPEC, "name=value,name=value" with the names k1, b,
 * delta, title, section, all, fb_all, stop (0 or 1), prox, exact, contact, fb_passages, fb_short,
 * fb_short_passages, fb_short_terms, fb_terms, fb_weight, fb_bo1 (0 or 1), fb_conf, fb_common, release, first: to compare variants without recompiling (locus-search and locus-eval read it from $LOCUS_RANK). Fails with
 * LOCUS_ERR_INVALID naming the part it does not understand. */
locus_status locus_search_opts_tune(locus_search_opts *opts, const char *spec, locus_error *err);

/* Fills OPTS with the defaults: the first 10 passages by relevance, BM25+ with k1 =
 * LOCUS_BM25_K1, b = LOCUS_BM25_B and delta = LOCUS_BM25_DELTA, the ranking fields at the
 * defaults docs/QUALITY.md measures. */
void locus_search_opts_init(locus_search_opts *opts);

typedef struct locus_span {
    uint64_t start, end;    /* byte range in the passage's text (rec.text) */
} locus_span;

typedef struct locus_explain {
    char *label;            /* "dfft", "section:6g", "\"joint research\"", "(all words)" */
    double weight;          /* what it adds to the score */
} locus_explain;

typedef struct locus_hit_expansion {
    char *from, *to;        /* what the query said and what the passage matched through the
                               acronym dictionary: "DFFT" -> "Data Free Flow with Trust" */
} locus_hit_expansion;

typedef struct locus_hit {
    uint32_t rank;          /* 1 for the best hit */
    double score;
    uint32_t docid;
    uint32_t others;        /* with per_release: at least this many more passages of the
                               release matched */
    locus_record rec;       /* what the index stores of the passage */
    char **terms;           /* the index terms the passage matched ("title:" or "section:" in
                               front when matched there) */
    size_t n_terms;
    locus_span *spans;      /* matched words (a phrase as one span), in order, in rec.text */
    size_t n_spans;
    locus_span snippet;     /* the best window of rec.text (all of it when short) */
    locus_explain *explain; /* with opts.explain: each part of the query that adds weight */
    size_t n_explain;
    locus_hit_expansion *expansions; /* the acronym expansions the passage matched (found in
                               its text; none without highlights) */
    size_t n_expansions;
    double release_bonus;   /* what the release's other passages added to score
                               (opts.release_evidence) */
    double weighed_down;    /* what opts.contact_weight took from score (0: not a contact
                               block or boilerplate, or weighed inside the query) */
} locus_hit;

typedef struct locus_results {
    locus_hit *hits;        /* the hits of this page (all of them without opts.page) */
    size_t count;
    size_t returned;        /* hits in all pages (at most opts.limit) */
    uint32_t total;         /* matching passages (releases with per_release), estimated unless
                               exact_total */
    char *suggestion;       /* with opts.suggest and no match: a corrected query, or NULL */
    struct locus_more *more;/* private: what the next pages need */
} locus_results;

/* Ranks the passages of IX for QUERY into a new *out, freed with locus_results_free. Fails
 * with LOCUS_ERR_QUERY (err->column set) when QUERY cannot be parsed or a wildcard expands too
 * far. */
locus_status locus_search(locus_index *ix, const char *query, const locus_search_opts *opts,
                          locus_results **out, locus_error *err);

#define LOCUS_ACRONYM_WHERE 3   /* defining passages an acronym listing shows at most */

/* An acronym of the index's dictionary, learned at indexing time from the passages that define
 * it ("Data Free Flow with Trust (DFFT)"). */
typedef struct locus_acronym {
    const char *acronym;    /* "DFFT" */
    const char *long_form;  /* "Data Free Flow with Trust" */
    uint32_t passages;      /* passages that define it so */
    locus_record where[LOCUS_ACRONYM_WHERE]; /* the first of them, by path and line */
    size_t n_where;
} locus_acronym;

/* Called for each acronym; what it gets is borrowed for the call. Returns non-zero to stop. */
typedef int (*locus_acronym_visit_fn)(const locus_acronym *a, void *ctx);

/* Calls FN for each acronym and long form of IX whose acronym starts with PREFIX (any case;
 * NULL or "": all), in order of the lower-cased acronym. Fails like any read. */
locus_status locus_index_acronyms(locus_index *ix, const char *prefix, locus_acronym_visit_fn fn,
                                  void *ctx, locus_error *err);

/* The passages around a hit in its release (grep's context lines): up to BEFORE passages that
 * come just before it and AFTER just after it, in file order. */
typedef struct locus_context {
    locus_record *before;   /* in file order: the nearest last */
    size_t n_before;
    locus_record *after;    /* in file order: the nearest first */
    size_t n_after;
} locus_context;

#define LOCUS_CONTEXT_MAX 1000  /* passages a side at most */

/* Fills *out (zeroed first; free with locus_context_free) with the passages of HIT's release
 * around it: fewer at the release's start or end, and none when the release has changed since
 * the search (its passages then are another version's). BEFORE and AFTER are cut to
 * LOCUS_CONTEXT_MAX. Fails like any read. */
locus_status locus_hit_context(locus_index *ix, const locus_hit *hit, uint32_t before, uint32_t after,
                               locus_context *out, locus_error *err);

/* Frees what locus_hit_context gave (not C itself). Accepts NULL. */
void locus_context_free(locus_context *c);

/* Whether pages remain after the one RES holds. */
bool locus_results_more(const locus_results *res);

/* With opts.page: replaces the page RES holds with the next one (count 0 after the last).
 * The hits were ranked when locus_search ran; a passage deleted since is left out. */
locus_status locus_results_next(locus_index *ix, locus_results *res, locus_error *err);

void locus_results_free(locus_results *res);

/* The release id used by TREC output: the file name without its folder and its extension,
 * with white space and control characters replaced by '_', into BUF of SIZE bytes. */
void locus_release_id(const char *path, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
