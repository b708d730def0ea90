/* charset.h - text in any common charset to UTF-8 (uchardet to detect, iconv to convert).
 * Internal to liblocus: the readers call it before they parse. */
#ifndef LOCUS_CHARSET_H
#define LOCUS_CHARSET_H

#include <stddef.h>

#include <locus/status.h>

#define LOCUS_CHARSET_NAME_MAX 32

typedef struct locus_decoded {
    char *text;        /* the UTF-8 text (NUL-terminated, malloc'd, freed by the caller), or
                          NULL when the input is UTF-8 already and is used as it is */
    size_t len;
    size_t skipped;    /* bytes of byte-order mark before the converted input */
    unsigned unit;     /* bytes per code unit of the source: 2 for UTF-16, else 1 */
    char charset[LOCUS_CHARSET_NAME_MAX]; /* the source charset when converted, else "" */
} locus_decoded;

/* The charset named by a byte-order mark at the start of BUF ("UTF-8", "UTF-16LE",
 * "UTF-16BE") and its length in *bom_len; NULL when there is none. */
const char *locus_charset_bom(const char *buf, size_t len, size_t *bom_len);

/* Decodes LEN bytes of BUF into *out: by its byte-order mark, else by DECLARED (a charset a
 * page declares, or NULL) unless the bytes are valid non-ASCII UTF-8, else as UTF-8 when
 * there are more valid multi-byte characters than invalid bytes (a damaged UTF-8 file: the
 * reader shows its bad bytes as '?'), else by what uchardet detects (Windows-1252 when it cannot
 * tell). Bytes that do not
 * convert become '?'. Fails only when out of memory. */
locus_status locus_charset_to_utf8(const char *buf, size_t len, const char *declared,
                                   locus_decoded *out, locus_error *err);

#endif
