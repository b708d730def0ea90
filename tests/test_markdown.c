/* The Markdown reader: front matter as metadata, headings and bold lines as sections, passages
 * without markup, and locators that point at the right lines of the file. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/release.h>
#include "testutil.h"

static const char sample[] =
    "---\n"                                                            /* 1 */
    "tags: statements-releases\n"                                      /* 2 */
    "date: '2023-05-20'\n"                                             /* 3 */
    "title: \"Fact Sheet: Partners\\u2019 Cable\\_Summit on Subsea\\\n" /* 4 */
    "  \\ Networks\"\n"                                                /* 5 */
    "---\n"                                                            /* 6 */
    "\n"                                                               /* 7 */
    "**Subsea Cable Resilience**  \n"                                  /* 8 */
    "Partners will fund a [repair ship](https://example.org/ship)\n"   /* 9 */
    "for the *Pacific* cable routes.\n"                                /* 10 */
    "\n"                                                               /* 11 */
    "-   First item about spectrum sharing.\n"                         /* 12 */
    "-   Second item about **quantum** networks.\n"                    /* 13 */
    "\n"                                                               /* 14 */
    "## Data Free Flow\n"                                              /* 15 */
    "\n"                                                               /* 16 */
    "| Country | Pledge |\n"                                           /* 17 */
    "|---|---|\n"                                                      /* 18 */
    "| Japan | 5G testbeds |\n"                                        /* 19 */
    "\n"                                                               /* 20 */
    "> Trusted data flows matter.\n";                                  /* 21 */

static locus_release *parse(const char *name, const char *text) {
    locus_release *r = NULL;
    locus_error e;
    ck_assert_msg(locus_release_parse(name, text, strlen(text), &r, &e) == LOCUS_OK, "%s", e.message);
    return r;
}

START_TEST(front_matter_is_metadata) {
    locus_release *r = parse("/x/release.md", sample);
    /* \u2019 is a right quote, \_ a no-break space (folded as is), "\" at the end of line 4
     * joins line 5 without a space */
    ck_assert_str_eq(r->title, "Fact Sheet: Partners\xE2\x80\x99 Cable\xC2\xA0Summit on Subsea Networks");
    ck_assert_str_eq(r->date, "2023-05-20");
    for (size_t i = 0; i < r->n_passages; i++) {
        ck_assert_ptr_null(strstr(r->passages[i].text, "tags:"));
        ck_assert_ptr_null(strstr(r->passages[i].text, "---"));
    }
    locus_release_free(r);
}
END_TEST

START_TEST(passages_sections_and_lines) {
    locus_release *r = parse("/x/release.md", sample);
    ck_assert_uint_eq(r->n_passages, 2);
    const locus_passage *p = r->passages;
    /* a bold opening and a hard break: a heading, the rest a paragraph; link text kept, URL
     * and markup out; the list items, short, join the short paragraph before them */
    ck_assert_str_eq(p[0].section, "Subsea Cable Resilience");
    ck_assert_str_eq(p[0].text, "Partners will fund a repair ship for the Pacific cable routes.\n"
                                "First item about spectrum sharing.\n"
                                "Second item about quantum networks.");
    ck_assert_uint_eq(p[0].line_start, 8);
    ck_assert_uint_eq(p[0].line_end, 13);
    ck_assert_int_eq(p[0].exact, 0);
    /* a heading, table rows (the header row too is a row) and a quote: one passage on lines
     * 17-21, in the new section (nothing joins across a heading) */
    ck_assert_str_eq(p[1].section, "Data Free Flow");
    ck_assert_str_eq(p[1].text, "Country | Pledge\nJapan | 5G testbeds\nTrusted data flows matter.");
    ck_assert_uint_eq(p[1].line_start, 17);
    ck_assert_uint_eq(p[1].line_end, 21);
    /* the locator's bytes are the lines' bytes */
    size_t off = 0, start17 = 0;
    for (int line = 1; line < 21; line++) {
        off = (size_t)(strchr(sample + off, '\n') - sample) + 1;
        if (line == 16) start17 = off;
    }
    ck_assert_uint_eq(p[1].byte_start, start17);
    ck_assert_uint_eq(p[1].byte_end, off + strlen("> Trusted data flows matter."));
    locus_release_free(r);
}
END_TEST

/* A release larger than two pieces (LOCUS_MARKDOWN_PIECE, 256 KiB) is parsed piece by piece:
 * every paragraph is still one passage, in its section, with its own line in the file, and the
 * fenced code blocks keep their lines (a "## " inside one is no heading). */
