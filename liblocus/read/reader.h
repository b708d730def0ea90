/* reader.h - the reader seam: one descriptor per format, listed in one table (read/read.c),
 * which alone chooses a reader for a file and calls it. A reader turns a file's bytes into a
 * locus_release with read/build.h; it calls nothing but read/build.h, read/plain.h, util/ and
 * text/charset.h. Adding a format: a descriptor here, one line in read.c's table, and a
 * LOCUS_FORMAT_ value in <locus/release.h>. */
#ifndef LOCUS_READ_READER_H
#define LOCUS_READ_READER_H

#include <stdbool.h>
#include <stddef.h>

#include <locus/release.h>

/* What a reader is given. */
typedef enum locus_reader_input {
    LOCUS_INPUT_UTF8,   /* the text in UTF-8: read.c detects and converts other charsets first,
                           and locates lines in the file after a conversion */
    LOCUS_INPUT_MARKUP, /* the file's bytes, which declare their own charset (HTML): read.c
                           locates lines in the file afterwards */
    LOCUS_INPUT_BYTES   /* the file's bytes as they are (PDF): no charset, no binary check */
} locus_reader_input;

typedef struct locus_reader {
    locus_format format;
    const char *name;                /* locus_format_name: "text", "markdown", ... */
    const char *const *extensions;   /* the file names it reads, NULL-terminated (".md") */
    locus_reader_input input;
    bool needs_signature;            /* a name alone does not make a file this format: its
                                        content must say so too (sniff), else it is text */
    /* Whether LEN bytes of BUF declare this format by their content; NULL: never. */
    bool (*sniff)(const char *buf, size_t len);
    /* Process-wide setup (a library's own init), run once before the first read of any
     * format, from whichever thread reads first; NULL: none. */
    void (*prepare)(void);
    /* Reads LEN bytes of BUF, the content of the file NAME, into a new *out (freed with
     * locus_release_free); the contract of locus_release_parse. */
    locus_status (*parse)(const char *name, const char *buf, size_t len, locus_release **out,
                          locus_error *err);
} locus_reader;

/* The readers, one file each (read/plain.c, markdown.c, html.c, pdf.c). */
extern const locus_reader locus_text_reader;
extern const locus_reader locus_markdown_reader;
extern const locus_reader locus_html_reader;
extern const locus_reader locus_pdf_reader;

#endif
