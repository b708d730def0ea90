/* The analyzer on any bytes: tokens lie inside the input, in order, with increasing positions,
 * normalized forms at most LOCUS_MAX_TOKEN bytes. */
#include <string.h>

#include "text/analyzer.h"
#include "fuzz.h"

typedef struct state {
    size_t size, last_end;
    uint32_t last_pos;
} state;

static int check_token(const locus_token *t, void *ctx) {
    state *s = ctx;
    FUZZ_CHECK(t->start < t->end && t->end <= s->size);
    FUZZ_CHECK(t->start >= s->last_end);
    FUZZ_CHECK(t->pos > s->last_pos);
    FUZZ_CHECK(t->len > 0 && t->len <= LOCUS_MAX_TOKEN && strlen(t->text) == t->len);
    FUZZ_CHECK(t->stem_len > 0 && strlen(t->stem) == t->stem_len);
    s->last_end = t->end;
    s->last_pos = t->pos;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static locus_analyzer *a;
    if (!a && locus_analyzer_new("english", &a, NULL) != LOCUS_OK) abort();
    state s = {size, 0, 0};
    locus_error e;
    uint32_t next = 0;
    FUZZ_CHECK(locus_analyze(a, (const char *)data, size, 1, check_token, &s, &next, &e) == LOCUS_OK);
    FUZZ_CHECK(next > s.last_pos || (s.last_pos == 0 && next >= 1));
    return 0;
}
