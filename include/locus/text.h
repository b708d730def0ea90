/* text.h - text helpers the library shares with programs: dates as releases write them, the
 * UTF-8 check, the content hash. Nothing here knows of releases or indexes. */
#ifndef LOCUS_TEXT_H
#define LOCUS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Parses a date at the start of S: "February 7, 2022", "Feb. 7, 2022", "7 February 2022",
 * "7 Feb 2022", "26-FEB-1987" (newswire), "2022-02-07" or "2022/2/7"; the day-month-year forms in
 * French, German, Spanish and Italian too ("10 septembre 2024", "1er mars 2024", "3. März
 * 2024", "3 de marzo de 2024", "5 maggio 2023"). On success writes "YYYY-MM-DD" into ISO (11 bytes) and returns
 * the number of bytes of S it used; returns 0 when S does not start with a valid date. */
size_t locus_date_parse(const char *s, size_t len, char iso[11]);

/* Finds the first date in S that starts a word (as locus_date_parse reads them: "... of 27 April
 * 2016 on ..."), writes it into ISO and returns its length; 0 when there is none. */
size_t locus_date_find(const char *s, size_t len, char iso[11]);

/* Whether LEN bytes of S are valid UTF-8. */
bool locus_valid_utf8(const char *s, size_t len);

/* A 64-bit hash of LEN bytes (FNV-1a), to tell whether a file's content changed. */
uint64_t locus_content_hash(const char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
