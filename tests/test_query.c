/* The query parser: a table of queries and the trees they parse to, a table of every error
 * message with its column, the date bounds, and highlighting of words and phrases. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyzer.h"
#include "search/query.h"
#include "testutil.h"

static locus_analyzer *an;

static void setup(void) {
    locus_error e;
    ck_assert_int_eq(locus_analyzer_new("english", &an, &e), LOCUS_OK);
}

static void teardown(void) { locus_analyzer_free(an); }

static const struct { const char *in, *tree; } trees[] = {
    {"DFFT", "(WORD dfft)"},
    {"6G joint research", "(SEQ (WORD 6g) (WORD joint) (WORD research))"},
    {"\"joint research\"", "(PHRASE joint research)"},
    {"\"Research\"", "(EXACT research)"},
    {"=Research", "(EXACT research)"},
    {"Japan-EU", "(PHRASE japan eu)"},
    {"B5G/6G", "(PHRASE b5g 6g)"},
    {"a AND b", "(AND (WORD a) (WORD b))"},
    {"a OR b c", "(OR (WORD a) (SEQ (WORD b) (WORD c)))"},
    {"a b OR c", "(OR (SEQ (WORD a) (WORD b)) (WORD c))"},
    {"a AND b OR c AND d", "(OR (AND (WORD a) (WORD b)) (AND (WORD c) (WORD d)))"},
    {"a NOT b", "(NOT (WORD a) (WORD b))"},
    {"a AND NOT b", "(NOT (WORD a) (WORD b))"},
    {"NOT b", "(SEQ -(WORD b))"},
    {"a -b +c", "(SEQ (WORD a) -(WORD b) +(WORD c))"},
    {"-\"joint research\"", "(SEQ -(PHRASE joint research))"},
    {"(a OR b) c", "(SEQ (OR (WORD a) (WORD b)) (WORD c))"},
    {"((a))", "(WORD a)"},
    {"a NEAR/5 b", "(NEAR/5 (WORD a) (WORD b))"},
    {"a NEAR b", "(NEAR/10 (WORD a) (WORD b))"},
    {"a ADJ/3 b ADJ/3 c", "(ADJ/3 (WORD a) (WORD b) (WORD c))"},
    {"regul*", "(WILDCARD regul)"},
    {"title:ICT", "(title:WORD ict)"},
    {"section:\"joint research\"", "(section:PHRASE joint research)"},
    {"title:(cable OR satellite)", "(title:OR (title:WORD cable) (title:WORD satellite))"},
    {"date:2022", "(DATE 20220000 20229999)"},
    {"date:2021-04..2022-03", "(DATE 20210400 20220399)"},
    {"date:..2021", "(DATE - 20219999)"},
    {"date:2022-02-07..", "(DATE 20220207 -)"},
    {"cable date:2024", "(SEQ (WORD cable) (DATE 20240000 20249999))"},
    {"and or not near", "(SEQ (WORD and) (WORD or) (WORD not) (WORD near))"},
    {"NEARBY ADJUST", "(SEQ (WORD nearby) (WORD adjust))"},
    {"a ?! b", "(SEQ (WORD a) (WORD b))"},
    {"foo:bar", "(PHRASE foo bar)"},
    {"https://example.org", "(PHRASE https example org)"},
    {"  spaced\tout\n", "(SEQ (WORD spaced) (WORD out))"},
    /* an ideographic space (U+3000) and a no-break space separate words like a space */
    {"\xEF\xBC\x96\xEF\xBC\xA7\xE3\x80\x80" "cable", "(SEQ (WORD 6g) (WORD cable))"},  /* ６Ｇ　cable */
    {"joint\xC2\xA0research", "(SEQ (WORD joint) (WORD research))"},
    /* Japanese written solid: its words are clauses of the sequence, particles left out */
    {"ローカル5Gとは", "(SEQ (WORD ローカル) (WORD 5g))"},
    {"日欧の共同研究について", "(SEQ (WORD 日) (WORD 欧) (WORD 共同) (WORD 研究))"},
    {"Beyond 5Gの共同研究", "(SEQ (WORD beyond) (WORD 5g) (WORD 共同) (WORD 研究))"},
    {"ＡＩの安全性", "(SEQ (WORD ai) (WORD 安全) (WORD 性))"},
    {"ローカル5Gとは何ですか cable", "(SEQ (WORD ローカル) (WORD 5g) (WORD cable))"},
    /* nothing but function words: they are all kept */
    {"とは何", "(SEQ (WORD と) (WORD は) (WORD 何))"},
    {"\"共同研究\"", "(PHRASE 共同 研究)"},
    {"=共同研究", "(PHRASE 共同 研究)"},
    {"+共同研究 -日欧研究", "(SEQ +(AND (WORD 共同) (WORD 研究)) -(AND (WORD 日) (WORD 欧) (WORD 研究)))"},
    {"title:共同研究", "(SEQ (title:WORD 共同) (title:WORD 研究))"},
    {"共同研究 OR 日欧", "(OR (SEQ (WORD 共同) (WORD 研究)) (SEQ (WORD 日) (WORD 欧)))"},
};

