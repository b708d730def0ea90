/* The two programs as a user drives them: output, stderr and exit codes. */
#define _GNU_SOURCE /* strcasestr */
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include <locus/writer.h>

#define CORPUS TU_SOURCE_DIR "/corpus"
#define SEED_NAME "2022-02-07-japan-eu-ict-policy-dialogue.txt"

static char dir[4096], db[4200];

typedef tu_result result;
#define result_free tu_result_free

static result run(const char *const *argv) { return tu_run(argv, TU_SOURCE_DIR, dir); }

static void setup(void) {
    snprintf(dir, sizeof dir, "%s", tu_tempdir());
    snprintf(db, sizeof db, "%s/index", dir);
}

static void teardown(void) { tu_rmtree(dir); }

static void index_corpus(void) {
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "corpus", NULL});
    ck_assert_msg(r.status == 0, "locus-index failed (%d): %s", r.status, r.err);
    result_free(&r);
}

/* The first JSON line of OUT, parsed. */
static json_t *first_json(const char *out) {
    const char *nl = strchr(out, '\n');
    ck_assert_ptr_nonnull(nl);
    json_error_t je;
    json_t *o = json_loadb(out, (size_t)(nl - out), 0, &je);
    ck_assert_msg(o != NULL, "not JSON: %s (%s)", out, je.text);
    return o;
}

static const char *jstr(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    ck_assert_msg(json_is_string(v), "field %s is not a string", k);
    return json_string_value(v);
}

static long long jint(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    ck_assert_msg(json_is_integer(v), "field %s is not an integer", k);
    return json_integer_value(v);
}

/* Line N (1-based) of FILE, without its line break, in a static buffer. */
static const char *line_of_file(const char *file, long long n) {
    static char buf[8192];
    FILE *f = fopen(file, "r");
    ck_assert_ptr_nonnull(f);
    for (long long i = 1; fgets(buf, sizeof buf, f); i++)
        if (i == n) {
            buf[strcspn(buf, "\n")] = '\0';
            fclose(f);
            return buf;
        }
    fclose(f);
    return "";
}

START_TEST(index_summary_and_idempotence) {
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "corpus", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "");
    /* 26 releases in four formats; the image-only PDF is named and counted as skipped */
    ck_assert_msg(strstr(r.err, "26 added, 0 updated, 0 unchanged, 0 removed, 1 skipped, 0 failed"), "%s", r.err);
    ck_assert_msg(strstr(r.err, "scanned-letter.pdf: warning: no text in 2 pages"), "%s", r.err);
    unsigned long p1 = 0, p2 = 0;
    ck_assert_int_eq(sscanf(strstr(r.err, "holds ") + 6, "%lu", &p1), 1);
    result_free(&r);
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "corpus", "corpus/" SEED_NAME, NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_int_eq(sscanf(strstr(r.err, "holds ") + 6, "%lu", &p2), 1);
    ck_assert_uint_eq(p1, p2);
    /* the seed given twice counts once, and nothing changed */
    ck_assert_msg(strstr(r.err, "0 added, 0 updated, 26 unchanged, 0 removed"), "%s", r.err);
    result_free(&r);
    r = run((const char *[]){LOCUS_INDEX_BIN, "-q", "-d", db, "corpus", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.err, "");
    result_free(&r);
    r = run((const char *[]){LOCUS_INDEX_BIN, "--check", "-d", db, NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "consistent: 26 releases"));
    result_free(&r);
}
END_TEST

/* The byte of TEXT where its character K starts (code points). */
static size_t char_at(const char *text, size_t k) {
    size_t i = 0;
    for (size_t seen = 0; text[i]; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80) continue;
        if (seen++ == k) return i;
    }
    return i;
}

/* JSON "marks" are the highlights as text and character ranges: what jq's .text[a:b] slices,
 * in Japanese as in English. */
START_TEST(json_marks_are_the_highlights_in_characters) {
    index_corpus();
    const char *queries[] = {"日欧 共同研究", "6G joint research"};
    for (size_t q = 0; q < 2; q++) {
        result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "-n", "3", queries[q], NULL});
        ck_assert_int_eq(r.status, 0);
        size_t hits = 0;
        for (char *line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n")) {
            json_error_t je;
            json_t *o = json_loads(line, 0, &je);
            ck_assert_ptr_nonnull(o);
            if (strcmp(json_string_value(json_object_get(o, "type")), "hit")) { json_decref(o); continue; }
            hits++;
            const char *text = json_string_value(json_object_get(o, "text"));
            json_t *hl = json_object_get(o, "highlights"), *marks = json_object_get(o, "marks");
            ck_assert_uint_gt(json_array_size(marks), 0);
            ck_assert_uint_eq(json_array_size(marks), json_array_size(hl));
            for (size_t i = 0; i < json_array_size(marks); i++) {
                json_t *m = json_array_get(marks, i), *h = json_array_get(hl, i);
                size_t a = char_at(text, (size_t)json_integer_value(json_object_get(m, "start")));
                size_t b = char_at(text, (size_t)json_integer_value(json_object_get(m, "end")));
                ck_assert_uint_eq(a, (size_t)json_integer_value(json_array_get(h, 0)));
                ck_assert_uint_eq(b, (size_t)json_integer_value(json_array_get(h, 1)));
                const char *mt = json_string_value(json_object_get(m, "text"));
                ck_assert_uint_eq(strlen(mt), b - a);
                ck_assert_int_eq(memcmp(mt, text + a, b - a), 0);
            }
            json_decref(o);
        }
        ck_assert_uint_gt(hits, 0);
        result_free(&r);
    }
}
END_TEST

/* -A/-B/-C show the passages around each hit, as grep shows context lines: in the text output
 * "-LINE-" lines before and after the hit's text, in file order, the section named when it is
 * not the hit's; in JSON "context_before" and "context_after"; the line formats show none. */
