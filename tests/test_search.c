/* Index -> search round trip through liblocus: the example queries rank the right passages
 * first, highlights point at the right bytes of the file, re-indexing is idempotent, and the
 * index refuses what it must refuse. */
#define _GNU_SOURCE /* strcasestr */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <locus/release.h>
#include <locus/search.h>
#include "testutil.h"
#include <locus/writer.h>

#define CORPUS TU_SOURCE_DIR "/corpus"

static char dir[4096], dbpath[4200];

static void setup(void) {
    snprintf(dir, sizeof dir, "%s", tu_tempdir());
    snprintf(dbpath, sizeof dbpath, "%s/index", dir);
}

static void teardown(void) { tu_rmtree(dir); }

/* Indexes every *.txt of CORPUS; returns the number of passages written. */
static size_t index_corpus(const char *db) {
    locus_writer *w;
    locus_error e;
    ck_assert_msg(locus_writer_open(db, NULL, 0, &w, &e) == LOCUS_OK, "%s", e.message);
    DIR *d = opendir(CORPUS);
    ck_assert_ptr_nonnull(d);
    struct dirent *ent;
    size_t total = 0;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n < 5 || strcmp(ent->d_name + n - 4, ".txt") != 0) continue;
        char path[PATH_MAX], abs[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", CORPUS, ent->d_name);
        ck_assert_ptr_nonnull(realpath(path, abs));
        locus_release *r;
        ck_assert_msg(locus_release_read(abs, &r, &e) == LOCUS_OK, "%s", e.message);
        size_t k;
        ck_assert_msg(locus_writer_put(w, abs, r, &(locus_stamp){0}, &k, &e) == LOCUS_OK, "%s", e.message);
        total += k;
        locus_release_free(r);
    }
    closedir(d);
    ck_assert_int_eq(locus_writer_close(w, &e), LOCUS_OK);
    return total;
}

/* Whether TEXT holds NEEDLE, ignoring case and treating any run of white space as one space. */
static bool has_words(const char *text, const char *needle) {
    char folded[8192];
    size_t n = 0;
    for (const char *p = text; *p && n + 1 < sizeof folded; p++) {
        bool ws = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
        if (ws && n && folded[n - 1] == ' ') continue;
        folded[n++] = ws ? ' ' : *p;
    }
    folded[n] = '\0';
    return strcasestr(folded, needle) != NULL;
}

static locus_results *search(locus_index *ix, const char *q, uint32_t limit) {
    locus_search_opts o;
    locus_search_opts_init(&o);
    o.limit = limit;
    locus_results *res;
    locus_error e;
    ck_assert_msg(locus_search(ix, q, &o, &res, &e) == LOCUS_OK, "%s: %s", q, e.message);
    return res;
}

static locus_index *open_index(void) {
    locus_index *ix;
    locus_error e;
    ck_assert_msg(locus_index_open(dbpath, &ix, &e) == LOCUS_OK, "%s", e.message);
    return ix;
}

START_TEST(example_queries_rank_the_answer_first) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    locus_results *res = search(ix, "DFFT", 10);
    ck_assert_uint_ge(res->count, 2); /* the seed and the G7 sample */
    const locus_hit *h = &res->hits[0];
    ck_assert_ptr_nonnull(strstr(h->rec.path, "2022-02-07-japan-eu-ict-policy-dialogue.txt"));
    ck_assert_ptr_nonnull(strstr(h->rec.text, "Data Free Flow with Trust (DFFT)"));
    ck_assert_uint_eq(h->rank, 1);
    bool dfft = false;  /* with the words of its long form, which the dictionary added */
    for (size_t i = 0; i < h->n_terms; i++) dfft |= strcmp(h->terms[i], "dfft") == 0;
    ck_assert(dfft);
    /* the highlight points at DFFT in the passage text, and (plain text: exact) in the file */
    size_t len;
    char *file = tu_read_file(h->rec.path, &len);
    ck_assert_uint_eq(h->n_spans, 2);  /* the long form, then DFFT */
    ck_assert_int_eq(h->rec.exact, 1);
    const locus_span *d = &h->spans[1];
    ck_assert_int_eq(memcmp(h->rec.text + d->start, "DFFT", 4), 0);
    ck_assert_int_eq(memcmp(file + h->rec.byte_start + d->start, "DFFT", 4), 0);
    ck_assert_uint_eq(d->end - d->start, 4);
    free(file);
    /* the release that writes the name out without the acronym is found through the acronym
     * dictionary, below the seed, and says which expansion matched */
    bool found = false;
    for (size_t i = 0; i < res->count; i++) {
        const locus_hit *x = &res->hits[i];
        if (!strstr(x->rec.path, "japan-germany")) continue;
        found = true;
        ck_assert_uint_gt(x->rank, 1);
        ck_assert_uint_eq(x->n_expansions, 1);
        ck_assert_str_eq(x->expansions[0].from, "DFFT");
        ck_assert_str_eq(x->expansions[0].to, "Data Free Flow with Trust");
    }
    ck_assert(found);
    locus_results_free(res);

    res = search(ix, "6G joint research", 10);
    h = &res->hits[0];
    ck_assert_str_eq(h->rec.section, "1. 5G/Beyond 5G (6G)");
    ck_assert_ptr_nonnull(strstr(h->rec.text, "joint research"));
    ck_assert(h->score > res->hits[1].score);
    locus_results_free(res);
    locus_index_close(ix);
}
END_TEST

/* Writes one release per text of TEXTS (NULL-ended) into a new index at dbpath. */
static void index_texts(const char *const *texts) {
    locus_writer *w;
    locus_error e;
    ck_assert_msg(locus_writer_open(dbpath, "en", 0, &w, &e) == LOCUS_OK, "%s", e.message);
    for (size_t i = 0; texts[i]; i++) {
        char name[64];
        snprintf(name, sizeof name, "r%zu.txt", i);
        char *path = tu_write_file(dir, name, texts[i], strlen(texts[i]));
        locus_release *r;
        ck_assert_msg(locus_release_read(path, &r, &e) == LOCUS_OK, "%s", e.message);
        size_t k;
        ck_assert_msg(locus_writer_put(w, path, r, &(locus_stamp){0}, &k, &e) == LOCUS_OK, "%s", e.message);
        locus_release_free(r);
        free(path);
    }
    ck_assert_int_eq(locus_writer_close(w, &e), LOCUS_OK);
}

/* Japanese is typed without spaces: a query written solid finds what its words find, spaced,
 * and the passage holding most of them comes first (it got nothing, as one exact phrase). */
