#include "text/analyzer.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "text/language.h"
#include "text/mecab.h"

#define STEM_CACHE_SLOTS 4096    /* remembered stems at most (a power of two) */
#define STEM_CACHE_FIRST 256     /* ... at first: it grows fourfold once it has missed as many
                                    times as it has slots, so that a one-shot search does not
                                    fault in 256 KB for a few hundred words */
#define STEM_CACHE_WORD 24       /* the longest word (and stem) remembered, in bytes */

/* A word stemmed before, and its stem: text repeats its words, and a stem found again costs a
 * hash and a compare instead of a Snowball run (about a tenth of a query's snippets). */
typedef struct stem_slot {
    const struct sb_stemmer *stemmer;  /* NULL: empty */
    unsigned char word_len, stem_len;
    char word[STEM_CACHE_WORD], stem[STEM_CACHE_WORD + 1];  /* the stem ends in a NUL, as Snowball's */
} stem_slot;

struct locus_analyzer {
    struct sb_stemmer *stemmer;  /* the current language's; NULL when not stemming */
    char language[LOCUS_LANG_MAX];
    struct open_stemmer {
        char code[LOCUS_LANG_MAX];
        struct sb_stemmer *stemmer;
    } *stemmers;                 /* each language stemmed so far, kept open: at most libstemmer's
                                    languages, and a search stems each query word in every
                                    language of the index */
    size_t n_stemmers, cap_stemmers;
    stem_slot *stem_cache;       /* stem_slots of them, made at the first stem; NULL until then */
    size_t stem_slots, stem_misses;  /* misses since the cache took its size */
    mecab_t *mecab;              /* made at the first Japanese text */
    char *lemma;                 /* a Japanese token's base form, normalized */
    size_t lemma_cap;
    const UNormalizer2 *nfkc_cf;
    char *raw;                   /* the token's bytes as found, apostrophes unified */
    size_t raw_cap;
    char *norm;                  /* the normalized token */
    size_t norm_cap;
    UChar *u16a, *u16b;          /* scratch for ICU */
    int32_t u16_cap;
};

/* How a code point takes part in a token. */
enum cp_class {
    CP_SEP,      /* separates tokens */
    CP_WORD,     /* letter, digit, mark */
    CP_JOIN,     /* default-ignorable (soft hyphen, zero-width joiner): inside a word, dropped */
    CP_IDEO,     /* Han, Hiragana, Katakana: a run of them goes to MeCab */
    CP_APOS,     /* apostrophe: inside a word when between letters */
    CP_DOT,      /* "." : inside a number when between digits */
    CP_COMMA     /* "," : a thousands separator when between digits before three digits */
};

static enum cp_class classify(UChar32 c) {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            return CP_WORD;
        if (c == '\'') return CP_APOS;
        if (c == '.') return CP_DOT;
        if (c == ',') return CP_COMMA;
        return CP_SEP;
    }
    if (c == 0x2019 || c == 0x02BC) return CP_APOS;
    if (c == 0x30FC || c == 0xFF70) return CP_IDEO;  /* the prolonged sound mark: in katakana words */
    UScriptCode sc;
    UErrorCode ue = U_ZERO_ERROR;
    sc = uscript_getScript(c, &ue);
    if (U_SUCCESS(ue) && (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA) &&
        u_isalpha(c))
        return CP_IDEO;
    if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_isdigit(c)) return CP_WORD;
    int8_t t = u_charType(c);
    if (t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK ||
        t == U_OTHER_NUMBER || t == U_LETTER_NUMBER)
        return CP_WORD;
    if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return CP_JOIN;
    return CP_SEP;
}

static bool is_digit_cp(UChar32 c) { return c >= 0 && u_isdigit(c); }