START_TEST(context_passages_around_each_hit) {
    index_corpus();
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--color=never", "-n", "1", "-C", "1",
                                    "DFFT", NULL});
    ck_assert_int_eq(r.status, 0);
    const char *before = strstr(r.out, "\n   -17- The EU presented");
    const char *hit = strstr(r.out, "\n   Furthermore, both sides");
    const char *after = strstr(r.out, "\n   -22- [3. Cybersecurity] Japan explained");
    ck_assert_msg(before && hit && after && before < hit && hit < after, "%s", r.out);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "-n", "1", "-B", "2", "-A", "1", "DFFT", NULL});
    ck_assert_int_eq(r.status, 0);
    json_t *o = first_json(r.out);
    json_t *b = json_object_get(o, "context_before"), *a = json_object_get(o, "context_after");
    ck_assert_uint_eq(json_array_size(b), 2);
    ck_assert_uint_eq(json_array_size(a), 1);
    ck_assert_int_lt(jint(json_array_get(b, 0), "line_start"), jint(json_array_get(b, 1), "line_start"));
    ck_assert_int_lt(jint(json_array_get(b, 1), "line_end"), jint(o, "line_start"));
    ck_assert_int_eq(jint(json_array_get(a, 0), "line_start"), 22);
    ck_assert_str_eq(jstr(json_array_get(a, 0), "section"), "3. Cybersecurity");
    /* the text is the file's: the line it starts on */
    ck_assert_int_eq(strncmp(jstr(json_array_get(a, 0), "text"),
                             line_of_file(TU_SOURCE_DIR "/corpus/" SEED_NAME, 22), 40), 0);
    json_decref(o);
    result_free(&r);
    /* without the options, JSON has no such fields; the line formats ignore them */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "-n", "1", "DFFT", NULL});
    ck_assert_ptr_null(strstr(r.out, "context_"));
    result_free(&r);
    result t1 = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--format=tsv", "-C", "3", "DFFT", NULL});
    result t2 = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--format=tsv", "DFFT", NULL});
    ck_assert_str_eq(t1.out, t2.out);
    result_free(&t1);
    result_free(&t2);
    /* a bad count is named */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-C", "x", "DFFT", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "-C wants a number from 0 to 1000, not 'x'") != NULL, "%s", r.err);
    result_free(&r);
}
END_TEST

/* Options kept in the configuration file come first, so the command line wins; --no-config
 * leaves the file out; a part of no program, or a named file that is missing, is an error
 * naming the file. */
START_TEST(configuration_file_options) {
    index_corpus();
    const char cfg[] = "# kept options\n\n--color=never\n[search]\n--format=tsv\n-n1\n[index]\n--lock-wait=0\n";
    char *path = tu_write_file(dir, "config", cfg, strlen(cfg));
    setenv("LOCUS_CONFIG", path, 1);
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "cables", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_null(strchr(strchr(r.out, '\n') + 1, '\n'));  /* one line: -n1 */
    ck_assert_ptr_nonnull(strchr(r.out, '\t'));                   /* tsv */
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-n", "3", "cables", NULL});  /* it wins */
    ck_assert_int_eq(r.status, 0);
    size_t lines = 0;
    for (const char *p = r.out; (p = strchr(p, '\n')); p++) lines++;
    ck_assert_uint_eq(lines, 3);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "--no-config", "-d", db, "cables", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_null(strchr(r.out, '\t'));  /* text for people again */
    result_free(&r);
    const char bad[] = "[serch]\n--json\n";
    free(tu_write_file(dir, "config", bad, strlen(bad)));
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "cables", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "config:1: [serch] is no part of the configuration"));
    result_free(&r);
    char missing[4400];
    snprintf(missing, sizeof missing, "%s/no-such-config", dir);
    setenv("LOCUS_CONFIG", missing, 1);
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "corpus", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no-such-config: cannot read the configuration"));
    result_free(&r);
    setenv("LOCUS_CONFIG", "", 1);  /* set but empty: no file */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "cables", NULL});
    ck_assert_int_eq(r.status, 0);
    result_free(&r);
    free(path);
}
END_TEST

START_TEST(dfft_json_points_at_the_right_line) {
    index_corpus();
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "DFFT", NULL});
    ck_assert_int_eq(r.status, 0);
    json_t *o = first_json(r.out);
    ck_assert_int_eq(jint(o, "rank"), 1);
    ck_assert_int_eq(jint(o, "schema"), 2);
    ck_assert_str_eq(jstr(o, "path"), "corpus/" SEED_NAME); /* relative to the current folder */
    ck_assert_str_eq(jstr(o, "section"), "2. Regulatory reform");
    ck_assert_str_eq(jstr(o, "date"), "2022-02-07");
    ck_assert_str_eq(jstr(o, "title"), "Result of 27th Japan-EU ICT Policy Dialogue");
    long long ls = jint(o, "line_start"), le = jint(o, "line_end");
    ck_assert_int_eq(ls, 18);
    ck_assert_int_eq(le, 18);
    ck_assert_ptr_nonnull(strstr(line_of_file(CORPUS "/" SEED_NAME, ls), "Data Free Flow with Trust (DFFT)"));
    /* byte offsets are the passage's bytes in the file (plain text: its text is exactly those);
     * highlights and the snippet are offsets into the text (JSON schema 2) */
    ck_assert_int_eq(jint(o, "schema"), 2);
    size_t len;
    char *file = tu_read_file(CORPUS "/" SEED_NAME, &len);
    long long bs = jint(o, "byte_start"), be = jint(o, "byte_end");
    const char *text = jstr(o, "text");
    ck_assert_uint_eq((size_t)(be - bs), strlen(text));
    ck_assert_int_eq(memcmp(file + bs, text, strlen(text)), 0);
    /* two highlights: the long form the acronym dictionary matched, then DFFT itself */
    json_t *hl = json_object_get(o, "highlights");
    ck_assert_uint_eq(json_array_size(hl), 2);
    long long ls0 = json_integer_value(json_array_get(json_array_get(hl, 0), 0));
    long long le0 = json_integer_value(json_array_get(json_array_get(hl, 0), 1));
    ck_assert_int_eq(memcmp(text + ls0, "Data Free Flow with Trust", (size_t)(le0 - ls0)), 0);
    ck_assert_int_eq(le0 - ls0, 25);
    long long hs = json_integer_value(json_array_get(json_array_get(hl, 1), 0));
    long long he = json_integer_value(json_array_get(json_array_get(hl, 1), 1));
    ck_assert_int_eq(he - hs, 4);
    ck_assert_int_eq(memcmp(text + hs, "DFFT", 4), 0);
    ck_assert_int_eq(memcmp(file + bs + hs, "DFFT", 4), 0);
    json_t *snip = json_object_get(o, "snippet");
    long long ss = jint(snip, "start"), se = jint(snip, "end");
    ck_assert_int_le(ss, hs);
    ck_assert_int_ge(se, he);
    ck_assert_int_eq(memcmp(text + ss, jstr(snip, "text"), (size_t)(se - ss)), 0);
    json_t *terms = json_object_get(o, "matched_terms");
    bool dfft = false;
    for (size_t i = 0; i < json_array_size(terms); i++)
        dfft |= strcmp(json_string_value(json_array_get(terms, i)), "dfft") == 0;
    ck_assert(dfft);
    json_t *ex = json_object_get(o, "expansions");  /* which expansion matched */
    ck_assert_uint_eq(json_array_size(ex), 1);
    ck_assert_str_eq(jstr(json_array_get(ex, 0), "query"), "DFFT");
    ck_assert_str_eq(jstr(json_array_get(ex, 0), "matched"), "Data Free Flow with Trust");
    free(file);
    json_decref(o);
    /* every line is a JSON object */
    size_t lines = 0;
    for (char *p = r.out; (p = strchr(p, '\n')); p++) lines++;
    ck_assert_uint_ge(lines, 2);
    result_free(&r);
}
END_TEST

