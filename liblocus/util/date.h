/* date.h - the dates of util/date.c that only the library uses; the public ones are in
 * <locus/text.h> (dates in text) and <locus/info.h> (date bounds). Calls nothing of locus. */
#ifndef LOCUS_UTIL_DATE_H
#define LOCUS_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* The date in a "YYYY-MM-DD" at the start of the last component of the path NAME
 * ("2022-02-07-dialogue.txt") into ISO (11 bytes); its length, 0 when there is none. */
size_t locus_date_from_name(const char *name, char iso[11]);

/* The year of a Japanese edition mark in LEN bytes of S: "令和6年版" (2024), "平成30年版",
 * "2024年版", digits full-width or not; 0 when there is none. */
int locus_edition_year(const char *s, size_t len);

/* Whether LEN bytes of S are a time back from today as locus_date_bound reads it: digits,
 * then d, w, m or y ("2w"). */
bool locus_date_is_relative(const char *s, size_t len);

#endif
