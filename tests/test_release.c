/* The plain-text release reader: the seed's title, date, sections, passages and exact line and
 * byte ranges, and the rules for wrapped text, long paragraphs, dates and bad files. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/release.h>
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
    ck_assert_uint_eq(r->n_passages, 9);
    /* the opening paragraphs are one per line: the first (264 bytes) takes in the second, and
     * the third stands alone, the two being over LOCUS_PASSAGE_JOIN_BYTES */
    ck_assert_uint_eq(find(r, "This policy dialogue aims")->line_start, 3);
    ck_assert_uint_eq(find(r, "This policy dialogue aims")->line_end, 4);
    ck_assert_uint_eq(find(r, "Based on the results")->line_start, 5);
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
    {"2022-02-07T09:30:00Z posted", "2022-02-07", 20},         /* ISO 8601 date and time */
    {"R4.2.7 Result", "2022-02-07", 6},                          /* Reiwa 4 */
    {"H31.4.30", "2019-04-30", 8},                               /* Heisei 31 */
    {"R4.2.30", "", 0},                                          /* no 30 February */
    {"R4.2.7x", "", 0},
    {"2024\xE5\xB9\xB4" "6\xE6\x9C\x88" "3\xE6\x97\xA5", "2024-06-03", 15},   /* 2024年6月3日 */
    {"\xE4\xBB\xA4\xE5\x92\x8C" "6\xE5\xB9\xB4" "11\xE6\x9C\x88" "12\xE6\x97\xA5", "2024-11-12", 20}, /* 令和6年 */
    {"\xE5\xB9\xB3\xE6\x88\x90\xE5\x85\x83\xE5\xB9\xB4" "1\xE6\x9C\x88" "8\xE6\x97\xA5", "1989-01-08", 20}, /* 平成元年 */
    {"\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x93\xE5\xB9\xB4" "2\xE6\x9C\x88" "30\xE6\x97\xA5", "", 0}, /* no 30 Feb */
    /* day, month, year in other languages */
    {"10 septembre 2024 Paris", "2024-09-10", 17},
    {"1er mars 2024", "2024-03-01", 13},
    {"3 f\xc3\xa9vrier 2023", "2023-02-03", 15},              /* février */
    {"15 ao\xc3\xbbt 2022", "2022-08-15", 13},                  /* août */
    {"3. M\xc3\xa4rz 2024", "2024-03-03", 13},                  /* März */
    {"24. Oktober 2023", "2023-10-24", 16},
    {"3 de marzo de 2024", "2024-03-03", 18},
    {"5 maggio 2023", "2023-05-05", 13},
    {"31 juin 2024", "", 0},                                     /* no 31 June */
    {"3 mar 2024", "2024-03-03", 10},                            /* English Mar still */
    {"3 marsh 2024", "", 0},
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
    /* the first paragraph is long enough (over LOCUS_PASSAGE_JOIN_BYTES) to stand alone; the
     * short ones after it join into one passage, list and fragments included */
    const char *t =
        "2020-01-02 Wrapped release\n"
        "\n"
        "1. First section\n"
        "The first paragraph is written over two lines of text, and it says enough about the\n"
        "spectrum auction, the submarine cables and the data centres of the region to be a\n"
        "passage of its own: the ministry will publish the rules of the auction in March, open\n"
        "the cable landing stations to every licensed operator on equal terms, and report on\n"
        "the energy the data centres use, every year, starting with the figures for this year,\n"
        "so that the public can follow how the plan is carried out over the next five years.\n"
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
    ck_assert_uint_eq(r->n_passages, 2);
    ck_assert_uint_eq(r->passages[0].line_start, 4);
    ck_assert_uint_eq(r->passages[0].line_end, 9);
    ck_assert_str_eq(r->passages[0].section, "1. First section");
    ck_assert_uint_eq(r->passages[1].line_start, 11);
    ck_assert_uint_eq(r->passages[1].line_end, 16);
    ck_assert_ptr_nonnull(strstr(r->passages[1].text, "stands alone.\n\nThe second paragraph"));
    ck_assert_str_eq(r->passages[1].section, "1. First section");
    locus_release_free(r);
}
END_TEST

/* Short paragraphs join the passage before them while it is shorter than
 * LOCUS_PASSAGE_JOIN_BYTES and the two fit in LOCUS_PASSAGE_MAX_BYTES; never across a
 * section heading, and a footnote never joins the body. */