START_TEST(queries_parse_to_trees) {
    for (size_t i = 0; i < sizeof trees / sizeof trees[0]; i++) {
        locus_query *q = NULL;
        locus_error e;
        locus_status st = locus_query_parse(an, trees[i].in, &q, &e);
        ck_assert_msg(st == LOCUS_OK, "'%s': %s", trees[i].in, e.message);
        char *d = locus_query_describe(q);
        ck_assert_msg(strcmp(d, trees[i].tree) == 0, "'%s': got %s, want %s", trees[i].in, d, trees[i].tree);
        free(d);
        locus_query_free(q);
    }
}
END_TEST

static const struct { const char *in; size_t column; const char *message; } errors[] = {
    {"", 1, "no word to search for"},
    {"   ", 1, "no word to search for"},
    {"?! ...", 1, "no word to search for"},
    {"policy \"joint research", 8, "unterminated quote"},
    {"(a OR b", 1, "no ')' closes this '('"},
    {"a OR b)", 7, "this ')' closes nothing"},
    {"()", 1, "nothing to search inside these parentheses"},
    {"a AND", 3, "AND needs something after it"},
    {"AND a", 1, "AND needs something before it"},
    {"a OR", 3, "OR needs something after it"},
    {"OR a", 1, "OR needs something before it"},
    {"a NOT", 3, "NOT needs something after it"},
    {"NOT", 1, "NOT needs something after it"},
    {"a NEAR/0 b", 3, "bad distance in 'NEAR/0'"},
    {"a NEAR/x b", 3, "bad distance"},
    {"a ADJ/1001 b", 3, "bad distance"},
    {"a NEAR", 3, "NEAR or ADJ needs a word after it"},
    {"\"a b\" NEAR c", 7, "NEAR and ADJ join single words"},
    {"a NEAR \"b c\"", 8, "NEAR and ADJ join single words"},
    {"a NEAR/2 b ADJ/2 c", 12, "one chain of words takes one operator"},
    {"reg*ul*", 1, "a wildcard takes one word"},
    {"Japan-E*", 1, "a wildcard takes one word"},
    {"title:", 1, "title: needs a word"},
    {"title: cable", 1, "title: needs a word"},
    {"title:section:a", 7, "fields cannot be nested"},
    {"date:", 1, "date: needs a date"},
    {"date:2022-13", 6, "bad date '2022-13'"},
    {"date:2023-02-29", 6, "bad date"},
    {"date:22", 6, "bad date"},
    {"date:2023..2022", 6, "empty date range"},
    {"date:..", 6, "bad date"},
    {"caf\xC3\xA9 \"x", 6, "unterminated quote"},
    {"x 共同研究*", 3, "a wildcard takes one word"},  /* Japanese written solid is several */  /* columns count characters, not bytes */
    {"\xE5\x85\xB1\xE5\x90\x8C\xE3\x80\x80(", 4, "unbalanced parenthesis"},  /* 共同　( : U+3000 is one */
    /* an AND or OR node is made after its operands, so columns are counted back as well as on */
    {"\xC3\xA9t\xC3\xA9 AND \xC3\xA8 OR \xC3\xBC AND \"x", 20, "unterminated quote"},
    {"(\xC3\xA9 \xC3\xA8) (\xC3\xBC \xC3\xA8 \"x", 12, "unterminated quote"},
};