START_TEST(japanese_written_solid_is_searched_as_its_words) {
    const char *texts[] = {
        "ローカル5Gの導入支援\n\n"
        "ローカル5Gとは、企業や自治体が自らの敷地の中に構築する第5世代移動通信システムです。\n\n"
        "本事業では、地域の課題解決に向けた実証を三つの地域で行います。\n",
        "5Gの整備状況\n\n全国で5Gの基地局の整備が進んでいます。\n\n"
        "山間部の通信環境の改善を図ります。\n",
        "地域放送の紹介\n\n各地のローカルな放送局を紹介します。\n",
        "データ政策\n\n信頼性のある自由なデータ流通（DFFT）の推進について議論しました。\n",
        "Data talks\n\nBoth sides discussed DFFT and cross-border data.\n",
        NULL};
    index_texts(texts);
    locus_index *ix = open_index();
    locus_results *res = search(ix, "ローカル5Gとは", 10);
    ck_assert_uint_ge(res->count, 3);  /* ローカル alone and 5G alone count too */
    ck_assert_ptr_nonnull(strstr(res->hits[0].rec.text, "ローカル5G"));
    ck_assert_ptr_nonnull(strstr(res->hits[0].rec.path, "r0.txt"));
    char first[4096];
    snprintf(first, sizeof first, "%s", res->hits[0].rec.text);
    locus_results_free(res);
    res = search(ix, "ローカル 5G", 10);  /* spaced by hand: the same answer */
    ck_assert_str_eq(res->hits[0].rec.text, first);
    locus_results_free(res);
    /* particles and a question ending are left out: these words are all in one passage */
    res = search(ix, "地域の課題解決に向けた実証とは何ですか", 10);
    ck_assert_uint_ge(res->count, 2);
    ck_assert_ptr_nonnull(strstr(res->hits[0].rec.text, "課題解決に向けた実証"));
    ck_assert(res->hits[0].score > res->hits[1].score);
    locus_results_free(res);
    /* a long form written solid, as it is typed, finds its acronym: r3 defines DFFT so */
    res = search(ix, "信頼性のある自由なデータ流通", 10);
    ck_assert_ptr_nonnull(strstr(res->hits[0].rec.path, "r3.txt"));
    bool english = false;
    for (size_t i = 0; i < res->count; i++)
        english |= strstr(res->hits[i].rec.path, "r4.txt") && res->hits[i].n_expansions == 1;
    ck_assert(english);
    locus_results_free(res);
    /* quoted, it is still the exact phrase */
    res = search(ix, "\"5Gの基地局\"", 10);
    ck_assert_uint_eq(res->count, 1);
    ck_assert_ptr_nonnull(strstr(res->hits[0].rec.path, "r1.txt"));
    locus_results_free(res);
    locus_index_close(ix);
}
END_TEST

/* Whether the hits of QUERY are exactly the releases r<i>.txt whose bits are set in WANT. */
static void hits_are(locus_index *ix, const char *query, unsigned want) {
    locus_results *res = search(ix, query, 20);
    unsigned got = 0;
    for (size_t i = 0; i < res->count; i++) {
        const char *r = strrchr(res->hits[i].rec.path, '/');
        int k = -1;
        ck_assert(r && sscanf(r, "/r%d.txt", &k) == 1 && k >= 0 && k < 16);
        got |= 1u << k;
    }
    ck_assert_msg(got == want, "%s: releases %#x, want %#x", query, got, want);
    locus_results_free(res);
}

/* Letters and digits written as one, spaced or hyphenated are one name: NIS2, NIS 2, NIS-2. */
START_TEST(a_name_of_letters_and_digits_is_found_as_it_is_written) {
    const char *texts[] = {
        "NIS directive\n\nThe NIS 2 Directive widens the sectors covered.\n",
        "Cyber rules\n\nUnder NIS2, entities must report incidents within a day.\n",
        "Adoption\n\nThe NIS-2 text was adopted after long talks.\n",
        "Health\n\nThe COVID-19 pandemic moved services online.\n",
        "Health records\n\nCOVID19 vaccination records went digital.\n",
        "Spectrum\n\nThe 5 GHz band and 2 other bands were opened.\n",
        NULL};
    index_texts(texts);
    locus_index *ix = open_index();
    hits_are(ix, "NIS2", 0x7);
    hits_are(ix, "\"NIS 2\"", 0x7);
    hits_are(ix, "NIS-2", 0x7);
    hits_are(ix, "COVID-19", 0x18);
    hits_are(ix, "COVID19", 0x18);
    hits_are(ix, "=NIS2", 0x2);  /* exact: as written only */
    hits_are(ix, "\"5 GHz\"", 0x20);  /* a number before letters stays apart: 5 g is not 5G */
    locus_index_close(ix);
}
END_TEST

/* A word typed in capitals is an abbreviation, also found written with dots: "US" finds
 * "U.S."; typed in lower case, or =US, it is the word as written. "IT" stays the word: its
 * dotted form would be a phrase of the stop word "i". The dotted form is highlighted. */
START_TEST(a_word_in_capitals_is_also_found_with_dots) {
    const char *texts[] = {
        "Ports\n\nCranes at U.S. ports are being replaced.\n",
        "Partners\n\nThey asked the council to join us in the talks.\n",
        "Trade\n\nThe US and Japan signed the pact.\n",
        "Europe\n\nThe E.U. adopted the act.\n",
        "Europe again\n\nThe EU adopted a second act.\n",
        "Services\n\nIT services and I.T. staff.\n",
        NULL};
    index_texts(texts);
    locus_index *ix = open_index();
    hits_are(ix, "US", 0x7);
    hits_are(ix, "us", 0x6);
    hits_are(ix, "=US", 0x6);
    hits_are(ix, "U.S.", 0x1);
    hits_are(ix, "EU", 0x18);
    hits_are(ix, "Eu", 0x10);  /* not all capitals: the word */
    hits_are(ix, "IT", 0x20);
    locus_results *res = search(ix, "US ports", 10);
    ck_assert_uint_ge(res->count, 1);
    ck_assert_ptr_nonnull(strstr(res->hits[0].rec.path, "r0.txt"));
    bool dotted = false;
    for (size_t i = 0; i < res->hits[0].n_spans; i++) {
        const locus_span *sp = &res->hits[0].spans[i];
        dotted |= strncmp(res->hits[0].rec.text + sp->start, "U.S", 3) == 0;
    }
    ck_assert_msg(dotted, "U.S. is not highlighted in: %s", res->hits[0].rec.text);
    locus_results_free(res);
    locus_index_close(ix);
}
END_TEST

/* A compound finds its parts written apart and the parts find the compound, both ways and with
 * a hyphen: "healthcare" and "health care", "nonprofit" and "non-profit". A word is not cut
 * into a fragment the index holds only as a scrap ("sand wich", once). */
START_TEST(words_written_apart_find_the_word_written_as_one) {
    const char *texts[] = {
        "Clinics\n\nHealth care workers staff the rural clinics.\n",
        "Hospitals\n\nHealthcare workers staff the city hospitals.\n",
        "Charities\n\nNon-profit groups gave the grants.\n",
        "Foundations\n\nNonprofit groups gave the loans.\n",
        "Budgets\n\nThe health budget grew and the care budget shrank; non-voting members saw no profit.\n",
        "Lunch\n\nA sandwich and tea.\n",
        "Beach\n\nThe sand wich was wet.\n",
        "Dunes\n\nSand dunes.\n",
        NULL};
    index_texts(texts);
    locus_index *ix = open_index();
    hits_are(ix, "healthcare", 0x3);
    hits_are(ix, "=healthcare", 0x2);      /* as written: only the word */
    hits_are(ix, "\"health care\"", 0x1);  /* quoted: the words as typed */
    hits_are(ix, "+health +care", 0x11);   /* both words required: the compound is no part */
    locus_results *res = search(ix, "health care", 10);
    bool joined = false;
    for (size_t i = 0; i < res->count; i++) joined |= strstr(res->hits[i].rec.path, "r1.txt") != NULL;
    ck_assert_msg(joined, "health care did not find healthcare");
    locus_results_free(res);
    hits_are(ix, "nonprofit", 0xc);
    hits_are(ix, "non-profit", 0xc);
    hits_are(ix, "sandwich", 0x20);        /* "wich" is a scrap of one passage: no cut */
    locus_index_close(ix);
}
END_TEST

