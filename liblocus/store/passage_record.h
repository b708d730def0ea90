/* passage_record.h - the bytes a passage document's data holds: a locus_record in a compact
 * binary form (docs/ARCHITECTURE.md, "Document data"). The printers build JSON or text from the
 * decoded record at output time; the index keeps no JSON. */
#ifndef LOCUS_PASSAGE_RECORD_H
#define LOCUS_PASSAGE_RECORD_H

#include <stddef.h>

#include <locus/record.h>
#include <locus/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The first byte of every record: the format's version (schema 5). */
#define LOCUS_RECORD_FORMAT 0x05

/* Encodes REC as document data into a new *out of *len bytes, freed with free(). Fails with
 * LOCUS_ERR_INVALID, naming the path, when a string other than the path is not UTF-8 (a path
 * is bytes and kept as it is), and LOCUS_ERR_NO_MEMORY. NULL strings are stored as "". */
locus_status locus_record_encode(const locus_record *rec, char **out, size_t *len,
                                 locus_error *err);

/* Decodes document data into REC, whose strings are new and freed by locus_record_release.
 * Fails with LOCUS_ERR_INCOMPATIBLE on data that is not a whole record of this format (REC is
 * then zeroed), LOCUS_ERR_NO_MEMORY when out of memory. */
locus_status locus_record_decode(const char *data, size_t len, locus_record *rec,
                                 locus_error *err);

/* Frees the strings of REC (not REC itself) and zeroes it. Accepts NULL. */
void locus_record_release(locus_record *rec);

#ifdef __cplusplus
}
#endif

#endif