START_TEST(six_g_joint_research_first) {
    index_corpus();
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "-n", "3", "6G", "joint", "research", NULL});
    ck_assert_int_eq(r.status, 0);
    json_t *o = first_json(r.out);
    ck_assert_str_eq(jstr(o, "section"), "1. 5G/Beyond 5G (6G)");
    ck_assert_ptr_nonnull(strstr(jstr(o, "text"), "joint research"));
    ck_assert_ptr_nonnull(strstr(line_of_file(CORPUS "/" SEED_NAME, jint(o, "line_start")), "joint research"));
    json_decref(o);
    size_t lines = 0;
    char *last = r.out;
    for (char *p = r.out; (p = strchr(p, '\n')); p++) {
        lines++;
        if (p[1]) last = p + 1;
    }
    ck_assert_uint_eq(lines, 4);  /* three hits, then the summary */
    o = first_json(last);
    ck_assert_str_eq(jstr(o, "type"), "summary");
    ck_assert_int_eq(jint(o, "returned"), 3);
    json_decref(o);
    result_free(&r);
}
END_TEST

START_TEST(text_output_for_people) {
    index_corpus();
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-n", "1", "DFFT", NULL});
    ck_assert_int_eq(r.status, 0);
    const char *head = "1. corpus/" SEED_NAME ":18  2022-02-07  (";
    ck_assert_msg(strncmp(r.out, head, strlen(head)) == 0, "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, "Result of 27th Japan-EU ICT Policy Dialogue \xE2\x80\xBA 2. Regulatory reform"));
    ck_assert_ptr_nonnull(strstr(r.out, "Data Free Flow with Trust (DFFT)"));
    ck_assert_ptr_null(strchr(r.out, '\033')); /* no colour when not on a terminal */
    result_free(&r);
}
END_TEST

START_TEST(exit_codes) {
    index_corpus();
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "zyxwvut", NULL});
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.out, "");
    result_free(&r);

    char missing[4300];
    snprintf(missing, sizeof missing, "%s/none", dir);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", missing, "DFFT", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, missing));
    ck_assert_ptr_nonnull(strstr(r.err, "locus-search: "));
    ck_assert_ptr_null(strchr(strchr(r.err, '\n') + 1, '\n')); /* one line */
    result_free(&r);

    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--strict", "\"open quote", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "column 1"));
    result_free(&r);
    /* prose that does not parse is searched as plain words: found, with a note */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "(6G joint research", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, SEED_NAME ":13"));
    ck_assert_ptr_nonnull(strstr(r.err, "unbalanced parenthesis"));
    ck_assert_ptr_nonnull(strstr(r.err, "note: searched as plain words"));
    result_free(&r);
    /* a filter that cannot be read is an error, never dropped: 'date:1y..' was searched as
     * 'cables' and found more than 'cables' with the filter would */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "date:2023-13 cables", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "column 6: bad date '2023-13'"));
    ck_assert_ptr_null(strstr(r.err, "plain words"));
    ck_assert_str_eq(r.out, "");
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "cables date:", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "column 8: date: needs a date"));
    result_free(&r);
    /* --plain: the syntax is ignored from the start, no note */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--plain", "-n", "1", "\"DFFT\" OR (6G", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.err, "");
    result_free(&r);

    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, NULL});
    ck_assert_int_eq(r.status, 2);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-n", "ten", "DFFT", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "'ten'"));
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "--no-such-option", "DFFT", NULL});
    ck_assert_int_eq(r.status, 2);
    result_free(&r);
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, NULL});
    ck_assert_int_eq(r.status, 2);
    result_free(&r);
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "-L", "klingon", "corpus", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "unknown language 'klingon'"));
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "--help", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "Usage: locus-search"));
    result_free(&r);
    r = run((const char *[]){LOCUS_INDEX_BIN, "--version", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "Xapian 1."));
    ck_assert_ptr_nonnull(strstr(r.out, "english"));
    result_free(&r);
}
END_TEST