START_TEST(short_paragraphs_join_within_their_section) {
    char t[8192];
    size_t n = (size_t)snprintf(t, sizeof t, "2020-01-02 Joined\n\n1. First section\n\n");
    for (int i = 0; i < 30; i++)  /* 30 paragraphs of about 60 bytes */
        n += (size_t)snprintf(t + n, sizeof t - n, "Paragraph %02d says one short thing about spectrum.\n\n", i);
    n += (size_t)snprintf(t + n, sizeof t - n, "2. Second section\n\nThe first paragraph of the second section.\n\n"
                                              "*\n\nA footnote on the second section, a sentence long enough to be one.\n");
    locus_release *r = parse("/x/joined.txt", t);
    size_t first = 0;
    for (size_t i = 0; i < r->n_passages; i++) {
        const locus_passage *p = &r->passages[i];
        size_t len = p->byte_end - p->byte_start;
        ck_assert_uint_le(len, LOCUS_PASSAGE_MAX_BYTES);
        if (strcmp(p->section, "1. First section") != 0) continue;
        first++;
        ck_assert_ptr_null(strstr(p->text, "second section"));
        /* each passage but the last took in paragraphs until it reached the join size */
        if (i + 1 < r->n_passages && !strcmp(r->passages[i + 1].section, "1. First section"))
            ck_assert_uint_ge(len, LOCUS_PASSAGE_JOIN_BYTES);
    }
    ck_assert_uint_ge(first, 2);
    ck_assert_uint_le(first, 5);  /* 30 x 52 bytes: about three passages, not thirty */
    const locus_passage *p = find(r, "Paragraph 00");
    ck_assert_ptr_nonnull(strstr(p->text, "spectrum.\n\nParagraph 01"));  /* the file's bytes */
    p = find(r, "The first paragraph of the second section");
    ck_assert_str_eq(p->section, "2. Second section");
    ck_assert_ptr_null(strstr(p->text, "footnote"));
    ck_assert_int_eq(find(r, "A footnote on the second")->kind, LOCUS_PASSAGE_FOOTNOTE);
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

START_TEST(windows_are_of_about_equal_size) {
    /* a paragraph a little over the limit: two windows of about half each, not a full window
     * and a scrap of one sentence (a short passage would score too well on one word) */
    char t[4096];
    size_t n = (size_t)sprintf(t, "2021-05-06 Long\n\n");
    while (n < 17 + LOCUS_PASSAGE_MAX_BYTES + 100)
        n += (size_t)sprintf(t + n, "Satellite links reach the islands. ");
    locus_release *r = parse("long.txt", t);
    ck_assert_uint_eq(r->n_passages, 2);
    size_t a = strlen(r->passages[0].text), b = strlen(r->passages[1].text);
    ck_assert_uint_ge(b, (a + b) / 3);
    ck_assert_uint_ge(a, (a + b) / 3);
    locus_release_free(r);
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
    /* a Japanese white paper's edition dates it (the year's first day), over a date of another
     * year in its text or its file name; a date of the same year stays */
    r = parse("/x/2025-01-09-wp.txt", "令和6年版 情報通信白書\n\n2023年5月13日、G7の会合が開かれた。\n");
    ck_assert_str_eq(r->date, "2024-01-01");
    ck_assert_int_eq(r->date_from_name, 0);
    locus_release_free(r);
    r = parse("/x/wp.txt", "平成３０年版　情報通信白書\n\n本文です。\n");  /* full-width digits */
    ck_assert_str_eq(r->date, "2018-01-01");
    locus_release_free(r);
    r = parse("/x/2024-07-05-wp.txt", "2024年版 白書\n\n本文です。\n");
    ck_assert_str_eq(r->date, "2024-07-05");
    locus_release_free(r);
    r = parse("/x/wp.txt", "白書の版について\n\n本文です。\n");  /* 版 alone dates nothing */
    ck_assert_str_eq(r->date, "");
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
    /* nothing but a date (found by fuzz_pdf: a release of no passage): skipped, named */
    static const char *const dates[] = {"2024-01-02\n", "\x08H2.3.2", "February 7, 2022\n\n \n"};
    for (size_t i = 0; i < 3; i++) {
        r = (locus_release *)1;
        ck_assert_int_eq(locus_release_parse("d.txt", dates[i], strlen(dates[i]), &r, &e), LOCUS_ERR_FORMAT);
        ck_assert_ptr_null(r);
        ck_assert_ptr_nonnull(strstr(e.message, "d.txt: only a date"));
    }
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
START_TEST(headings_as_people_write_them) {
    locus_release *r = parse("/x/reg.txt",
        "Regulation 2016/679 of the European Parliament and of the Council of 27 April 2016 on data\n"  /* 1 */
        "\n"
        "CHAPTER III\n"                                                                 /* 3 */
        "\n"
        "Rights of the data subject\n"                                                  /* 5 */
        "\n"
        "Article 17\n"                                                                  /* 7 */
        "\n"
        "Right to erasure ('right to be forgotten')\n"                                  /* 9 */
        "\n"
        "1. The data subject shall have the right to obtain the erasure of personal data.\n" /* 11 */
        "\n"
        "# Markdown-style heading\n"                                                    /* 13 */
        "\n"
        "A paragraph under a heading written with hashes, as people do in text files.\n" /* 15 */
        "\n"
        "**Bold heading**\n"                                                            /* 17 */
        "\n"
        "A paragraph under a bold line, which is a heading of the level below the rest.\n" /* 19 */
        "\n"
        "For the Council\n"                                                             /* 21 */
        "The President\n"
        "\n"
        "V. Petrov\n"                                                                   /* 24 */
        "\n"
        "The signatory's letter goes on with a paragraph of more than eight words here.\n"
        "\n"
        "M. Bek\n"
        "\n"
        "CANADA\n"                                                                      /* 30 */
        "\n"
        "HAITI\n"                                                                       /* 32 */
        "\n"
        "The parties will meet again next year to review the work done under this plan.\n"); /* 34 */
    ck_assert_str_eq(r->date, "2016-04-27");  /* inside the title line */
    ck_assert_int_eq(r->date_from_name, 0);
    const locus_passage *p = find(r, "1. The data subject");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->section, "Article 17 \xE2\x80\x94 Right to erasure ('right to be forgotten')");
    ck_assert_int_ge(p->section_index, 0);
    int32_t chapter = r->section_parents[p->section_index];
    ck_assert_int_ge(chapter, 0);
    ck_assert_str_eq(r->sections[chapter], "CHAPTER III \xE2\x80\x94 Rights of the data subject");
    p = find(r, "written with hashes");
    ck_assert_str_eq(p->section, "Markdown-style heading");
    ck_assert_int_eq(r->section_parents[p->section_index], -1);  /* a level-1 heading ends the chapter */
    p = find(r, "under a bold line");
    ck_assert_str_eq(p->section, "Bold heading");
    ck_assert_str_eq(r->sections[r->section_parents[p->section_index]], "Markdown-style heading");
    /* neither a signatory's initial nor the last of a list of country names is a heading */
    p = find(r, "meet again next year");
    ck_assert_str_eq(p->section, "Bold heading");
    for (size_t i = 0; i < r->n_sections; i++) {
        ck_assert_ptr_null(strstr(r->sections[i], "Petrov"));
        ck_assert_ptr_null(strstr(r->sections[i], "Bek"));
        ck_assert_ptr_null(strstr(r->sections[i], "HAITI"));
    }
    locus_release_free(r);
    /* Japanese structure: 第3章 then its title, 第17条 then its title */
    r = parse("/x/ja-law.txt", "2024-01-02 \xE6\xB3\x95\n\n"
              "\xE7\xAC\xAC\xE4\xB8\x89\xE7\xAB\xA0\n\n"                                   /* 第三章 */
              "\xE5\x88\xA9\xE7\x94\xA8\xE8\x80\x85\xE3\x81\xAE\xE6\xA8\xA9\xE5\x88\xA9\n\n" /* 利用者の権利 */
              "\xE7\xAC\xAC\xEF\xBC\x91\xEF\xBC\x97\xE6\x9D\xA1\n\n"                       /* 第１７条 */
              "\xE6\xB6\x88\xE5\x8E\xBB\xE3\x81\xAE\xE6\xA8\xA9\xE5\x88\xA9\n\n"         /* 消去の権利 */
              "\xE5\x88\xA9\xE7\x94\xA8\xE8\x80\x85\xE3\x81\xAF\xE6\xB6\x88\xE5\x8E\xBB\xE3\x82\x92\xE6\xB1\x82\xE3\x82\x81\xE3\x82\x8B\xE3\x81\x93\xE3\x81\xA8\xE3\x81\x8C\xE3\x81\xA7\xE3\x81\x8D\xE3\x82\x8B\xE3\x80\x82\n");
    ck_assert_uint_eq(r->n_passages, 1);
    ck_assert_str_eq(r->passages[0].section, "\xE7\xAC\xAC\xEF\xBC\x91\xEF\xBC\x97\xE6\x9D\xA1 \xE2\x80\x94 \xE6\xB6\x88\xE5\x8E\xBB\xE3\x81\xAE\xE6\xA8\xA9\xE5\x88\xA9");
    ck_assert_str_eq(r->sections[r->section_parents[r->passages[0].section_index]],
                     "\xE7\xAC\xAC\xE4\xB8\x89\xE7\xAB\xA0 \xE2\x80\x94 \xE5\x88\xA9\xE7\x94\xA8\xE8\x80\x85\xE3\x81\xAE\xE6\xA8\xA9\xE5\x88\xA9");
    locus_release_free(r);
    /* Roman numerals in sequence are headings */
    r = parse("/x/roman.txt", "2020-01-02 T\n\nI. First part\n\nText of the first part, long enough to be a paragraph here.\n\n"
                              "II. Second part\n\nText of the second part, long enough to be a paragraph here.\n");
    ck_assert_str_eq(find(r, "second part,")->section, "II. Second part");
    locus_release_free(r);
}
END_TEST

START_TEST(paragraph_style_per_block) {
    /* one long line (an image tag) does not turn the wrapped paragraphs into a line each; the
     * long lines are over LOCUS_PASSAGE_JOIN_BYTES, so a paragraph after them starts a passage */
#define SRC10 "a.png 480w, b.png 800w, c.png 1200w, d.png 1600w, e.png 2000w, f.png 2400w, "
#define LONG6 "and surely long enough to be sure of that, as the editors of such files write, "
    locus_release *r = parse("/x/mixed.txt",
        "2020-01-02 Mixed\n\n"
        "<img srcset=\"" SRC10 SRC10 SRC10 SRC10 SRC10 SRC10 SRC10 "g.png\">\n\n"
        "A paragraph wrapped by hand at a\nnarrow width, over three lines\nof the file, ends here.\n\n"
        "One paragraph per line, as some editors save their text, " LONG6 LONG6 LONG6 LONG6 LONG6 LONG6 "yes.\n"
        "And the next paragraph on the next line, which is a second passage and not the same one as above.\n");
#undef SRC10
#undef LONG6
    const locus_passage *p = find(r, "wrapped by hand");
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->line_start, 5);
    ck_assert_ptr_nonnull(strstr(p->text, "ends here.\n\nOne paragraph per line"));  /* joined */
    ck_assert_uint_eq(p->line_end, 9);
    ck_assert_ptr_null(strstr(p->text, "next paragraph"));
    p = find(r, "next paragraph on the next line");
    ck_assert_uint_eq(p->line_start, 10);
    ck_assert_uint_eq(p->line_end, 10);
    locus_release_free(r);
}
END_TEST

