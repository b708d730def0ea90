#include "text/acronym.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static bool ascii_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

bool locus_acronym_like(const char *w, size_t len) {
    if (len < 2 || len >= LOCUS_ACRONYM_MAX) return false;
    size_t caps = 0, digits = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (!ascii_alnum(c)) return false;
        caps += c >= 'A' && c <= 'Z';
        digits += c >= '0' && c <= '9';
    }
    return caps >= 2 || (caps >= 1 && digits >= 1);
}

/* ---- Japanese ------------------------------------------------------------------------------ */

/* The code point that ends at byte END of S (END > 0); its first byte goes to *start. */
static uint32_t cp_before(const char *s, size_t end, size_t *start) {
    size_t i = end - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && end - i < 4) i--;
    const unsigned char *p = (const unsigned char *)s + i;
    uint32_t c;
    size_t n = end - i;
    if (n == 3 && (p[0] & 0xF0) == 0xE0) c = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    else if (n == 2 && (p[0] & 0xE0) == 0xC0) c = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    else if (n == 4 && (p[0] & 0xF8) == 0xF0)
        c = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    else { i = end - 1; c = (unsigned char)s[i]; }
    *start = i;
    return c;
}

static bool is_hiragana(uint32_t c) { return c >= 0x3041 && c <= 0x309F; }
static bool is_kanji_or_katakana(uint32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3005 ||
           (c >= 0x30A0 && c <= 0x30FF);
}
static bool is_japanese(uint32_t c) { return is_hiragana(c) || is_kanji_or_katakana(c); }

/* A particle that ends a phrase when a content word follows it: は が を に で へ と も や て. */
static bool is_particle(uint32_t c) {
    static const uint32_t p[] = {0x306F, 0x304C, 0x3092, 0x306B, 0x3067, 0x3078, 0x3068, 0x3082,
                                 0x3084, 0x3066};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        if (c == p[i]) return true;
    return false;
}

/* The Japanese long form that ends at byte END of S: the run of Japanese characters before it,
 * from after its last particle that a kanji or katakana follows. Returns its first byte, or
 * END when there is none fit (fewer than 2 or more than 40 characters). */
static size_t japanese_long_form(const char *s, size_t end) {
    size_t at = end, cut = end;
    uint32_t next = 0;  /* the character after the one looked at */
    while (at > 0) {
        size_t st;
        uint32_t c = cp_before(s, at, &st);
        if (!is_japanese(c)) break;
        if (is_particle(c) && next && is_kanji_or_katakana(next) && cut == end) cut = at;
        next = c;
        at = st;
    }
    size_t from = cut != end ? cut : at;
    size_t n = 0;
    for (size_t i = from; i < end; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n >= 2 && n <= 40 ? from : end;
}

/* Whether S[a, b) is all Japanese characters (and holds some). */
static bool all_japanese(const char *s, size_t a, size_t b) {
    if (a >= b) return false;
    for (size_t e = b; e > a;) {
        size_t st;
        if (!is_japanese(cp_before(s, e, &st))) return false;
        e = st;
    }
    return true;
}

/* ---- matching an acronym to its long form -------------------------------------------------- */

/* Schwartz-Hearst: matches the letters and digits of ACR, last to first, to the characters of
 * L (N bytes), the first at the start of a word. Returns where the match starts in L, or -1. */
static long sh_match(const char *acr, const char *l, size_t n) {
    long li = (long)n - 1;
    for (long ai = (long)strlen(acr) - 1; ai >= 0; ai--) {
        char c = lower(acr[ai]);
        if (!ascii_alnum((unsigned char)c)) continue;
        for (;;) {
            if (li < 0) return -1;
            bool word_start = li == 0 || !ascii_alnum((unsigned char)l[li - 1]);
            if (lower(l[li]) == c && (ai > 0 || word_start)) break;
            li--;
        }
        li--;
    }
    return li + 1;
}

static size_t count_words(const char *s, size_t n) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) w++;
    return w;
}

/* Whether ACR appears as a word of L (N bytes). */
static bool has_word(const char *l, size_t n, const char *acr) {
    size_t k = strlen(acr);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(l + i, acr, k) == 0 && (i == 0 || !ascii_alnum((unsigned char)l[i - 1])) &&
            (i + k == n || !ascii_alnum((unsigned char)l[i + k])))
            return true;
    return false;
}

static size_t max_words(const char *acr) {
    size_t a = strlen(acr);
    return a + 5 < 2 * a ? a + 5 : 2 * a;
}

/* ---- the scan ---------------------------------------------------------------------------- */

typedef struct scan {
    const char *s;
    size_t n;
    locus_acronym_fn fn;
    void *ctx;
    bool stop;
    char *buf;          /* scratch: a long form with single spaces */
} scan;

/* S[a, b) with its white space made single spaces and trimmed, into sc->buf; returns its length
 * (0 when over LOCUS_LONG_FORM_MAX). */
