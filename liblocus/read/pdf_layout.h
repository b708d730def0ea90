/* pdf_layout.h - a PDF's pages as their authors laid them out, from poppler's text layout: the
 * text of each page rebuilt into paragraphs, with its headings marked and its running furniture
 * left out. Internal to liblocus (the PDF reader, pdf.c).
 *
 * What it reads from poppler, per character: its box and its font (name and size). From that:
 * - lines: poppler's lines, each with its top, baseline, left edge, font size and boldness;
 * - running furniture: a line among the first or last three of a page whose text (digits aside)
 *   comes back at the same height on at least 40% of the pages (two at least) is a running
 *   header or footer (a journal reference, a document id, "page 3"), and is left out;
 * - paragraphs: a blank line where the gap above a line is wider than the page's usual pitch,
 *   where the font size changes, or where a line is indented after a sentence end;
 * - headings: a short line set at least 15% larger than the body text (the size most of the
 *   document's characters have), or all bold in a body that is not, becomes a Markdown-style
 *   heading line ("# ", "## " ... by size), which locus_text_body reads as a heading;
 * - superscripts: characters set smaller and raised above the line are kept apart from the base:
 *   "10^26" after a digit, else a space ("regulation 3", not "regulation3");
 * - words hyphenated across lines are joined again: "govern-" + "ment" gives "government",
 *   "Pan-" + "Canadian" (a capital after the break) gives "Pan-Canadian";
 * - the title: the largest text of the first page (its lines joined), when it is larger than the
 *   body text; never furniture.
 */
#ifndef LOCUS_PDF_LAYOUT_H
#define LOCUS_PDF_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct _PopplerDocument;  /* poppler-glib's PopplerDocument: this header needs no glib */

typedef struct pdf_layout pdf_layout;

/* Reads the layout of every page of DOC. NULL when out of memory (a page poppler cannot read
 * is an empty page). Free with pdf_layout_free. */
pdf_layout *pdf_layout_read(struct _PopplerDocument *doc);

void pdf_layout_free(pdf_layout *l);

/* The number of pages read. */
int pdf_layout_pages(const pdf_layout *l);

/* The number of lines found to be running headers and footers, over all pages. */
uint32_t pdf_layout_running_lines(const pdf_layout *l);

/* The text of page PAGE (from 0), rebuilt as above, with the title's lines left out when
 * DROP_TITLE: a new string (g_free), or NULL for a page without text. *MAP (g_free) gets, for
 * each line of the text (from 0), the line of poppler's text it comes from (from 1; 0 for a line
 * this added), and *N_MAP their count. */
char *pdf_layout_page_text(const pdf_layout *l, int page, int drop_title, uint32_t **map,
                           size_t *n_map);

/* The largest text of the first page with text, folded (a new string to free), or NULL when
 * no text there is larger than the body text. *PAGE gets its page (from 0). */
char *pdf_layout_title(const pdf_layout *l, int *page);

#endif