START_TEST(failed_files_are_named_and_skipped) {
    char corpus[4300];
    snprintf(corpus, sizeof corpus, "%s/in", dir);
    ck_assert_int_eq(mkdir(corpus, 0777), 0);
    char bin[2048] = {0};
    for (size_t i = 0; i < sizeof bin; i += 3) bin[i] = 'x';
    free(tu_write_file(corpus, "binary.txt", bin, sizeof bin));
    free(tu_write_file(corpus, "empty.txt", "", 0));
    free(tu_write_file(corpus, "good.txt", "2024-01-02 Good release\n\nA paragraph about spectrum.\n", 52));
    free(tu_write_file(corpus, "undated.txt", "No date here\n\nA paragraph about cables.\n", 40));
    free(tu_write_file(corpus, "ignored.csv", "2024-01-02 Not text\n\nIgnored.\n", 30));  /* not a format locus reads */
    char missing[4400];
    snprintf(missing, sizeof missing, "%s/missing.txt", dir);
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, corpus, missing, NULL});
    ck_assert_int_eq(r.status, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "binary.txt: warning: binary file"));
    ck_assert_ptr_nonnull(strstr(r.err, "empty.txt: warning: empty file"));
    ck_assert_ptr_nonnull(strstr(r.err, "missing.txt: No such file"));
    ck_assert_ptr_nonnull(strstr(r.err, "undated.txt: warning: no date"));
    ck_assert_msg(strstr(r.err, "2 added, 0 updated, 0 unchanged, 0 removed, 3 skipped, 1 failed"), "%s", r.err);  /* ignored.csv counted */
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "spectrum", NULL});
    ck_assert_int_eq(r.status, 0);
    json_t *o = first_json(r.out);
    ck_assert_int_eq(jint(o, "line_start"), 3);
    ck_assert(json_is_null(json_object_get(o, "date")) == false);
    json_decref(o);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "cables", NULL});
    o = first_json(r.out);
    ck_assert(json_is_null(json_object_get(o, "date")));
    json_decref(o);
    result_free(&r);
}
END_TEST

START_TEST(locked_index_waits_then_exits_75) {
    index_corpus();
    locus_writer *w;
    locus_error e;
    ck_assert_int_eq(locus_writer_open(db, NULL, 0, &w, &e), LOCUS_OK);
    result r = run((const char *[]){LOCUS_INDEX_BIN, "--lock-wait", "0.3", "-d", db, "corpus", NULL});
    ck_assert_int_eq(r.status, 75);
    ck_assert_ptr_nonnull(strstr(r.err, "locked"));
    ck_assert_ptr_nonnull(strstr(r.err, db));
    result_free(&r);
    /* searching is not blocked by the writer */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "DFFT", NULL});
    ck_assert_int_eq(r.status, 0);
    result_free(&r);
    locus_writer_close(w, &e);
}
END_TEST

START_TEST(locus_db_environment_variable) {
    index_corpus();
    /* run() unsets LOCUS_DB, so go through a shell that sets it */
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd '%s' && LOCUS_DB='%s' '%s' -n 1 DFFT >/dev/null", TU_SOURCE_DIR, db,
             LOCUS_SEARCH_BIN);
    ck_assert_int_eq(WEXITSTATUS(system(cmd)), 0);
}
END_TEST

START_TEST(dash_words_after_the_query_are_exclusions) {
    index_corpus();
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "ISAC", "-cybersecurity", NULL});
    ck_assert_msg(r.status == 0, "%s", r.err);
    /* the two Information Sharing and Analysis Center passages sit in cybersecurity releases
     * or sections; only the other meaning is left */
    for (char *line = r.out; *line && !strstr(line, "\"type\":\"summary\""); line = strchr(line, '\n') + 1) {
        json_t *o = first_json(line);
        ck_assert_ptr_nonnull(strstr(jstr(o, "path"), "non-terrestrial"));
        json_decref(o);
    }
    result_free(&r);
    /* after "--" even the first word may start with a dash: all passages but DFFT's */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-n", "1000", "--json", "--", "-dfft", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_null(strstr(r.out, "DFFT"));
    size_t lines = 0;
    for (char *p = r.out; (p = strchr(p, '\n')); p++) lines++;
    /* the corpus's passages less the 8 that say DFFT or its long form, and the summary */
    ck_assert_uint_eq(lines, 122 - 8 + 1);
    result_free(&r);
}
END_TEST

