/* cite.h - what a release says of where it is published and who issued it, for citing it: the
 * test of a web address that readers take from metadata, and the fallback that finds both in
 * the text of a release whose metadata said nothing (a "URL:" line at its end, the contact
 * block's organisation line). */
#ifndef LOCUS_READ_CITE_H
#define LOCUS_READ_CITE_H

#include <stdbool.h>

#include <locus/release.h>

#define LOCUS_URL_MAX 2048  /* a longer "address" is not taken */

/* Whether S is an absolute web address: "http://" or "https://", a host, then no white space or
 * control character, at most LOCUS_URL_MAX bytes. */
bool locus_is_web_url(const char *s);

/* Fills what R's reader left unset (source_url, issuer) from its passages: the address of a
 * "URL:" / "Source:" line, else a line that is only an address, among the last passages (a
 * footer or contact block); the organisation a contact passage names last ("..., Global Strategy
 * Bureau, MIC" gives "MIC", when it reads as an organisation: capitals, or a word such as
 * Ministry, Office, Agency). What it cannot find, or has no memory for, stays NULL. */
void locus_release_find_citation(locus_release *r);

#endif
