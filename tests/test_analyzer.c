/* The analyzer: a table of texts and the tokens (exact / stem) they must give, plus byte
 * offsets, positions and hostile input. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "text/analyzer.h"
#include "text/stopwords.h"
#include "testutil.h"

/* Tokens rendered as "exact/stem@pos" separated by spaces ("/stem" left out when equal). */
typedef struct render {
    char buf[4096];
    size_t n;
    int count;
} render;

static int render_token(const locus_token *t, void *ctx) {
    render *r = ctx;
    ck_assert_uint_eq(strlen(t->text), t->len);
    ck_assert_uint_eq(strlen(t->stem), t->stem_len);
    int w;
    if (t->len == t->stem_len && memcmp(t->text, t->stem, t->len) == 0)
        w = snprintf(r->buf + r->n, sizeof r->buf - r->n, "%s%s", r->count ? " " : "", t->text);
    else
        w = snprintf(r->buf + r->n, sizeof r->buf - r->n, "%s%s/%s", r->count ? " " : "", t->text,
                     t->stem);
    r->n += (size_t)w;
    r->count++;
    return 0;
}

static const char *analyze(locus_analyzer *a, const char *text, size_t len) {
    static render r;
    memset(&r, 0, sizeof r);
    locus_error e;
    ck_assert_int_eq(locus_analyze(a, text, len, 1, render_token, &r, NULL, &e), LOCUS_OK);
    return r.buf;
}

static const struct { const char *in, *out; } cases[] = {
    {"DFFT", "dfft"},
    {"Data Free Flow with Trust (DFFT)", "data free flow with trust dfft"},
    {"5G 6G B5G 27th", "5g 6g b5g 27th"},
    {"B5G/6G", "b5g 6g"},
    {"5G/Beyond 5G (6G)", "5g beyond 5g 6g"},
    {"Japan-EU", "japan eu"},
    {"users\xE2\x80\x99 information", "users/user information/inform"},
    {"Japan's policies", "japan's/japan policies/polici"},
    {"Japan\xE2\x80\x99s", "japan's/japan"},
    {"'quoted'", "quoted/quot"},
    {"regulations regulatory", "regulations/regul regulatory/regulatori"},
    {"R&D", "r d"},
    {"version 1.4.22, 2,000 yen, 1,2,3 12,3456", "version 1.4.22 2000 yen 1 2 3 12 3456"},
    {"end. Next", "end next"},
    {"\xEF\xBC\xA4\xEF\xBC\xA6\xEF\xBC\xA6\xEF\xBC\xB4", "dfft"},            /* fullwidth DFFT */
    {"\xEF\xAC\x81nance", "finance/financ"},                                        /* ligature fi */
    {"STRASSE Stra\xC3\x9F" "e", "strasse strasse"},                          /* ß case-folds */
    {"caf\xC3\xA9 cafe\xCC\x81", "caf\xC3\xA9 caf\xC3\xA9"},                /* NFKC composes */
    {"soft\xC2\xADhyphen", "softhyphen"},                                   /* U+00AD dropped */
    {"日本", "日本"},                                  /* a Japanese word, whole (MeCab) */
    {"信頼性のある自由なデータ流通", "信頼 性 の ある 自由 な/だ データ 流通"},
    {"推進し、合意した。", "推進 し/する 合意 し/する た"},  /* base forms as stems, no symbols */
    {"6G共同研究", "6g 共同 研究"},                    /* Latin and Japanese side by side */
    {"ＤＦＦＴと６Ｇ", "dfft と 6g"},                   /* full width is width-folded */
    {"https://www.soumu.go.jp/index.html", "https www soumu go jp index html"},
    {"  \t\n ", ""},
    {"--- *** ...", ""},
};

