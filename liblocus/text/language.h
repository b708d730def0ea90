/* language.h - the language of a release: names and tags made one code, the Snowball stemmer
 * of each code, and detection from the text (CLD2).
 *
 * A language code is what the index stores per passage (term LOCUS_PREFIX_LANGUAGE + code):
 * the primary subtag of a BCP 47 tag, lower case ("en", "fr", "de", "ja"), or "none" for
 * releases indexed without stemming. */
#ifndef LOCUS_LANGUAGE_H
#define LOCUS_LANGUAGE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_LANG_MAX 16   /* bytes of a language code, with its NUL */

/* Makes NAME one language code in OUT: a tag ("en-GB", "ja_JP.UTF-8", "FR") gives its primary
 * subtag, a Snowball name ("french") its code, "none" itself. Returns false when NAME is
 * neither (empty, too long, not letters). */
bool locus_language_code(const char *name, char out[LOCUS_LANG_MAX]);

/* The Snowball algorithm that stems CODE ("english" for "en"), or NULL when locus does not stem
 * it with Snowball: "ja" (MeCab's base forms stand for stems), "none", and languages Snowball
 * lacks. Static storage. */
const char *locus_language_stemmer(const char *code);

/* Detects the language of LEN bytes of TEXT (UTF-8; invalid bytes are tolerated) with CLD2 and
 * writes its code to OUT. Returns false when CLD2 is not sure (short or mixed text). Reads at
 * most the first 64 KiB. Never throws; allocates only a scratch copy. */
bool locus_language_detect(const char *text, size_t len, char out[LOCUS_LANG_MAX]);

#ifdef __cplusplus
}
#endif

#endif