START_TEST(errors_name_their_column) {
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        locus_query *q = (locus_query *)1;
        locus_error e;
        locus_status st = locus_query_parse(an, errors[i].in, &q, &e);
        ck_assert_msg(st == LOCUS_ERR_QUERY, "'%s' parsed", errors[i].in);
        ck_assert_ptr_null(q);
        ck_assert_msg(e.column == errors[i].column, "'%s': column %zu, want %zu (%s)", errors[i].in,
                      e.column, errors[i].column, e.message);
        ck_assert_msg(strstr(e.message, errors[i].message), "'%s': '%s' lacks '%s'", errors[i].in,
                      e.message, errors[i].message);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "column %zu: ", errors[i].column);
        ck_assert_msg(strncmp(e.message, prefix, strlen(prefix)) == 0, "%s", e.message);
    }
}
END_TEST

START_TEST(hostile_queries_fail_cleanly) {
    locus_query *q;
    locus_error e;
    /* deep nesting */
    char deep[300];
    memset(deep, '(', 100);
    strcpy(deep + 100, "a");
    memset(deep + 101, ')', 100);
    deep[201] = '\0';
    ck_assert_int_eq(locus_query_parse(an, deep, &q, &e), LOCUS_ERR_QUERY);
    ck_assert_ptr_nonnull(strstr(e.message, "nested deeper"));
    /* too many words */
    size_t n = 100 * 1024;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++) big[i] = i % 2 ? ' ' : 'w';
    big[n] = '\0';
    ck_assert_int_eq(locus_query_parse(an, big, &q, &e), LOCUS_ERR_QUERY);
    ck_assert_ptr_nonnull(strstr(e.message, "more than"));
    /* one enormous word is skipped like punctuation: nothing left */
    memset(big, 'x', n);
    ck_assert_int_eq(locus_query_parse(an, big, &q, &e), LOCUS_ERR_QUERY);
    free(big);
    /* a control character separates words (as white space does); invalid UTF-8 inside a word
     * splits it into a phrase, as punctuation does */
    ck_assert_int_eq(locus_query_parse(an, "a\x01" "b\xFF" "c\x7f" "d", &q, &e), LOCUS_OK);
    char *d = locus_query_describe(q);
    ck_assert_str_eq(d, "(SEQ (WORD a) (PHRASE b c) (WORD d))");
    free(d);
    locus_query_free(q);
}
END_TEST

/* Repeats UNIT N times, then adds TAIL. */
static char *repeat(const char *unit, size_t n, const char *tail) {
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * n + t + 1);
    for (size_t i = 0; i < n; i++) memcpy(s + i * u, unit, u);
    memcpy(s + u * n, tail, t + 1);
    return s;
}

START_TEST(every_clause_counts_against_the_limit) {
    locus_query *q = NULL;
    locus_error e;
    /* date: clauses count (80,000 of them used to crash the searcher) */
    char *s = repeat("date:2022 OR ", 80000, "cables");
    ck_assert_int_eq(locus_query_parse(an, s, &q, &e), LOCUS_ERR_QUERY);
    ck_assert_msg(strstr(e.message, "more than 1024 words"), "%s", e.message);
    ck_assert_uint_eq(e.column, 1024 * 13 + 1);  /* the 1,025th clause */
    free(s);
    /* so does every word of a phrase: one quoted phrase of 40,000 words is refused */
    s = repeat("word ", 40000, "\"");
    s[0] = '"';
    ck_assert_int_eq(locus_query_parse(an, s, &q, &e), LOCUS_ERR_QUERY);
    ck_assert_msg(strstr(e.message, "more than 1024 words"), "%s", e.message);
    ck_assert_uint_eq(e.column, 1);
    free(s);
    /* and every part of a hyphenated word */
    s = repeat("x-", 2000, "x");
    ck_assert_int_eq(locus_query_parse(an, s, &q, &e), LOCUS_ERR_QUERY);
    free(s);
    /* exactly at the limit is fine */
    s = repeat("date:2022 OR ", 1023, "cables");
    ck_assert_msg(locus_query_parse(an, s, &q, &e) == LOCUS_OK, "%s", e.message);
    locus_query_free(q);
    free(s);
}
END_TEST

