/* The HTML reader: title, date and language from the page's metadata, boilerplate left out,
 * headings as a heading path, declared and detected charsets, and lines that point into the
 * HTML file. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/release.h>
#include "testutil.h"

static locus_release *parse_n(const char *name, const char *text, size_t len) {
    locus_release *r = NULL;
    locus_error e;
    ck_assert_msg(locus_release_parse(name, text, len, &r, &e) == LOCUS_OK, "%s", e.message);
    return r;
}

static locus_release *parse(const char *name, const char *text) { return parse_n(name, text, strlen(text)); }

static const locus_passage *find(const locus_release *r, const char *needle) {
    for (size_t i = 0; i < r->n_passages; i++)
        if (strstr(r->passages[i].text, needle)) return &r->passages[i];
    return NULL;
}

static bool anywhere(const locus_release *r, const char *needle) {
    return find(r, needle) != NULL;
}

static const char page[] =
    "<!DOCTYPE html>\n"                                                           /* 1 */
    "<html lang=\"en-GB\"><head>\n"                                               /* 2 */
    "<title>Spectrum plan adopted | Ministry</title>\n"                           /* 3 */
    "<meta name=\"dc.date\" content=\"2023-05-04\">\n"                            /* 4 */
    "<script>var tracking = 'script text';</script><style>p{}</style>\n"         /* 5 */
    "</head><body>\n"                                                             /* 6 */
    "<nav><a href=/>Home</a> navigation text</nav>\n"                            /* 7 */
    "<div id=\"breadcrumb\">Home &gt; Press</div>\n"                             /* 8 */
    "<h1>Spectrum plan adopted</h1>\n"                                           /* 9 */
    "<p>The Ministry adopted the spectrum plan for &quot;6G&quot; research\n"    /* 10 */
    "bands after a public consultation.</p>\n"                                   /* 11 */
    "<h2>Bands</h2>\n"                                                           /* 12 */
    "<h3>Upper 6 GHz</h3>\n"                                                     /* 13 */
    "<p>The upper 6 GHz band is reserved for mobile services in the plan.</p>\n" /* 14 */
    "<h2>Contact</h2>\n"                                                         /* 15 */
    "<p>Radio Policy Division<br>Tel. 03-0000-0000</p>\n"                        /* 16 */
    "<aside>Related: other releases in the aside</aside>\n"                      /* 17 */
    "<footer>Copyright footer text <time datetime=\"2024-01-01\">x</time></footer>\n" /* 18 */
    "<form><input value=form></form><noscript>noscript text</noscript>\n"        /* 19 */
    "</body></html>\n";                                                          /* 20 */

START_TEST(metadata_and_boilerplate) {
    locus_release *r = parse("/x/page.html", page);
    ck_assert_int_eq(r->format, LOCUS_FORMAT_HTML);
    ck_assert_str_eq(r->title, "Spectrum plan adopted");  /* the <title> less the site name */
    ck_assert_str_eq(r->date, "2023-05-04");               /* <meta>, not the footer's <time> */
    ck_assert_str_eq(r->language, "en-GB");
    static const char *const gone[] = {"script text", "navigation", "Home", "aside",
                                       "footer", "form", "noscript"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        ck_assert_msg(!anywhere(r, gone[i]), "'%s' is boilerplate", gone[i]);
    const locus_passage *p = find(r, "spectrum plan for");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->text, "The Ministry adopted the spectrum plan for \"6G\" research bands after a public consultation.");
    ck_assert_str_eq(p->section, "");  /* the h1 is the title, not a section */
    ck_assert_uint_eq(p->line_start, 10);
    ck_assert_uint_eq(p->line_end, 11);
    ck_assert_int_eq(p->exact, 0);
    locus_release_free(r);
}
END_TEST