/* Runs a shell pipeline from the top of the tree; returns its exit status and stdout. */
static int shell(const char *cmd, char **out) {
    char path[4400], full[16384];
    snprintf(path, sizeof path, "%s/pipe.out", dir);
    snprintf(full, sizeof full, "cd '%s' && { %s; } >'%s'", TU_SOURCE_DIR, cmd, path);
    int st = system(full);
    *out = tu_read_file(path, NULL);
    ck_assert_ptr_nonnull(*out);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

START_TEST(files_with_matches_feed_xargs_grep) {
    index_corpus();
    char cmd[20000], *listed, *grepped;
    snprintf(cmd, sizeof cmd, "'%s' -d '%s' -l --no-expand DFFT", LOCUS_SEARCH_BIN, db);
    ck_assert_int_eq(shell(cmd, &listed), 0);
    snprintf(cmd, sizeof cmd, "'%s' -d '%s' -l --no-expand DFFT | xargs grep -l DFFT", LOCUS_SEARCH_BIN, db);
    ck_assert_int_eq(shell(cmd, &grepped), 0);
    ck_assert_str_eq(listed, grepped); /* every file listed really holds the word, in order */
    ck_assert_ptr_nonnull(strstr(listed, SEED_NAME "\n"));
    free(listed);
    free(grepped);
}
END_TEST

START_TEST(null_separated_paths_survive_spaces_and_newlines) {
    char corpus[4300];
    snprintf(corpus, sizeof corpus, "%s/odd corpus", dir);
    ck_assert_int_eq(mkdir(corpus, 0777), 0);
    const char *text = "2024-01-02 Odd name\n\nA passage about DFFT and cables.\n";
    free(tu_write_file(corpus, "a b\nc.txt", text, strlen(text)));
    free(tu_write_file(corpus, "plain.txt", text, strlen(text)));
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-q", "-d", db, corpus, NULL});
    ck_assert_int_eq(r.status, 0);
    result_free(&r);
    char cmd[20000], *out;
    snprintf(cmd, sizeof cmd, "'%s' -d '%s' -l -0 DFFT | xargs -0 grep -l -Z DFFT | tr '\\0' '|'",
             LOCUS_SEARCH_BIN, db);
    ck_assert_int_eq(shell(cmd, &out), 0);
    /* both files, found by grep through the NUL-separated names, newline and all */
    ck_assert_ptr_nonnull(strstr(out, "/odd corpus/a b\nc.txt|"));
    ck_assert_ptr_nonnull(strstr(out, "/odd corpus/plain.txt|"));
    free(out);
}
END_TEST

START_TEST(batch_matches_single_runs) {
    index_corpus();
    char qfile[4400];
    snprintf(qfile, sizeof qfile, "%s/queries", dir);
    const char *queries = "a\tDFFT\nb\t6G joint research\n\"data free flow\" -germany\n";
    free(tu_write_file(dir, "queries", queries, strlen(queries)));
    result batch = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--format=tsv", "--batch", qfile, NULL});
    ck_assert_int_eq(batch.status, 0);
    const char *single[3][2] = {{"a", "DFFT"}, {"b", "6G joint research"}, {"3", "\"data free flow\" -germany"}};
    char expected[65536] = "";
    size_t n = 0;
    for (int i = 0; i < 3; i++) {
        result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--format=tsv", single[i][1], NULL});
        ck_assert_int_eq(r.status, 0);
        for (char *line = r.out; *line;) {  /* prefix each line with the query id */
            char *nl = strchr(line, '\n');
            n += (size_t)snprintf(expected + n, sizeof expected - n, "%s\t%.*s\n", single[i][0],
                                  (int)(nl - line), line);
            line = nl + 1;
        }
        result_free(&r);
    }
    ck_assert_str_eq(batch.out, expected);
    result_free(&batch);
    /* a bad line is reported with its line number; the others still run; exit 2 */
    const char *bad = "DFFT\n\"unterminated\nzyxwvut\n";
    free(tu_write_file(dir, "bad", bad, strlen(bad)));
    snprintf(qfile, sizeof qfile, "%s/bad", dir);
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--strict", "-l", "--batch", qfile, NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.out, SEED_NAME));
    ck_assert_ptr_nonnull(strstr(r.err, "bad:2: query: column 1: unterminated quote"));
    result_free(&r);
    /* -q: a hit wins over the error */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--strict", "-q", "--batch", qfile, NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "");
    result_free(&r);
    /* stdin */
    char cmd[20000], *out;
    snprintf(cmd, sizeof cmd, "printf 'x\\tDFFT\\n' | '%s' -d '%s' -c --batch -", LOCUS_SEARCH_BIN, db);
    ck_assert_int_eq(shell(cmd, &out), 0);
    ck_assert_str_eq(out, "x\t8\n");
    free(out);
}
END_TEST

START_TEST(quiet_and_count_exit_codes) {
    index_corpus();
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-q", "DFFT", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, "");
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-q", "zyxwvut", NULL});
    ck_assert_int_eq(r.status, 1);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "zyxwvut", NULL});
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.out, "0\n");
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "DFFT", NULL});
    ck_assert_int_eq(r.status, 0);
    /* the seed, the G7 text, both HTML pages; and 4 that write "Data Free Flow with Trust" */
    ck_assert_str_eq(r.out, "8\n");
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "--no-expand", "DFFT", NULL});
    ck_assert_str_eq(r.out, "4\n");
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--format=xml", "DFFT", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "'xml'"));
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--batch", "/nonexistent/queries", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "/nonexistent/queries"));
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--color=always", "-n", "1", "DFFT", NULL});
    ck_assert_ptr_nonnull(strstr(r.out, "\033[1;31mDFFT\033[0m"));
    result_free(&r);
}
END_TEST

/* 5,000 undated files must not bury the summary: 20 warnings of a kind, then their count. */
START_TEST(repeated_warnings_are_counted) {
    char corpus[4300];
    snprintf(corpus, sizeof corpus, "%s/undated", dir);
    ck_assert_int_eq(mkdir(corpus, 0755), 0);
    for (int i = 0; i < 30; i++) {
        char name[32];
        snprintf(name, sizeof name, "n%02d.txt", i);
        free(tu_write_file(corpus, name, "No date here\n\nA paragraph about cables.\n", 40));
    }
    free(tu_write_file(corpus, "binary.txt", "\0\0\0\0", 4));
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, corpus, NULL});
    ck_assert_int_eq(r.status, 0);
    size_t shown = 0;
    for (const char *p = r.err; (p = strstr(p, ".txt: warning: no date")); p++) shown++;
    ck_assert_uint_eq(shown, 20);
    ck_assert_ptr_nonnull(strstr(r.err, "warning: 10 more files (30 in all): no date in the text"));
    ck_assert_ptr_nonnull(strstr(r.err, "binary.txt: warning: binary file"));  /* another kind */
    ck_assert_ptr_nonnull(strstr(r.err, "30 added"));
    result_free(&r);
}
END_TEST

START_TEST(quiet_on_a_closed_pipe) {
    index_corpus();
    char cmd[20000], *out;
    snprintf(cmd, sizeof cmd, "'%s' -d '%s' -n 1000 policy 2>'%s/err' | head -n 1 >/dev/null; cat '%s/err'",
             LOCUS_SEARCH_BIN, db, dir, dir);
    shell(cmd, &out);
    ck_assert_str_eq(out, ""); /* no "Broken pipe" or other noise */
    free(out);
}
END_TEST

/* Markdown releases are read by their reader (front matter as metadata, markup out, lines of
 * the file in path:line); a folder's .locusignore leaves files out of the walk. */
