/* mecab.h - MeCab (Japanese words), loaded when the first Japanese text needs it: a program
 * that never meets Japanese (most searches) does not pay for mapping and binding the library
 * at every start. The types are MeCab's own (<mecab.h>); only its functions come through here. */
#ifndef LOCUS_TEXT_MECAB_H
#define LOCUS_TEXT_MECAB_H

#include <mecab.h>
#include <stddef.h>

#include <locus/status.h>

/* A new MeCab tagger with its default dictionary (mecabrc), in *out, to be freed with
 * locus_mecab_free. Loads the library (LOCUS_MECAB_SONAME) at the first call of the process
 * (thread-safe). Fails with LOCUS_ERR_INVALID and a message that names what is missing: the
 * library, or the dictionary MeCab could not open. */
locus_status locus_mecab_new(mecab_t **out, locus_error *err);

/* MeCab's nodes for TEXT (LEN bytes), owned by M until its next call; NULL on failure, with
 * locus_mecab_why telling why. */
const mecab_node_t *locus_mecab_parse(mecab_t *m, const char *text, size_t len);

/* MeCab's message for M's last failure. Borrowed. */
const char *locus_mecab_why(mecab_t *m);

/* Frees M; NULL is a no-op. */
void locus_mecab_free(mecab_t *m);

#endif