/* A reference list competes with the text that cites it: weighed down, still found. */
START_TEST(boilerplate_is_weighed_down_not_hidden) {
    const char *texts[] = {
        "Working paper\n\nIntroduction\n\nThis paper studies how idle spectrum could serve rural "
        "districts where the national networks never built masts, and what small operators need.\n\n"
        "References\n\nLindqvist, M. (2023). Idle spectrum. Telecom Review 8.\n"
        "Okafor, T. (2024). Idle spectrum in districts. Econ 3.\n",
        NULL};
    index_texts(texts);
    locus_index *ix = open_index();
    locus_results *res = search(ix, "idle spectrum districts", 10);
    ck_assert_uint_eq(res->count, 2);
    ck_assert_str_eq(res->hits[0].rec.section, "Introduction");
    ck_assert_str_eq(res->hits[1].rec.section, "References");
    locus_results_free(res);
    locus_search_opts o;  /* --explain says what the weighing down took: half of its score */
    locus_search_opts_init(&o);
    o.explain = true;
    locus_error e;
    ck_assert_int_eq(locus_search(ix, "idle spectrum districts", &o, &res, &e), LOCUS_OK);
    const locus_hit *low = &res->hits[1];
    ck_assert_str_eq(low->rec.section, "References");
    ck_assert_double_gt(low->weighed_down, 0);
    ck_assert_double_eq_tol(low->weighed_down, (low->score - low->release_bonus) / LOCUS_CONTACT_WEIGHT * (1 - LOCUS_CONTACT_WEIGHT), 1e-9);
    bool said = false;
    for (size_t i = 0; i < low->n_explain; i++)
        said |= !strcmp(low->explain[i].label, "(contact or boilerplate)") &&
                low->explain[i].weight == -low->weighed_down;
    ck_assert_msg(said, "no explain line for the weighing down");
    ck_assert_double_eq(res->hits[0].weighed_down, 0);
    locus_results_free(res);
    /* with releases collapsed, the weighing is done inside the query: the same order */
    locus_search_opts_init(&o);
    o.per_release = 2;
    ck_assert_int_eq(locus_search(ix, "idle spectrum districts", &o, &res, &e), LOCUS_OK);
    ck_assert_uint_eq(res->count, 2);
    ck_assert_str_eq(res->hits[0].rec.section, "Introduction");
    ck_assert_str_eq(res->hits[1].rec.section, "References");
    locus_results_free(res);
    locus_search_opts_init(&o);  /* without the weighing down, the shorter list would come first */
    o.contact_weight = 1;
    ck_assert_int_eq(locus_search(ix, "idle spectrum districts", &o, &res, &e), LOCUS_OK);
    ck_assert_str_eq(res->hits[0].rec.section, "References");
    locus_results_free(res);
    o.per_release = 2;
    ck_assert_int_eq(locus_search(ix, "idle spectrum districts", &o, &res, &e), LOCUS_OK);
    ck_assert_str_eq(res->hits[0].rec.section, "References");
    locus_results_free(res);
    locus_index_close(ix);
}
END_TEST

START_TEST(bm25_plus_does_not_bury_a_long_passage) {
    /* a long passage holding both words against a short one holding one: plain BM25 lets the
     * length of the long one outweigh its second word; BM25+ gives each word it holds a floor */
    char lng[2048];
    size_t n = (size_t)sprintf(lng, "Review\n\nThe cables reach the landing station. ");
    while (n < 1000) n += (size_t)sprintf(lng + n, "Officials compared notes on budgets, staffing and timetables. ");
    const char *texts[] = {
        "Notes\n\nThe cables were discussed.\n",
        lng,
        "Spectrum\n\nThe spectrum auction closes in May.\n",
        "Satellites\n\nThe satellite operators met in Tokyo.\n",
        "Budget\n\nThe budget for broadband grows.\n",
        "Privacy\n\nThe privacy rules were revised.\n",
        NULL};
    index_texts(texts);
    locus_index *ix = open_index();
    locus_search_opts o;
    locus_error e;
    const char *top[2];
    for (int plus = 0; plus < 2; plus++) {
        locus_search_opts_init(&o);
        /* the query's own weights only: no feedback, no all-words bonus, no proximity */
        ck_assert_int_eq(locus_search_opts_tune(&o, plus ? "fb_passages=0,all=0,prox=0" : "fb_passages=0,all=0,prox=0,delta=0", &e), LOCUS_OK);
        ck_assert(plus ? o.bm25_delta > 0 : o.bm25_delta == 0);
        locus_results *res;
        ck_assert_msg(locus_search(ix, "cables landing", &o, &res, &e) == LOCUS_OK, "%s", e.message);
        ck_assert_uint_eq(res->count, 2);
        top[plus] = strstr(res->hits[0].rec.path, "r1.txt") ? "long" : "short";
        locus_results_free(res);
    }
    ck_assert_str_eq(top[0], "short");  /* what plain BM25 does here */
    ck_assert_str_eq(top[1], "long");
    ck_assert_int_eq(locus_search_opts_tune(&o, "fb_bo1=0", &e), LOCUS_OK);
    ck_assert(!o.feedback_bo1);
    ck_assert_int_eq(locus_search_opts_tune(&o, "delta", &e), LOCUS_ERR_INVALID);
    locus_index_close(ix);
}
END_TEST

/* Neighbouring words of a query weigh more found near each other, in a query of plain words
 * only as in one with stop words, and --explain says so ("a NEAR b"). */
START_TEST(neighbouring_words_weigh_more_together) {
    const char *texts[] = {
        "Fleet\n\nThe submarine fleet was inspected in the spring, and the old harbour cranes, "
        "the repair docks and the cables of the shore station were replaced.\n",
        "Cables\n\nThe submarine cables of the shore station were replaced in the spring, and the "
        "old harbour cranes and the repair docks were inspected.\n",
        "Spectrum\n\nThe spectrum auction closes in May.\n",
        "Satellites\n\nThe satellite operators met in Tokyo.\n",
        NULL};
    index_texts(texts);
    locus_index *ix = open_index();
    const char *queries[] = {"submarine cables", "the submarine cables"};
    for (size_t k = 0; k < 2; k++) {
        double score[2];
        for (int prox = 0; prox < 2; prox++) {
            locus_search_opts o;
            locus_search_opts_init(&o);
            locus_error e;
            ck_assert_int_eq(locus_search_opts_tune(&o, prox ? "fb_passages=0" : "fb_passages=0,prox=0", &e), LOCUS_OK);
            o.explain = prox;
            locus_results *res;
            ck_assert_msg(locus_search(ix, queries[k], &o, &res, &e) == LOCUS_OK, "%s", e.message);
            ck_assert_uint_eq(res->count, 2);
            if (prox) ck_assert_ptr_nonnull(strstr(res->hits[0].rec.path, "r1.txt"));
            const locus_hit *h = strstr(res->hits[0].rec.path, "r1.txt") ? &res->hits[0] : &res->hits[1];
            score[prox] = h->score;
            if (prox) {
                bool shown = false;
                for (size_t i = 0; i < h->n_explain; i++)
                    shown |= !strcmp(h->explain[i].label, "submarine NEAR cables") && h->explain[i].weight > 0;
                ck_assert_msg(shown, "%s: no proximity in the explanation", queries[k]);
            }
            locus_results_free(res);
        }
        ck_assert_msg(score[1] > score[0] + 0.5, "%s: %f with proximity, %f without", queries[k],
                      score[1], score[0]);
    }
    locus_index_close(ix);
}
END_TEST