/* Decodes the code point at *I in S (LEN bytes) and advances *I; invalid bytes give -1. */
static UChar32 next_cp(const char *s, size_t len, size_t *i) {
    UChar32 c;
    int32_t ii = 0;
    size_t rest = len - *i;
    int32_t n = rest > 8 ? 8 : (int32_t)rest;  /* a code point is at most 4 bytes */
    U8_NEXT((const uint8_t *)s + *i, ii, n, c);
    *i += (size_t)ii;
    return c;
}

static UChar32 peek_cp(const char *s, size_t len, size_t i) {
    if (i >= len) return -1;
    return next_cp(s, len, &i);
}

static bool grow(char **buf, size_t *cap, size_t need) {
    if (need <= *cap) return true;
    size_t n = *cap ? *cap : 64;
    while (n < need) n *= 2;
    char *p = realloc(*buf, n);
    if (!p) return false;
    *buf = p;
    *cap = n;
    return true;
}

/* The stemmer of language CODE, opened once per analyzer and kept; *out is NULL when CODE is
 * not stemmed. Fails when memory or libstemmer does. */
static locus_status stemmer_for(locus_analyzer *a, const char *code, struct sb_stemmer **out,
                                locus_error *err) {
    for (size_t i = 0; i < a->n_stemmers; i++)
        if (strcmp(a->stemmers[i].code, code) == 0) {
            *out = a->stemmers[i].stemmer;
            return LOCUS_OK;
        }
    const char *algo = locus_language_stemmer(code);
    if (!algo) {  /* not stemmed: nothing to keep */
        *out = NULL;
        return LOCUS_OK;
    }
    if (a->n_stemmers == a->cap_stemmers) {
        size_t cap = a->cap_stemmers ? 2 * a->cap_stemmers : 4;
        struct open_stemmer *more = realloc(a->stemmers, cap * sizeof *more);
        if (!more) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        a->stemmers = more;
        a->cap_stemmers = cap;
    }
    struct sb_stemmer *st = sb_stemmer_new(algo, "UTF_8");
    if (!st) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "cannot open the %s stemmer", algo);
    snprintf(a->stemmers[a->n_stemmers].code, LOCUS_LANG_MAX, "%s", code);
    a->stemmers[a->n_stemmers++].stemmer = st;
    *out = st;
    return LOCUS_OK;
}

locus_status locus_analyzer_set_language(locus_analyzer *a, const char *language, locus_error *err) {
    char code[LOCUS_LANG_MAX];
    if (!language) language = "en";
    if (!locus_language_code(language, code))
        return locus_error_set(err, LOCUS_ERR_INVALID,
                               "unknown language '%s': give a code such as en, fr, de or ja, a "
                               "stemming language (see --version) or none", language);
    struct sb_stemmer *st = NULL;
    locus_status s = stemmer_for(a, code, &st, err);
    if (s) return s;
    a->stemmer = st;
    strcpy(a->language, code);
    return locus_error_clear(err);
}

locus_status locus_analyzer_new(const char *language, locus_analyzer **out, locus_error *err) {
    *out = NULL;
    locus_analyzer *a = calloc(1, sizeof *a);
    if (!a) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    locus_status st = locus_analyzer_set_language(a, language, err);
    if (st) {
        locus_analyzer_free(a);
        return st;
    }
    UErrorCode ue = U_ZERO_ERROR;
    a->nfkc_cf = unorm2_getNFKCCasefoldInstance(&ue);
    if (U_FAILURE(ue)) {
        locus_analyzer_free(a);
        return locus_error_set(err, LOCUS_ERR_INVALID, "ICU normalizer unavailable: %s",
                               u_errorName(ue));
    }
    *out = a;
    return locus_error_clear(err);
}

void locus_analyzer_free(locus_analyzer *a) {
    if (!a) return;
    for (size_t i = 0; i < a->n_stemmers; i++) sb_stemmer_delete(a->stemmers[i].stemmer);
    free(a->stemmers);
    locus_mecab_free(a->mecab);
    free(a->stem_cache);
    free(a->raw);
    free(a->norm);
    free(a->lemma);
    free(a->u16a);
    free(a->u16b);
    free(a);
}