static size_t squeeze(scan *sc, size_t a, size_t b) {
    size_t o = 0;
    bool space = false;
    for (size_t i = a; i < b; i++) {
        char c = sc->s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space) {
            if (o + 1 >= LOCUS_LONG_FORM_MAX) return 0;
            sc->buf[o++] = ' ';
            space = false;
        }
        if (o + 1 >= LOCUS_LONG_FORM_MAX) return 0;
        sc->buf[o++] = c;
    }
    sc->buf[o] = '\0';
    return o;
}

static void found(scan *sc, const char *acr, const char *lf) {
    if (!sc->stop && sc->fn(acr, lf, sc->ctx)) sc->stop = true;
}

/* A clause ends at these: the long form of a definition never crosses one. */
static bool clause_mark(char c) { return strchr(".;:,()[]!?\"\n", c) != NULL; }

/* "Long Form (ACR)": the Latin long form ends at byte END. */
static void long_form_before(scan *sc, const char *acr, size_t end) {
    size_t a = end;
    while (a > 0 && !clause_mark(sc->s[a - 1])) a--;
    size_t len = squeeze(sc, a, end);
    if (!len) return;
    /* the last max_words words */
    size_t words = 0, from = len;
    while (from > 0) {
        if (sc->buf[from - 1] == ' ' && ++words == max_words(acr)) break;
        from--;
    }
    long st = sh_match(acr, sc->buf + from, len - from);
    if (st < 0) return;
    const char *lf = sc->buf + from + st;
    size_t lfl = len - from - (size_t)st;
    if (count_words(lf, lfl) < 2 || has_word(lf, lfl, acr)) return;
    found(sc, acr, lf);
}

/* "ACR (Long Form)", "ACR stands for Long Form": the long form starts at byte A and ends at
 * the end of the clause, at most at B. WHOLE: all of it must be the long form (inside
 * brackets); otherwise it is the shortest run of words from its start that the acronym
 * matches, preferring one whose last word starts with the acronym's last character ("Data Free
 * Flow with Trust", not "Data Free Flow with"). */
static void long_form_after(scan *sc, const char *acr, size_t a, size_t b, bool whole) {
    size_t e = a;
    while (e < b && !clause_mark(sc->s[e])) e++;
    size_t len = squeeze(sc, a, e);
    if (!len) return;
    char *l = sc->buf;
    if (len > 4 && (l[0] == 't' || l[0] == 'T') && !strncmp(l + 1, "he ", 3)) {  /* "the" */
        memmove(l, l + 4, len - 3);
        len -= 4;
    }
    char last = lower(acr[strlen(acr) - 1]);
    size_t words = 0, fallback = 0, pick = 0;
    for (size_t k = 0; k <= len && words < max_words(acr); k++) {
        if (k < len && l[k] != ' ') continue;
        words++;
        if (whole && k < len) continue;
        if (words < 2 || sh_match(acr, l, k) != 0 || has_word(l, k, acr)) continue;
        size_t w = k;  /* the start of the last word */
        while (w > 0 && l[w - 1] != ' ') w--;
        if (lower(l[w]) == last) { pick = k; break; }
        if (!fallback) fallback = k;
    }
    if (!pick) pick = fallback;
    if (!pick) return;
    l[pick] = '\0';
    found(sc, acr, l);
}

/* The acronym-like word that ends at byte END (spaces before END skipped) into OUT; false
 * when there is none there. */
static bool acronym_before(const scan *sc, size_t end, char out[LOCUS_ACRONYM_MAX]) {
    while (end > 0 && sc->s[end - 1] == ' ') end--;
    size_t a = end;
    while (a > 0 && ascii_alnum((unsigned char)sc->s[a - 1])) a--;
    if (a > 0 && ((unsigned char)sc->s[a - 1] < 0x80) && sc->s[a - 1] != ' ' &&
        sc->s[a - 1] != '\n' && sc->s[a - 1] != '\t' && sc->s[a - 1] != '"' && sc->s[a - 1] != '\'')
        return false;  /* part of a longer token: "U.S.A", "e-KYC" */
    if (!locus_acronym_like(sc->s + a, end - a)) return false;
    memcpy(out, sc->s + a, end - a);
    out[end - a] = '\0';
    return true;
}

static void parenthesis(scan *sc, size_t open) {
    size_t close = open + 1;
    while (close < sc->n && close - open < 200 && sc->s[close] != ')' && sc->s[close] != '(') close++;
    if (close >= sc->n || sc->s[close] != ')') return;
    size_t a = open + 1, b = close;
    while (a < b && sc->s[a] == ' ') a++;
    while (b > a && sc->s[b - 1] == ' ') b--;
    char acr[LOCUS_ACRONYM_MAX];
    if (locus_acronym_like(sc->s + a, b - a)) {  /* Long Form (ACR) */
        memcpy(acr, sc->s + a, b - a);
        acr[b - a] = '\0';
        size_t end = open;
        while (end > 0 && sc->s[end - 1] == ' ') end--;
        size_t st;
        if (end > 0 && is_japanese(cp_before(sc->s, end, &st))) {
            size_t from = japanese_long_form(sc->s, end);
            if (from < end && squeeze(sc, from, end)) found(sc, acr, sc->buf);
        } else {
            long_form_before(sc, acr, end);
        }
        return;
    }
    if (!acronym_before(sc, open, acr)) return;  /* ACR (Long Form) */
    if (all_japanese(sc->s, a, b)) {
        size_t chars = 0;
        for (size_t i = a; i < b; i++) chars += ((unsigned char)sc->s[i] & 0xC0) != 0x80;
        if (chars >= 2 && chars <= 40 && squeeze(sc, a, b)) found(sc, acr, sc->buf);
        return;
    }
    long_form_after(sc, acr, a, b, true);
}