/* A query of several sentences pairs the neighbouring words of each sentence, not the last word
 * of one with the first of the next: "fleet? cables" has no "fleet NEAR cables". */
START_TEST(no_proximity_pair_across_a_sentence_end) {
    const char *texts[] = {
        "Fleet\n\nThe fleet cables of the shore station were replaced in the spring.\n",
        "Docks\n\nThe repair docks were inspected in May.\n",
        NULL};
    index_texts(texts);
    locus_index *ix = open_index();
    const struct { const char *query; bool pair; } cases[] = {
        {"fleet cables", true},          {"the fleet, cables", true},  {"fleet? cables", false},
        {"the fleet. what cables", false}, {"fleet! cables", false},    {"fleet; cables", false},
        {"fleet . cables", false}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        locus_search_opts o;
        locus_search_opts_init(&o);
        locus_error e;
        ck_assert_int_eq(locus_search_opts_tune(&o, "fb_passages=0", &e), LOCUS_OK);
        o.explain = true;
        locus_results *res;
        ck_assert_msg(locus_search(ix, cases[k].query, &o, &res, &e) == LOCUS_OK, "%s", e.message);
        ck_assert_uint_eq(res->count, 1);
        bool shown = false;
        for (size_t i = 0; i < res->hits[0].n_explain; i++)
            shown |= !strcmp(res->hits[0].explain[i].label, "fleet NEAR cables");
        ck_assert_msg(shown == cases[k].pair, "%s: the pair is %s", cases[k].query,
                      shown ? "there" : "missing");
        locus_results_free(res);
    }
    locus_index_close(ix);
}
END_TEST

START_TEST(explain_adds_up_to_the_score) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *queries[] = {"6G joint research", "DFFT", "submarine cables"};
    for (int paged = 0; paged < 2; paged++)
        for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
            locus_search_opts o;
            locus_search_opts_init(&o);
            o.explain = true;
            o.page = paged ? 3 : 0;
            locus_results *res;
            locus_error e;
            ck_assert_msg(locus_search(ix, queries[k], &o, &res, &e) == LOCUS_OK, "%s", e.message);
            ck_assert_uint_gt(res->count, 0);
            const locus_hit *h = &res->hits[0];
            double sum = 0;
            for (size_t i = 0; i < h->n_explain; i++) sum += h->explain[i].weight;
            ck_assert_msg(fabs(sum - h->score) < 1e-9 * h->score, "%s: parts %.9f, score %.9f", queries[k], sum, h->score);
            ck_assert_str_eq(h->explain[h->n_explain - 1].label, "(feedback)");
            locus_results_free(res);
        }
    locus_index_close(ix);
}
END_TEST

START_TEST(reindexing_is_idempotent) {
    size_t first = index_corpus(dbpath);
    ck_assert_uint_gt(first, 50);
    size_t second = index_corpus(dbpath);
    ck_assert_uint_eq(first, second);
    locus_index *ix = open_index();
    uint32_t n;
    locus_error e;
    ck_assert_int_eq(locus_index_passage_count(ix, &n, &e), LOCUS_OK);
    ck_assert_uint_eq(n, first);
    locus_index_close(ix);
}
END_TEST

START_TEST(removing_a_release_removes_all_its_passages) {
    size_t total = index_corpus(dbpath);
    char abs[PATH_MAX];
    ck_assert_ptr_nonnull(realpath(CORPUS "/2022-02-07-japan-eu-ict-policy-dialogue.txt", abs));
    locus_writer *w;
    locus_error e;
    ck_assert_int_eq(locus_writer_open(dbpath, NULL, 0, &w, &e), LOCUS_OK);
    ck_assert_int_eq(locus_writer_remove(w, abs, &e), LOCUS_OK);
    ck_assert_int_eq(locus_writer_close(w, &e), LOCUS_OK);
    locus_index *ix = open_index();
    uint32_t n;
    locus_index_passage_count(ix, &n, &e);
    ck_assert_uint_eq(n, total - 9);  /* the seed's passages (test_release.c) */
    locus_results *res = search(ix, "DFFT", 10);
    for (size_t i = 0; i < res->count; i++) ck_assert_ptr_null(strstr(res->hits[i].rec.path, "2022-02-07"));
    locus_results_free(res);
    locus_index_close(ix);
}
END_TEST

/* The context of a hit is the passages just before and after it in its release, in file order;
 * fewer at the release's ends; none once the release has changed. */
START_TEST(context_is_the_neighbouring_passages) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    locus_results *res = search(ix, "DFFT", 1);
    ck_assert_uint_eq(res->count, 1);
    const locus_hit *h = &res->hits[0];
    ck_assert_ptr_nonnull(strstr(h->rec.path, "2022-02-07-japan-eu-ict-policy-dialogue.txt"));
    uint32_t k = h->rec.ordinal;
    ck_assert_uint_ge(k, 2);
    locus_context x;
    locus_error e;
    ck_assert_int_eq(locus_hit_context(ix, h, 2, 3, &x, &e), LOCUS_OK);
    ck_assert_uint_eq(x.n_before, 2);
    ck_assert_uint_eq(x.n_after, 3);
    ck_assert_uint_eq(x.before[0].ordinal, k - 2);
    ck_assert_uint_eq(x.before[1].ordinal, k - 1);
    for (size_t i = 0; i < 3; i++) ck_assert_uint_eq(x.after[i].ordinal, k + 1 + i);
    ck_assert_uint_lt(x.before[1].line_end, h->rec.line_start);
    ck_assert_uint_gt(x.after[0].line_start, h->rec.line_end);
    ck_assert_uint_gt(x.after[2].line_start, x.after[1].line_start);
    for (size_t i = 0; i < 3; i++) ck_assert_str_eq(x.after[i].path, h->rec.path);
    ck_assert(has_words(x.before[1].text, "EU presented the declaration of digital rights"));
    locus_context_free(&x);
    /* the first passages of the release: as many before as there are */
    ck_assert_int_eq(locus_hit_context(ix, h, LOCUS_CONTEXT_MAX + 5, 0, &x, &e), LOCUS_OK);
    ck_assert_uint_eq(x.n_before, k);
    ck_assert_uint_eq(x.before[0].ordinal, 0);
    ck_assert_uint_eq(x.n_after, 0);
    locus_context_free(&x);
    /* a release of one passage has none around it */
    locus_results *one = search(ix, "memorandum Canada", 1);
    ck_assert_uint_eq(one->count, 1);
    ck_assert_int_eq(locus_hit_context(ix, &one->hits[0], 3, 3, &x, &e), LOCUS_OK);
    ck_assert_uint_eq(x.n_before + x.n_after, 0);
    locus_context_free(&x);
    locus_results_free(one);
    locus_index_close(ix);
    /* once the release has gone, the hit found before has no context left */
    locus_writer *w;
    ck_assert_int_eq(locus_writer_open(dbpath, NULL, 0, &w, &e), LOCUS_OK);
    ck_assert_int_eq(locus_writer_remove(w, h->rec.path, &e), LOCUS_OK);
    ck_assert_int_eq(locus_writer_close(w, &e), LOCUS_OK);
    ix = open_index();
    ck_assert_int_eq(locus_hit_context(ix, h, 2, 2, &x, &e), LOCUS_OK);
    ck_assert_uint_eq(x.n_before + x.n_after, 0);
    locus_context_free(&x);
    locus_context_free(NULL);
    locus_results_free(res);
    locus_index_close(ix);
}
END_TEST