START_TEST(headings_nest_into_a_path) {
    locus_release *r = parse("/x/page.html", page);
    const locus_passage *p = find(r, "upper 6 GHz band");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->section, "Upper 6 GHz");
    ck_assert_int_ge(p->section_index, 0);
    int32_t parent = r->section_parents[p->section_index];
    ck_assert_int_ge(parent, 0);
    ck_assert_str_eq(r->sections[parent], "Bands");
    ck_assert_int_eq(r->section_parents[parent], -1);
    ck_assert_uint_eq(p->line_start, 14);
    /* an h2 after an h3 closes it; a line break stays a line break */
    p = find(r, "Radio Policy Division");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->section, "Contact");
    ck_assert_int_eq(r->section_parents[p->section_index], -1);
    ck_assert_str_eq(p->text, "Radio Policy Division\nTel. 03-0000-0000");
    /* the locator's bytes are the lines' bytes in the file */
    const char *line16 = strstr(page, "<p>Radio");
    ck_assert_uint_eq(p->byte_start, (size_t)(line16 - page));
    locus_release_free(r);
}
END_TEST

START_TEST(dates_titles_and_fallbacks) {
    /* og:title wins; a <time> gives the date when no <meta> does */
    locus_release *r = parse("/x/a.html",
        "<html><head><title>Site | Page</title><meta property=\"og:title\" content=\"The real title\"></head>"
        "<body><p>Posted <time datetime=\"2021-09-30T08:00:00Z\">yesterday</time></p>"
        "<p>Body text about submarine cables and their repair.</p></body></html>");
    ck_assert_str_eq(r->title, "The real title");
    ck_assert_str_eq(r->date, "2021-09-30");
    locus_release_free(r);
    /* a visible date line near the top, not kept as text; no <title>: the h1 */
    r = parse("/x/b.html",
        "<body><h1>Dialogue held</h1><p>Date: 12 March 2020</p><p>The dialogue was held in Rome today.</p></body>");
    ck_assert_str_eq(r->title, "Dialogue held");
    ck_assert_str_eq(r->date, "2020-03-12");
    ck_assert_uint_eq(r->n_passages, 1);
    ck_assert_str_eq(r->passages[0].text, "The dialogue was held in Rome today.");
    locus_release_free(r);
    /* a Japanese date by era; nothing else: the file name's date */
    r = parse("/x/c.html", "<p>\xE4\xBB\xA4\xE5\x92\x8C\xE5\x85\x83\xE5\xB9\xB4" "5\xE6\x9C\x88" "1\xE6\x97\xA5</p><p>Text of the release here, long enough.</p>");
    ck_assert_str_eq(r->date, "2019-05-01");  /* 令和元年5月1日 */
    locus_release_free(r);
    r = parse("/x/2018-07-06-d.html", "<p>Undated text of a release with no date in it.</p>");
    ck_assert_str_eq(r->date, "2018-07-06");
    ck_assert_int_eq(r->date_from_name, 1);
    locus_release_free(r);
    /* a site name goes: named by og:site_name, or the short last part after a bar */
    static const struct { const char *head, *title; } site_titles[] = {
        {"<title>Spectrum auction results announced | Ministry of Digital Affairs</title>",
         "Spectrum auction results announced"},
        {"<meta property=\"og:site_name\" content=\"Digital Agency\">"
         "<title>Digital Agency - Open data guidelines revised</title>", "Open data guidelines revised"},
        {"<meta property=\"og:site_name\" content=\"Digital Agency\">"
         "<meta property=\"og:title\" content=\"Cloud policy updated – Digital Agency\">", "Cloud policy updated"},
        {"<title>\xe3\x83\xad\xe3\x83\xbc\xe3\x82\xab\xe3\x83\xab\xef\xbc\x95\xef\xbc\xa7\xe3\x81\xae"
         "\xe5\xb0\x8e\xe5\x85\xa5\xe6\x94\xaf\xe6\x8f\xb4\xef\xbd\x9c\xe7\xb7\x8f\xe5\x8b\x99\xe7\x9c\x81</title>",
         "\xe3\x83\xad\xe3\x83\xbc\xe3\x82\xab\xe3\x83\xab\xef\xbc\x95\xef\xbc\xa7\xe3\x81\xae"
         "\xe5\xb0\x8e\xe5\x85\xa5\xe6\x94\xaf\xe6\x8f\xb4"},  /* ローカル５Ｇの導入支援｜総務省 */
        /* a dash inside a title is no separator without a site name; a short title keeps its bar */
        {"<title>Japan - EU Digital Partnership Council held</title>", "Japan - EU Digital Partnership Council held"},
        {"<title>Japan | EU</title>", "Japan | EU"},
    };
    for (size_t i = 0; i < sizeof site_titles / sizeof *site_titles; i++) {
        char page[1024];
        snprintf(page, sizeof page, "<html><head>%s</head><body><p>Some text of the release.</p></body></html>",
                 site_titles[i].head);
        r = parse("/x/s.html", page);
        ck_assert_str_eq(r->title, site_titles[i].title);
        locus_release_free(r);
    }
    /* a <title> that is only the site name gives way to the h1 */
    r = parse("/x/f.html", "<html><head><meta property=\"og:site_name\" content=\"Ministry of Transport\">"
              "<title>Ministry of Transport</title></head><body><h1>Rail safety plan published</h1>"
              "<p>The plan sets targets for 2030.</p></body></html>");
    ck_assert_str_eq(r->title, "Rail safety plan published");
    locus_release_free(r);
    /* only a title: the title is the passage, so the release can be found */
    r = parse("/x/e.html", "<html><head><title>Only a title here</title></head><body></body></html>");
    ck_assert_uint_eq(r->n_passages, 1);
    ck_assert_str_eq(r->passages[0].text, "Only a title here");
    locus_release_free(r);
}
END_TEST