START_TEST(long_chains_make_flat_trees) {
    locus_query *q = NULL;
    locus_error e;
    ck_assert_int_eq(locus_query_parse(an, "a OR b OR c OR d", &q, &e), LOCUS_OK);
    char *d = locus_query_describe(q);
    ck_assert_str_eq(d, "(OR (WORD a) (WORD b) (WORD c) (WORD d))");
    free(d);
    locus_query_free(q);
    ck_assert_int_eq(locus_query_parse(an, "a NOT b NOT c AND d AND e", &q, &e), LOCUS_OK);
    d = locus_query_describe(q);
    ck_assert_str_eq(d, "(AND (NOT (WORD a) (WORD b) (WORD c)) (WORD d) (WORD e))");
    free(d);
    locus_query_free(q);
    /* 1,000 alternating operators, the worst shape left, parse and build */
    char *s = repeat("w AND v NOT ", 500, "u");
    ck_assert_msg(locus_query_parse(an, s, &q, &e) == LOCUS_OK, "%s", e.message);
    const struct xdb_query *xq;
    ck_assert_msg(locus_query_build(q, NULL, NULL, &xq, &e) == LOCUS_OK, "%s", e.message);
    locus_query_free(q);
    free(s);
}
END_TEST

static const struct { const char *s; bool upper; const char *out; } bounds[] = {
    {"2022", false, "20220000"}, {"2022", true, "20229999"},   {"2022-02", false, "20220200"},
    {"2022-02", true, "20220299"}, {"2024-02-29", true, "20240229"}, {"2023-02-29", true, NULL},
    {"2022-2", false, NULL},     {"202", false, NULL},         {"2022-01-01x", false, NULL},
    /* back from today ($LOCUS_TODAY 2024-03-31 below): a month back from the 31st is the last
     * day of February, a leap year's 29th */
    {"3d", false, "20240328"},   {"2w", true, "20240317"},     {"1m", false, "20240229"},
    {"13m", false, "20230228"},  {"1y", false, "20230331"},    {"0d", false, "20240331"},
    {"y", false, NULL},          {"1h", false, NULL},          {"-1d", false, NULL},
    {"99999y", false, NULL},
};

START_TEST(date_bounds) {
    setenv("LOCUS_TODAY", "2024-03-31", 1);
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        char out[9] = "";
        bool ok = locus_date_bound(bounds[i].s, strlen(bounds[i].s), bounds[i].upper, out);
        ck_assert_msg(ok == (bounds[i].out != NULL), "%s", bounds[i].s);
        if (ok) ck_assert_str_eq(out, bounds[i].out);
    }
    /* date:2w alone: from then on; a bad date is a filter error, which no fallback may drop */
    locus_query *q = NULL;
    locus_error e;
    ck_assert_int_eq(locus_query_parse(an, "date:2w cables", &q, &e), LOCUS_OK);
    char *d = locus_query_describe(q);
    ck_assert_str_eq(d, "(SEQ (DATE 20240317 -) (WORD cables))");
    free(d);
    locus_query_free(q);
    ck_assert_int_eq(locus_query_parse(an, "cables date:1x..", &q, &e), LOCUS_ERR_QUERY);
    ck_assert_int_eq(e.filter, 1);
    ck_assert_int_eq(locus_query_parse(an, "(cables", &q, &e), LOCUS_ERR_QUERY);
    ck_assert_int_eq(e.filter, 0);
    unsetenv("LOCUS_TODAY");
}
END_TEST