/* "ACR: An abbreviation for the Long Form", "ACR stands for Long Form", "ACR is short for". */
static void explicit_definition(scan *sc, size_t at, size_t len) {
    /* the acronym: among the three words before the phrase ("ISAC: An", "ISAC is", "ISAC") */
    size_t e = at;
    char acr[LOCUS_ACRONYM_MAX];
    for (int words = 0; words < 3 && e > 0; words++) {
        while (e > 0 && (sc->s[e - 1] == ' ' || sc->s[e - 1] == ':' || sc->s[e - 1] == ',')) e--;
        if (acronym_before(sc, e, acr)) {
            long_form_after(sc, acr, at + len, sc->n, false);
            return;
        }
        while (e > 0 && sc->s[e - 1] != ' ' && !clause_mark(sc->s[e - 1])) e--;
        if (e > 0 && clause_mark(sc->s[e - 1]) && sc->s[e - 1] != ':') return;
    }
}

static bool starts_with_ci(const char *s, size_t n, const char *w) {
    size_t k = strlen(w);
    if (k > n) return false;
    for (size_t i = 0; i < k; i++)
        if (lower(s[i]) != w[i]) return false;
    return true;
}

static void scan_text(scan *sc) {
    static const char *const phrases[] = {"abbreviation for ", "abbreviation of ", "acronym for ",
                                          "acronym of ", "stands for ", "short for "};
    for (size_t i = 0; i < sc->n && !sc->stop; i++) {
        char c = sc->s[i];
        if (c == '(') {
            parenthesis(sc, i);
            continue;
        }
        if (c != 'a' && c != 'A' && c != 's' && c != 'S') continue;
        if (i > 0 && ascii_alnum((unsigned char)sc->s[i - 1])) continue;
        for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++)
            if (starts_with_ci(sc->s + i, sc->n - i, phrases[k])) {
                explicit_definition(sc, i, strlen(phrases[k]));
                break;
            }
    }
}

locus_status locus_acronyms_find(const char *text, size_t len, locus_acronym_fn fn, void *ctx,
                                 locus_error *err) {
    locus_error_clear(err);
    if (len == 0) return LOCUS_OK;
    if (len > INT32_MAX / 4) len = INT32_MAX / 4;
    UErrorCode ue = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ue);
    if (U_FAILURE(ue)) return locus_error_set(err, LOCUS_ERR_INVALID, "ICU: %s", u_errorName(ue));
    /* NFKC: full-width brackets, letters and digits become ASCII ones */
    int32_t cap16 = (int32_t)len + 16;
    UChar *u = malloc((size_t)cap16 * sizeof *u), *v = NULL;
    char *s = NULL, *buf = malloc(LOCUS_LONG_FORM_MAX);
    locus_status st = LOCUS_OK;
    int32_t n16 = 0, m16 = 0, n8 = 0;
    if (!u || !buf) goto oom;
    u_strFromUTF8WithSub(u, cap16, &n16, text, (int32_t)len, 0xFFFD, NULL, &ue);
    if (U_FAILURE(ue)) goto icu;
    int32_t capv = n16 * 3 + 16;  /* NFKC rarely grows text; retried when it does */
    for (int attempt = 0; attempt < 2; attempt++) {
        free(v);
        if (!(v = malloc((size_t)capv * sizeof *v))) goto oom;
        ue = U_ZERO_ERROR;
        m16 = unorm2_normalize(nfkc, u, n16, v, capv, &ue);
        if (ue != U_BUFFER_OVERFLOW_ERROR) break;
        capv = m16 + 16;
    }
    if (U_FAILURE(ue)) goto icu;
    if (!(s = malloc((size_t)m16 * 3 + 1))) goto oom;
    u_strToUTF8(s, m16 * 3 + 1, &n8, v, m16, &ue);
    if (U_FAILURE(ue)) goto icu;
    scan sc = {s, (size_t)n8, fn, ctx, false, buf};
    scan_text(&sc);
    goto out;
oom:
    st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    goto out;
icu:
    st = locus_error_set(err, LOCUS_ERR_INVALID, "ICU: %s", u_errorName(ue));
out:
    free(u);
    free(v);
    free(s);
    free(buf);
    return st;
}
