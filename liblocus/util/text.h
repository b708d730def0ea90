/* text.h - what the readers build text with: a growable string, sanitized and folded copies,
 * blank characters. Calls nothing of locus. */
#ifndef LOCUS_UTIL_TEXT_H
#define LOCUS_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* A growable string for the readers: zero-initialise, append with locus_buf_put, free(s).
 * After a failed allocation oom is set and appends do nothing; s is NUL-terminated when not
 * NULL. */
typedef struct locus_buf {
    char *s;
    size_t n, cap;
    bool oom;
} locus_buf;

/* Appends N bytes of S to B. */
void locus_buf_put(locus_buf *b, const char *s, size_t n);

/* A copy of LEN bytes of BUF of the same length where each byte of invalid UTF-8 becomes '?' and
 * each control character other than \n and \t (C0, DEL, C1) spaces; the NULs and bad bytes
 * replaced are counted in *BAD. NULL when out of memory. */
char *locus_text_sanitized(const char *buf, size_t len, size_t *bad);

/* A copy of LEN bytes of S with runs of white space folded to one space and ends trimmed;
 * NULL when out of memory. */
char *locus_text_folded(const char *s, size_t len);

/* The number of words (runs of characters other than blanks and line breaks) in [A, B) of S. */
size_t locus_count_words(const char *s, size_t a, size_t b);

/* Whether C is a blank other than a line break: space, tab, form feed, vertical tab. */
static inline bool locus_is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

#endif