/* Highlights of QUERY over TEXT as "[a b] c [d]". */
typedef struct hl {
    const locus_token *t;
    const char *text;
    char out[512];
    size_t n, at;
} hl;

static locus_token toks[64];
static char words[64][32], stems[64][32];
static size_t ntoks;

static int keep(const locus_token *t, void *ctx) {
    (void)ctx;
    snprintf(words[ntoks], 32, "%s", t->text);
    snprintf(stems[ntoks], 32, "%s", t->stem);
    toks[ntoks] = *t;
    toks[ntoks].text = words[ntoks];
    toks[ntoks].stem = stems[ntoks];
    ntoks++;
    return ntoks == 64;
}

static void mark(locus_token_span s, void *ctx) {
    hl *h = ctx;
    h->n += (size_t)snprintf(h->out + h->n, sizeof h->out - h->n, "%s[%.*s]", h->n ? " " : "",
                             (int)(toks[s.last].end - toks[s.first].start), h->text + toks[s.first].start);
}

static const char *highlight(const char *query, const char *text) {
    static hl h;
    memset(&h, 0, sizeof h);
    h.text = text;
    locus_query *q;
    locus_error e;
    ck_assert_int_eq(locus_query_parse(an, query, &q, &e), LOCUS_OK);
    /* patterns are recorded by the build; a NULL database is fine without wildcards to check */
    const struct xdb_query *xq;
    ck_assert_msg(locus_query_build(q, NULL, NULL, &xq, &e) == LOCUS_OK, "%s", e.message);
    ntoks = 0;
    locus_analyze(an, text, strlen(text), 1, keep, NULL, NULL, &e);
    locus_query_highlight(q, toks, ntoks, mark, &h);
    locus_query_free(q);
    return h.out;
}

START_TEST(highlights) {
    ck_assert_str_eq(highlight("research", "Joint research and researchers"), "[research] [researchers]");
    ck_assert_str_eq(highlight("\"joint research\"", "joint work, joint research"), "[joint research]");
    ck_assert_str_eq(highlight("=research", "research and researchers"), "[research]");
    ck_assert_str_eq(highlight("Japan-EU", "Japan-EU and Japan and the EU"), "[Japan-EU]");
    ck_assert_str_eq(highlight("cable -satellite", "cable and satellite"), "[cable]");
    ck_assert_str_eq(highlight("a NOT satellite", "satellite"), "");
    ck_assert_str_eq(highlight("title:cable", "cable"), "");
    ck_assert_str_eq(highlight("joint NEAR/3 research", "joint applied research"), "[joint] [research]");
}
END_TEST

/* An operator word followed by an ideographic or no-break space (which the parser reads as a
 * space) is a plain word in the plain form too: what locus-search falls back to always parses
 * (found by fuzz_query). */
START_TEST(plain_words_know_wide_spaces) {
    const char *texts[] = {"AND\xE3\x80\x80", "w NOT\xE3\x80\x80-", "x OR\xC2\xA0", "NEAR/3\xE3\x80\x80y"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *plain = locus_query_plain(texts[i]);
        ck_assert_ptr_nonnull(plain);
        ck_assert_uint_eq(strlen(plain), strlen(texts[i]));
        locus_query *q = NULL;
        locus_error e;
        ck_assert_msg(locus_query_parse(an, plain, &q, &e) == LOCUS_OK, "'%s' -> '%s': %s", texts[i], plain, e.message);
        locus_query_free(q);
        free(plain);
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, queries_parse_to_trees);
    tcase_add_test(tc, errors_name_their_column);
    tcase_add_test(tc, hostile_queries_fail_cleanly);
    tcase_add_test(tc, every_clause_counts_against_the_limit);
    tcase_add_test(tc, long_chains_make_flat_trees);
    tcase_add_test(tc, date_bounds);
    tcase_add_test(tc, highlights);
    tcase_add_test(tc, plain_words_know_wide_spaces);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
