/* record.h - what locus keeps of a passage and of a release file: the passage record a search
 * hit carries, and the stamp that tells whether a release file changed. */
#ifndef LOCUS_RECORD_H
#define LOCUS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the data of a passage document holds: everything the searcher prints. Strings are
 * NUL-terminated UTF-8. */
typedef struct locus_record {
    char *path;          /* absolute path of the release file */
    char *title;
    char *section;       /* "" when none */
    char *date;          /* "YYYY-MM-DD" or "" */
    char *text;          /* the passage's text (see locus_passage) */
    uint64_t byte_start, byte_end;
    uint32_t line_start, line_end;
    uint64_t line_offset; /* where line line_start begins in the file (for columns) */
    uint32_t ordinal;    /* 0-based position of the passage in its release */
    int footnote;        /* 1 for a footnote passage */
    uint32_t page;       /* 1-based page, 0 when the format has none */
    int exact;           /* 1 when text is the file's bytes [byte_start, byte_end) */
    char *heading_path;  /* the headings above section, outermost first, each ended by '\n'
                            ("Chapter III — Rights\n"); "" when section is top-level */
    char *format;        /* the reader: "text", "markdown", "html", "pdf" ("" in old indexes) */
    char *language;      /* the release's language code ("en", "ja"; "none": not stemmed) */
    char *url;           /* where the release is published, as it says; "" when unknown */
    char *issuer;        /* the body that issued it ("MIC"); "" when unknown */
} locus_record;

/* What the index remembers of a release file, to tell later whether it changed. */
typedef struct locus_stamp {
    uint64_t size;
    int64_t mtime_sec;
    int64_t mtime_nsec;
    uint64_t hash;       /* locus_content_hash of the content */
    uint32_t passages;   /* how many passages the release has in the index */
    uint64_t version;    /* the version its passages carry (LOCUS_PREFIX_VERSION) */
} locus_stamp;

/* A release an index holds: its key and its stamp. */
typedef struct locus_entry {
    char *path;           /* the release key: its absolute path */
    locus_stamp stamp;
} locus_entry;

/* Frees N entries and the array. Accepts NULL. */
void locus_entries_free(locus_entry *entries, size_t n);

#ifdef __cplusplus
}
#endif

#endif
