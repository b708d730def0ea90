/* stopwords.h - the commonest words of a language, left out of queries. */
#ifndef LOCUS_STOPWORDS_H
#define LOCUS_STOPWORDS_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether WORD (normalized: lower case) is a stop word of LANGUAGE (a Snowball language name);
 * false for a language without a list (every language but English, for now). */
bool locus_stopword(const char *language, const char *word);

#ifdef __cplusplus
}
#endif

#endif