START_TEST(charsets_declared_and_detected) {
    /* Shift_JIS declared in a <meta http-equiv>: 海底ケーブル */
    static const char sjis[] =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"
        "<title>t</title></head><body>\n<p>\x8A\x43\x92\xEA\x83\x50\x81\x5B\x83\x75\x83\x8B\x82\xCC\x8B\xAD\xE8\xD5\x89\xBB\x81\x42</p></body></html>";
    locus_release *r = parse("/x/sjis.html", sjis);
    ck_assert_str_eq(r->charset, "Shift_JIS");
    ck_assert_ptr_nonnull(find(r, "\xE6\xB5\xB7\xE5\xBA\x95\xE3\x82\xB1\xE3\x83\xBC\xE3\x83\x96\xE3\x83\xAB"));
    ck_assert_uint_eq(r->passages[0].line_start, 2);
    locus_release_free(r);
    /* nothing declared, Windows-1252 bytes: detected, not shown as '?' */
    static const char latin[] = "<html><body><p>The d\xE9l\xE9gation visited the caf\xE9 \x96 twice.</p></body></html>";
    r = parse("/x/latin.html", latin);
    ck_assert_ptr_nonnull(find(r, "d\xC3\xA9l\xC3\xA9gation"));
    locus_release_free(r);
    /* UTF-16 with a byte-order mark */
    static const char utf16[] = "\xFF\xFE<\0p\0>\0H\0i\0 \0t\0h\0e\0r\0e\0<\0/\0p\0>\0";
    r = parse_n("/x/u16.html", utf16, sizeof utf16 - 1);
    ck_assert_str_eq(r->passages[0].text, "Hi there");
    locus_release_free(r);
}
END_TEST