START_TEST(query_features) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    /* a phrase matches the words in order only */
    locus_results *res = search(ix, "\"joint research\"", 50);
    ck_assert_uint_eq(res->count, 3);
    for (size_t i = 0; i < res->count; i++) ck_assert(has_words(res->hits[i].rec.text, "joint research"));
    locus_results_free(res);
    /* exclusion */
    res = search(ix, "\"joint research\" -quantum", 50);
    ck_assert_uint_eq(res->count, 1);
    ck_assert_ptr_nonnull(strstr(res->hits[0].rec.text, "6G"));
    locus_results_free(res);
    /* stemming: "explaining" finds "explained" */
    res = search(ix, "explaining", 50);
    ck_assert_uint_ge(res->count, 3);
    ck_assert_ptr_nonnull(strstr(res->hits[0].rec.text, "explain"));
    locus_results_free(res);
    /* a hyphenated word is a phrase: Japan-EU matches "Japan-EU" and "Japan EU" only */
    res = search(ix, "Japan-EU", 100);
    ck_assert_uint_gt(res->count, 0);
    for (size_t i = 0; i < res->count; i++)
        ck_assert_msg(strstr(res->hits[i].rec.text, "Japan-EU") || strstr(res->hits[i].rec.title, "Japan-EU") ||
                      strstr(res->hits[i].rec.section, "Japan-EU"), "hit %zu: %s", i, res->hits[i].rec.text);
    locus_results_free(res);
    /* a section word counts, below the passage's own words */
    res = search(ix, "cybersecurity", 50);
    ck_assert_ptr_nonnull(strcasestr(res->hits[0].rec.text, "cybersecurity"));
    int via_section = 0;
    for (size_t i = 0; i < res->count; i++)
        via_section += !strcasestr(res->hits[i].rec.text, "cybersecurity") &&
                       strcasestr(res->hits[i].rec.section, "cybersecurity") != NULL;
    ck_assert_int_gt(via_section, 0);
    locus_results_free(res);
    /* +required */
    res = search(ix, "+submarine cables", 50);
    for (size_t i = 0; i < res->count; i++) ck_assert_ptr_nonnull(strcasestr(res->hits[i].rec.text, "submarine"));
    locus_results_free(res);
    /* offset and limit */
    locus_results *all = search(ix, "policy", 5);
    locus_search_opts o;
    locus_search_opts_init(&o);
    o.offset = 2;
    o.limit = 2;
    locus_error e;
    ck_assert_int_eq(locus_search(ix, "policy", &o, &res, &e), LOCUS_OK);
    ck_assert_uint_eq(res->count, 2);
    ck_assert_uint_eq(res->hits[0].docid, all->hits[2].docid);
    ck_assert_uint_eq(res->hits[0].rank, 3);
    locus_results_free(res);
    locus_results_free(all);
    locus_index_close(ix);
}
END_TEST

/* --group counts releases: the count is the number of releases that match (at most per_release
 * passages each) when it is asked exact (-c), and with release evidence whenever every match was
 * seen ranking them. */
START_TEST(a_grouped_count_is_the_releases_matched) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *queries[] = {"policy", "cables", "section:cables OR spectrum", "joint research"};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        locus_results *all = search(ix, queries[q], 1000);
        ck_assert_uint_lt(all->count, 1000);
        const char *paths[1000];
        unsigned per[1000] = {0};
        size_t releases = 0;
        for (size_t i = 0; i < all->count; i++) {
            size_t k = 0;
            while (k < releases && strcmp(paths[k], all->hits[i].rec.path) != 0) k++;
            if (k == releases) paths[releases++] = all->hits[i].rec.path;
            per[k]++;
        }
        ck_assert_uint_gt(releases, 1);
        for (int form = 0; form < 4; form++)  /* evidence, evidence + exact, exact, exact + -c */
            for (unsigned max = 1; max <= 2; max++) {
                locus_search_opts o;
                locus_search_opts_init(&o);
                o.limit = form == 3 ? 0 : 2;
                o.per_release = max;
                o.exact_total = form > 0;
                if (form >= 2) o.release_evidence = 0;
                locus_results *res;
                locus_error e;
                ck_assert_msg(locus_search(ix, queries[q], &o, &res, &e) == LOCUS_OK, "%s", e.message);
                unsigned want = 0;
                for (size_t k = 0; k < releases; k++) want += per[k] < max ? per[k] : max;
                ck_assert_msg(res->total == want, "%s (form %d, %u a release): %u matches, %u wanted",
                              queries[q], form, max, res->total, want);
                locus_results_free(res);
            }
        locus_results_free(all);
    }
    locus_index_close(ix);
}
END_TEST

START_TEST(query_errors_name_the_column) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    locus_search_opts o;
    locus_search_opts_init(&o);
    locus_results *res = (locus_results *)1;
    locus_error e;
    ck_assert_int_eq(locus_search(ix, "policy \"joint research", &o, &res, &e), LOCUS_ERR_QUERY);
    ck_assert_ptr_null(res);
    ck_assert_ptr_nonnull(strstr(e.message, "column 8"));
    ck_assert_ptr_nonnull(strstr(e.message, "quote"));
    ck_assert_int_eq(locus_search(ix, "   ", &o, &res, &e), LOCUS_ERR_QUERY);
    ck_assert_int_eq(locus_search(ix, "?! ... --", &o, &res, &e), LOCUS_ERR_QUERY);
    locus_index_close(ix);
}
END_TEST

START_TEST(index_refusals) {
    locus_index *ix = (locus_index *)1;
    locus_error e;
    ck_assert_int_eq(locus_index_open(dbpath, &ix, &e), LOCUS_ERR_NO_INDEX);
    ck_assert_ptr_null(ix);
    ck_assert_ptr_nonnull(strstr(e.message, dbpath));
    index_corpus(dbpath);
    locus_writer *w, *w2;
    ck_assert_int_eq(locus_writer_open(dbpath, "klingon!", 0, &w, &e), LOCUS_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(e.message, "klingon!"));
    /* an index holds releases of several languages: another one is no refusal */
    ck_assert_int_eq(locus_writer_open(dbpath, "french", 0, &w, &e), LOCUS_OK);
    ck_assert_str_eq(locus_writer_language(w), "fr");
    ck_assert_int_eq(locus_writer_open(dbpath, NULL, 0, &w2, &e), LOCUS_ERR_LOCKED);
    ck_assert_ptr_nonnull(strstr(e.message, "locked"));
    /* a reader is not blocked by the writer */
    ck_assert_int_eq(locus_index_open(dbpath, &ix, &e), LOCUS_OK);
    locus_index_close(ix);
    locus_writer_close(w, &e);
}
END_TEST

