/* release_build.h - what every reader uses to build a locus_release: text sanitizing, sections,
 * and passages cut into windows. Internal to liblocus (the readers: release.c for plain text,
 * markdown.c for Markdown). */
#ifndef LOCUS_RELEASE_BUILD_H
#define LOCUS_RELEASE_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include <locus/release.h>

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
 * fragment (fewer than 8 words and 80 bytes, no sentence end) joins the passage before it, on a new line,
 * when that one is in the same section, page and kind and the two fit in one passage. */
locus_status locus_release_add_block(locus_release *r, const char *section, const char *text,
                                     size_t len, const locus_passage *loc, locus_error *err);

/* Reads LEN bytes of TEXT (UTF-8 or not: sanitized) as the body of a plain-text release, with
 * the text reader's rules for headings and paragraphs, and appends its passages to R with PAGE
 * (0 for none) and line numbers counted in TEXT. For readers of paged text (PDF). */
locus_status locus_text_body(locus_release *r, const char *text, size_t len, uint32_t page,
                             locus_error *err);

/* Points every passage of R at the bytes of its lines in the file BUF (LEN bytes; code units of
 * UNIT bytes, 2 for UTF-16 (BIG_ENDIAN or not), after SKIPPED bytes of byte-order mark), for
 * readers whose text is not the file's bytes: their line numbers are right, their byte offsets
 * are not. Passages become inexact. */
locus_status locus_release_locate_lines(locus_release *r, const char *buf, size_t len,
                                        unsigned unit, int big_endian, size_t skipped,
                                        locus_error *err);

/* The level of a legal-structure heading of LEN bytes at S: "Part II", "Chapter 3" (1),
 * "Section 2" (2), "Article 17", "Art. 17a" (3); 0 when it is not one. Such a heading followed
 * by its title ("Right to erasure") becomes one section: "Article 17 — Right to erasure". */
int locus_legal_label(const char *s, size_t len);

/* The date in a "YYYY-MM-DD" at the start of the file name of PATH into ISO; 0 when none. */
size_t locus_date_from_name(const char *path, char iso[11]);

/* The readers, one per format; each has the contract of locus_release_parse. The Markdown and
 * text readers get UTF-8 (locus_release_parse converts other charsets first); the HTML reader
 * honours the charset a page declares and the PDF reader takes the file's bytes. */
locus_status locus_markdown_parse(const char *name, const char *buf, size_t len,
                                  locus_release **out, locus_error *err);
locus_status locus_html_parse(const char *name, const char *buf, size_t len,
                              locus_release **out, locus_error *err);
locus_status locus_pdf_parse(const char *name, const char *buf, size_t len,
                             locus_release **out, locus_error *err);

/* Set up what the Markdown and HTML readers share between threads (cmark-gfm's extensions,
 * libxml2's parser): call once from one thread before several threads read releases. */
void locus_markdown_prepare(void);
void locus_html_prepare(void);

#endif