START_TEST(table_of_cases) {
    locus_analyzer *a;
    locus_error e;
    ck_assert_int_eq(locus_analyzer_new("english", &a, &e), LOCUS_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = analyze(a, cases[i].in, strlen(cases[i].in));
        /* Compare exact forms, and stems where the case gives them. */
        char want[1024];
        snprintf(want, sizeof want, "%s", cases[i].out);
        if (strchr(cases[i].out, '/')) {
            ck_assert_msg(strcmp(got, want) == 0, "'%s': got '%s', want '%s'", cases[i].in, got, want);
        } else {
            /* compare only the exact forms: drop "/stem" from what we got */
            char exact[4096];
            size_t n = 0;
            for (const char *p = got; *p; p++) {
                if (*p == '/') { while (p[1] && p[1] != ' ') p++; continue; }
                exact[n++] = *p;
            }
            exact[n] = '\0';
            ck_assert_msg(strcmp(exact, want) == 0, "'%s': got '%s', want '%s'", cases[i].in, exact, want);
        }
    }
    locus_analyzer_free(a);
}
END_TEST

typedef struct record {
    locus_token t[16];
    char text[16][128];
    int n;
} record;

static int keep(const locus_token *t, void *ctx) {
    record *r = ctx;
    if (r->n == 16) return 1;
    r->t[r->n] = *t;
    snprintf(r->text[r->n], sizeof r->text[0], "%s", t->text);
    r->n++;
    return 0;
}

START_TEST(offsets_and_positions) {
    locus_analyzer *a;
    locus_error e;
    locus_analyzer_new(NULL, &a, &e);
    const char *s = "The Japan-EU \xE2\x80\x9C" "DFFT\xE2\x80\x9D talks";
    record r = {0};
    uint32_t next = 0;
    ck_assert_int_eq(locus_analyze(a, s, strlen(s), 10, keep, &r, &next, &e), LOCUS_OK);
    ck_assert_int_eq(r.n, 5);
    ck_assert_str_eq(r.text[1], "japan");
    ck_assert_uint_eq(r.t[1].start, 4);
    ck_assert_uint_eq(r.t[1].end, 9);
    ck_assert_str_eq(r.text[2], "eu");
    ck_assert_uint_eq(r.t[2].pos, r.t[1].pos + 1); /* hyphen parts are adjacent */
    ck_assert_str_eq(r.text[3], "dfft");
    ck_assert_int_eq(memcmp(s + r.t[3].start, "DFFT", 4), 0);
    ck_assert_uint_eq(r.t[3].end - r.t[3].start, 4);
    ck_assert_uint_eq(r.t[0].pos, 10);
    ck_assert_uint_eq(next, 15);
    locus_analyzer_free(a);
}
END_TEST

START_TEST(invalid_utf8_and_nul_bytes_separate_tokens) {
    locus_analyzer *a;
    locus_error e;
    locus_analyzer_new(NULL, &a, &e);
    const char s[] = "abc\xFF\xFE" "def\0ghi\xC3" "jkl\xE2\x82";
    ck_assert_str_eq(analyze(a, s, sizeof s - 1), "abc def ghi jkl");
    locus_analyzer_free(a);
}
END_TEST

START_TEST(over_long_tokens_are_skipped_but_keep_their_position) {
    locus_analyzer *a;
    locus_error e;
    locus_analyzer_new(NULL, &a, &e);
    size_t big = 100000;
    char *s = malloc(big + 32);
    strcpy(s, "before ");
    memset(s + 7, 'x', big);
    strcpy(s + 7 + big, " after");
    record r = {0};
    ck_assert_int_eq(locus_analyze(a, s, strlen(s), 1, keep, &r, NULL, &e), LOCUS_OK);
    ck_assert_int_eq(r.n, 2);
    ck_assert_str_eq(r.text[1], "after");
    ck_assert_uint_eq(r.t[1].pos, 3);
    /* exactly at the limit is kept */
    memset(s, 'y', LOCUS_MAX_TOKEN);
    s[LOCUS_MAX_TOKEN] = '\0';
    memset(&r, 0, sizeof r);
    locus_analyze(a, s, strlen(s), 1, keep, &r, NULL, &e);
    ck_assert_int_eq(r.n, 1);
    free(s);
    locus_analyzer_free(a);
}
END_TEST

