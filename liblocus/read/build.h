/* build.h - what every reader builds a locus_release with (read/build.c): sections and heading
 * paths, passages cut into windows, fragments joined, line positions. The readers call this
 * and util/; only read/read.c calls the readers. */
#ifndef LOCUS_READ_BUILD_H
#define LOCUS_READ_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <locus/release.h>

/* Adds the heading TEXT (LEN bytes, folded) to R's sections; *out points at the stored copy,
 * owned by R. */
locus_status locus_release_add_section(locus_release *r, const char *text, size_t len,
                                       const char **out, locus_error *err);

/* Like locus_release_add_section, for a heading nested in the section of index PARENT (-1 for a
 * top-level one): the heading path of a passage is its section and the parents above it. */
locus_status locus_release_add_subsection(locus_release *r, int32_t parent, const char *text,
                                          size_t len, const char **out, locus_error *err);

/* Appends TEXT (LEN bytes, valid UTF-8; copied, ends trimmed) to R as a passage in SECTION
 * (owned by R, or ""), with the locator of LOC (its text is ignored): cut into windows of at
 * most LOCUS_PASSAGE_MAX_BYTES after a sentence end, else at white space, each window with the
 * same locator. Nothing is added for white space only. */
locus_status locus_release_add_text(locus_release *r, const char *section, const char *text,
                                    size_t len, const locus_passage *loc, locus_error *err);

/* Like locus_release_add_text for a block of a document (a paragraph, list item, table row): a
 * fragment (fewer than 8 words and 80 bytes, no sentence end), or any block after a passage
 * shorter than LOCUS_PASSAGE_JOIN_BYTES, joins the passage before it, on a new line, when that
 * one is in the same section, page and kind and the two fit in one passage. */
locus_status locus_release_add_block(locus_release *r, const char *section, const char *text,
                                     size_t len, const locus_passage *loc, locus_error *err);

/* Points every passage of R at the bytes of its lines in the file BUF (LEN bytes; code units of
 * UNIT bytes, 2 for UTF-16 (BIG_ENDIAN or not), after SKIPPED bytes of byte-order mark), for
 * readers whose text is not the file's bytes: their line numbers are right, their byte offsets
 * are not. Passages become inexact. */
locus_status locus_release_locate_lines(locus_release *r, const char *buf, size_t len,
                                        unsigned unit, int big_endian, size_t skipped,
                                        locus_error *err);

/* Where to end a window of S that starts at A and may not pass LIMIT: after the last sentence
 * end ('.', '?', '!' before white space; '。', '！', '？' anywhere) that is not inside Japanese
 * quotation brackets (「...」, 『...』), else at the last white space, else at LIMIT moved back to
 * a UTF-8 boundary. Ends in the first third of the window do not count. */
size_t locus_window_end(const char *s, size_t a, size_t limit);

/* Whether TEXT (LEN bytes) is a fragment rather than a sentence: fewer than 8 words and 80
 * bytes, and no sentence end at its end. */
bool locus_is_fragment(const char *text, size_t len);

/* Room for one more item in *ITEMS, an array of N items of SIZE bytes that grows by doubling
 * from 16 (reallocated when N reaches a power of two); false when out of memory (*ITEMS is
 * kept). */
bool locus_room(void **items, size_t n, size_t size);

#endif
