/* acronym.h - finds where a text defines an acronym: "Data Free Flow with Trust (DFFT)",
 * "DFFT (Data Free Flow with Trust)", "ISAC: An abbreviation for the Information Sharing and
 * Analysis Center", "ACR stands for ...", full-width brackets, and a Japanese long form before
 * a Latin acronym ("信頼性のある自由なデータ流通（DFFT）").
 *
 * A Latin long form is accepted only when the acronym's letters and digits can be matched, in
 * order, to its characters with the first at the start of its first word (Schwartz and Hearst,
 * 2003), within min(|A| + 5, 2|A|) words: "Beyond 5G (6G)" defines nothing. */
#ifndef LOCUS_ACRONYM_H
#define LOCUS_ACRONYM_H

#include <stdbool.h>
#include <stddef.h>

#include <locus/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_ACRONYM_MAX 12        /* bytes of an acronym at most */
#define LOCUS_LONG_FORM_MAX 160     /* bytes of a long form at most */

/* Called for each definition found: ACRONYM (ASCII letters and digits, as written after
 * Unicode NFKC) and LONG_FORM (NFKC, white space made single spaces), both NUL-terminated and
 * borrowed for the call. Returns non-zero to stop. */
typedef int (*locus_acronym_fn)(const char *acronym, const char *long_form, void *ctx);

/* Calls FN for each definition in LEN bytes of TEXT (UTF-8; invalid bytes are tolerated).
 * Fails only when out of memory or ICU fails. */
locus_status locus_acronyms_find(const char *text, size_t len, locus_acronym_fn fn, void *ctx,
                                 locus_error *err);

/* Whether WORD (LEN bytes) looks like an acronym: 2 to LOCUS_ACRONYM_MAX - 1 ASCII letters and
 * digits with two capitals, or a capital and a digit ("DFFT", "IoT", "6G", "B5G"). */
bool locus_acronym_like(const char *word, size_t len);

#ifdef __cplusplus
}
#endif

#endif