START_TEST(sniffed_and_refused) {
    /* a page named .txt is read as HTML */
    locus_release *r = parse("/x/page.txt", "<!DOCTYPE html><title>T</title><p>Some body text for the page.</p>");
    ck_assert_int_eq(r->format, LOCUS_FORMAT_HTML);
    ck_assert_str_eq(r->passages[0].text, "Some body text for the page.");
    locus_release_free(r);
    locus_error e;
    r = NULL;
    ck_assert_int_eq(locus_release_parse("/x/empty.html", "<html><body><script>x()</script></body></html>", 46, &r, &e),
                     LOCUS_ERR_FORMAT);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(e.message, "/x/empty.html"));
}
END_TEST

START_TEST(corpus_pages) {
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/ja-germany-digital-policy-dialogue.html", TU_SOURCE_DIR);
    locus_release *r = NULL;
    locus_error e;
    ck_assert_msg(locus_release_read(path, &r, &e) == LOCUS_OK, "%s", e.message);
    ck_assert_str_eq(r->charset, "Shift_JIS");
    ck_assert_str_eq(r->language, "ja");
    ck_assert_str_eq(r->date, "2024-11-12");  /* 令和6年11月12日 */
    ck_assert_ptr_null(find(r, "Copyright"));  /* <div id="footer"> */
    locus_release_free(r);
    snprintf(path, sizeof path, "%s/corpus/japan-us-ict-policy-talks.html", TU_SOURCE_DIR);
    ck_assert_msg(locus_release_read(path, &r, &e) == LOCUS_OK, "%s", e.message);
    ck_assert_str_eq(r->date, "2024-10-08");  /* the article's <time>, not the footer's */
    ck_assert_str_eq(r->title, "Outcome of the 14th Japan-U.S. Policy Talks on the Internet Economy");
    ck_assert_ptr_null(find(r, "Search the newsroom"));
    ck_assert_ptr_null(find(r, "Related releases"));
    ck_assert_ptr_null(find(r, "Press release"));  /* the dateline */
    locus_release_free(r);
}
END_TEST

/* Where a page is published and who issued it, for citing it: the canonical link, else og:url,
 * else <base>, never a relative address; the publisher, else the site's name. */
START_TEST(source_url_and_issuer_for_citations) {
    locus_release *r = parse("/x/a.html",
        "<html><head><title>Talks</title><base href=\"https://b.example.org/\">"
        "<meta property=\"og:url\" content=\"https://og.example.org/talks\">"
        "<link rel=\"canonical\" href=\"https://www.example.org/press/talks.html\">"
        "<meta property=\"og:site_name\" content=\"Newsroom\">"
        "<meta name=\"DC.publisher\" content=\"Ministry of Examples\"></head>"
        "<body><p>Both sides met.</p></body></html>");
    ck_assert_str_eq(r->source_url, "https://www.example.org/press/talks.html");
    ck_assert_str_eq(r->issuer, "Ministry of Examples");
    locus_release_free(r);
    r = parse("/x/b.html",
        "<html><head><link rel=\"canonical\" href=\"/press/talks.html\">"
        "<meta property=\"og:url\" content=\"https://og.example.org/talks\">"
        "<meta property=\"og:site_name\" content=\"Newsroom\"><title>T</title></head>"
        "<body><p>Text.</p></body></html>");
    ck_assert_str_eq(r->source_url, "https://og.example.org/talks");  /* a relative link: not it */
    ck_assert_str_eq(r->issuer, "Newsroom");
    locus_release_free(r);
    r = parse("/x/c.html", "<html><head><title>T</title></head><body><p>Text.</p></body></html>");
    ck_assert_ptr_null(r->source_url);
    ck_assert_ptr_null(r->issuer);
    locus_release_free(r);
}
END_TEST

int main(void) {
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, metadata_and_boilerplate);
    tcase_add_test(tc, headings_nest_into_a_path);
    tcase_add_test(tc, dates_titles_and_fallbacks);
    tcase_add_test(tc, charsets_declared_and_detected);
    tcase_add_test(tc, sniffed_and_refused);
    tcase_add_test(tc, corpus_pages);
    tcase_add_test(tc, source_url_and_issuer_for_citations);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