START_TEST(languages) {
    locus_analyzer *a;
    locus_error e;
    ck_assert_int_eq(locus_analyzer_new("klingon", &a, &e), LOCUS_ERR_INVALID);
    ck_assert_ptr_null(a);
    ck_assert_ptr_nonnull(strstr(e.message, "klingon"));
    ck_assert_int_eq(locus_analyzer_new("none", &a, &e), LOCUS_OK);
    ck_assert_str_eq(analyze(a, "policies", 8), "policies");
    locus_analyzer_free(a);
    ck_assert_int_eq(locus_analyzer_new("french", &a, &e), LOCUS_OK);
    ck_assert_str_eq(analyze(a, "politiques", 10), "politiques/polit");
    ck_assert_str_eq(locus_analyzer_language(a), "fr");
    /* one analyzer, its language switched per release */
    ck_assert_int_eq(locus_analyzer_set_language(a, "de-DE", &e), LOCUS_OK);
    ck_assert_str_eq(locus_analyzer_language(a), "de");
    ck_assert_str_eq(analyze(a, "Netze", 5), "netze/netz");
    ck_assert_int_eq(locus_analyzer_set_language(a, "no such", &e), LOCUS_ERR_INVALID);
    ck_assert_str_eq(locus_analyzer_language(a), "de");  /* unchanged */
    ck_assert_int_eq(locus_analyzer_set_language(a, "ja", &e), LOCUS_OK);
    ck_assert_str_eq(analyze(a, "policies", 8), "policies");  /* no Snowball stemmer for ja */
    /* a word stemmed as another language would stem it */
    const char *st;
    size_t sl;
    ck_assert_int_eq(locus_analyzer_stem(a, "fr", "réseaux", strlen("réseaux"), &st, &sl, &e), LOCUS_OK);
    ck_assert_int_eq((int)sl, (int)strlen("réseau"));
    ck_assert(memcmp(st, "réseau", sl) == 0);
    ck_assert_int_eq(locus_analyzer_stem(a, "english", "explaining", 10, &st, &sl, &e), LOCUS_OK);
    ck_assert(sl == 7 && memcmp(st, "explain", 7) == 0);
    ck_assert_int_eq(locus_analyzer_stem(a, "none", "explaining", 10, &st, &sl, &e), LOCUS_OK);
    ck_assert(sl == 10);
    locus_analyzer_free(a);
    int found = 0;
    for (const char **l = locus_stem_languages(); *l; l++) found += strcmp(*l, "english") == 0;
    ck_assert_int_eq(found, 1);
}
END_TEST

/* Stems are remembered per analyzer: a word seen again, in the same language or after a switch
 * to ten others and back (each stemmer stays open), must get the stem
 * a fresh analyzer gives it, NUL-terminated, whatever its length. */
START_TEST(remembered_stems_are_the_stems) {
    static const char *langs[] = {"en", "fr", "de", "es", "it", "nl", "sv", "pt", "ru", "fi", "en"};
    static const char *text = "nations nations regulatory regulatory internationalization "
                              "internationalizations abcdefghijklmnopqrstuvwx "
                              "abcdefghijklmnopqrstuvwxyzs abcdefghijklmnopqrstuvwxyzs politiques";
    locus_analyzer *warm;
    locus_error e;
    ck_assert_int_eq(locus_analyzer_new("en", &warm, &e), LOCUS_OK);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
            locus_analyzer *fresh;
            ck_assert_int_eq(locus_analyzer_new(langs[i], &fresh, &e), LOCUS_OK);
            char want[4096];
            snprintf(want, sizeof want, "%s", analyze(fresh, text, strlen(text)));
            locus_analyzer_free(fresh);
            ck_assert_int_eq(locus_analyzer_set_language(warm, langs[i], &e), LOCUS_OK);
            ck_assert_str_eq(analyze(warm, text, strlen(text)), want);
            const char *st;
            size_t sl;
            ck_assert_int_eq(locus_analyzer_stem(warm, langs[i], "nations", 7, &st, &sl, &e), LOCUS_OK);
            ck_assert_uint_eq(strlen(st), sl);
        }
    ck_assert_str_eq(analyze(warm, "nations nations", 15), "nations/nation nations/nation");
    locus_analyzer_free(warm);
}
END_TEST