START_TEST(markdown_releases_and_locusignore) {
    char in[4300];
    snprintf(in, sizeof in, "%s/md", dir);
    ck_assert_int_eq(mkdir(in, 0777), 0);
    const char *md = "---\ntitle: \"Cable \\u2019Pact\\u2019\"\ndate: '2024-03-05'\n---\n\n"
                     "## Subsea routes\n\nPartners fund a **repair ship** for\n[Pacific](https://x.example) cables.\n";
    free(tu_write_file(in, "pact.md", md, strlen(md)));
    const char *readme = "# About\n\nRepair ship notes.\n", *ignore = "# not releases\nREADME.*\n";
    free(tu_write_file(in, "README.md", readme, strlen(readme)));
    free(tu_write_file(in, ".locusignore", ignore, strlen(ignore)));
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, in, NULL});
    ck_assert_msg(r.status == 0 && strstr(r.err, "1 added"), "%s", r.err);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "repair ship", NULL});
    ck_assert_int_eq(r.status, 0);
    json_t *o = first_json(r.out);
    ck_assert_ptr_nonnull(strstr(jstr(o, "path"), "pact.md"));
    ck_assert_str_eq(jstr(o, "title"), "Cable \xE2\x80\x99Pact\xE2\x80\x99");
    ck_assert_str_eq(jstr(o, "date"), "2024-03-05");
    ck_assert_str_eq(jstr(o, "section"), "Subsea routes");
    ck_assert_str_eq(jstr(o, "text"), "Partners fund a repair ship for Pacific cables.");
    ck_assert_int_eq(jint(o, "line_start"), 8);
    ck_assert_int_eq(jint(o, "line_end"), 9);
    json_decref(o);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--vimgrep", "pacific", NULL});
    ck_assert_msg(r.status == 0 && strstr(r.out, "pact.md:8:1:Partners fund"), "%s", r.out);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--format=trec", "pacific", NULL});
    ck_assert_msg(strstr(r.out, " pact 1 "), "the TREC docid drops .md: %s", r.out);
    result_free(&r);
}
END_TEST

/* .locusignore as git reads .gitignore: a name at any depth below its folder, a path anchored
 * by a '/', a trailing '/' for folders only, "**" for any folders, "!" keeping again what an
 * earlier rule or a folder above left out. */
START_TEST(locusignore_follows_gitignore_rules) {
    char top[4300], sub[4400], deep[4500], drafts[4500], build[4400];
    snprintf(top, sizeof top, "%s/tree", dir);
    snprintf(sub, sizeof sub, "%s/sub", top);
    snprintf(deep, sizeof deep, "%s/deep", sub);
    snprintf(drafts, sizeof drafts, "%s/drafts", sub);
    snprintf(build, sizeof build, "%s/build", top);
    const char *folders[] = {top, sub, deep, drafts, build};
    for (size_t i = 0; i < 5; i++) ck_assert_int_eq(mkdir(folders[i], 0777), 0);
    const char *text = "2024-05-06 A release\n\nA paragraph about spectrum.\n";
    const char *files[][2] = {{top, "keep.txt"},     {top, "notes.txt"},   {sub, "notes.txt"},
                              {deep, "notes.txt"},   {deep, "keep.txt"},   {drafts, "draft.txt"},
                              {build, "built.txt"},  {sub, "only-top.txt"}, {top, "only-top.txt"},
                              {deep, "old.txt"},     {deep, "old-keep.txt"}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        free(tu_write_file(files[i][0], files[i][1], text, strlen(text)));
    const char *top_rules = "# a name anywhere below\nnotes.txt\n/only-top.txt\nbuild/\n**/deep/old*.txt\n";
    const char *sub_rules = "drafts/\n!notes.txt\n";  /* kept again below sub */
    const char *deep_rules = "!old-keep.txt\n";
    free(tu_write_file(top, ".locusignore", top_rules, strlen(top_rules)));
    free(tu_write_file(sub, ".locusignore", sub_rules, strlen(sub_rules)));
    free(tu_write_file(deep, ".locusignore", deep_rules, strlen(deep_rules)));
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, top, NULL});
    ck_assert_msg(r.status == 0, "%s", r.err);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-l", "spectrum", NULL});
    ck_assert_int_eq(r.status, 0);
    const char *want = "tree/keep.txt\ntree/sub/deep/keep.txt\ntree/sub/deep/notes.txt\n"
                       "tree/sub/deep/old-keep.txt\ntree/sub/notes.txt\ntree/sub/only-top.txt\n";
    /* -l lists in rank order: compare as a set of lines */
    size_t nwant = 0, nout = 0;
    for (const char *p = want; (p = strchr(p, '\n')); p++) nwant++;
    for (const char *p = r.out; (p = strchr(p, '\n')); p++) nout++;
    ck_assert_msg(nout == nwant, "listed:\n%s", r.out);
    for (const char *line = want; *line;) {
        const char *nl = strchr(line, '\n');
        char one[256];
        snprintf(one, sizeof one, "%.*s", (int)(nl - line), line);
        ck_assert_msg(strstr(r.out, one), "%s missing from:\n%s", one, r.out);
        line = nl + 1;
    }
    result_free(&r);
}
END_TEST

START_TEST(every_format_sniffed_globbed_and_cited) {
    char in[4300], sub[4400];
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(sub, sizeof sub, "%s/drafts", in);
    ck_assert_int_eq(mkdir(in, 0777), 0);
    ck_assert_int_eq(mkdir(sub, 0777), 0);
    /* a page without an extension is found by its content; a CSV file is skipped and counted */
    static const char page[] = "<!DOCTYPE html><html><head><title>Spectrum auction | Site</title></head>"
                               "<body><h1>Spectrum auction</h1><h2>Rules</h2><h3>Reserve prices</h3>"
                               "<p>The reserve prices for the auction of the 26 GHz band are set out here.</p></body></html>";
    free(tu_write_file(in, "auction", page, sizeof page - 1));
    free(tu_write_file(in, "table.csv", "a,b\n1,2\n", 8));
    free(tu_write_file(in, "note.txt", "No date here\n\nA note about the reserve prices of an auction.\n", 62));
    free(tu_write_file(sub, "draft.txt", "2020-01-01 Draft\n\nA draft about reserve prices.\n", 48));
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "--date-from-mtime", in, NULL});
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(strstr(r.err, "3 added, 0 updated, 0 unchanged, 0 removed, 1 skipped"), "%s", r.err);
    ck_assert_msg(!strstr(r.err, "no date"), "%s", r.err);  /* dated by the file's time */
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "-n", "1", "reserve prices auction", NULL});
    ck_assert_int_eq(r.status, 0);
    json_t *o = first_json(r.out);
    ck_assert_ptr_nonnull(strstr(jstr(o, "path"), "/in/auction"));
    ck_assert_str_eq(jstr(o, "format"), "html");
    ck_assert_str_eq(jstr(o, "title"), "Spectrum auction");
    json_t *path = json_object_get(o, "sections");
    ck_assert_uint_eq(json_array_size(path), 2);
    ck_assert_str_eq(json_string_value(json_array_get(path, 0)), "Rules");
    ck_assert_str_eq(json_string_value(json_array_get(path, 1)), "Reserve prices");
    ck_assert_str_eq(jstr(o, "section"), "Reserve prices");
    ck_assert_int_eq(jint(o, "line_start"), 1);
    json_decref(o);
    result_free(&r);
    /* the text format shows the heading path */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-n", "1", "reserve prices auction", NULL});
    ck_assert_msg(strstr(r.out, "Spectrum auction \xE2\x80\xBA Rules \xE2\x80\xBA Reserve prices"), "%s", r.out);
    result_free(&r);
    /* --glob: only *.txt, and not the drafts folder; a file no longer taken is removed */
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "-g", "*.txt", "-g", "!drafts/", in, NULL});
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(strstr(r.err, "0 added, 0 updated, 1 unchanged, 2 removed, 0 skipped"), "%s", r.err);
    result_free(&r);
    /* a glob takes a file whatever its extension; with a slash it matches the path */
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "-g", "*.csv", "-g", "drafts/*", in, NULL});
    ck_assert_msg(strstr(r.err, "2 added, 0 updated, 0 unchanged, 1 removed, 0 skipped"), "%s", r.err);
    result_free(&r);
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "-g", "!", in, NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--glob wants a pattern"));
    result_free(&r);
}
END_TEST

