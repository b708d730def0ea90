/* release_build.h - what every reader uses to build a locus_release: text sanitizing, sections,
 * and passages cut into windows. Internal to liblocus (the readers: release.c for plain text,
 * markdown.c for Markdown). */
#ifndef LOCUS_RELEASE_BUILD_H
#define LOCUS_RELEASE_BUILD_H

#include <stddef.h>

#include "release.h"

/* A copy of LEN bytes of BUF of the same length where each byte of invalid UTF-8 becomes '?' and
 * each control character other than \n and \t (C0, DEL, C1) spaces; the NULs and bad bytes
 * replaced are counted in *BAD. NULL when out of memory. */
char *locus_text_sanitized(const char *buf, size_t len, size_t *bad);

/* A copy of LEN bytes of S with runs of white space folded to one space and ends trimmed;
 * NULL when out of memory. */
char *locus_text_folded(const char *s, size_t len);

/* Adds the heading TEXT (LEN bytes, folded) to R's sections; *out points at the stored copy,
 * owned by R. */
locus_status locus_release_add_section(locus_release *r, const char *text, size_t len,
                                       const char **out, locus_error *err);

/* Appends TEXT (LEN bytes, valid UTF-8; copied, ends trimmed) to R as a passage in SECTION
 * (owned by R, or ""), with the locator of LOC (its text is ignored): cut into windows of at
 * most LOCUS_PASSAGE_MAX_BYTES after a sentence end, else at white space, each window with the
 * same locator. Nothing is added for white space only. */
locus_status locus_release_add_text(locus_release *r, const char *section, const char *text,
                                    size_t len, const locus_passage *loc, locus_error *err);

/* The date in a "YYYY-MM-DD" at the start of the file name of PATH into ISO; 0 when none. */
size_t locus_date_from_name(const char *path, char iso[11]);

/* Parses a Markdown release (markdown.c). Same contract as locus_release_parse. */
locus_status locus_markdown_parse(const char *name, const char *buf, size_t len,
                                  locus_release **out, locus_error *err);

#endif
