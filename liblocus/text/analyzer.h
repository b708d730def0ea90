/* analyzer.h - turns UTF-8 text into the tokens that locus indexes and searches.
 *
 * One analyzer serves both the indexer and the searcher, so a query word and a word of a
 * release always become the same terms. Rules (docs/ARCHITECTURE.md has the full list):
 * - a token is a run of letters, digits and combining marks, so "5G", "B5G" and "27th" stay
 *   whole; "/" and other punctuation split ("B5G/6G" gives "b5g", "6g");
 * - a hyphen splits, and the parts take consecutive positions ("Japan-EU" gives "japan", "eu",
 *   so the phrase "Japan EU" matches it);
 * - an apostrophe (' or U+2019) between letters stays inside the token as "'" ("Japan's");
 *   elsewhere it splits ("users’" gives "users");
 * - "." between digits stays ("1.4"); "," between digits before a group of three is dropped
 *   ("2,000" gives "2000");
 * - a run of Han, Hiragana and Katakana (with the prolonged sound mark) is split into words by
 *   MeCab with the IPADIC dictionary; a word's stem is its base form ("し" gives "する"),
 *   symbols are left out, and particles and auxiliaries are flagged as function words;
 * - tokens are normalized with Unicode NFKC and case folding (ICU);
 * - invalid UTF-8 separates tokens and never stops the analysis;
 * - a token longer than LOCUS_MAX_TOKEN bytes after normalization is skipped (its position is
 *   still used, so phrases cannot bridge it);
 * - the stem comes from the Snowball stemmer (libstemmer) of the analyzer's current language;
 *   tokens with digits and Japanese words are not stemmed that way.
 *
 * An analyzer is not thread-safe (libstemmer's stemmer and MeCab's tagger are not): one per
 * thread.
 */
#ifndef LOCUS_ANALYZER_H
#define LOCUS_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <locus/info.h>
#include <locus/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_MAX_TOKEN 100

/* Bumped whenever a rule above changes, so that an index built by another analyzer is
 * recognised. */
#define LOCUS_ANALYZER_VERSION 2

typedef struct locus_analyzer locus_analyzer;

/* One token, as passed to a locus_token_fn. TEXT and STEM are NUL-terminated and borrowed:
 * they are valid only during the call. */
typedef struct locus_token {
    const char *text;   /* normalized exact form */
    size_t len;
    const char *stem;   /* stemmed form (equal to text when not stemmed) */
    size_t stem_len;
    uint32_t pos;       /* position, counting from the FIRST_POS given to locus_analyze */
    size_t start, end;  /* byte range of the token in the analyzed text */
    bool stemmable;     /* a word a Snowball stemmer may stem (no digit, not Japanese) */
    bool japanese;      /* a word MeCab found in a run of Han, Hiragana or Katakana */
    bool function_word; /* Japanese that carries grammar, not content: a particle (は, の,
                         * について), an auxiliary (です), a dependent word (いる in している),
                         * a pronoun (何) or the light verbs する, ある, いる. Still indexed;
                         * a query written solid leaves them out */
} locus_token;

/* Called for each token; returns 0 to go on, non-zero to stop the analysis. */
typedef int (*locus_token_fn)(const locus_token *tok, void *ctx);

/* Creates an analyzer stemming in LANGUAGE: a language code or tag ("en", "fr-FR"), a Snowball
 * name ("french") or "none" (no stemming); NULL means "en". A language Snowball has no stemmer
 * for is analyzed unstemmed. Fails with LOCUS_ERR_INVALID when LANGUAGE is none of those.
 * Free with locus_analyzer_free. MeCab starts at the first Japanese text analyzed. */
locus_status locus_analyzer_new(const char *language, locus_analyzer **out, locus_error *err);

void locus_analyzer_free(locus_analyzer *a);

/* Makes LANGUAGE (as for locus_analyzer_new) the language the analyzer stems in from now on.
 * Fails with LOCUS_ERR_INVALID for a name that is no language; A is then unchanged. */
locus_status locus_analyzer_set_language(locus_analyzer *a, const char *language, locus_error *err);

/* The code of the language the analyzer stems in ("en", "none"). Borrowed. */
const char *locus_analyzer_language(const locus_analyzer *a);

/* Stems the normalized word WORD (LEN bytes) as LANGUAGE would (code or name): *out and
 * *out_len get the stem, borrowed from A until its next call, or WORD itself when LANGUAGE is
 * not stemmed. Fails with LOCUS_ERR_INVALID for an unknown language name. */
locus_status locus_analyzer_stem(locus_analyzer *a, const char *language, const char *word,
                                 size_t len, const char **out, size_t *out_len, locus_error *err);

/* Analyzes LEN bytes of TEXT (need not be NUL-terminated, may hold invalid UTF-8 and NULs),
 * numbering tokens from FIRST_POS. Stores the position after the last one in *NEXT_POS (may be
 * NULL). Fails only when out of memory or ICU fails. */
locus_status locus_analyze(locus_analyzer *a, const char *text, size_t len, uint32_t first_pos,
                           locus_token_fn fn, void *ctx, uint32_t *next_pos, locus_error *err);



#ifdef __cplusplus
}
#endif

#endif
