/* The PDF reader on any bytes, in this process (LOCUS_PDF_IN_PROCESS: a fork per input would
 * leave no time to fuzz): it parses or refuses with a message naming the file; a release that
 * parsed has a title, a well-formed date, passages of valid UTF-8 of at most
 * LOCUS_PASSAGE_MAX_BYTES on pages that exist, in order, and in sections of the release. The
 * inputs that poppler would take minutes over are the sandbox's to stop (sandbox.h), so inputs
 * stay small enough here (-max_len) that every one runs in well under the timeout. */
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "fuzz.h"
#include <locus/release.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setenv("LOCUS_PDF_IN_PROCESS", "1", 1);
    locus_release *r = NULL;
    locus_error e;
    locus_status st = locus_release_parse("fuzz.pdf", (const char *)data, size, &r, &e);
    if (st != LOCUS_OK) {
        FUZZ_CHECK(st == LOCUS_ERR_FORMAT && r == NULL && strstr(e.message, "fuzz.pdf"));
        return 0;
    }
    FUZZ_CHECK(r->title != NULL && (r->date[0] == '\0' || strlen(r->date) == 10));
    FUZZ_CHECK(strlen(r->title) <= LOCUS_HEADING_MAX_BYTES);
    FUZZ_CHECK(r->n_passages > 0);
    /* bytes that are no PDF are read as text (page 0); a PDF's passages are on pages from 1 */
    uint32_t page = r->format == LOCUS_FORMAT_PDF ? 1 : 0;
    for (size_t i = 0; i < r->n_sections; i++) FUZZ_CHECK(r->section_parents[i] < (int32_t)i);
    for (size_t i = 0; i < r->n_passages; i++) {
        const locus_passage *p = &r->passages[i];
        size_t n = strlen(p->text);
        FUZZ_CHECK(n > 0 && n <= LOCUS_PASSAGE_MAX_BYTES && (!p->exact || r->format != LOCUS_FORMAT_PDF));
        FUZZ_CHECK(p->page >= page && p->line_start >= 1 && p->line_start <= p->line_end);
        page = p->page;
        FUZZ_CHECK(p->section != NULL && p->section_index < (int32_t)r->n_sections);
        FUZZ_CHECK(p->section_index < 0 ? !*p->section : p->section == r->sections[p->section_index]);
        int32_t k = 0;
        while (k < (int32_t)n) {
            UChar32 c;
            U8_NEXT((const uint8_t *)p->text, k, (int32_t)n, c);
            FUZZ_CHECK(c >= 0);
        }
    }
    locus_release_free(r);
    return 0;
}