START_TEST(new_index_in_missing_folders) {
    char deep[4400];
    snprintf(deep, sizeof deep, "%s/a/b/index", dir);
    locus_writer *w;
    locus_error e;
    ck_assert_msg(locus_writer_open(deep, "none", 0, &w, &e) == LOCUS_OK, "%s", e.message);
    ck_assert_str_eq(locus_writer_language(w), "none");
    locus_writer_close(w, &e);
    locus_index *ix;
    ck_assert_int_eq(locus_index_open(deep, &ix, &e), LOCUS_OK);
    char langs[64] = "x";
    ck_assert_int_eq(locus_index_languages(ix, langs, sizeof langs, &e), LOCUS_OK);
    ck_assert_str_eq(langs, "");  /* no release yet */
    locus_index_close(ix);
}
END_TEST

START_TEST(no_terms_ranks_and_highlights_the_same) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *queries[] = {"DFFT", "6G joint research", "title:ICT cooperation"};
    for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
        /* twice each: the second search reuses what the first read (the acronym dictionary) */
        for (int again = 0; again < 2; again++) {
            locus_search_opts o;
            locus_search_opts_init(&o);
            locus_results *with, *without;
            locus_error e;
            ck_assert_msg(locus_search(ix, queries[k], &o, &with, &e) == LOCUS_OK, "%s", e.message);
            o.no_terms = true;
            ck_assert_msg(locus_search(ix, queries[k], &o, &without, &e) == LOCUS_OK, "%s", e.message);
            ck_assert_uint_gt(with->count, 0);
            ck_assert_uint_eq(with->count, without->count);
            for (size_t i = 0; i < with->count; i++) {
                const locus_hit *a = &with->hits[i], *b = &without->hits[i];
                ck_assert_uint_eq(a->docid, b->docid);
                ck_assert(a->score == b->score);
                ck_assert_uint_gt(a->n_terms, 0);
                ck_assert_uint_eq(b->n_terms, 0);
                ck_assert_uint_eq(a->n_spans, b->n_spans);
                ck_assert_uint_eq(a->snippet.start, b->snippet.start);
                ck_assert_uint_eq(a->snippet.end, b->snippet.end);
                ck_assert_uint_eq(a->n_expansions, b->n_expansions);
            }
            locus_results_free(with);
            locus_results_free(without);
        }
    }
    locus_index_close(ix);
}
END_TEST

/* The number of hits of QUERY that matched through an acronym expansion. */
static size_t expanded_hits(locus_index *ix, const char *query) {
    locus_results *res = search(ix, query, 20);
    size_t n = 0;
    for (size_t i = 0; i < res->count; i++) n += res->hits[i].n_expansions > 0;
    locus_results_free(res);
    return n;
}

START_TEST(acronyms_are_read_as_queries_need_them) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    /* the dictionary is read a first letter at a time: what later queries need is read then */
    ck_assert_uint_eq(expanded_hits(ix, "cables"), 0);
    ck_assert_uint_gt(expanded_hits(ix, "DFFT"), 0);
    ck_assert_uint_gt(expanded_hits(ix, "data free flow with trust"), 0);
    locus_index_close(ix);
    /* a word that starts outside ASCII (full-width letters, folded by NFKC) reads all of it */
    ix = open_index();
    ck_assert_uint_gt(expanded_hits(ix, "\xef\xbc\xa4\xef\xbc\xa6\xef\xbc\xa6\xef\xbc\xb4"), 0);
    ck_assert_uint_gt(expanded_hits(ix, "Data Free Flow with Trust"), 0);
    locus_index_close(ix);
}
END_TEST

/* fb_conf=1 finds every first pass of at least five passages confident (its best scores at
 * least its fifth): then no feedback, the ranking of fb_passages=0; fb_conf=0 feeds back. */
START_TEST(confident_first_pass_skips_feedback) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *specs[] = {"fb_conf=1", "fb_passages=0", "fb_conf=0"};
    locus_results *res[3];
    for (size_t k = 0; k < 3; k++) {
        locus_search_opts o;
        locus_search_opts_init(&o);
        locus_error e;
        ck_assert_int_eq(locus_search_opts_tune(&o, specs[k], &e), LOCUS_OK);
        o.limit = 10;
        ck_assert_int_eq(locus_search(ix, "policy cooperation", &o, &res[k], &e), LOCUS_OK);
        ck_assert_uint_ge(res[k]->count, 5);
    }
    bool differs = false;
    for (size_t i = 0; i < res[0]->count; i++) {
        ck_assert_uint_eq(res[0]->hits[i].docid, res[1]->hits[i].docid);
        ck_assert_double_eq_tol(res[0]->hits[i].score, res[1]->hits[i].score, 1e-9);
        differs |= fabs(res[0]->hits[i].score - res[2]->hits[i].score) > 1e-9;
    }
    ck_assert_msg(differs, "feedback changed nothing: the test shows nothing");
    for (size_t k = 0; k < 3; k++) locus_results_free(res[k]);
    locus_index_close(ix);
}
END_TEST

/* The hits of QUERY with the ranking SPEC, 10 of them (at least 2), at most PER_RELEASE a
 * release (0: every passage), with their explain lists when EXPLAIN. */
static locus_results *ranked_as(locus_index *ix, const char *query, const char *spec,
                                uint32_t per_release, bool explain) {
    locus_search_opts o;
    locus_search_opts_init(&o);
    locus_error e;
    ck_assert_int_eq(locus_search_opts_tune(&o, spec, &e), LOCUS_OK);
    o.limit = 10;
    o.per_release = per_release;
    o.explain = explain;
    locus_results *res = NULL;
    ck_assert_msg(locus_search(ix, query, &o, &res, &e) == LOCUS_OK, "%s: %s", query, e.message);
    ck_assert_uint_ge(res->count, 2);
    return res;
}

/* The hits of QUERY with the ranking SPEC, 10 of them (at least 5). */
static locus_results *ranked(locus_index *ix, const char *query, const char *spec) {
    locus_results *res = ranked_as(ix, query, spec, 0, false);
    ck_assert_uint_ge(res->count, 5);
    return res;
}

/* Whether A and B are the same hits with the same scores. */
static bool same_ranking(const locus_results *a, const locus_results *b) {
    if (a->count != b->count) return false;
    for (size_t i = 0; i < a->count; i++)
        if (a->hits[i].docid != b->hits[i].docid || fabs(a->hits[i].score - b->hits[i].score) > 1e-9)
            return false;
    return true;
}

/* The hits of QUERY (feedback off, 500 at most) between SINCE and UNTIL ("YYYYMMDD", "" for
 * no bound). */