START_TEST(a_large_release_is_read_in_pieces_as_a_whole) {
    size_t cap = 1 << 21, n = 0;
    char *md = malloc(cap);
    n += (size_t)sprintf(md + n, "# Large\n\n");
    int sections = 0;
    while (n < 900000) {
        n += (size_t)sprintf(md + n, "## Part %d\n\nParagraph %d on spectrum and cables.\n\n", sections, sections);
        if (sections % 1000 == 999)
            n += (size_t)sprintf(md + n, "```\ncode %d\n\n## not a heading %d\n```\n\n", sections, sections);
        sections++;
    }
    md[n] = '\0';
    locus_release *r = parse("large.md", md);
    ck_assert_ptr_nonnull(r);
    int paragraphs = 0, code = 0;
    for (size_t i = 0; i < r->n_passages; i++) {
        const locus_passage *p = &r->passages[i];
        int k;
        if (sscanf(p->text, "Paragraph %d", &k) == 1) {
            char want[64];
            snprintf(want, sizeof want, "Part %d", k);
            ck_assert_str_eq(p->section, want);
            /* line 1 title, 2 blank, then 4 lines a part (and 6 more per code block before it) */
            ck_assert_uint_eq(p->line_start, (uint32_t)(3 + 4 * k + 2 + 6 * (k / 1000)));
            ck_assert_int_eq(k, paragraphs);
            paragraphs++;
        } else if (strstr(p->text, "## not a heading")) {
            code++;
        }
    }
    ck_assert_int_eq(paragraphs, sections);
    ck_assert_int_eq(code, sections / 1000);
    for (size_t i = 0; i < r->n_sections; i++) ck_assert_ptr_null(strstr(r->sections[i], "not a heading"));
    locus_release_free(r);
    free(md);
}
END_TEST

START_TEST(quote_is_a_passage_too) {
    locus_release *r = parse("/x/q.md", "# Title here\n\n> Trusted data flows matter.\n");
    ck_assert_str_eq(r->title, "Title here");  /* no front matter: the first heading */
    ck_assert_uint_eq(r->n_passages, 1);
    ck_assert_str_eq(r->passages[0].text, "Trusted data flows matter.");
    ck_assert_str_eq(r->passages[0].section, "");
    ck_assert_uint_eq(r->passages[0].line_start, 3);
    locus_release_free(r);
}
END_TEST

START_TEST(title_only_and_dates) {
    locus_release *r = parse("/x/2021-04-05-note.md", "---\ntitle: Only the title\n---\n");
    ck_assert_str_eq(r->title, "Only the title");
    ck_assert_str_eq(r->date, "2021-04-05");  /* from the file name */
    ck_assert_uint_eq(r->n_passages, 1);
    ck_assert_str_eq(r->passages[0].text, "Only the title");
    locus_release_free(r);
    r = parse("/x/d.md", "---\npublished_time: 2022-02-07 10:00:00-05:00\n---\nBody text here.\n");
    ck_assert_str_eq(r->date, "2022-02-07");
    ck_assert_str_eq(r->title, "Body text here.");
    locus_release_free(r);
    /* an unclosed "---" is not front matter */
    r = parse("/x/u.md", "---\ntitle: x\nBody.\n");
    ck_assert_str_eq(r->date, "");
    locus_release_free(r);
}
END_TEST

START_TEST(long_paragraphs_are_cut_into_windows) {
    char *big = malloc(20000);
    size_t n = 0;
    while (n < 15000) n += (size_t)sprintf(big + n, "Sentence number %zu about cables. ", n);
    big[n] = '\0';
    locus_release *r = parse("/x/big.md", big);
    ck_assert_uint_gt(r->n_passages, 10);
    for (size_t i = 0; i < r->n_passages; i++) {
        ck_assert_uint_le(strlen(r->passages[i].text), LOCUS_PASSAGE_MAX_BYTES);
        ck_assert_uint_eq(r->passages[i].line_start, 1);
    }
    locus_release_free(r);
    free(big);
}
END_TEST

