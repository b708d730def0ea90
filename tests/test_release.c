/* The plain-text release reader: the seed's title, date, sections, passages and exact line and
 * byte ranges, and the rules for wrapped text, long paragraphs, dates and bad files. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "release.h"
#include "testutil.h"

#define SEED TU_SOURCE_DIR "/corpus/2022-02-07-japan-eu-ict-policy-dialogue.txt"

static const locus_passage *find(const locus_release *r, const char *needle) {
    for (size_t i = 0; i < r->n_passages; i++)
        if (strstr(r->passages[i].text, needle)) return &r->passages[i];
    return NULL;
}

/* The 1-based line of byte OFF in BUF. */
static uint32_t line_at(const char *buf, size_t off) {
    uint32_t line = 1;
    for (size_t i = 0; i < off; i++) line += buf[i] == '\n';
    return line;
}

static void check_ranges(const char *buf, size_t len, const locus_release *r) {
    for (size_t i = 0; i < r->n_passages; i++) {
        const locus_passage *p = &r->passages[i];
        ck_assert_uint_le(p->byte_end, len);
        ck_assert_uint_lt(p->byte_start, p->byte_end);
        ck_assert_uint_eq(strlen(p->text), p->byte_end - p->byte_start);
        ck_assert_uint_eq(p->line_start, line_at(buf, p->byte_start));
        ck_assert_uint_eq(p->line_end, line_at(buf, p->byte_end - 1));
        if (i) ck_assert_uint_ge(p->byte_start, r->passages[i - 1].byte_end);
    }
}

START_TEST(seed_release) {
    size_t len;
    char *buf = tu_read_file(SEED, &len);
    ck_assert_ptr_nonnull(buf);
    locus_release *r;
    locus_error e;
    ck_assert_int_eq(locus_release_read(SEED, &r, &e), LOCUS_OK);
    ck_assert_str_eq(r->date, "2022-02-07");
    ck_assert_int_eq(r->date_from_name, 0);
    ck_assert_str_eq(r->title, "Result of 27th Japan-EU ICT Policy Dialogue");
    ck_assert_uint_eq(r->title_line, 1);
    const char *sections[] = {"Major achievements of the 26th Japan-EU ICT Policy Dialogue",
                              "1. 5G/Beyond 5G (6G)", "2. Regulatory reform", "3. Cybersecurity",
                              "Contact"};
    ck_assert_uint_eq(r->n_sections, 5);
    for (size_t i = 0; i < 5; i++) ck_assert_str_eq(r->sections[i], sections[i]);
    ck_assert_uint_eq(r->n_passages, 10);
    check_ranges(buf, len, r);
    for (size_t i = 0; i < r->n_passages; i++) /* text is the file's bytes (valid UTF-8 here) */
        ck_assert_int_eq(memcmp(r->passages[i].text, buf + r->passages[i].byte_start,
                                r->passages[i].byte_end - r->passages[i].byte_start), 0);

    const locus_passage *p = find(r, "Data Free Flow with Trust (DFFT)");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->section, "2. Regulatory reform");
    ck_assert_uint_eq(p->line_start, 18);
    ck_assert_uint_eq(p->line_end, 18);
    ck_assert_int_eq(p->kind, LOCUS_PASSAGE_BODY);

    p = find(r, "joint research");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->section, "1. 5G/Beyond 5G (6G)");
    ck_assert_uint_eq(p->line_start, 13);

    p = find(r, "ISAC: An abbreviation");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(p->kind, LOCUS_PASSAGE_FOOTNOTE);
    ck_assert_str_eq(p->section, "3. Cybersecurity");
    ck_assert_uint_eq(p->line_start, 25);

    p = find(r, "TEL: +81");  /* the contact lines make one passage */
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->section, "Contact");
    ck_assert_uint_eq(p->line_start, 29);
    ck_assert_uint_eq(p->line_end, 36);
    ck_assert_ptr_nonnull(strstr(p->text, "FAX"));

    p = find(r, "The Ministry of Internal Affairs");
    ck_assert_str_eq(p->section, "");
    ck_assert_uint_eq(p->line_start, 3);
    locus_release_free(r);
    free(buf);
}
END_TEST