static locus_results *dated(locus_index *ix, const char *query, const char *since, const char *until) {
    locus_search_opts o;
    locus_search_opts_init(&o);
    locus_error e;
    ck_assert_int_eq(locus_search_opts_tune(&o, "fb_weight=0", &e), LOCUS_OK);
    o.limit = 500;
    snprintf(o.since, sizeof o.since, "%s", since);
    snprintf(o.until, sizeof o.until, "%s", until);
    locus_results *res = NULL;
    ck_assert_msg(locus_search(ix, query, &o, &res, &e) == LOCUS_OK, "%s: %s", query, e.message);
    return res;
}

/* A date range keeps the passages of its dates, each with the score it has without the range:
 * libxapian 1.4.22's own filter gave some of them the weight of a proximity pair they do not
 * have (docs/QUALITY.md, "A filter no longer changes the weights of what it keeps"). */
START_TEST(a_date_range_keeps_the_scores_of_what_it_keeps) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *queries[] = {"Japan Takes Part in G7 Digital Ministers Meeting on Online Safety",
                             "Japan and the EU Review Their Digital Partnership",
                             "Japan and Canada sign a memorandum of cooperation on ICT",
                             "Study Group Report on Open RAN and Vendor Diversification"};
    const char *ranges[][2] = {{"20190101", "20201231"}, {"20210101", "20211231"},
                               {"20220601", "20230630"}, {"20240101", "20261231"}};
    size_t compared = 0;
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        locus_results *all = dated(ix, queries[q], "", "");
        ck_assert_uint_lt(all->count, 500);  /* every match, so each kept passage is among them */
        for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
            locus_results *some = dated(ix, queries[q], ranges[r][0], ranges[r][1]);
            for (size_t i = 0; i < some->count; i++) {
                const locus_hit *h = &some->hits[i];
                size_t j = 0;
                while (j < all->count && all->hits[j].docid != h->docid) j++;
                ck_assert_msg(j < all->count, "%s: a passage matches only in a date range", queries[q]);
                ck_assert_msg(fabs(all->hits[j].score - h->score) < 1e-9,
                              "%s, %s-%s: %s line %u scores %.6f in the range, %.6f without",
                              queries[q], ranges[r][0], ranges[r][1], h->rec.path,
                              (unsigned)h->rec.line_start, h->score, all->hits[j].score);
                compared++;
            }
            locus_results_free(some);
        }
        locus_results_free(all);
    }
    ck_assert_uint_gt(compared, 50);
    locus_index_close(ix);
}
END_TEST

/* Release evidence ranks releases: with passages grouped by release, a release gains from its
 * other matching passages; a list of passages ranks each by its own score, as with the evidence
 * off. */
START_TEST(release_evidence_ranks_releases_not_passages) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *queries[] = {"cooperation", "5G networks", "joint research"};  /* many passages a release */
    for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
        locus_results *res[2][2];  /* [grouped][evidence] */
        for (int grouped = 0; grouped < 2; grouped++)
            for (int evidence = 0; evidence < 2; evidence++)
                res[grouped][evidence] = ranked_as(ix, queries[k], evidence ? "release=0.2" : "release=0",
                                                   grouped ? 1 : 0, false);
        ck_assert_msg(same_ranking(res[0][0], res[0][1]), "%s: the passage list moved with release evidence", queries[k]);
        bool gained = false;
        for (size_t i = 0; i < res[1][1]->count; i++) gained |= res[1][1]->hits[i].release_bonus > 0;
        ck_assert_msg(gained, "%s: no release gained from its other passages", queries[k]);
        ck_assert_msg(!same_ranking(res[1][0], res[1][1]), "%s: releases ranked as without evidence", queries[k]);
        for (int g = 0; g < 2; g++)
            for (int v = 0; v < 2; v++) locus_results_free(res[g][v]);
    }
    locus_index_close(ix);
}
END_TEST

/* What the query's own words give hit H: its score without what feedback added (the rest of
 * its score in proportion, when a contact block's weighing down scaled all of it). */
static double own_words(const locus_hit *h) {
    double fed = 0, parts = 0;
    for (size_t k = 0; k < h->n_explain; k++) {
        if (h->explain[k].weight > 0) parts += h->explain[k].weight;
        if (!strcmp(h->explain[k].label, "(feedback)")) fed = h->explain[k].weight;
    }
    return parts > 0 ? h->score * (1 - fed / parts) : h->score;
}

/* A list of passages shows its first LOCUS_WORDS_FIRST in the order the query's own words score
 * them: feedback picks which passages come first (the same ones as ordered by score alone), the
 * words typed order them; the passages after them, and a page that starts among them, follow. */
START_TEST(first_passages_follow_the_query_words) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *queries[] = {"joint research", "5G networks", "cooperation", "submarine cables"};
    bool reordered = false;
    for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
        locus_results *res[2];  /* [by words first] */
        for (int first = 0; first < 2; first++)
            res[first] = ranked_as(ix, queries[k], first ? "first=5" : "first=0", 0, true);
        ck_assert_uint_eq(res[0]->count, res[1]->count);
        size_t n = res[1]->count < LOCUS_WORDS_FIRST ? res[1]->count : LOCUS_WORDS_FIRST;
        for (size_t i = 0; i < n; i++) {
            bool among = false;  /* the same passages come first */
            for (size_t j = 0; j < n; j++) among |= res[1]->hits[i].docid == res[0]->hits[j].docid;
            ck_assert_msg(among, "%s: hit %zu was not among the first by score", queries[k], i + 1);
            if (i) ck_assert_msg(own_words(&res[1]->hits[i - 1]) >= own_words(&res[1]->hits[i]) - 1e-9,
                                 "%s: hit %zu has more of the query's words than hit %zu", queries[k], i + 1, i);
            ck_assert_uint_eq(res[1]->hits[i].rank, i + 1);
            reordered |= res[1]->hits[i].docid != res[0]->hits[i].docid;
        }
        for (size_t i = n; i < res[1]->count; i++)  /* and the rest as by score */
            ck_assert_uint_eq(res[1]->hits[i].docid, res[0]->hits[i].docid);
        /* a page that starts among them shows what the whole list shows there */
        locus_search_opts o;
        locus_search_opts_init(&o);
        o.offset = 2;
        o.limit = 2;
        locus_results *page;
        locus_error e;
        ck_assert_msg(locus_search(ix, queries[k], &o, &page, &e) == LOCUS_OK, "%s", e.message);
        for (size_t i = 0; i < page->count; i++) {
            ck_assert_uint_eq(page->hits[i].docid, res[1]->hits[i + 2].docid);
            ck_assert_uint_eq(page->hits[i].rank, i + 3);
        }
        locus_results_free(page);
        locus_results_free(res[0]);
        locus_results_free(res[1]);
    }
    ck_assert_msg(reordered, "no query's first passages were ordered otherwise than by score");
    locus_index_close(ix);
}
END_TEST

/* Ranks QUERY with the settings BASE, SAME and DIFFERS ($LOCUS_RANK syntax): SAME must rank as
 * BASE does (the same hits, the same scores), and DIFFERS otherwise (else the test shows
 * nothing). */
