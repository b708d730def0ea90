/* The release reader on any bytes: it parses or refuses with a message; every passage lies
 * inside the file, in order, with the right line numbers and valid UTF-8 — of the range's length
 * when the passage is exact (a UTF-8 file), else at most LOCUS_PASSAGE_MAX_BYTES (a file in
 * another charset, converted). */
#include <string.h>
#include <unicode/utf8.h>

#include "fuzz.h"
#include <locus/release.h>

static uint32_t line_at(const uint8_t *d, size_t off) {
    uint32_t l = 1;
    for (size_t i = 0; i < off; i++) l += d[i] == '\n';
    return l;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size >= 5 && !memcmp(data, "%PDF-", 5)) return 0;  /* poppler's, not ours to fuzz */
    locus_release *r = NULL;
    locus_error e;
    locus_status st = locus_release_parse("fuzz.txt", (const char *)data, size, &r, &e);
    if (st != LOCUS_OK) {
        FUZZ_CHECK(st == LOCUS_ERR_FORMAT && r == NULL && strstr(e.message, "fuzz.txt"));
        return 0;
    }
    FUZZ_CHECK(r->title != NULL && (r->date[0] == '\0' || strlen(r->date) == 10));
    size_t prev_end = 0;
    for (size_t i = 0; i < r->n_passages; i++) {
        const locus_passage *p = &r->passages[i];
        size_t n = strlen(p->text);
        FUZZ_CHECK(p->byte_start < p->byte_end && p->byte_end <= size);
        FUZZ_CHECK(n > 0 && n <= LOCUS_PASSAGE_MAX_BYTES);
        FUZZ_CHECK(p->line_offset <= p->byte_start);
        if (p->exact) {
            FUZZ_CHECK(n == p->byte_end - p->byte_start && p->byte_start >= prev_end);
            FUZZ_CHECK(p->line_start == line_at(data, p->byte_start));
            FUZZ_CHECK(p->line_end == line_at(data, p->byte_end - 1));
        } else {
            FUZZ_CHECK(p->line_start >= 1 && p->line_start <= p->line_end &&
                       p->line_end <= line_at(data, size));
        }
        int32_t k = 0;
        while (k < (int32_t)n) {  /* valid UTF-8 */
            UChar32 c;
            U8_NEXT((const uint8_t *)p->text, k, (int32_t)n, c);
            FUZZ_CHECK(c >= 0);
        }
        FUZZ_CHECK(p->section != NULL);
        prev_end = p->byte_end;
    }
    locus_release_free(r);
    return 0;
}