START_TEST(charsets_converted) {
    /* Windows-1252: converted; lines stay the file's lines, offsets its bytes, not exact */
    static const char w[] = "2021-03-04 Caf\xE9 dialogue\n\nThe d\xE9l\xE9gation \x96 and its \x80 budget were discussed.\n";
    locus_release *r = NULL;
    locus_error e;
    ck_assert_int_eq(locus_release_parse("/x/w.txt", w, sizeof w - 1, &r, &e), LOCUS_OK);
    ck_assert_str_eq(r->title, "Caf\xC3\xA9 dialogue");
    ck_assert_str_eq(r->passages[0].text, "The d\xC3\xA9l\xC3\xA9gation \xE2\x80\x93 and its \xE2\x82\xAC budget were discussed.");
    ck_assert_uint_eq(r->passages[0].line_start, 3);
    ck_assert_uint_eq(r->passages[0].byte_start, (size_t)(strstr(w, "The") - w));
    ck_assert_int_eq(r->passages[0].exact, 0);
    ck_assert_str_ne(r->charset, "");
    locus_release_free(r);
    /* Shift_JIS text: 2024年6月3日 then 海底ケーブル… */
    static const char sj[] = "2024\x94\x4E" "6\x8C\x8E" "3\x93\xFA \x8A\x43\x92\xEA\x83\x50\x81\x5B\x83\x75\x83\x8B\n\n"
                             "\x8A\x43\x92\xEA\x83\x50\x81\x5B\x83\x75\x83\x8B\x82\xCC\x8B\xAD\xE8\xD5\x89\xBB\x82\xC9\x82\xC2\x82\xA2\x82\xC4\x8B\x63\x98\x5F\x82\xB5\x82\xDC\x82\xB5\x82\xBD\x81\x42\n";
    ck_assert_int_eq(locus_release_parse("/x/sj.txt", sj, sizeof sj - 1, &r, &e), LOCUS_OK);
    ck_assert_str_eq(r->date, "2024-06-03");
    ck_assert_str_eq(r->title, "\xE6\xB5\xB7\xE5\xBA\x95\xE3\x82\xB1\xE3\x83\xBC\xE3\x83\x96\xE3\x83\xAB");
    ck_assert_uint_eq(r->passages[0].line_start, 3);
    locus_release_free(r);
    /* UTF-16 little-endian with its mark: not binary, converted, lines counted in code units */
    static const char u[] = "\xFF\xFE" "2\0" "0\0" "2\0" "0\0" "-\0" "0\0" "1\0" "-\0" "0\0" "2\0" " \0" "T\0" "\n\0" "\n\0"
                            "B\0" "o\0" "d\0" "y\0" " \0" "t\0" "e\0" "x\0" "t\0" ".\0" "\n\0";
    ck_assert_int_eq(locus_release_parse("/x/u.txt", u, sizeof u - 1, &r, &e), LOCUS_OK);
    ck_assert_str_eq(r->title, "T");
    ck_assert_str_eq(r->date, "2020-01-02");
    ck_assert_str_eq(r->passages[0].text, "Body text.");
    ck_assert_uint_eq(r->passages[0].line_start, 3);
    ck_assert_uint_eq(r->passages[0].byte_start, 30);  /* 2 + 14 units of 2 bytes */
    locus_release_free(r);
}
END_TEST

