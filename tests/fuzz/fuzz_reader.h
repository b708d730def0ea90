/* fuzz_reader.h - the invariants every reader keeps on any input, for the Markdown and HTML
 * harnesses: a release that parsed has a title, a well-formed date, at least one passage;
 * sections come after their parents; every passage is valid UTF-8 of at most
 * LOCUS_PASSAGE_MAX_BYTES, in a section of the release, with lines and bytes inside the file. */
#ifndef LOCUS_FUZZ_READER_H
#define LOCUS_FUZZ_READER_H

#include <string.h>
#include <unicode/utf8.h>

#include "fuzz.h"
#include <locus/release.h>

/* Parses SIZE bytes of DATA as the file NAME and checks the result (or that a refusal names
 * the file). */
static inline void fuzz_reader(const char *name, const uint8_t *data, size_t size) {
    if (size >= 5 && !memcmp(data, "%PDF-", 5)) return;  /* poppler's, not ours to fuzz */
    locus_release *r = NULL;
    locus_error e;
    locus_status st = locus_release_parse(name, (const char *)data, size, &r, &e);
    if (st != LOCUS_OK) {
        FUZZ_CHECK(st == LOCUS_ERR_FORMAT && r == NULL && strstr(e.message, name));
        return;
    }
    uint32_t lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    FUZZ_CHECK(r->title != NULL && (r->date[0] == '\0' || strlen(r->date) == 10));
    FUZZ_CHECK(r->n_passages > 0);
    for (size_t i = 0; i < r->n_sections; i++)
        FUZZ_CHECK(r->section_parents[i] < (int32_t)i);  /* a parent comes first: no cycles */
    for (size_t i = 0; i < r->n_passages; i++) {
        const locus_passage *p = &r->passages[i];
        size_t n = strlen(p->text);
        FUZZ_CHECK(n > 0 && n <= LOCUS_PASSAGE_MAX_BYTES);
        FUZZ_CHECK(p->line_start >= 1 && p->line_start <= p->line_end && p->line_end <= lines);
        FUZZ_CHECK(p->byte_start < p->byte_end && p->byte_end <= size + 1);
        FUZZ_CHECK(p->section != NULL && !p->exact);
        FUZZ_CHECK(p->section_index < (int32_t)r->n_sections);
        FUZZ_CHECK(p->section_index < 0 ? !*p->section : p->section == r->sections[p->section_index]);
        int32_t k = 0;
        while (k < (int32_t)n) {  /* valid UTF-8 */
            UChar32 c;
            U8_NEXT((const uint8_t *)p->text, k, (int32_t)n, c);
            FUZZ_CHECK(c >= 0);
        }
    }
    locus_release_free(r);
}

#endif