const char *locus_analyzer_language(const locus_analyzer *a) { return a->language; }

const char **locus_stem_languages(void) { return sb_stemmer_list(); }

/* NFKC + case folding of a->raw (LEN bytes) into a->norm. */
static locus_status normalize(locus_analyzer *a, size_t len, size_t *out_len, locus_error *err) {
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)a->raw[i] >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) {
        if (!grow(&a->norm, &a->norm_cap, len + 1))
            return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        for (size_t i = 0; i < len; i++) {
            char c = a->raw[i];
            a->norm[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        a->norm[len] = '\0';
        *out_len = len;
        return LOCUS_OK;
    }
    /* NFKC can expand a code point up to 18 times; UTF-16 never needs more units than UTF-8
     * bytes on input. */
    int32_t need16 = (int32_t)len * 18 + 8;
    if (need16 > a->u16_cap) {
        UChar *p = realloc(a->u16a, (size_t)need16 * sizeof(UChar));
        if (!p) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        a->u16a = p;
        p = realloc(a->u16b, (size_t)need16 * sizeof(UChar));
        if (!p) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        a->u16b = p;
        a->u16_cap = need16;
    }
    UErrorCode ue = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8WithSub(a->u16a, a->u16_cap, &n16, a->raw, (int32_t)len, 0xFFFD, NULL, &ue);
    if (U_FAILURE(ue))
        return locus_error_set(err, LOCUS_ERR_INVALID, "ICU conversion failed: %s", u_errorName(ue));
    int32_t m16 = unorm2_normalize(a->nfkc_cf, a->u16a, n16, a->u16b, a->u16_cap, &ue);
    if (U_FAILURE(ue))
        return locus_error_set(err, LOCUS_ERR_INVALID, "ICU normalization failed: %s",
                               u_errorName(ue));
    size_t need8 = (size_t)m16 * 3 + 1;
    if (!grow(&a->norm, &a->norm_cap, need8))
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    int32_t n8 = 0;
    u_strToUTF8(a->norm, (int32_t)a->norm_cap, &n8, a->u16b, m16, &ue);
    if (U_FAILURE(ue))
        return locus_error_set(err, LOCUS_ERR_INVALID, "ICU conversion failed: %s", u_errorName(ue));
    a->norm[n8] = '\0';
    *out_len = (size_t)n8;
    return LOCUS_OK;
}

/* Stems WORD (N bytes, normalized) with ST into *out / *out_len (borrowed from ST); leaves them
 * alone when ST is NULL or the stem is empty. */
static bool stem_with(struct sb_stemmer *st, const char *word, size_t n, const char **out,
                      size_t *out_len) {
    if (!st) return true;
    const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)word, (int)n);
    if (!s) return false;
    int sl = sb_stemmer_length(st);
    if (sl > 0) {
        *out = (const char *)s;
        *out_len = (size_t)sl;
    }
    return true;
}

/* stem_with through A's cache: a word of at most STEM_CACHE_WORD bytes stemmed before by ST
 * gets the stem remembered (borrowed from A until its next call, as stem_with's). */