START_TEST(contact_blocks_are_weighed_down) {
    index_corpus();
    /* the workshop release's Contact block names the Cybersecurity Division; it matches, but
     * the passages about cybersecurity come first */
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-n", "3", "--format=tsv", "cybersecurity", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(!strstr(r.out, "\tContact\t"), "%s", r.out);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-n", "1000", "--format=tsv", "cybersecurity", NULL});
    ck_assert_msg(strstr(r.out, "\tContact\t"), "%s", r.out);  /* still found */
    result_free(&r);
    /* without the weighing (LOCUS_RANK), it would be second */
    char cmd[9000], *out = NULL;
    snprintf(cmd, sizeof cmd, "LOCUS_RANK=contact=1 '%s' -d '%s' -n 2 --format=tsv cybersecurity", LOCUS_SEARCH_BIN, db);
    ck_assert_int_eq(shell(cmd, &out), 0);
    ck_assert_msg(strstr(out, "\tContact\t"), "%s", out);
    free(out);
}
END_TEST

START_TEST(options_may_follow_the_query) {
    index_corpus();
    /* ripgrep's habit: options after the query are options, not query words */
    result r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "DFFT", "-n", "1", "--format=tsv", NULL});
    ck_assert_int_eq(r.status, 0);
    size_t lines = 0;
    for (const char *p = r.out; (p = strchr(p, '\n')); p++) lines++;
    ck_assert_uint_eq(lines, 1);
    ck_assert_ptr_nonnull(strstr(r.out, SEED_NAME "\t18\t"));
    result_free(&r);
    /* a -word that is no option stays an exclusion, wherever it is */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "ISAC", "-cybersecurity", "-l", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "corpus/2025-02-18-non-terrestrial-networks.txt\n");
    result_free(&r);
    /* after --, everything is query: "-n" excludes the word n, "1" is a word */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "--", "DFFT", "-n", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "8\n");
    result_free(&r);
}
END_TEST

