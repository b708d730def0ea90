/* passage_record.c: a passage record comes back from its bytes field for field, and bytes that
 * are not a whole record of this format (cut short, too long, an old JSON record) are refused,
 * never read past their end. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/passage_record.h"
#include "testutil.h"

static locus_record sample(void) {
    locus_record r = {
        .path = "/releases/b\xe9ta/2022-02-07.pdf",  /* a path is bytes, not UTF-8 */
        .title = "Result of 27th Japan-EU ICT Policy Dialogue",
        .section = "2. Regulatory reform",
        .date = "2022-02-07",
        .text = "Both sides shared DFFT \xe2\x80\x94 data free flow with trust.",
        .byte_start = 5000000000ull,  /* past 2^32: a large file */
        .byte_end = 5000000123ull,
        .line_start = 17,
        .line_end = 19,
        .line_offset = 4999999990ull,
        .ordinal = 300,
        .footnote = 1,
        .page = 12,
        .exact = 1,
        .heading_path = "Chapter III\n",
        .format = "pdf",
        .language = "en",
        .url = "https://www.soumu.go.jp/english/",
        .issuer = "MIC",
    };
    return r;
}

START_TEST(a_record_comes_back_field_for_field) {
    locus_record in = sample(), out;
    char *data;
    size_t len;
    locus_error e;
    ck_assert_int_eq(locus_record_encode(&in, &data, &len, &e), LOCUS_OK);
    ck_assert_uint_eq((unsigned char)data[0], LOCUS_RECORD_FORMAT);
    ck_assert_int_eq(locus_record_decode(data, len, &out, &e), LOCUS_OK);
    ck_assert_str_eq(out.path, in.path);
    ck_assert_str_eq(out.title, in.title);
    ck_assert_str_eq(out.section, in.section);
    ck_assert_str_eq(out.date, in.date);
    ck_assert_str_eq(out.text, in.text);
    ck_assert_str_eq(out.heading_path, in.heading_path);
    ck_assert_str_eq(out.format, in.format);
    ck_assert_str_eq(out.language, in.language);
    ck_assert_str_eq(out.url, in.url);
    ck_assert_str_eq(out.issuer, in.issuer);
    ck_assert_uint_eq(out.byte_start, in.byte_start);
    ck_assert_uint_eq(out.byte_end, in.byte_end);
    ck_assert_uint_eq(out.line_start, in.line_start);
    ck_assert_uint_eq(out.line_end, in.line_end);
    ck_assert_uint_eq(out.line_offset, in.line_offset);
    ck_assert_uint_eq(out.ordinal, in.ordinal);
    ck_assert_uint_eq(out.page, in.page);
    ck_assert_int_eq(out.footnote, 1);
    ck_assert_int_eq(out.exact, 1);
    /* smaller than the text and the strings with a few bytes of numbers */
    size_t strings = strlen(in.path) + strlen(in.title) + strlen(in.section) + strlen(in.date) +
                     strlen(in.text) + strlen(in.heading_path) + strlen(in.format) +
                     strlen(in.language) + strlen(in.url) + strlen(in.issuer);
    ck_assert_uint_le(len, strings + 40);
    locus_record_release(&out);
    free(data);
}
END_TEST

START_TEST(empty_and_missing_strings_come_back_empty) {
    locus_record in = {.path = "/a.txt", .title = "A"}, out;
    char *data;
    size_t len;
    locus_error e;
    ck_assert_int_eq(locus_record_encode(&in, &data, &len, &e), LOCUS_OK);
    ck_assert_int_eq(locus_record_decode(data, len, &out, &e), LOCUS_OK);
    ck_assert_str_eq(out.title, "A");
    ck_assert_str_eq(out.text, "");
    ck_assert_str_eq(out.url, "");
    ck_assert_int_eq(out.footnote, 0);
    ck_assert_int_eq(out.exact, 0);
    ck_assert_uint_eq(out.page, 0);
    locus_record_release(&out);
    free(data);
}
END_TEST

START_TEST(text_that_is_not_utf8_is_refused_by_name) {
    locus_record in = sample();
    in.text = "bad \xff byte";
    char *data = (char *)1;
    size_t len = 1;
    locus_error e;
    ck_assert_int_eq(locus_record_encode(&in, &data, &len, &e), LOCUS_ERR_INVALID);
    ck_assert_ptr_null(data);
    ck_assert_ptr_nonnull(strstr(e.message, "2022-02-07.pdf"));
}
END_TEST

START_TEST(every_cut_and_every_extra_byte_is_refused) {
    locus_record in = sample(), out;
    char *data;
    size_t len;
    locus_error e;
    ck_assert_int_eq(locus_record_encode(&in, &data, &len, &e), LOCUS_OK);
    for (size_t n = 0; n < len; n++) {
        char *cut = malloc(n ? n : 1);  /* exactly N bytes: ASan sees a read past them */
        memcpy(cut, data, n);
        ck_assert_int_eq(locus_record_decode(cut, n, &out, &e), LOCUS_ERR_INCOMPATIBLE);
        ck_assert_ptr_null(out.path);
        ck_assert_ptr_null(out.text);
        free(cut);
    }
    char *longer = malloc(len + 1);
    memcpy(longer, data, len);
    longer[len] = 'x';
    ck_assert_int_eq(locus_record_decode(longer, len + 1, &out, &e), LOCUS_ERR_INCOMPATIBLE);
    free(longer);
    /* a string length that points past the end */
    data[len - 1 - strlen(in.text)] = 0x7f;
    ck_assert_int_eq(locus_record_decode(data, len, &out, &e), LOCUS_ERR_INCOMPATIBLE);
    free(data);
}
END_TEST

START_TEST(an_old_json_record_and_an_endless_varint_are_refused) {
    locus_record out;
    locus_error e;
    const char *json = "{\"path\":\"/a.txt\",\"title\":\"A\",\"text\":\"x\"}";
    ck_assert_int_eq(locus_record_decode(json, strlen(json), &out, &e), LOCUS_ERR_INCOMPATIBLE);
    ck_assert_str_eq(e.message, "passage data is not a locus record");
    char endless[32];
    memset(endless, 0xff, sizeof endless);
    endless[0] = LOCUS_RECORD_FORMAT;
    ck_assert_int_eq(locus_record_decode(endless, sizeof endless, &out, &e), LOCUS_ERR_INCOMPATIBLE);
}
END_TEST

int main(void) {
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, a_record_comes_back_field_for_field);
    tcase_add_test(tc, empty_and_missing_strings_come_back_empty);
    tcase_add_test(tc, text_that_is_not_utf8_is_refused_by_name);
    tcase_add_test(tc, every_cut_and_every_extra_byte_is_refused);
    tcase_add_test(tc, an_old_json_record_and_an_endless_varint_are_refused);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