static bool stem_cached(locus_analyzer *a, struct sb_stemmer *st, const char *word, size_t n,
                        const char **out, size_t *out_len) {
    if (!st) return true;
    if (n > STEM_CACHE_WORD) return stem_with(st, word, n, out, out_len);
    if (!a->stem_cache) {
        if (!(a->stem_cache = calloc(STEM_CACHE_FIRST, sizeof *a->stem_cache)))
            return stem_with(st, word, n, out, out_len);  /* no memory for the cache: stem as before */
        a->stem_slots = STEM_CACHE_FIRST;
        a->stem_misses = 0;
    }
    uint32_t h = 2166136261u;  /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)word[i]) * 16777619u;
    h ^= (uint32_t)((uintptr_t)st >> 4);
    stem_slot *slot = &a->stem_cache[h & (a->stem_slots - 1)];
    if (slot->stemmer == st && slot->word_len == n && memcmp(slot->word, word, n) == 0) {
        *out = slot->stem;
        *out_len = slot->stem_len;
        return true;
    }
    if (++a->stem_misses > a->stem_slots && a->stem_slots < STEM_CACHE_SLOTS) {
        stem_slot *bigger = calloc(a->stem_slots * 4, sizeof *bigger);
        if (bigger) {  /* what it held is stemmed again when met: a cache, not a table */
            free(a->stem_cache);
            a->stem_cache = bigger;
            a->stem_slots *= 4;
            a->stem_misses = 0;
            slot = &a->stem_cache[h & (a->stem_slots - 1)];
        }
    }
    const char *stem = word;
    size_t stem_len = n;
    if (!stem_with(st, word, n, &stem, &stem_len)) return false;
    *out = stem;
    *out_len = stem_len;
    if (stem_len <= STEM_CACHE_WORD) {  /* a longer stem is not remembered */
        slot->stemmer = st;
        slot->word_len = (unsigned char)n;
        slot->stem_len = (unsigned char)stem_len;
        memcpy(slot->word, word, n);
        memcpy(slot->stem, stem, stem_len);
        slot->stem[stem_len] = '\0';
    }
    return true;
}

/* Normalizes and stems the token a->raw[0..raw_len) found at [start, end) and hands it to FN.
 * Returns 1 when FN asked to stop, -1 on error, 0 otherwise. */
static int emit(locus_analyzer *a, size_t raw_len, bool stemmable, uint32_t pos, size_t start,
                size_t end, locus_token_fn fn, void *ctx, locus_error *err) {
    if (raw_len > LOCUS_MAX_TOKEN * 4) return 0;  /* cannot shrink below the limit */
    size_t n = 0;
    if (normalize(a, raw_len, &n, err) != LOCUS_OK) return -1;
    if (n == 0 || n > LOCUS_MAX_TOKEN) return 0;
    locus_token t = {a->norm, n, a->norm, n, pos, start, end, stemmable, false, false};
    if (stemmable && !stem_cached(a, a->stemmer, a->norm, n, &t.stem, &t.stem_len)) {
        locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory while stemming");
        return -1;
    }
    return fn(&t, ctx) ? 1 : 0;
}

locus_status locus_analyzer_stem(locus_analyzer *a, const char *language, const char *word,
                                 size_t len, const char **out, size_t *out_len, locus_error *err) {
    char code[LOCUS_LANG_MAX];
    *out = word;
    *out_len = len;
    if (!locus_language_code(language, code))
        return locus_error_set(err, LOCUS_ERR_INVALID, "unknown language '%s'", language);
    struct sb_stemmer *st = NULL;
    locus_status s = stemmer_for(a, code, &st, err);
    if (s) return s;
    if (!stem_cached(a, st, word, len, out, out_len))
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory while stemming");
    return locus_error_clear(err);
}

/* Copies N bytes of S into a->raw. */
static bool set_raw(locus_analyzer *a, const char *s, size_t n) {
    if (!grow(&a->raw, &a->raw_cap, n + 1)) return false;
    memcpy(a->raw, s, n);
    return true;
}

/* The base form in a MeCab feature string (IPADIC: POS,sub1,sub2,sub3,conj. type,conj. form,
 * base form,reading,pronunciation): *out / *len, or false when it has none ("*"). Sets *symbol
 * when the part of speech is a symbol (記号). */
static bool base_form(const char *feature, const char **out, size_t *len, bool *symbol) {
    *symbol = strncmp(feature, "\xe8\xa8\x98\xe5\x8f\xb7,", 7) == 0;  /* "記号," */
    const char *f = feature;
    for (int k = 0; k < 6; k++) {
        f = strchr(f, ',');
        if (!f) return false;
        f++;
    }
    const char *e = strchr(f, ',');
    size_t n = e ? (size_t)(e - f) : strlen(f);
    if (n == 0 || (n == 1 && *f == '*')) return false;
    *out = f;
    *len = n;
    return true;
}