START_TEST(newcomer_stumbles) {
    /* a path that does not exist: exit 1, and no index is created */
    char nosuch[4400];
    snprintf(nosuch, sizeof nosuch, "%s/nosuchdir", dir);
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, nosuch, NULL});
    ck_assert_int_eq(r.status, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "nosuchdir: No such file or directory"));
    ck_assert_ptr_nonnull(strstr(r.err, "the index was not touched"));
    struct stat sb;
    ck_assert_int_ne(stat(db, &sb), 0);
    result_free(&r);
    /* -l is locus-search's files-with-matches; the indexer's language is -L */
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "-l", "french", "corpus", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "-L (--language)"));
    ck_assert_int_ne(stat(db, &sb), 0);
    result_free(&r);
    /* a long option mistyped: the one meant is named, on its own line; none for a word that is
     * no option's near miss */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--jsn", "cables", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "locus-search: did you mean --json?\n"));
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--sotr=date", "cables", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "did you mean --sort?"));
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--zzzzzz", "cables", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_null(strstr(r.err, "did you mean"));
    result_free(&r);
    r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "--dry-rn", "corpus", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "locus-index: did you mean --dry-run?\n"));
    ck_assert_int_ne(stat(db, &sb), 0);
    result_free(&r);
    r = run((const char *[]){LOCUS_EVAL_BIN, "--per-qeury", "qrels", "run", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "locus-eval: did you mean --per-query?\n"));
    result_free(&r);
    /* exclusions only: deliberately everything but them (README), here sorted by date */
    index_corpus();
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "--", "-cybersecurity", NULL});
    ck_assert_int_eq(r.status, 0);
    unsigned long all_but = strtoul(r.out, NULL, 10);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-c", "cybersecurity", NULL});
    unsigned long with = strtoul(r.out, NULL, 10);
    result_free(&r);
    ck_assert_uint_eq(all_but + with, 122);  /* every passage of the corpus, once */
    /* a warning never breaks into the progress line: the line is cleared first */
    char undated[4400];
    snprintf(undated, sizeof undated, "%s/undated-in", dir);
    ck_assert_int_eq(mkdir(undated, 0777), 0);
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "n%d.txt", i);
        free(tu_write_file(undated, name, "No date\n\nA release without any date in it.\n", 44));
    }
    char pdb[4500];
    snprintf(pdb, sizeof pdb, "%s/p.db", dir);
    r = run((const char *[]){LOCUS_INDEX_BIN, "--progress", "always", "-d", pdb, undated, NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.err, "releases, ") && strstr(r.err, " s left"), "%s", r.err);
    for (const char *w = r.err; (w = strstr(w, "locus-index: ")); w++)  /* each message starts clean */
        ck_assert_msg(w == r.err || w[-1] == '\n' || w[-1] == 'K', "%s", r.err);
    result_free(&r);
    /* inside a release larger than a batch, the line moves with its passages */
    char big[4400];
    snprintf(big, sizeof big, "%s/big-in", dir);
    ck_assert_int_eq(mkdir(big, 0777), 0);
    size_t cap = 64 * 1024, n = 0;
    char *text = malloc(cap);
    n += (size_t)snprintf(text + n, cap - n, "2024-01-01 Big\n\n");
    for (int i = 0; i < 400 && n + 100 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n, "Paragraph %d about spectrum and cables, long enough.\n\n", i);
    free(tu_write_file(big, "big.txt", text, n));
    free(text);
    snprintf(pdb, sizeof pdb, "%s/big.db", dir);
    r = run((const char *[]){LOCUS_INDEX_BIN, "--progress", "always", "--batch-size", "20", "-d", pdb, big, NULL});
    ck_assert_int_eq(r.status, 0);
    /* 400 short paragraphs, ten or so to a passage (LOCUS_PASSAGE_JOIN_BYTES) */
    ck_assert_msg(strstr(r.err, "this one: ") && strstr(r.err, "/40 passages"), "%s", r.err);
    result_free(&r);
    /* a bulk build (64 files or more) says how far it is, then that it merges its parts */
    char many[4400];
    snprintf(many, sizeof many, "%s/many", dir);
    ck_assert_int_eq(mkdir(many, 0777), 0);
    for (int i = 0; i < 70; i++) {
        char name[32], body[96];
        snprintf(name, sizeof name, "m%02d.txt", i);
        int len = snprintf(body, sizeof body, "2024-02-03 Release %d\n\nA paragraph about spectrum %d.\n", i, i);
        free(tu_write_file(many, name, body, (size_t)len));
    }
    snprintf(pdb, sizeof pdb, "%s/many.db", dir);
    r = run((const char *[]){LOCUS_INDEX_BIN, "--progress", "always", "-j", "2", "-d", pdb, many, NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.err, "/70 releases") && strstr(r.err, "merging and compacting 2 parts"), "%s", r.err);
    result_free(&r);
    /* no match: silent in a pipe, like grep; on a terminal (script(1) gives one), said on
     * stderr, with the reason when the index is empty */
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "zyxwvut", NULL});
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.err, "");
    result_free(&r);
    char cmd[30000], *out = NULL;
    snprintf(cmd, sizeof cmd, "script -qec \"'%s' -d '%s' zyxwvut\" /dev/null", LOCUS_SEARCH_BIN, db);
    if (shell(cmd, &out) != 127) ck_assert_msg(strstr(out, "locus-search: no match"), "%s", out);
    free(out);
    char empty[4400];
    snprintf(empty, sizeof empty, "%s/empty-in", dir);
    ck_assert_int_eq(mkdir(empty, 0777), 0);
    snprintf(cmd, sizeof cmd, "'%s' -q -d '%s/e.db' '%s' && script -qec \"'%s' -d '%s/e.db' DFFT\" /dev/null",
             LOCUS_INDEX_BIN, dir, empty, LOCUS_SEARCH_BIN, dir);
    out = NULL;
    if (shell(cmd, &out) != 127) ck_assert_msg(strstr(out, "the index holds no passage yet"), "%s", out);
    free(out);
}
END_TEST

START_TEST(pdf_pages_are_cited) {
    result r = run((const char *[]){LOCUS_INDEX_BIN, "-d", db, "corpus/submarine-cable-resilience-report.pdf",
                                    "corpus/scanned-letter.pdf", NULL});
    ck_assert_int_eq(r.status, 0);  /* an image-only PDF is skipped with a warning, not a failure */
    ck_assert_msg(strstr(r.err, "1 added, 0 updated, 0 unchanged, 0 removed, 1 skipped, 0 failed"), "%s", r.err);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "-n", "1", "spare cable repair joints", NULL});
    ck_assert_msg(strstr(r.out, "submarine-cable-resilience-report.pdf:2  page 2  2024-03-05"), "%s", r.out);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--json", "-n", "1", "spare cable repair joints", NULL});
    json_t *o = first_json(r.out);
    ck_assert_int_eq(jint(o, "page"), 2);
    ck_assert_str_eq(jstr(o, "format"), "pdf");
    json_decref(o);
    result_free(&r);
    r = run((const char *[]){LOCUS_SEARCH_BIN, "-d", db, "--format=trec", "-n", "1", "repair ship", NULL});
    ck_assert_msg(strstr(r.out, " submarine-cable-resilience-report "), "%s", r.out);  /* no extension */
    result_free(&r);
}
END_TEST

int main(void) {
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, index_summary_and_idempotence);
    tcase_add_test(tc, json_marks_are_the_highlights_in_characters);
    tcase_add_test(tc, configuration_file_options);
    tcase_add_test(tc, context_passages_around_each_hit);
    tcase_add_test(tc, dfft_json_points_at_the_right_line);
    tcase_add_test(tc, six_g_joint_research_first);
    tcase_add_test(tc, text_output_for_people);
    tcase_add_test(tc, exit_codes);
    tcase_add_test(tc, failed_files_are_named_and_skipped);
    tcase_add_test(tc, locked_index_waits_then_exits_75);
    tcase_add_test(tc, locus_db_environment_variable);
    tcase_add_test(tc, dash_words_after_the_query_are_exclusions);
    tcase_add_test(tc, files_with_matches_feed_xargs_grep);
    tcase_add_test(tc, null_separated_paths_survive_spaces_and_newlines);
    tcase_add_test(tc, batch_matches_single_runs);
    tcase_add_test(tc, quiet_and_count_exit_codes);
    tcase_add_test(tc, repeated_warnings_are_counted);
    tcase_add_test(tc, quiet_on_a_closed_pipe);
    tcase_add_test(tc, markdown_releases_and_locusignore);
    tcase_add_test(tc, locusignore_follows_gitignore_rules);
    tcase_add_test(tc, every_format_sniffed_globbed_and_cited);
    tcase_add_test(tc, pdf_pages_are_cited);
    tcase_add_test(tc, contact_blocks_are_weighed_down);
    tcase_add_test(tc, options_may_follow_the_query);
    tcase_add_test(tc, newcomer_stumbles);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
