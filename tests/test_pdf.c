/* The PDF reader: text per page in paragraphs, sections and pages, title and date from the text
 * or the document information, and encrypted, damaged or image-only files refused by name. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/release.h>
#include "testutil.h"

static locus_release *read_corpus(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/%s", TU_SOURCE_DIR, name);
    locus_release *r = NULL;
    locus_error e;
    ck_assert_msg(locus_release_read(path, &r, &e) == LOCUS_OK, "%s", e.message);
    return r;
}

static const locus_passage *find(const locus_release *r, const char *needle) {
    for (size_t i = 0; i < r->n_passages; i++)
        if (strstr(r->passages[i].text, needle)) return &r->passages[i];
    return NULL;
}

START_TEST(pages_paragraphs_and_sections) {
    locus_release *r = read_corpus("submarine-cable-resilience-report.pdf");
    ck_assert_int_eq(r->format, LOCUS_FORMAT_PDF);
    /* no date in the text: the document information's; its title too, not repeated as text */
    ck_assert_str_eq(r->title, "Expert Group on Submarine Cable Resilience: Final Report");
    ck_assert_str_eq(r->date, "2024-03-05");
    ck_assert_ptr_null(find(r, "Final Report"));
    const locus_passage *p = find(r, "Third, the region");
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->page, 2);
    ck_assert_str_eq(p->section, "2. Recommendations");
    /* paragraphs apart, by the gaps between lines: the third starts a line of the passage that
     * the short second one joined */
    const char *third = strstr(p->text, "Third, the region");
    ck_assert_msg(third > p->text && third[-1] == '\n', "%s", p->text);
    ck_assert_int_eq(p->exact, 0);
    /* a section goes on over a page break; a passage never straddles pages */
    p = find(r, "The group recommends");
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->page, 3);
    ck_assert_str_eq(p->section, "3. Monitoring and reporting");
    for (size_t i = 0; i < r->n_passages; i++) {
        ck_assert_uint_ge(r->passages[i].page, 1);
        ck_assert_uint_le(r->passages[i].page, 3);
        ck_assert_uint_ge(r->passages[i].line_start, 1);
        /* the page numbers at the feet of the pages are not text */
        ck_assert_msg(strcmp(r->passages[i].text, "1") && strcmp(r->passages[i].text, "2"), "page number kept");
    }
    locus_release_free(r);
}
END_TEST

START_TEST(date_and_title_from_the_text_win) {
    /* the information has no title and says 2025-01-20; the text opens with its date and title */
    locus_release *r = read_corpus("asean-japan-digital-ministers.pdf");
    ck_assert_str_eq(r->date, "2025-01-16");
    ck_assert_str_eq(r->title, "Joint Statement of the Fifth ASEAN-Japan Digital Ministers' Meeting");
    ck_assert_ptr_null(find(r, "January 16, 2025"));
    const locus_passage *p = find(r, "Open RAN");
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->page, 2);
    ck_assert_str_eq(p->section, "3. Trustworthy digital infrastructure");
    locus_release_free(r);
}
END_TEST

/* A working paper laid out as journals do (tests/data/pdf/rural-spectrum-working-paper.txt, set
 * by tests/tools/make_pdf): a running header and footer on every page, the title in large type
 * under the header, headings known only by their size, words hyphenated across lines and
 * superscripts; the document information's title is a file name. */
START_TEST(a_paper_is_read_as_its_authors_laid_it_out) {
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/pdf/rural-spectrum-working-paper.pdf", TU_SOURCE_DIR);
    locus_release *r = NULL;
    locus_error e;
    ck_assert_msg(locus_release_read(path, &r, &e) == LOCUS_OK, "%s", e.message);
    /* the largest text of the first page, not the running header above it nor the file name */
    ck_assert_str_eq(r->title, "Spectrum Sharing for Rural Broadband: Lessons from Pilot Licences");
    /* the running header and footer are no passage and no heading, on any page */
    ck_assert_ptr_null(find(r, "Journal of Network Policy"));
    ck_assert_ptr_null(find(r, "WP-2025-07"));
    for (size_t i = 0; i < r->n_sections; i++) {
        ck_assert_ptr_null(strstr(r->sections[i], "Journal"));
        ck_assert_ptr_null(strstr(r->sections[i], "Spectrum Sharing"));  /* the title is no section */
    }
    /* headings by their size: each passage is in its section, pages 1 to 3 */
    const char *sections[][2] = {{"Abstract", "Pilot licences let"}, {"1. Introduction", "Rural districts"},
                                 {"2. Pilot design", "twenty megahertz"}, {"3. Results", "1,250 euros"},
                                 {"4. Compute and model training", "side study"},
                                 {"5. Conclusions", "cooperative already"}};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        const locus_passage *p = find(r, sections[i][1]);
        ck_assert_msg(p != NULL, "%s", sections[i][1]);
        ck_assert_str_eq(p->section, sections[i][0]);
    }
    ck_assert_uint_eq(find(r, "twenty megahertz")->page, 2);
    ck_assert_uint_eq(find(r, "side study")->page, 3);
    /* paragraphs, not lines: of the passages, only the author line is one line */
    size_t one_line = 0;
    for (size_t i = 0; i < r->n_passages; i++) one_line += r->passages[i].line_start == r->passages[i].line_end;
    ck_assert_uint_le(one_line, 1);
    ck_assert_uint_ge(r->n_passages, 8);  /* short paragraphs join, within a section and page */
    /* hyphens at line ends: joined, kept before a capital or where the paper writes the word
     * with its hyphen elsewhere */
    ck_assert_ptr_nonnull(find(r, "under a Pan-Canadian"));
    ck_assert_ptr_nonnull(find(r, "and the government"));
    ck_assert_ptr_nonnull(find(r, "threshold for general-purpose"));
    ck_assert_ptr_null(find(r, "Pan- Canadian"));
    ck_assert_ptr_null(find(r, "govern-"));
    /* superscripts stay apart from their base */
    ck_assert_ptr_nonnull(find(r, "about 10^23 operations, far below the 10^26"));
    ck_assert_ptr_nonnull(find(r, "at 10^-3 of the permitted"));
    ck_assert_ptr_null(find(r, "1026"));
    locus_release_free(r);
}
END_TEST