/* Whether a MeCab (IPADIC) word of FEATURE, with base form BASE (BASE_LEN bytes, may be NULL)
 * is a function word (see locus_token): the part of speech is its first field, the subclass its
 * second. */
static bool function_word(const char *feature, const char *base, size_t base_len) {
    static const char *const pos[] = {"\xe5\x8a\xa9\xe8\xa9\x9e,",               /* 助詞 */
                                      "\xe5\x8a\xa9\xe5\x8b\x95\xe8\xa9\x9e,",   /* 助動詞 */
                                      "\xe3\x83\x95\xe3\x82\xa3\xe3\x83\xa9\xe3\x83\xbc,"}; /* フィラー */
    for (size_t i = 0; i < sizeof pos / sizeof *pos; i++)
        if (strncmp(feature, pos[i], strlen(pos[i])) == 0) return true;
    const char *sub = strchr(feature, ',');
    if (sub && (strncmp(sub + 1, "\xe9\x9d\x9e\xe8\x87\xaa\xe7\xab\x8b,", 10) == 0 ||   /* 非自立 */
                strncmp(sub + 1, "\xe4\xbb\xa3\xe5\x90\x8d\xe8\xa9\x9e,", 10) == 0))   /* 代名詞 */
        return true;
    if (strncmp(feature, "\xe5\x8b\x95\xe8\xa9\x9e,", 7) == 0 && base) {  /* 動詞 */
        static const char *const light[] = {"\xe3\x81\x99\xe3\x82\x8b",    /* する */
                                            "\xe3\x81\x82\xe3\x82\x8b",    /* ある */
                                            "\xe3\x81\x84\xe3\x82\x8b"};   /* いる */
        for (size_t i = 0; i < sizeof light / sizeof *light; i++)
            if (base_len == strlen(light[i]) && memcmp(base, light[i], base_len) == 0) return true;
    }
    return false;
}

/* Splits the Japanese run TEXT[start, end) into words with MeCab, numbering them from *pos:
 * each word's normalized surface form is its text and its normalized base form its stem
 * ("推進し" gives "推進" and "し" with stem "する"). Symbols are left out. Returns like emit. */
static int emit_japanese(locus_analyzer *a, const char *text, size_t start, size_t end,
                         uint32_t *pos, locus_token_fn fn, void *ctx, locus_error *err) {
    if (!a->mecab && locus_mecab_new(&a->mecab, err)) return -1;
    const mecab_node_t *node = locus_mecab_parse(a->mecab, text + start, end - start);
    if (!node) {
        locus_error_set(err, LOCUS_ERR_INVALID, "MeCab: %s", locus_mecab_why(a->mecab));
        return -1;
    }
    for (; node; node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE || node->length == 0)
            continue;
        size_t at = (size_t)(node->surface - text), n = node->length;
        if (at < start || at + n > end) continue;  /* cannot happen: MeCab points into TEXT */
        const char *base = NULL;
        size_t base_len = 0;
        bool symbol = false;
        bool has_base = node->feature && base_form(node->feature, &base, &base_len, &symbol);
        if (symbol) continue;
        if (n > LOCUS_MAX_TOKEN * 4) {
            (*pos)++;
            continue;
        }
        size_t lemma_len = 0;
        if (has_base && base_len <= LOCUS_MAX_TOKEN * 4) {
            size_t m = 0;
            if (!set_raw(a, base, base_len) ||
                normalize(a, base_len, &m, err) != LOCUS_OK)
                goto oom;
            if (m && m <= LOCUS_MAX_TOKEN) {
                if (!grow(&a->lemma, &a->lemma_cap, m + 1)) goto oom;
                memcpy(a->lemma, a->norm, m + 1);
                lemma_len = m;
            }
        }
        size_t tn = 0;
        if (!set_raw(a, text + at, n) || normalize(a, n, &tn, err) != LOCUS_OK) goto oom;
        uint32_t p = (*pos)++;
        if (tn == 0 || tn > LOCUS_MAX_TOKEN) continue;
        locus_token t = {a->norm, tn, a->norm, tn, p, at, at + n, false, true,
                         node->feature && function_word(node->feature, has_base ? base : NULL, base_len)};
        if (lemma_len) {
            t.stem = a->lemma;
            t.stem_len = lemma_len;
        }
        if (fn(&t, ctx)) return 1;
    }
    return 0;
