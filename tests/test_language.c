/* Language codes, their stemmers, and detection with CLD2. */
#include <check.h>
#include <string.h>

#include "text/language.h"
#include "testutil.h"

START_TEST(codes) {
    char c[LOCUS_LANG_MAX];
    ck_assert(locus_language_code("en-GB", c)); ck_assert_str_eq(c, "en");
    ck_assert(locus_language_code("ja_JP.UTF-8", c)); ck_assert_str_eq(c, "ja");
    ck_assert(locus_language_code("FR", c)); ck_assert_str_eq(c, "fr");
    ck_assert(locus_language_code("german", c)); ck_assert_str_eq(c, "de");
    ck_assert(locus_language_code("nb", c)); ck_assert_str_eq(c, "no");
    ck_assert(locus_language_code("none", c)); ck_assert_str_eq(c, "none");
    ck_assert(!locus_language_code("", c));
    ck_assert(!locus_language_code("klingon", c));
    ck_assert(!locus_language_code("e", c));
    ck_assert(!locus_language_code("12", c));
    ck_assert_str_eq(locus_language_stemmer("fr"), "french");
    ck_assert_ptr_null(locus_language_stemmer("ja"));
    ck_assert_ptr_null(locus_language_stemmer("none"));
}
END_TEST

START_TEST(detection) {
    static const struct { const char *text, *want; } t[] = {
        {"Le ministère a publié aujourd'hui les résultats du dialogue sur la politique numérique "
         "entre le Japon et la France. Les deux parties ont échangé leurs vues sur les réseaux de "
         "communication et la gouvernance des données.", "fr"},
        {"Das Ministerium hat heute die Ergebnisse des digitalpolitischen Dialogs zwischen Japan "
         "und Deutschland veröffentlicht. Beide Seiten tauschten sich über Kommunikationsnetze "
         "und die Verwaltung von Daten aus.", "de"},
        {"総務省は、日独デジタル政策対話の結果を公表しました。両国は通信ネットワークとデータの"
         "ガバナンスについて意見交換を行いました。", "ja"},
        {"The ministry today published the results of the digital policy dialogue between Japan "
         "and the United Kingdom. Both sides exchanged views on networks and data governance.", "en"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char c[LOCUS_LANG_MAX] = "";
        ck_assert_msg(locus_language_detect(t[i].text, strlen(t[i].text), c), "%s", t[i].want);
        ck_assert_str_eq(c, t[i].want);
    }
    char c[LOCUS_LANG_MAX];
    ck_assert(!locus_language_detect("", 0, c));                /* nothing to go on */
    ck_assert(!locus_language_detect("\xff\xfe\xfd", 3, c));    /* invalid UTF-8 only */
}
END_TEST

int main(void) {
    Suite *s = suite_create("language");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, codes);
    tcase_add_test(tc, detection);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