static const struct { const char *in, *iso; size_t used; } dates[] = {
    {"February 7, 2022 Result", "2022-02-07", 16},
    {"Feb. 7, 2022", "2022-02-07", 12},
    {"Sept. 30, 2024", "2024-09-30", 14},
    {"7 October 2021 Japan", "2021-10-07", 14},
    {"7 Feb 2022 Japan", "2022-02-07", 10},
    {"26-FEB-1987 15:01:26.79", "1987-02-26", 11},   /* newswire */
    {"3-jun-2020", "2020-06-03", 10},
    {"26-FEB-87", "", 0},
    {"26-XYZ-1987", "", 0},
    {"2022-09-15 Result", "2022-09-15", 10},
    {"2022/9/5", "2022-09-05", 8},
    {"February 29, 2024", "2024-02-29", 17},
    {"February 29, 2023", "", 0},
    {"2022-13-01", "", 0},
    {"Result of the dialogue", "", 0},
    {"May 2022", "", 0},
    {"2022-02-071", "", 0},
    {"Mayday 1, 2020", "", 0},
};

START_TEST(date_formats) {
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char iso[11] = "";
        size_t used = locus_date_parse(dates[i].in, strlen(dates[i].in), iso);
        ck_assert_msg(used == dates[i].used, "'%s': used %zu, want %zu", dates[i].in, used, dates[i].used);
        if (used) ck_assert_str_eq(iso, dates[i].iso);
    }
}
END_TEST

static locus_release *parse(const char *name, const char *text) {
    locus_release *r = NULL;
    locus_error e;
    locus_status st = locus_release_parse(name, text, strlen(text), &r, &e);
    ck_assert_msg(st == LOCUS_OK, "%s", e.message);
    check_ranges(text, strlen(text), r);
    return r;
}

START_TEST(hard_wrapped_paragraphs_and_lists) {
    const char *t =
        "2020-01-02 Wrapped release\n"
        "\n"
        "1. First section\n"
        "The first paragraph is written over\n"
        "two lines of text.\n"
        "\n"
        "A short sentence stands alone.\n"
        "\n"
        "The second paragraph is followed by a list\n"
        "- a list item that is long enough to stand apart from the rest\n"
        "- short item\n"
        "TEL: 123\n";
    locus_release *r = parse("w.txt", t);
    ck_assert_str_eq(r->title, "Wrapped release");
    ck_assert_uint_eq(r->n_sections, 1);
    ck_assert_str_eq(r->sections[0], "1. First section");
    ck_assert_uint_eq(r->n_passages, 4);
    ck_assert_uint_eq(r->passages[0].line_start, 4);
    ck_assert_uint_eq(r->passages[0].line_end, 5);
    ck_assert_str_eq(r->passages[0].section, "1. First section");
    ck_assert_uint_eq(r->passages[1].line_start, 7);
    ck_assert_uint_eq(r->passages[1].line_end, 7);
    ck_assert_uint_eq(r->passages[2].line_start, 9);
    ck_assert_uint_eq(r->passages[2].line_end, 9);
    /* the long item stands apart; the short fragments after it join it */
    ck_assert_uint_eq(r->passages[3].line_start, 10);
    ck_assert_uint_eq(r->passages[3].line_end, 12);
    locus_release_free(r);
}
END_TEST

START_TEST(long_paragraph_becomes_windows) {
    size_t n = 0;
    char *t = malloc(20000);
    n += (size_t)sprintf(t, "2021-05-06 Long\n\n");
    size_t body = n;
    for (int i = 0; i < 60; i++)
        n += (size_t)sprintf(t + n, "Sentence number %d talks about spectrum policy and cables. ", i);
    t[n] = '\0';
    locus_release *r = parse("long.txt", t);
    ck_assert_uint_gt(r->n_passages, 2);
    for (size_t i = 0; i < r->n_passages; i++) {
        ck_assert_uint_le(strlen(r->passages[i].text), LOCUS_PASSAGE_MAX_BYTES);
        size_t tl = strlen(r->passages[i].text);
        ck_assert_msg(r->passages[i].text[tl - 1] == '.', "window %zu does not end a sentence", i);
    }
    ck_assert_uint_eq(r->passages[0].byte_start, body);
    ck_assert_uint_eq(r->passages[r->n_passages - 1].byte_end, n - 1); /* trailing space trimmed */
    locus_release_free(r);
    free(t);
}
END_TEST