START_TEST(japanese_windows_end_at_sentences) {
    /* a long Japanese paragraph (no spaces): cut after 。 (or ！？), never inside 「...」 */
    char text[8192];
    size_t n = (size_t)snprintf(text, sizeof text, "2024-01-02 \xE3\x82\xBF\n\n");  /* タ */
    for (int i = 0; i < 120; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s",
                              i % 3 == 1 ? "\xE3\x80\x8C\xE5\xAE\x9F\xE9\xA8\x93\xE3\x80\x82\xE7\xB5\x90\xE6\x9E\x9C\xE3\x80\x8D"   /* 「実験。結果」 */
                                         : "\xE7\xA0\x94\xE7\xA9\xB6\xE9\x96\x8B\xE7\x99\xBA\xE3\x82\x92\xE9\x80\xB2\xE3\x82\x81\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82"); /* 研究開発を進めます。 */
    n += (size_t)snprintf(text + n, sizeof text - n, "\n");
    locus_release *r = parse("/x/ja.txt", text);
    ck_assert_uint_gt(r->n_passages, 1);
    for (size_t i = 0; i + 1 < r->n_passages; i++) {
        const char *t = r->passages[i].text;
        size_t len = strlen(t);
        ck_assert_uint_le(len, LOCUS_PASSAGE_MAX_BYTES);
        ck_assert_msg(len >= 3 && !memcmp(t + len - 3, "\xE3\x80\x82", 3), "window %zu ends mid-sentence", i);
        int depth = 0;
        for (size_t k = 0; k + 3 <= len; k++) {
            if (!memcmp(t + k, "\xE3\x80\x8C", 3)) depth++;
            if (!memcmp(t + k, "\xE3\x80\x8D", 3)) depth--;
        }
        ck_assert_int_eq(depth, 0);  /* no window ends inside 「...」 */
    }
    locus_release_free(r);
}
END_TEST