static void assert_tuning(locus_index *ix, const char *query, const char *base, const char *same,
                          const char *differs) {
    locus_results *b = ranked(ix, query, base), *s = ranked(ix, query, same), *d = ranked(ix, query, differs);
    ck_assert_msg(same_ranking(b, s), "%s: '%s' ranks otherwise than '%s'", query, same, base);
    ck_assert_msg(!same_ranking(b, d), "%s: '%s' ranks as '%s' does", query, differs, base);
    locus_results_free(b);
    locus_results_free(s);
    locus_results_free(d);
}

/* A query of at most fb_short words (stop words not counted) feeds back fb_short_terms terms
 * of fb_short_passages passages: ranked as a query whose feedback is set so for every length;
 * a longer query keeps fb_passages and fb_terms. */
START_TEST(a_short_query_feeds_back_more_passages) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    /* two words and two stop words */
    assert_tuning(ix, "the policy of cooperation", "", "fb_short=0,fb_passages=8,fb_terms=15", "fb_short=0");
    /* six words: fed back as a long query; fb_short=6 makes it short */
    assert_tuning(ix, "policy cooperation on networks security and research", "", "fb_short=0", "fb_short=6");
    locus_index_close(ix);
}
END_TEST

/* The all-words bonus has two settings: fb_all in feedback's first pass, which picks the
 * passages feedback learns from, and all in the ranking shown, where a passage holding every
 * word gains that share of its words' weights. */
START_TEST(feedback_learns_from_passages_that_hold_every_word) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *q = "the policy of cooperation";
    char spec[64];
    snprintf(spec, sizeof spec, "all=%g,fb_all=%g", LOCUS_ALL_WORDS, LOCUS_FEEDBACK_ALL_WORDS);
    ck_assert_msg(LOCUS_FEEDBACK_ALL_WORDS > LOCUS_ALL_WORDS, "the first pass leans on all words more");
    assert_tuning(ix, q, "", spec, "fb_all=0");  /* the defaults, and the first pass uses fb_all */
    /* without feedback fb_all does nothing; all still does */
    assert_tuning(ix, q, "fb_passages=0", "fb_passages=0,fb_all=0", "fb_passages=0,all=1");
    /* the bonus shown: that share of the weights of the words of a passage holding them all */
    locus_search_opts o;
    locus_search_opts_init(&o);
    o.explain = true;
    o.feedback_passages = 0;
    locus_results *res;
    locus_error e;
    ck_assert_msg(locus_search(ix, "6G joint research", &o, &res, &e) == LOCUS_OK, "%s", e.message);
    ck_assert_uint_gt(res->count, 0);
    const locus_hit *h = &res->hits[0];
    double words = 0, bonus = -1;
    for (size_t i = 0; i < h->n_explain; i++) {
        const char *l = h->explain[i].label;
        if (!strcmp(l, "(all words)")) bonus = h->explain[i].weight;
        else if (!strchr(l, ' ') && l[0] != '(') words += h->explain[i].weight;  /* not NEAR pairs */
    }
    ck_assert_msg(fabs(bonus - LOCUS_ALL_WORDS * words) < 1e-6 * words, "(all words) %.6f, words %.6f", bonus, words);
    locus_results_free(res);
    locus_index_close(ix);
}
END_TEST

/* Whether QUERY matches the passage of FILE (a name in corpus/) that starts on LINE. */
static bool matches_passage(locus_index *ix, const char *query, const char *file, uint32_t line) {
    locus_search_opts o;
    locus_search_opts_init(&o);
    o.limit = 100;
    locus_results *res = NULL;
    locus_error e;
    ck_assert_msg(locus_search(ix, query, &o, &res, &e) == LOCUS_OK, "%s: %s", query, e.message);
    bool found = false;
    for (size_t i = 0; i < res->count && !found; i++) {
        const char *slash = strrchr(res->hits[i].rec.path, '/');
        found = !strcmp(slash ? slash + 1 : res->hits[i].rec.path, file) &&
                res->hits[i].rec.line_start == line;
    }
    locus_results_free(res);
    return found;
}

/* An English release's stop words are indexed without positions: a phrase matches its other
 * words in order within the span it takes, whatever stop word stands between them, and is
 * as strict as before about order and about words that are not stop words. */
START_TEST(a_phrase_leaves_its_stop_words_as_gaps) {
    index_corpus(dbpath);
    locus_index *ix = open_index();
    const char *uk = "2020-12-09-japan-uk-ict-dialogue.txt";  /* "...joint research on quantum cryptography..." */
    ck_assert(matches_passage(ix, "\"research on quantum cryptography\"", uk, 10));
    ck_assert_msg(matches_passage(ix, "\"research of quantum cryptography\"", uk, 10), "a stop word is not a gap");
    ck_assert_msg(!matches_passage(ix, "\"research quantum cryptography\"", uk, 10), "a phrase without a stop word matched a gap");
    ck_assert_msg(!matches_passage(ix, "\"cryptography on quantum research\"", uk, 10), "order was ignored");
    ck_assert_msg(matches_passage(ix, "research NEAR/1 on NEAR/1 quantum", uk, 10), "NEAR with a stop word");
    ck_assert_msg(matches_passage(ix, "\"with an\"", uk, 10), "a phrase of stop words only");
    locus_index_close(ix);
}
END_TEST

int main(void) {
    Suite *s = suite_create("search");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, example_queries_rank_the_answer_first);
    tcase_add_test(tc, reindexing_is_idempotent);
    tcase_add_test(tc, removing_a_release_removes_all_its_passages);
    tcase_add_test(tc, query_features);
    tcase_add_test(tc, a_grouped_count_is_the_releases_matched);
    tcase_add_test(tc, query_errors_name_the_column);
    tcase_add_test(tc, index_refusals);
    tcase_add_test(tc, new_index_in_missing_folders);
    tcase_add_test(tc, japanese_written_solid_is_searched_as_its_words);
    tcase_add_test(tc, a_name_of_letters_and_digits_is_found_as_it_is_written);
    tcase_add_test(tc, a_word_in_capitals_is_also_found_with_dots);
    tcase_add_test(tc, words_written_apart_find_the_word_written_as_one);
    tcase_add_test(tc, boilerplate_is_weighed_down_not_hidden);
    tcase_add_test(tc, bm25_plus_does_not_bury_a_long_passage);
    tcase_add_test(tc, neighbouring_words_weigh_more_together);
    tcase_add_test(tc, no_proximity_pair_across_a_sentence_end);
    tcase_add_test(tc, release_evidence_ranks_releases_not_passages);
    tcase_add_test(tc, a_date_range_keeps_the_scores_of_what_it_keeps);
    tcase_add_test(tc, first_passages_follow_the_query_words);
    tcase_add_test(tc, explain_adds_up_to_the_score);
    tcase_add_test(tc, no_terms_ranks_and_highlights_the_same);
    tcase_add_test(tc, acronyms_are_read_as_queries_need_them);
    tcase_add_test(tc, context_is_the_neighbouring_passages);
    tcase_add_test(tc, confident_first_pass_skips_feedback);
    tcase_add_test(tc, a_short_query_feeds_back_more_passages);
    tcase_add_test(tc, feedback_learns_from_passages_that_hold_every_word);
    tcase_add_test(tc, a_phrase_leaves_its_stop_words_as_gaps);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