/* The stop words' stems that feedback leaves out are a table (stopwords.c), not stemmed at each
 * start: it must be exactly the distinct stems the analyzer gives the stop list, in strcmp
 * order, so that a new libstemmer that stems one of them otherwise fails here. */
START_TEST(stop_word_stems_are_the_stemmers) {
    const char *const *words, *const *stems;
    size_t nw = locus_stopwords("en", &words), ns = locus_stopword_stems("en", &stems);
    ck_assert_uint_gt(nw, 100);
    ck_assert_uint_gt(ns, 100);
    for (size_t i = 1; i < ns; i++) ck_assert_int_lt(strcmp(stems[i - 1], stems[i]), 0);
    locus_analyzer *a;
    locus_error e;
    ck_assert_int_eq(locus_analyzer_new("en", &a, &e), LOCUS_OK);
    bool *used = calloc(ns, sizeof *used);
    ck_assert_ptr_nonnull(used);
    for (size_t i = 0; i < nw; i++) {
        const char *st;
        size_t sl;
        ck_assert_int_eq(locus_analyzer_stem(a, "en", words[i], strlen(words[i]), &st, &sl, &e), LOCUS_OK);
        size_t k = 0;
        while (k < ns && strcmp(stems[k], st)) k++;
        ck_assert_msg(k < ns, "the stem '%s' of the stop word '%s' is not in the table", st, words[i]);
        used[k] = true;
    }
    for (size_t k = 0; k < ns; k++) ck_assert_msg(used[k], "'%s' is the stem of no stop word", stems[k]);
    free(used);
    locus_analyzer_free(a);
    const char *const *none;
    ck_assert_uint_eq(locus_stopword_stems("fr", &none), 0);
    ck_assert_ptr_null(none);
}
END_TEST

/* Each token's stem is Snowball's English stem of its text, NUL-terminated. */
static int check_english_stem(const locus_token *t, void *ctx) {
    struct sb_stemmer *st = ctx;
    const sb_symbol *want = sb_stemmer_stem(st, (const sb_symbol *)t->text, (int)t->len);
    ck_assert_ptr_nonnull(want);
    ck_assert_uint_eq(strlen(t->stem), t->stem_len);
    ck_assert_int_eq((int)t->stem_len, sb_stemmer_length(st));
    ck_assert(memcmp(t->stem, want, t->stem_len) == 0);
    return 0;
}

/* More words than the analyzer remembers (its cache grows twice on the way), of every length up
 * to past the longest remembered: a slot that held a longer stem and gets a shorter one must not
 * keep the longer one's tail. */
START_TEST(remembered_stems_survive_reuse) {
    static const char *ends[] = {"", "s", "ing", "ations", "ization", "izationalisms"};
    size_t cap = 400000, n = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    for (unsigned i = 0; i < 20000; i++) {
        char word[64];
        size_t w = 0;
        for (unsigned v = i * 2654435761u % 1000003u; w < 1 + i % 9; v /= 26) word[w++] = (char)('a' + v % 26);
        n += (size_t)snprintf(text + n, cap - n, "%.*s%s ", (int)w, word, ends[i % 6]);
    }
    struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
    ck_assert_ptr_nonnull(st);
    locus_analyzer *a;
    locus_error e;
    ck_assert_int_eq(locus_analyzer_new("en", &a, &e), LOCUS_OK);
    for (int pass = 0; pass < 3; pass++)
        ck_assert_int_eq(locus_analyze(a, text, n, 1, check_english_stem, st, NULL, &e), LOCUS_OK);
    locus_analyzer_free(a);
    sb_stemmer_delete(st);
    free(text);
}
END_TEST