START_TEST(refused_by_name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/scanned-letter.pdf", TU_SOURCE_DIR);
    locus_release *r = NULL;
    locus_error e;
    ck_assert_int_eq(locus_release_read(path, &r, &e), LOCUS_ERR_FORMAT);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(e.message, "scanned-letter.pdf: no text in 2 pages"));
    /* damaged: a header and garbage, or cut in the middle */
    static const char junk[] = "%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage garbage";
    ck_assert_int_eq(locus_release_parse("/x/junk.txt", junk, sizeof junk - 1, &r, &e), LOCUS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(e.message, "/x/junk.txt: damaged PDF"));
    size_t len = 0;
    char *whole = tu_read_file(path, &len);
    ck_assert_ptr_nonnull(whole);
    snprintf(path, sizeof path, "%s/corpus/asean-japan-digital-ministers.pdf", TU_SOURCE_DIR);
    free(whole);
    whole = tu_read_file(path, &len);
    ck_assert_ptr_nonnull(whole);
    for (size_t cut = 1; cut < len; cut += len / 7) {  /* never a crash, wherever it is cut */
        locus_status st = locus_release_parse("/x/cut.pdf", whole, cut, &r, &e);
        ck_assert(st == LOCUS_OK || st == LOCUS_ERR_FORMAT);
        if (st == LOCUS_OK) locus_release_free(r);
        else ck_assert_ptr_nonnull(strstr(e.message, "/x/cut.pdf"));
    }
    free(whole);
}
END_TEST

START_TEST(encrypted_is_named) {
    /* An encrypted file made by hand: a standard security handler (RC4, 40 bits) whose user
     * password is not empty, so poppler cannot open it. */
    static const char enc[] =
        "%PDF-1.4\n"
        "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        "3 0 obj << /Filter /Standard /V 1 /R 2 /P -44 "
        "/O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef> "
        "/U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >> endobj\n"
        "trailer << /Root 1 0 R /Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] /Size 4 >>\n"
        "%%EOF\n";
    locus_release *r = NULL;
    locus_error e;
    ck_assert_int_eq(locus_release_parse("/x/secret.pdf", enc, sizeof enc - 1, &r, &e), LOCUS_ERR_FORMAT);
    ck_assert_msg(strstr(e.message, "/x/secret.pdf: encrypted PDF, skipped"), "%s", e.message);
}
END_TEST

/* A small PDF whose information names its author and whose XMP metadata its source address:
 * the release's issuer and source_url. (Offsets in its xref are not kept: poppler rebuilds it.) */
START_TEST(author_and_xmp_address_cite_the_document) {
    const char *xmp =
        "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:source>https://www.example.org/reports/cables.pdf"
        "</dc:source></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
    const char *content = "BT /F1 12 Tf 72 720 Td (Submarine cables need repair ships near every landing station.) Tj ET";
    char pdf[4096];
    int n = snprintf(pdf, sizeof pdf,
        "%%PDF-1.4\n"
        "1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 6 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
        "4 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n"
        "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
        "6 0 obj << /Type /Metadata /Subtype /XML /Length %zu >> stream\n%s\nendstream endobj\n"
        "7 0 obj << /Title (Cable Report) /Author (Ministry of Examples) >> endobj\n"
        "trailer << /Root 1 0 R /Info 7 0 R /Size 8 >>\n%%%%EOF\n",
        strlen(content), content, strlen(xmp), xmp);
    ck_assert_int_lt(n, (int)sizeof pdf);
    locus_release *r = NULL;
    locus_error e;
    ck_assert_msg(locus_release_parse("/x/cables.pdf", pdf, (size_t)n, &r, &e) == LOCUS_OK, "%s", e.message);
    ck_assert_str_eq(r->issuer, "Ministry of Examples");
    ck_assert_str_eq(r->source_url, "https://www.example.org/reports/cables.pdf");
    ck_assert_ptr_nonnull(find(r, "repair ships"));
    locus_release_free(r);
}
END_TEST

int main(void) {
    Suite *s = suite_create("pdf");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, pages_paragraphs_and_sections);
    tcase_add_test(tc, date_and_title_from_the_text_win);
    tcase_add_test(tc, a_paper_is_read_as_its_authors_laid_it_out);
    tcase_add_test(tc, refused_by_name);
    tcase_add_test(tc, encrypted_is_named);
    tcase_add_test(tc, author_and_xmp_address_cite_the_document);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