START_TEST(legal_text_heading_path) {
    locus_release *r = parse("/x/reg.md",
        "---\ntitle: Regulation on identity\n---\n"
        "# Regulation on identity\n\n"                         /* the title again: no section */
        "Preamble text of the regulation, which stands before any chapter.\n\n"
        "## Chapter II \xE2\x80\x94 Rights\n\n"
        "### Article 17\n\n"
        "**Right to erasure**\n\n"
        "A user may ask the provider to erase the data it holds about the user.\n\n"
        "**Exceptions**\n\n"
        "Records kept to prove a signature valid are not erased on request.\n");
    ck_assert_str_eq(r->passages[0].section, "");
    const locus_passage *p = &r->passages[1];
    ck_assert_str_eq(p->text, "A user may ask the provider to erase the data it holds about the user.");
    ck_assert_str_eq(p->section, "Article 17 \xE2\x80\x94 Right to erasure");
    int32_t up = r->section_parents[p->section_index];
    ck_assert_str_eq(r->sections[up], "Chapter II \xE2\x80\x94 Rights");
    ck_assert_int_eq(r->section_parents[up], -1);
    p = &r->passages[2];  /* a second bold heading is a sub-heading of the article */
    ck_assert_str_eq(p->section, "Exceptions");
    ck_assert_str_eq(r->sections[r->section_parents[p->section_index]], "Article 17 \xE2\x80\x94 Right to erasure");
    locus_release_free(r);
    /* a whole sentence in bold is emphasis: a passage, not a heading */
    r = parse("/x/b.md", "# T\n\n**Investments in new foundries are critical to the long-term resilience of supply chains.**\n\n"
                         "The rest of the paragraph follows here in plain text for readers.\n");
    ck_assert_uint_eq(r->n_sections, 0);
    ck_assert_str_eq(r->passages[0].text, "Investments in new foundries are critical to the long-term resilience of supply chains.\n"
                                          "The rest of the paragraph follows here in plain text for readers.");
    locus_release_free(r);
}
END_TEST

START_TEST(format_by_extension) {
    ck_assert_int_eq(locus_format_of("/a/b.md"), LOCUS_FORMAT_MARKDOWN);
    ck_assert_int_eq(locus_format_of("B.MARKDOWN"), LOCUS_FORMAT_MARKDOWN);
    ck_assert_int_eq(locus_format_of("/a.md/b.txt"), LOCUS_FORMAT_TEXT);
    ck_assert_int_eq(locus_format_of("md"), LOCUS_FORMAT_UNKNOWN);
    ck_assert_int_eq(locus_format_of("a.HTM"), LOCUS_FORMAT_HTML);
    ck_assert_int_eq(locus_format_of("a.pdf"), LOCUS_FORMAT_PDF);
    ck_assert_int_eq(locus_format_of("a.docx"), LOCUS_FORMAT_UNKNOWN);
    /* content first: a PDF named .txt, a page named .md; a .pdf that is text is text */
    ck_assert_int_eq(locus_format_sniff("a.txt", "%PDF-1.4\n", 9), LOCUS_FORMAT_PDF);
    ck_assert_int_eq(locus_format_sniff("a.md", "\xEF\xBB\xBF <!-- x -->\n<!DOCTYPE html>", 34), LOCUS_FORMAT_HTML);
    ck_assert_int_eq(locus_format_sniff("a.pdf", "Just text", 9), LOCUS_FORMAT_TEXT);
    ck_assert_int_eq(locus_format_sniff("a.md", "# Title", 7), LOCUS_FORMAT_MARKDOWN);
}
END_TEST

/* Front matter names where the release is published (source_url:, url:, source:) and who issued
 * it (issuer:, publisher:, organization:, author:); a value that is no web address is not a URL. */
START_TEST(front_matter_cites_the_release) {
    locus_release *r = parse("/x/a.md", "---\ntitle: T\nsource: the minutes\nurl: 'https://www.example.org/a'\n"
                                        "publisher: Office of Examples\n---\n\nText of it.\n");
    ck_assert_str_eq(r->source_url, "https://www.example.org/a");
    ck_assert_str_eq(r->issuer, "Office of Examples");
    locus_release_free(r);
    r = parse("/x/b.md", "---\ntitle: T\n---\n\nText of it.\n");
    ck_assert_ptr_null(r->source_url);
    ck_assert_ptr_null(r->issuer);
    locus_release_free(r);
    r = parse("/x/c.md", "---\ntitle: T\nsource_url: https://www.example.org/c\n");  /* not closed: no front matter */
    ck_assert_ptr_null(r->source_url);
    locus_release_free(r);
}
END_TEST

int main(void) {
    Suite *s = suite_create("markdown");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, front_matter_is_metadata);
    tcase_add_test(tc, passages_sections_and_lines);
    tcase_add_test(tc, quote_is_a_passage_too);
    tcase_add_test(tc, a_large_release_is_read_in_pieces_as_a_whole);
    tcase_add_test(tc, title_only_and_dates);
    tcase_add_test(tc, long_paragraphs_are_cut_into_windows);
    tcase_add_test(tc, format_by_extension);
    tcase_add_test(tc, legal_text_heading_path);
    tcase_add_test(tc, front_matter_cites_the_release);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
