/* stopwords.h - the commonest words of a language, left out of queries. */
#ifndef LOCUS_STOPWORDS_H
#define LOCUS_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether WORD (normalized: lower case) is a stop word of LANGUAGE (a Snowball language name);
 * false for a language without a list (every language but English, for now). */
bool locus_stopword(const char *language, const char *word);

/* The stop words of LANGUAGE (as locus_stopword takes it), sorted, into *out (static, never
 * freed); their number, 0 for a language without a list. */
size_t locus_stopwords(const char *language, const char *const **out);

/* The distinct stems of LANGUAGE's stop words (by the Snowball stemmer of LANGUAGE), sorted,
 * into *out (static, never freed); their number, 0 for a language without a list. */
size_t locus_stopword_stems(const char *language, const char *const **out);

#ifdef __cplusplus
}
#endif

#endif
