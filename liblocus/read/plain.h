/* plain.h - the plain-text reader's rules for readers of text without markup (read/plain.c):
 * the PDF reader reads each page's text with them, the Markdown reader knows legal headings by
 * them. */
#ifndef LOCUS_READ_PLAIN_H
#define LOCUS_READ_PLAIN_H

#include <stddef.h>
#include <stdint.h>

#include <locus/release.h>

/* Reads LEN bytes of TEXT (UTF-8 or not: sanitized) as the body of a plain-text release, with
 * the text reader's rules for headings and paragraphs, and appends its passages to R with PAGE
 * (0 for none) and line numbers counted in TEXT. For readers of paged text (PDF). */
locus_status locus_text_body(locus_release *r, const char *text, size_t len, uint32_t page,
                             locus_error *err);

/* The level of a legal-structure heading of LEN bytes at S: "Part II", "Chapter 3" (1),
 * "Section 2" (2), "Article 17", "Art. 17a" (3); 0 when it is not one. Such a heading followed
 * by its title ("Right to erasure") becomes one section: "Article 17 — Right to erasure". */
int locus_legal_label(const char *s, size_t len);

#endif
