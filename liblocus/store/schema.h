/* schema.h - how locus lays passages out in a Xapian database (docs/ARCHITECTURE.md shows the
 * same table). Shared by the writer and the searcher so that both agree on every byte. */
#ifndef LOCUS_SCHEMA_H
#define LOCUS_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <locus/record.h>
#include <locus/status.h>
#include "store/passage_record.h"
#include "xdb/xdb.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the layout below; bumped on any incompatible change. */
#define LOCUS_SCHEMA_VERSION 5

/* Term prefixes. A body word is indexed twice: exact (no prefix, with positions) and stemmed
 * in the release's own language (a Japanese word: its base form). */
#define LOCUS_PREFIX_STEM "Z"              /* stemmed body word */
#define LOCUS_PREFIX_TITLE "XT"            /* exact title word, with positions */
#define LOCUS_PREFIX_TITLE_STEM "ZXT"      /* stemmed title word */
#define LOCUS_PREFIX_SECTION "XH"          /* exact section-heading word, with positions */
#define LOCUS_PREFIX_SECTION_STEM "ZXH"    /* stemmed section-heading word */
#define LOCUS_PREFIX_RELEASE "XR"          /* boolean: the release the passage belongs to */
#define LOCUS_PREFIX_KIND "XK"            /* boolean: + "contact" for a passage of a contact
                                              block (locus_section_is_contact), + "boilerplate"
                                              for a table of contents, references, a disclaimer
                                              (locus_passage_is_boilerplate): weighed down */
#define LOCUS_TERM_CONTACT LOCUS_PREFIX_KIND "contact"
#define LOCUS_TERM_BOILERPLATE LOCUS_PREFIX_KIND "boilerplate"
#define LOCUS_PREFIX_LANGUAGE "XL"         /* boolean: + the release's language code ("en",
                                              "ja"; language.h); the prefix scan of these
                                              terms tells the languages an index holds */
#define LOCUS_PREFIX_ACRONYM "XA"          /* boolean: an acronym the passage defines:
                                              + the acronym in lower case, TAB, the acronym,
                                              TAB, its long form (see locus_acronym_term) */
#define LOCUS_PREFIX_VERSION "XV"          /* boolean: + the version number (decimal) of the
                                              release's content the passage belongs to */

/* Value slots. */
#define LOCUS_SLOT_DATE 0     /* "YYYYMMDD" (sorts as a string; empty when unknown) */
#define LOCUS_SLOT_RELEASE 1  /* the release key, for collapsing to one hit per release */

/* Metadata keys. */
#define LOCUS_META_RELEASE "R"  /* + the release term: the release's stamp (see locus_stamp) */
#define LOCUS_META_SCHEMA "locus.schema"
#define LOCUS_META_ANALYZER "locus.analyzer"
#define LOCUS_META_VERSION "locus.version"  /* the last version number given to a release */
#define LOCUS_META_COMPACTED "locus.compacted"  /* bytes of the tables after the last compaction */
#define LOCUS_META_SHARD "locus.shard"  /* "K N": the index is shard K of a set of N (shards.h) */
#define LOCUS_META_HIDDEN "locus.hidden"    /* versions searches must not see (space-separated):
                                               a large release being written or replaced in
                                               several commits, or what a kill left of one */



/* The term naming the release at PATH (LOCUS_PREFIX_RELEASE + the path, or + a hash of it
 * when the path is over 200 bytes) into BUF of XDB_MAX_TERM + 1 bytes; returns its length. */
size_t locus_release_term(const char *path, char buf[XDB_MAX_TERM + 1]);



/* The metadata key of the stamp of the release at PATH (LOCUS_META_RELEASE + its release
 * term) into BUF; returns its length. */
size_t locus_stamp_key(const char *path, char buf[XDB_MAX_TERM + 2]);

/* Encodes ST and the release's PATH as a metadata value ("2 size sec nsec hash passages
 * version\n" + path) into a new *out of *len bytes, freed with free(). */
locus_status locus_stamp_encode(const locus_stamp *st, const char *path, char **out, size_t *len,
                                locus_error *err);

/* Decodes a metadata value into ST and, when PATH is not NULL, a new string *path (freed with
 * free()). Returns false for a value it does not understand. */
bool locus_stamp_decode(const char *value, size_t len, locus_stamp *st, char **path);

/* The term saying that a passage defines ACRONYM as LONG_FORM into BUF; returns its length, 0
 * when it would be longer than a term may be. */
size_t locus_acronym_term(const char *acronym, const char *long_form, char buf[XDB_MAX_TERM + 1]);

/* Splits an acronym term (LEN bytes, with its prefix) into its acronym and long form, copied
 * into ACRONYM (LOCUS_ACRONYM_MAX bytes) and LONG_FORM (XDB_MAX_TERM + 1 bytes). Returns false
 * for a term of another shape. */
bool locus_acronym_term_parse(const char *term, size_t len, char *acronym, char *long_form);

/* The term of version VERSION (LOCUS_PREFIX_VERSION + decimal) into BUF; returns its length. */
size_t locus_version_term(uint64_t version, char buf[32]);

/* Parses a LOCUS_META_HIDDEN value (LEN bytes) into a new array *out of *n versions, freed with
 * free(). Returns false when out of memory. */
bool locus_hidden_parse(const char *value, size_t len, uint64_t **out, size_t *n);

/* The LOCUS_META_SHARD value of shard K of N into BUF (SIZE bytes); its length. */
size_t locus_shard_place_format(unsigned k, unsigned n, char *buf, size_t size);

/* Parses a LOCUS_META_SHARD VALUE into *k of *n; false when it names no place in a set (no
 * value: the index is not a shard). */
bool locus_shard_place_parse(const char *value, unsigned *k, unsigned *n);

/* Turns the xdb failure XE into ERR, prefixing WHAT (e.g. the index path); returns the
 * locus status chosen. */
locus_status locus_error_from_xdb(const xdb_error *xe, const char *what, locus_error *err);

/* Checks that the index DB was written with this schema and analyzer; on a new, empty
 * writable index, records them. Fails with LOCUS_ERR_INCOMPATIBLE, naming PATH and saying to
 * rebuild, for an index of another version. */
locus_status locus_schema_check(xdb_db *db, const char *path, int writable, locus_error *err);

/* Opens the index at PATH (a folder, or a stub of shards: every shard's settings are checked)
 * read-only into *out (free with xdb_close); remote shards may take TIMEOUT seconds (0: the
 * default). Fails with LOCUS_ERR_NO_INDEX ("no index there") when PATH holds none,
 * LOCUS_ERR_INCOMPATIBLE when another locus built it, LOCUS_ERR_IO naming the shard when a
 * shard cannot be reached. */
locus_status locus_open_reader(const char *path, double timeout, xdb_db **out, locus_error *err);

/* Calls FN for each language code the passages of DB carry (the LOCUS_PREFIX_LANGUAGE terms),
 * in byte order; FN returns non-zero to stop. Fails like any read. */
locus_status locus_index_language_scan(xdb_db *db, const char *path,
                                       int (*fn)(const char *code, void *ctx), void *ctx,
                                       locus_error *err);

#ifdef __cplusplus
}
#endif

#endif