START_TEST(titles_without_a_date) {
    locus_release *r = parse("/x/notes.txt", "Just a title\n\nA paragraph of text that is here.\n");
    ck_assert_str_eq(r->title, "Just a title");
    ck_assert_str_eq(r->date, "");
    ck_assert_uint_eq(r->n_passages, 1);
    locus_release_free(r);
    r = parse("/x/2023-04-05-notes.txt", "Just a title\n\nText.\n");
    ck_assert_str_eq(r->date, "2023-04-05");
    ck_assert_int_eq(r->date_from_name, 1);
    locus_release_free(r);
    r = parse("d.txt", "\n\nMarch 3, 2020\nThe title on its own line\n\nBody text.\n");
    ck_assert_str_eq(r->date, "2020-03-03");
    ck_assert_str_eq(r->title, "The title on its own line");
    ck_assert_uint_eq(r->title_line, 4);
    ck_assert_uint_eq(r->n_passages, 1);
    ck_assert_uint_eq(r->passages[0].line_start, 6);
    locus_release_free(r);
}
END_TEST

START_TEST(bad_bytes_keep_offsets) {
    /* UTF-8 (café, naïve, Ω) with two damaged bytes: read as UTF-8, the bad bytes as '?' */
    const char t[] = "2020-01-02 T\r\n\r\nBad \xFF\xFE bytes, a NUL \0, caf\xC3\xA9 na\xC3\xAFve \xCE\xA9.\r\n";
    locus_release *r = NULL;
    locus_error e;
    ck_assert_int_eq(locus_release_parse("b.txt", t, sizeof t - 1, &r, &e), LOCUS_OK);
    ck_assert_str_eq(r->title, "T");
    ck_assert_uint_eq(r->n_passages, 1);
    ck_assert_str_eq(r->passages[0].text, "Bad ?? bytes, a NUL  , caf\xC3\xA9 na\xC3\xAFve \xCE\xA9.");
    ck_assert_uint_eq(r->passages[0].byte_start, 16);
    ck_assert_int_eq(r->passages[0].exact, 1);
    ck_assert_uint_eq(r->passages[0].line_start, 3);
    ck_assert_str_eq(r->charset, "");
    locus_release_free(r);
}
END_TEST

START_TEST(empty_binary_and_unreadable_files) {
    locus_release *r = (locus_release *)1;
    locus_error e;
    ck_assert_int_eq(locus_release_parse("e.txt", "", 0, &r, &e), LOCUS_ERR_FORMAT);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(e.message, "e.txt"));
    ck_assert_int_eq(locus_release_parse("s.txt", " \n\t\n", 4, &r, &e), LOCUS_ERR_FORMAT);
    char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (char)(i % 7 ? i : 0);
    ck_assert_int_eq(locus_release_parse("b.bin", bin, sizeof bin, &r, &e), LOCUS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(e.message, "binary"));
    ck_assert_int_eq(locus_release_read("/nonexistent/x.txt", &r, &e), LOCUS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.message, "/nonexistent/x.txt"));
    ck_assert_int_eq(locus_release_read(TU_SOURCE_DIR "/corpus", &r, &e), LOCUS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.message, "not a regular file"));
}
END_TEST

/* A release that is only a title line is one passage, the title: else no query could find it. */
START_TEST(title_only_release_is_its_title) {
    const char *text = "2020-01-01 Only a title\n";
    locus_release *r = parse("t.txt", text);
    ck_assert_str_eq(r->title, "Only a title");
    ck_assert_uint_eq(r->n_passages, 1);
    ck_assert_str_eq(r->passages[0].text, "Only a title");
    ck_assert_uint_eq(r->passages[0].byte_start, 11);
    ck_assert_uint_eq(r->passages[0].byte_end, 23);
    ck_assert_uint_eq(r->passages[0].line_start, 1);
    ck_assert_str_eq(r->passages[0].section, "");
    locus_release_free(r);
}
END_TEST

int main(void) {
    Suite *s = suite_create("release");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, seed_release);
    tcase_add_test(tc, date_formats);
    tcase_add_test(tc, hard_wrapped_paragraphs_and_lists);
    tcase_add_test(tc, long_paragraph_becomes_windows);
    tcase_add_test(tc, titles_without_a_date);
    tcase_add_test(tc, bad_bytes_keep_offsets);
    tcase_add_test(tc, empty_binary_and_unreadable_files);
    tcase_add_test(tc, title_only_release_is_its_title);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
