/* The PDF reader: text per page in paragraphs, sections and pages, title and date from the text
 * or the document information, and encrypted, damaged or image-only files refused by name. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "release.h"
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
    ck_assert_ptr_null(strstr(p->text, "Second,"));  /* paragraphs apart, by the gaps between lines */
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

int main(void) {
    Suite *s = suite_create("pdf");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, pages_paragraphs_and_sections);
    tcase_add_test(tc, date_and_title_from_the_text_win);
    tcase_add_test(tc, refused_by_name);
    tcase_add_test(tc, encrypted_is_named);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
