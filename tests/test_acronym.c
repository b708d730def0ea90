/* Acronym mining: a table of definitions that must be found (with their long form) and of
 * texts that must define nothing. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "text/acronym.h"
#include "testutil.h"

typedef struct found {
    char text[1024];
    size_t n;
} found;

static int keep(const char *acr, const char *lf, void *ctx) {
    found *f = ctx;
    size_t used = strlen(f->text);
    snprintf(f->text + used, sizeof f->text - used, "%s%s=%s", used ? "|" : "", acr, lf);
    f->n++;
    return 0;
}

static const char *mine(const char *text) {
    static found f;
    memset(&f, 0, sizeof f);
    locus_error e;
    ck_assert_int_eq(locus_acronyms_find(text, strlen(text), keep, &f, &e), LOCUS_OK);
    return f.text;
}

static const struct { const char *text, *want; } accepted[] = {
    {"the Data Free Flow with Trust (DFFT) and", "DFFT=Data Free Flow with Trust"},
    {"ISAC: An abbreviation for the Information Sharing and Analysis Center, which shares",
     "ISAC=Information Sharing and Analysis Center"},
    {"DFFT (Data Free Flow with Trust) was discussed", "DFFT=Data Free Flow with Trust"},
    {"NTN stands for non-terrestrial networks.", "NTN=non-terrestrial networks"},
    {"cooperation on artificial intelligence (AI) and", "AI=artificial intelligence"},
    {"Beyond 5G (B5G) research", "B5G=Beyond 5G"},
    {"the Internet of Things (IoT)", "IoT=Internet of Things"},
    {"Non-Terrestrial Networks（ＮＴＮ）", "NTN=Non-Terrestrial Networks"},   /* full width */
    {"本対話では、信頼性のある自由なデータ流通（DFFT）の具体化", "DFFT=信頼性のある自由なデータ流通"},
    {"日本は人工知能（AI）を", "AI=人工知能"},                                  /* particle cut */
    {"AI（人工知能）について", "AI=人工知能"},
    {"Open Radio Access Network (Open RAN)", ""},  /* not an acronym: a space inside */
    {"Ministry of Internal Affairs and Communications (MIC) announced",
     "MIC=Ministry of Internal Affairs and Communications"},
};

static const char *const refused[] = {
    "Beyond 5G (6G)",                     /* 6 is nowhere in the long form */
    "Japan (JP) and",                     /* no P */
    "see the annex (Annex 2)",            /* not acronym-like */
    "promote data flows (DFFT)",          /* the letters do not match */
    "in 2022 (R4) the",                   /* digits and a letter, but no long form */
    "the ICT Policy Dialogue (ICT)",      /* the long form holds the acronym itself */
    "ISAC is an important body",          /* no defining phrase */
    "(DFFT)",                             /* nothing before it */
    "the G7 (G7) meeting",                /* the acronym itself */
    "and so on, stands for nothing",      /* no acronym before the phrase */
};

START_TEST(accepted_definitions) {
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
        ck_assert_msg(strcmp(mine(accepted[i].text), accepted[i].want) == 0, "%s: got '%s', want '%s'",
                      accepted[i].text, mine(accepted[i].text), accepted[i].want);
}
END_TEST

START_TEST(refused_definitions) {
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        ck_assert_msg(strcmp(mine(refused[i]), "") == 0, "%s: got '%s'", refused[i], mine(refused[i]));
}
END_TEST

START_TEST(acronym_like_words) {
    ck_assert(locus_acronym_like("DFFT", 4));
    ck_assert(locus_acronym_like("6G", 2));
    ck_assert(locus_acronym_like("IoT", 3));
    ck_assert(!locus_acronym_like("Annex", 5));
    ck_assert(!locus_acronym_like("2022", 4));
    ck_assert(!locus_acronym_like("A", 1));
    ck_assert(!locus_acronym_like("ABCDEFGHIJKLMNOP", 16));
}
END_TEST

START_TEST(hostile_text) {
    /* unbalanced and nested brackets, invalid UTF-8, a parenthesis at the very end */
    static const char *const texts[] = {"((((", ")))(", "abc (", "x (\xff\xfe) (AB", "(A(B)C)D (",
                                        "stands for", "X: abbreviation for"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) mine(texts[i]);
    char big[5000];
    memset(big, '(', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_str_eq(mine(big), "");
}
END_TEST

int main(void) {
    Suite *s = suite_create("acronym");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, accepted_definitions);
    tcase_add_test(tc, refused_definitions);
    tcase_add_test(tc, acronym_like_words);
    tcase_add_test(tc, hostile_text);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