oom:
    if (!err || err->status == LOCUS_OK) locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    return -1;
}

locus_status locus_analyze(locus_analyzer *a, const char *text, size_t len, uint32_t first_pos,
                           locus_token_fn fn, void *ctx, uint32_t *next_pos, locus_error *err) {
    uint32_t pos = first_pos;
    size_t i = 0;
    locus_error_clear(err);
    while (i < len) {
        size_t start = i;
        UChar32 c = next_cp(text, len, &i);
        enum cp_class k = c < 0 ? CP_SEP : classify(c);
        if (k == CP_IDEO) {  /* Japanese: the whole run of such characters to MeCab */
            size_t end = i;
            while (end < len) {
                size_t j = end;
                UChar32 d = next_cp(text, len, &j);
                if (d < 0 || classify(d) != CP_IDEO) break;
                end = j;
            }
            int r = emit_japanese(a, text, start, end, &pos, fn, ctx, err);
            if (r < 0) return err ? err->status : LOCUS_ERR_INVALID;
            if (r > 0) break;
            i = end;
            continue;
        }
        if (k != CP_WORD) continue;
        /* A word starts here: collect it into a->raw. */
        size_t raw_len = 0, end = i;
        bool has_digit = is_digit_cp(c);
        UChar32 prev = c;
        if (!grow(&a->raw, &a->raw_cap, i - start + 1))
            return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        memcpy(a->raw, text + start, i - start);
        raw_len = i - start;
        while (i < len) {
            size_t at = i;
            size_t j = i;
            UChar32 d = next_cp(text, len, &j);
            enum cp_class dk = d < 0 ? CP_SEP : classify(d);
            const char *piece = text + at;
            size_t piece_len = j - at;
            if (dk == CP_WORD || dk == CP_JOIN) {
                if (is_digit_cp(d)) has_digit = true;
            } else if (dk == CP_APOS) {
                UChar32 nx = peek_cp(text, len, j);
                if (!(u_isalpha(prev) && nx >= 0 && u_isalpha(nx) && classify(nx) == CP_WORD)) break;
                piece = "'";
                piece_len = 1;
            } else if (dk == CP_DOT) {
                UChar32 nx = peek_cp(text, len, j);
                if (!(is_digit_cp(prev) && is_digit_cp(nx))) break;
            } else if (dk == CP_COMMA) {
                /* Exactly three digits, then no digit. */
                size_t q = j;
                int digits = 0;
                while (q < len && digits < 4) {
                    size_t q2 = q;
                    UChar32 e = next_cp(text, len, &q2);
                    if (!is_digit_cp(e)) break;
                    digits++;
                    q = q2;
                }
                if (!(is_digit_cp(prev) && digits == 3)) break;
                piece_len = 0;  /* dropped */
            } else {
                break;
            }
            if (raw_len <= LOCUS_MAX_TOKEN * 4) { /* past that the token is skipped anyway */
                if (!grow(&a->raw, &a->raw_cap, raw_len + piece_len + 1))
                    return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
                memcpy(a->raw + raw_len, piece, piece_len);
            }
            raw_len += piece_len;
            prev = d;
            i = j;
            end = j;
        }
        int r = emit(a, raw_len, !has_digit, pos++, start, end, fn, ctx, err);
        if (r < 0) return err ? err->status : LOCUS_ERR_INVALID;
        if (r > 0) break;
    }
    if (next_pos) *next_pos = pos;
    return LOCUS_OK;
}