static int stop_after_one(const locus_token *t, void *ctx) {
    (void)t;
    ++*(int *)ctx;
    return 1;
}

START_TEST(callback_can_stop) {
    locus_analyzer *a;
    locus_error e;
    locus_analyzer_new(NULL, &a, &e);
    int n = 0;
    ck_assert_int_eq(locus_analyze(a, "one two three", 13, 1, stop_after_one, &n, NULL, &e), LOCUS_OK);
    ck_assert_int_eq(n, 1);
    locus_analyzer_free(a);
}
END_TEST

/* Whether this process has the MeCab library mapped. */
static bool mecab_mapped(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    ck_assert_ptr_nonnull(f);
    char line[4096];
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) found = strstr(line, "/libmecab.so") != NULL;
    fclose(f);
    return found;
}

/* MeCab is loaded at the first Japanese text, not before: English costs no MeCab. (Check runs
 * each test in a process of its own; with CK_FORK=no an earlier test may have loaded it.) */
START_TEST(mecab_is_loaded_by_the_first_japanese_text) {
    const char *fork_mode = getenv("CK_FORK");
    bool fresh = !fork_mode || strcmp(fork_mode, "no") != 0;
    locus_analyzer *a;
    locus_error e;
    ck_assert_int_eq(locus_analyzer_new("en", &a, &e), LOCUS_OK);
    ck_assert_str_eq(analyze(a, "Joint research", 14), "joint research");
    if (fresh) ck_assert_msg(!mecab_mapped(), "MeCab was loaded for English text");
    ck_assert_str_eq(analyze(a, "共同研究", strlen("共同研究")), "共同 研究");
    ck_assert_msg(mecab_mapped(), "Japanese text was split without MeCab");
    locus_analyzer_free(a);
}
END_TEST

/* When MeCab cannot start (here: its configuration file is missing), Japanese text fails with a
 * message that says what is needed, and the analyzer still analyzes other text. */
START_TEST(japanese_without_mecab_fails_with_what_is_needed) {
    setenv("MECABRC", "/nonexistent/mecabrc", 1);
    locus_analyzer *a;
    locus_error e;
    ck_assert_int_eq(locus_analyzer_new("en", &a, &e), LOCUS_OK);
    int n = 0;
    ck_assert_int_eq(locus_analyze(a, "共同研究", strlen("共同研究"), 1, stop_after_one, &n, NULL, &e),
                     LOCUS_ERR_INVALID);
    ck_assert_msg(strstr(e.message, "needs MeCab"), "message: %s", e.message);
    ck_assert_str_eq(analyze(a, "Joint research", 14), "joint research");
    locus_analyzer_free(a);
}
END_TEST

int main(void) {
    Suite *s = suite_create("analyzer");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, table_of_cases);
    tcase_add_test(tc, offsets_and_positions);
    tcase_add_test(tc, invalid_utf8_and_nul_bytes_separate_tokens);
    tcase_add_test(tc, over_long_tokens_are_skipped_but_keep_their_position);
    tcase_add_test(tc, languages);
    tcase_add_test(tc, remembered_stems_are_the_stems);
    tcase_add_test(tc, remembered_stems_survive_reuse);
    tcase_add_test(tc, stop_word_stems_are_the_stemmers);
    tcase_add_test(tc, callback_can_stop);
    tcase_add_test(tc, mecab_is_loaded_by_the_first_japanese_text);
    tcase_add_test(tc, japanese_without_mecab_fails_with_what_is_needed);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