/* Boilerplate, by its heading or its shape, and text that only looks a little like it. */
START_TEST(boilerplate_is_known_by_heading_or_shape) {
    static const struct { const char *section, *text; bool boilerplate; } cases[] = {
        {"References", "Anything at all under this heading.", true},
        {"7. Bibliography", "Anything.", true},
        {"Table of Contents", "Anything.", true},
        {"\xE5\x8F\x82\xE8\x80\x83\xE6\x96\x87\xE7\x8C\xAE", "\xE6\x96\x87\xE7\x8C\xAE", true},  /* 参考文献 */
        {"", "Introduction ........ 3\nPilot design ........ 7\nResults ........ 12", true},
        {"", "Lindqvist, M. (2023). Idle spectrum. Telecom Review 8.\nOkafor, T. et al. Backhaul. Econ 3.", true},
        {"", "Disclaimer: the views expressed are those of the authors.", true},
        {"", "\xC2\xA9 2025 Network Policy Institute. All rights reserved.", true},
        {"", "Mara Lindqvist and Tomas Okafor", true},
        {"", "A. Rossi, B. Chen, C. van Dijk", true},
        /* text */
        {"Results", "Shared access lowered the cost by a third (see 2023 figures).", false},
        {"", "The references in the 2019 report (2019) were revised.\nThe new text is shorter.", false},
        {"", "Japan and France Agree on Digital Cooperation", false},
        {"", "Scott Charney, Chair", false},
        {"Contents:", "Anything.", true},
        {"Contents of the agreement", "The parties agree to share data on cable faults.", false},
        {"Contact regulations", "Rules on contact tracing were adopted.", false},
        {NULL, NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_msg(locus_passage_is_boilerplate(cases[i].section, cases[i].text) == cases[i].boilerplate,
                      "[%s] %s", cases[i].section ? cases[i].section : "(null)",
                      cases[i].text ? cases[i].text : "(null)");
}
END_TEST

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

/* A plain-text release names its address in a "URL:" line, or a line that is only an address, at
 * its end (the seed's contact block), and its issuer as the last office its contact lists. */
START_TEST(footer_url_and_contact_issuer) {
    locus_release *r = parse("/x/a.txt",
        "June 3, 2024 A Release\n\nThe text of it, see https://example.org/inline for more.\n\n"
        "Contact\n\nFor further information, please contact the Policy Division, Global Strategy Bureau, MIC.\n\n"
        "https://www.example.org/form.html\n\nURL: https://www.example.org/press/2024/a.html.\n\nTEL: +81 3 5253 5009\n");
    ck_assert_str_eq(r->source_url, "https://www.example.org/press/2024/a.html");  /* labelled first */
    ck_assert_str_eq(r->issuer, "MIC");
    locus_release_free(r);
    r = parse("/x/b.txt", "June 3, 2024 A Release\n\nThe text.\n\nContact\n\nJane Doe, Press Officer, tel. 555\n\n"
                          "https://www.example.org/form.html\n");
    ck_assert_str_eq(r->source_url, "https://www.example.org/form.html");
    ck_assert_ptr_null(r->issuer);  /* a person and a number: no organisation */
    locus_release_free(r);
    r = parse("/x/c.txt", "June 3, 2024 A Release\n\nRead it at https://example.org/inline today.\n");
    ck_assert_ptr_null(r->source_url);  /* an address inside a sentence is not the release's */
    locus_release_free(r);
}
END_TEST

int main(void) {
    Suite *s = suite_create("release");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, seed_release);
    tcase_add_test(tc, date_formats);
    tcase_add_test(tc, hard_wrapped_paragraphs_and_lists);
    tcase_add_test(tc, short_paragraphs_join_within_their_section);
    tcase_add_test(tc, long_paragraph_becomes_windows);
    tcase_add_test(tc, windows_are_of_about_equal_size);
    tcase_add_test(tc, titles_without_a_date);
    tcase_add_test(tc, bad_bytes_keep_offsets);
    tcase_add_test(tc, empty_binary_and_unreadable_files);
    tcase_add_test(tc, title_only_release_is_its_title);
    tcase_add_test(tc, headings_as_people_write_them);
    tcase_add_test(tc, paragraph_style_per_block);
    tcase_add_test(tc, charsets_converted);
    tcase_add_test(tc, japanese_windows_end_at_sentences);
    tcase_add_test(tc, boilerplate_is_known_by_heading_or_shape);
    tcase_add_test(tc, footer_url_and_contact_issuer);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
