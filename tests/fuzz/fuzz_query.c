/* The query parser on any text: it parses (and builds, and highlights) or refuses with a
 * message that names a column inside the query; and the same text made plain words
 * (locus_query_plain) parses but for the limits. */
#include <string.h>

#include "text/analyzer.h"
#include "fuzz.h"
#include "search/query.h"

static void count_span(locus_token_span s, void *ctx) {
    FUZZ_CHECK(s.first <= s.last);
    ++*(size_t *)ctx;
}

static locus_token toks[8];
static size_t ntoks;
static char texts[8][16];

static int keep(const locus_token *t, void *ctx) {
    (void)ctx;
    if (ntoks == 8) return 1;
    memcpy(texts[ntoks], t->text, t->len + 1);
    toks[ntoks] = *t;
    toks[ntoks].text = toks[ntoks].stem = texts[ntoks];
    ntoks++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static locus_analyzer *a;
    if (!a) {
        if (locus_analyzer_new("english", &a, NULL) != LOCUS_OK) abort();
        const char *sample = "joint research on 6G cables";
        locus_analyze(a, sample, strlen(sample), 1, keep, NULL, NULL, NULL);
    }
    char *q = malloc(size + 1);
    if (!q) return 0;
    memcpy(q, data, size);
    q[size] = '\0';  /* a query is a C string: it ends at the first NUL */
    size_t chars = 0;
    for (const char *p = q; *p; p++) chars += ((unsigned char)*p & 0xC0) != 0x80;
    locus_query *parsed = NULL;
    locus_error e;
    locus_status st = locus_query_parse(a, q, &parsed, &e);
    if (st == LOCUS_OK) {
        char *d = locus_query_describe(parsed);
        FUZZ_CHECK(d != NULL && (d[0] == '(' || d[0] == '+' || d[0] == '-'));
        free(d);
        const struct xdb_query *built;
        if (locus_query_build(parsed, NULL, NULL, &built, &e) == LOCUS_OK) {
            size_t spans = 0;
            locus_query_highlight(parsed, toks, ntoks, count_span, &spans);
            FUZZ_CHECK(spans <= ntoks);
        }
        locus_query_free(parsed);
    } else {
        FUZZ_CHECK(st == LOCUS_ERR_QUERY && parsed == NULL);
        FUZZ_CHECK(e.column >= 1 && e.column <= chars + 1);
        FUZZ_CHECK(strncmp(e.message, "column ", 7) == 0);
    }
    /* the same text as plain words (what locus-search falls back to): no syntax error left, only
     * the limits (no word at all, too many words, a word that is a bad date) */
    char *plain = locus_query_plain(q);
    FUZZ_CHECK(plain != NULL && strlen(plain) <= strlen(q));
    parsed = NULL;
    st = locus_query_parse(a, plain, &parsed, &e);
    if (st == LOCUS_OK) {
        locus_query_free(parsed);
    } else {
        FUZZ_CHECK(strstr(e.message, "no word to search for") || strstr(e.message, "more than") ||
                   strstr(e.message, "date"));
    }
    free(plain);
    free(q);
    return 0;
}
