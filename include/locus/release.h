/* release.h - reads a plain-text release and splits it into passages.
 *
 * The shape expected (see ../shared/seeds and corpus/): a first line "Month D, YYYY Title" (or
 * "YYYY-MM-DD Title"), then paragraphs, numbered section headings ("1. 5G/Beyond 5G (6G)"),
 * unnumbered headings standing alone before a paragraph ("Contact"), footnotes after marker
 * lines ("• *"). docs/ARCHITECTURE.md lists the rules in full.
 *
 * A release that is only a title line has one passage: the title. A passage keeps the exact
 * byte range and line range it came from, so every offset printed
 * later is absolute in the file. Its text holds the file's bytes of that range, with each byte
 * of invalid UTF-8 replaced by '?' and each control character (NUL, CR, ESC, C1, ...) by spaces, so the text
 * is valid UTF-8 of exactly the range's length.
 */
#ifndef LOCUS_RELEASE_H
#define LOCUS_RELEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <signal.h>

#include "status.h"
#include "text.h"  /* dates in text, the content hash */

#ifdef __cplusplus
extern "C" {
#endif

/* The longest passage, in bytes; a longer paragraph is cut into windows at sentence ends. */
#define LOCUS_PASSAGE_MAX_BYTES 1200
/* A passage shorter than this (about 80 English words) takes in the next paragraph of its
 * section, page and kind while the two fit in LOCUS_PASSAGE_MAX_BYTES: newswire and press
 * releases write a sentence or two per paragraph, too little to rank alone (docs/QUALITY.md). */
#define LOCUS_PASSAGE_JOIN_BYTES 500
/* The longest title or section heading, in bytes: a longer one (a first line that is a whole
 * paragraph) is cut at a word and ends in "…". */
#define LOCUS_HEADING_MAX_BYTES 300
/* The largest release file read. */
#define LOCUS_RELEASE_MAX_BYTES (64u * 1024u * 1024u)

typedef enum locus_passage_kind {
    LOCUS_PASSAGE_BODY = 0,    /* a paragraph (or a window of a long one) */
    LOCUS_PASSAGE_FOOTNOTE = 1 /* a paragraph after a footnote marker line */
} locus_passage_kind;

/* A passage is its text, as its reader extracted it, plus a locator: where it lies in the
 * source file. Highlights and snippets are offsets into the text; everything that cites the
 * file (path:line, a page) comes from the locator. */
typedef struct locus_passage {
    const char *section;    /* heading of the enclosing section, "" when none; owned by the release */
    int32_t section_index;  /* its index in the release's sections (whose parents give the
                               heading path), -1 when none */
    char *text;             /* valid UTF-8, NUL-terminated; owned by the release */
    size_t byte_start, byte_end; /* the source bytes it was read from: [start, end) */
    uint32_t line_start, line_end; /* 1-based, inclusive */
    size_t line_offset;     /* byte offset in the file where line line_start begins */
    uint32_t page;          /* 1-based page for paged formats (PDF), 0 otherwise */
    int exact;              /* 1 when TEXT is the file's bytes [byte_start, byte_end) (sanitized
                               as above), so offsets in it map to the file one to one */
    locus_passage_kind kind;
} locus_passage;

typedef struct locus_release {
    char *title;            /* "" when the file has none */
    char date[11];          /* "YYYY-MM-DD", or "" when no date was found */
    int date_from_name;     /* 1 when the date came from the file name, not the first line */
    uint32_t title_line;    /* the line the title was read from */
    locus_passage *passages;
    size_t n_passages;
    char **sections;        /* every section heading, owned here */
    int32_t *section_parents; /* for each section, the index of the one it is nested in, or -1 */
    size_t n_sections;
    int format;             /* the locus_format it was read as */
    char charset[32];       /* the charset converted from, "" when the file was UTF-8 */
    char language[16];      /* the language the file declares (HTML lang, PDF), "" when none */
    uint32_t running_lines; /* lines left out as running headers and footers (PDF) */
    char *source_url;       /* where the release is published, as the file says it (HTML
                               canonical link, front matter, PDF metadata, a URL line at its
                               end); NULL when it does not */
    char *issuer;           /* the body that issued it, as the file names it (front matter,
                               HTML and PDF metadata, the contact block); NULL when none */
} locus_release;

/* The formats locus reads; each has its reader behind locus_release_parse. */
typedef enum locus_format {
    LOCUS_FORMAT_UNKNOWN = 0, /* not a release format */
    LOCUS_FORMAT_TEXT,      /* plain text in any common charset (release.c) */
    LOCUS_FORMAT_MARKDOWN,  /* CommonMark + GFM tables, YAML front matter (markdown.c) */
    LOCUS_FORMAT_HTML,      /* web pages, through libxml2's HTML parser (html.c) */
    LOCUS_FORMAT_PDF        /* PDF, through poppler-glib (pdf.c) */
} locus_format;

/* The format of the file NAME by its extension (.txt .text, .md .markdown, .html .htm .xhtml,
 * .pdf); LOCUS_FORMAT_UNKNOWN for any other. */
locus_format locus_format_of(const char *name);

/* The format LEN bytes of BUF declare by their content: PDF ("%PDF-"), HTML (a doctype, <html>
 * or <head> after white space, comments and an XML declaration); else LOCUS_FORMAT_UNKNOWN. */
locus_format locus_format_by_content(const char *buf, size_t len);

/* The reader for the file NAME holding BUF: by content first, then by extension; plain text
 * when neither tells (or when a .pdf file is not a PDF). */
locus_format locus_format_sniff(const char *name, const char *buf, size_t len);

/* "text", "markdown", "html", "pdf" or "unknown". */
const char *locus_format_name(locus_format format);

/* Parses LEN bytes of BUF (the content of the file NAME, whose extension chooses the reader and
 * whose name gives a date when the content has none) into a new *out, freed with
 * locus_release_free. Fails with LOCUS_ERR_FORMAT for an empty or binary file. */
locus_status locus_release_parse(const char *name, const char *buf, size_t len,
                                 locus_release **out, locus_error *err);

/* Reads the whole regular file PATH into a new buffer *out (NUL-terminated, LEN bytes, freed
 * with free()). Never blocks on a FIFO or device: they fail with LOCUS_ERR_IO ("not a regular
 * file"), like a file larger than MAX bytes ("larger than ... skipped") and any read error; the
 * message names the file. */
locus_status locus_file_read(const char *path, size_t max, char **out, size_t *len,
                             locus_error *err);

/* Reads the file PATH (at most LOCUS_RELEASE_MAX_BYTES) and parses it. */
locus_status locus_release_read(const char *path, locus_release **out, locus_error *err);

/* The flag, set from a signal handler, that readers poll while they work: once *FLAG is non-zero
 * a read stops within a tenth of a second and fails with LOCUS_ERR_INTERRUPTED (NULL: no flag).
 * Process-wide; a program sets it once at start. */
void locus_reader_set_cancel(const volatile sig_atomic_t *flag);

void locus_release_free(locus_release *r);

/* Whether the section heading SECTION names a contact block ("Contact", "Media contacts", "For
 * further information", "Inquiries", "お問い合わせ", "連絡先", ...): boilerplate that searches
 * weigh down. */
bool locus_section_is_contact(const char *section);

/* Whether a passage of TEXT in the section SECTION (either may be NULL) is boilerplate that
 * competes with the text: a table of contents, a reference list, a disclaimer or copyright
 * notice, acknowledgements, an author list. Known by its section heading ("References",
 * "Contents", "Disclaimer", "参考文献", "目次", ...) or its shape (lines ending in dot leaders
 * and page numbers, lines that cite a year in parentheses, a line of names). Searches weigh
 * it down like a contact block; it stays searchable. */
bool locus_passage_is_boilerplate(const char *section, const char *text);

#ifdef __cplusplus
}
#endif

#endif
