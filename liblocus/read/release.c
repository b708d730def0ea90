#define _GNU_SOURCE  /* memmem */
#include <locus/release.h>
#include "read/release_build.h"

#include "text/charset.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* ---- dates ------------------------------------------------------------------------------- */

static const char *const month_names[12] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};

/* Matches a month name or its abbreviation ("Feb", "Feb.", "Sept.") at S; returns 1..12 and
 * the length used in *used, or 0. */
/* Month names of French, German, Spanish and Italian releases, whole words: "10 septembre
 * 2024", "3. März 2024", "3 de marzo de 2024". Each with its month (1-12). */
static const struct { const char *name; int month; } other_months[] = {
    {"janvier", 1}, {"f\xc3\xa9vrier", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5}, {"juin", 6},
    {"juillet", 7}, {"ao\xc3\xbbt", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
    {"d\xc3\xa9" "cembre", 12},
    {"januar", 1}, {"februar", 2}, {"m\xc3\xa4rz", 3}, {"juni", 6}, {"juli", 7}, {"oktober", 10},
    {"dezember", 12},
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6},
    {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
    {"noviembre", 11}, {"diciembre", 12},
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6}, {"luglio", 7},
    {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12},
};

/* A month name of another language at S (a whole word, its first letter in either case):
 * the month, its length in *USED; 0 when none. */
static int match_other_month(const char *s, size_t len, size_t *used) {
    size_t n = 0;
    while (n < len && (isalpha((unsigned char)s[n]) || (unsigned char)s[n] >= 0x80)) n++;
    for (size_t k = 0; k < sizeof other_months / sizeof *other_months; k++) {
        const char *m = other_months[k].name;
        if (strlen(m) != n || tolower((unsigned char)s[0]) != m[0] || strncasecmp(s + 1, m + 1, n - 1))
            continue;
        *used = n;
        return other_months[k].month;
    }
    return 0;
}

static int match_month(const char *s, size_t len, size_t *used) {
    size_t n = 0;
    while (n < len && isalpha((unsigned char)s[n])) n++;
    if (n < 3) return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        if (n > full) continue;
        if (strncasecmp(s, month_names[m], n) != 0) continue;
        if (n != full && !(n == 3 || (m == 8 && n == 4))) continue; /* Jan, Sept */
        *used = n;
        if (n != full && n < len && s[n] == '.') (*used)++;
        return m + 1;
    }
    return 0;
}

static size_t read_number(const char *s, size_t len, int max_digits, int *value) {
    size_t n = 0;
    int v = 0;
    while (n < len && n < (size_t)max_digits && isdigit((unsigned char)s[n])) v = v * 10 + (s[n++] - '0');
    if (n < len && isdigit((unsigned char)s[n])) return 0; /* too many digits */
    *value = v;
    return n;
}

static size_t skip_spaces(const char *s, size_t len, size_t i) {
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    return i;
}

static bool valid_date(int y, int m, int d) {
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
    return true;
}

/* A Japanese date at S: "2024年6月3日", or by era, "令和6年6月3日" ("元年" for year 1); digits may
 * be full-width. Returns the bytes used, 0 when S is not one. */
static size_t japanese_date(const char *s, size_t len, int *y, int *m, int *d) {
    static const struct { const char *name; int first; } eras[] = {
        {"\xE4\xBB\xA4\xE5\x92\x8C", 2019}, /* 令和 */
        {"\xE5\xB9\xB3\xE6\x88\x90", 1989}, /* 平成 */
        {"\xE6\x98\xAD\xE5\x92\x8C", 1926}, /* 昭和 */
    };
    size_t i = 0;
    int base = 0;
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++)
        if (len >= 6 && !memcmp(s, eras[e].name, 6)) { base = eras[e].first - 1; i = 6; break; }
    int v[3] = {0, 0, 0};
    static const char *const units[3] = {"\xE5\xB9\xB4", "\xE6\x9C\x88", "\xE6\x97\xA5"}; /* 年 月 日 */
    for (int part = 0; part < 3; part++) {
        int digits = 0;
        if (part == 0 && base && len - i >= 6 && !memcmp(s + i, "\xE5\x85\x83", 3)) { /* 元 */
            v[0] = 1; digits = 1; i += 3;
        }
        while (!(part == 0 && base && digits) && i < len && digits < 4) {
            if (isdigit((unsigned char)s[i])) { v[part] = v[part] * 10 + (s[i] - '0'); i++; }
            else if (len - i >= 3 && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
                     (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) { /* ０-９ */
                v[part] = v[part] * 10 + ((unsigned char)s[i + 2] - 0x90); i += 3;
            } else break;
            digits++;
        }
        while (i < len && s[i] == ' ') i++;
        if (!digits || len - i < 3 || memcmp(s + i, units[part], 3)) return 0;
        i += 3;
        while (part < 2 && i < len && s[i] == ' ') i++;
    }
    *y = base ? base + v[0] : v[0];
    *m = v[1];
    *d = v[2];
    return i;
}

size_t locus_date_parse(const char *s, size_t len, char iso[11]) {
    int y = 0, m = 0, d = 0;
    size_t i = 0, k, used;
    if (len >= 6 && (s[0] == 'R' || s[0] == 'H') && isdigit((unsigned char)s[1])) {
        /* R4.2.7 (Reiwa 4 = 2022), H31.4.30 (Heisei): Japanese era dates in short form */
        size_t i2 = 1, k2;
        int era = 0;
        if ((k2 = read_number(s + i2, len - i2, 2, &era)) && i2 + k2 < len && s[i2 + k2] == '.') {
            i2 += k2 + 1;
            if ((k2 = read_number(s + i2, len - i2, 2, &m)) && i2 + k2 < len && s[i2 + k2] == '.') {
                i2 += k2 + 1;
                if ((k2 = read_number(s + i2, len - i2, 2, &d)) &&
                    !(i2 + k2 < len && isalnum((unsigned char)s[i2 + k2]))) {
                    y = (s[0] == 'R' ? 2018 : 1988) + era;
                    if (!valid_date(y, m, d)) return 0;
                    char tmp[32];
                    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
                    memcpy(iso, tmp, 11);
                    return i2 + k2;
                }
            }
        }
        y = m = d = 0;
    }
    if ((k = japanese_date(s, len, &y, &m, &d))) {
        if (!valid_date(y, m, d)) return 0;
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
        memcpy(iso, tmp, 11);
        return k;
    }
    if ((k = read_number(s, len, 4, &y)) == 4 && k < len && (s[k] == '-' || s[k] == '/')) {
        char sep = s[k];
        i = k + 1;
        if (!(k = read_number(s + i, len - i, 2, &m))) return 0;
        i += k;
        if (i >= len || s[i] != sep) return 0;
        i++;
        if (!(k = read_number(s + i, len - i, 2, &d))) return 0;
        i += k;
        /* an ISO 8601 date and time ("2022-02-07T09:30:00Z"): the date */
        if (sep == '-' && i + 1 < len && s[i] == 'T' && isdigit((unsigned char)s[i + 1])) {
            while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') i++;
            if (!valid_date(y, m, d)) return 0;
            char tmp[32];
            snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
            memcpy(iso, tmp, 11);
            return i;
        }
    } else if ((m = match_month(s, len, &used))) { /* February 7, 2022 */
        i = skip_spaces(s, len, used);
        if (!(k = read_number(s + i, len - i, 2, &d))) return 0;
        i += k;
        if (i < len && s[i] == ',') i++;
        i = skip_spaces(s, len, i);
        if ((k = read_number(s + i, len - i, 4, &y)) != 4) return 0;
        i += k;
    } else if ((k = read_number(s, len, 2, &d)) > 0 && k < len && s[k] == '-') { /* 26-FEB-1987 */
        i = k + 1;
        if (!(m = match_month(s + i, len - i, &used))) return 0;
        i += used;
        if (i >= len || s[i] != '-') return 0;
        i++;
        if ((k = read_number(s + i, len - i, 4, &y)) != 4) return 0;
        i += k;
    } else if ((k = read_number(s, len, 2, &d)) > 0) { /* 7 February 2022 */
        i = k;
        if (i < len && s[i] == '.') i++;  /* German: 3. März 2024 */
        else if (len - i >= 3 && !strncmp(s + i, "er ", 3)) i += 2;  /* French: 1er mars 2024 */
        size_t sp = skip_spaces(s, len, i);
        if (sp == i) return 0;
        i = sp;
        if (len - i >= 3 && !strncasecmp(s + i, "de ", 3)) i = skip_spaces(s, len, i + 3);  /* 3 de marzo */
        if (!(m = match_month(s + i, len - i, &used)) && !(m = match_other_month(s + i, len - i, &used)))
            return 0;
        i = skip_spaces(s, len, i + used);
        if (i < len && s[i] == ',') i = skip_spaces(s, len, i + 1);
        if (len - i >= 3 && !strncasecmp(s + i, "de ", 3)) i = skip_spaces(s, len, i + 3);  /* de 2024 */
        if ((k = read_number(s + i, len - i, 4, &y)) != 4) return 0;
        i += k;
    } else {
        return 0;
    }
    if (i < len && isalnum((unsigned char)s[i])) return 0;
    if (!valid_date(y, m, d)) return 0;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    memcpy(iso, tmp, 11);
    return i;
}

bool locus_section_is_contact(const char *section) {
    static const char *const starts[] = {
        "contact", "media contact", "press contact", "for further information", "for more information",
        "further information", "inquiries", "enquiries", "press inquiries", "media inquiries",
        "\xE3\x81\x8A\xE5\x95\x8F\xE3\x81\x84\xE5\x90\x88\xE3\x82\x8F\xE3\x81\x9B", /* お問い合わせ */
        "\xE5\x95\x8F\xE3\x81\x84\xE5\x90\x88\xE3\x82\x8F\xE3\x81\x9B", /* 問い合わせ */
        "\xE9\x80\xA3\xE7\xB5\xA1\xE5\x85\x88", /* 連絡先 */
        "\xE7\x85\xA7\xE4\xBC\x9A\xE5\x85\x88", /* 照会先 */
    };
    if (!section) return false;
    const char *s = section;
    while (*s && (isdigit((unsigned char)*s) || *s == '.' || *s == ' ')) s++;  /* "3 連絡先" */
    size_t n = strlen(s);
    if (n > 60) return false;  /* a heading, not a sentence that mentions contacts */
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        size_t k = strlen(starts[i]);
        if (n >= k && !strncasecmp(s, starts[i], k)) return true;
    }
    return false;
}

/* Whether S (after a numbering like "7." or "IV.") starts with one of WORDS, ignoring case,
 * within a heading of at most 60 bytes. */
static bool heading_starts(const char *s, const char *const *words, size_t n_words) {
    while (*s && (isdigit((unsigned char)*s) || *s == '.' || *s == ' ')) s++;
    size_t n = strlen(s);
    if (n > 60) return false;
    for (size_t i = 0; i < n_words; i++) {
        size_t k = strlen(words[i]);
        if (n >= k && !strncasecmp(s, words[i], k)) return true;
    }
    return false;
}

/* Whether the line [a, b) of S ends in a page number after a dot leader: "Introduction .... 3". */
static bool toc_line(const char *s, size_t a, size_t b) {
    while (b > a && isspace((unsigned char)s[b - 1])) b--;
    size_t d = b;
    while (d > a && isdigit((unsigned char)s[d - 1])) d--;
    if (d == b || b - d > 4) return false;
    while (d > a && s[d - 1] == ' ') d--;
    size_t dots = 0;
    while (d > a && (s[d - 1] == '.' || s[d - 1] == ' ')) { dots += s[d - 1] == '.'; d--; }
    while (d >= a + 3 && !memcmp(s + d - 3, "\xE2\x80\xA6", 3)) { dots += 3; d -= 3; }  /* … */
    return dots >= 3;
}

/* Whether the line [a, b) of S cites: a year in parentheses ("(2023)") or "et al.". */
static bool citation_line(const char *s, size_t a, size_t b) {
    for (size_t i = a; i + 6 <= b; i++)
        if (s[i] == '(' && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
            isdigit((unsigned char)s[i + 3]) && isdigit((unsigned char)s[i + 4]) &&
            (s[i + 5] == ')' || s[i + 5] == 'a' || s[i + 5] == 'b') &&
            (s[i + 1] == '1' || s[i + 1] == '2'))
            return true;
    for (size_t i = a; i + 6 <= b; i++)
        if (!strncmp(s + i, "et al.", 6)) return true;
    return false;
}

/* Whether [a, b) of T is one person's name: two to four words, each capitalized ("Mara",
 * "A.", "O'Neil") or a particle ("van", "de"). */
static bool one_name(const char *t, size_t a, size_t b) {
    static const char *const particles[] = {"van", "von", "de", "der", "da", "di", "le", "la", "del"};
    size_t words = 0;
    for (size_t i = a; i < b;) {
        while (i < b && t[i] == ' ') i++;
        if (i == b) break;
        size_t j = i;
        while (j < b && t[j] != ' ') j++;
        bool particle = false;
        for (size_t k = 0; k < sizeof particles / sizeof *particles && !particle; k++)
            particle = strlen(particles[k]) == j - i && !strncmp(t + i, particles[k], j - i);
        if (!particle && !isupper((unsigned char)t[i])) return false;
        words++;
        i = j;
    }
    return words >= 2 && words <= 4;
}

/* Whether TEXT is one line of two or more people's names and nothing else: "Mara Lindqvist and
 * Tomas Okafor", "A. Rossi, B. Chen, C. Diaz" (not a list of people with their roles). */
static bool names_line(const char *t) {
    size_t n = strlen(t);
    if (n > 160 || !n || memchr(t, '\n', n)) return false;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)t[i]) || strchr(":;()!?", t[i])) return false;
    if (t[n - 1] == '.' && n >= 3 && t[n - 3] != ' ') return false;  /* a sentence, not "B." */
    static const char *const seps[] = {", and ", " and ", ", ", " & ", " und ", " et "};
    size_t parts = 0;
    for (size_t a = 0; a < n;) {
        size_t b = n, skip = 0;
        for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
            const char *q = strstr(t + a, seps[k]);
            if (q && (size_t)(q - t) < b) { b = (size_t)(q - t); skip = strlen(seps[k]); }
        }
        if (!one_name(t, a, b)) return false;
        parts++;
        a = b + skip;
    }
    return parts >= 2;
}

bool locus_passage_is_boilerplate(const char *section, const char *text) {
    static const char *const whole[] = {"contents", "notes", "authors", "copyright", "legal notice",
                                        "disclaimer", "literature"};
    if (section) {  /* these only as the whole heading: "Contents of the agreement" is text */
        const char *h = section;
        while (*h && (isdigit((unsigned char)*h) || *h == '.' || *h == ' ')) h++;
        size_t n = strlen(h);
        while (n && (h[n - 1] == ':' || h[n - 1] == ' ')) n--;
        for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
            if (n == strlen(whole[i]) && !strncasecmp(h, whole[i], n)) return true;
    }
    static const char *const headings[] = {
        "references", "bibliography", "works cited", "literature cited", "table of contents",
        "acknowledgement", "acknowledgment", "about the author",
        "\xE5\x8F\x82\xE8\x80\x83\xE6\x96\x87\xE7\x8C\xAE", /* 参考文献 */
        "\xE7\x9B\xAE\xE6\xAC\xA1",                         /* 目次 */
        "\xE5\x85\x8D\xE8\xB2\xAC",                         /* 免責 */
        "\xE8\xAC\x9D\xE8\xBE\x9E",                         /* 謝辞 */
    };
    if (section && heading_starts(section, headings, sizeof headings / sizeof *headings)) return true;
    if (!text) return false;
    static const char *const openings[] = {"disclaimer", "legal notice", "copyright", "\xC2\xA9",
                                           "all rights reserved",
                                           "\xE5\x85\x8D\xE8\xB2\xAC"}; /* © 免責 */
    for (size_t i = 0; i < sizeof openings / sizeof *openings; i++)
        if (!strncasecmp(text, openings[i], strlen(openings[i]))) return true;
    size_t lines = 0, toc = 0, cites = 0;
    for (size_t a = 0; text[a];) {
        const char *nl = strchr(text + a, '\n');
        size_t b = nl ? (size_t)(nl - text) : strlen(text);
        if (b > a) {
            lines++;
            toc += toc_line(text, a, b);
            cites += citation_line(text, a, b);
        }
        a = nl ? b + 1 : b;
    }
    if (lines >= 2 && (toc * 5 >= lines * 3 || cites * 5 >= lines * 3)) return true;
    return lines == 1 && names_line(text);
}

size_t locus_date_find(const char *s, size_t len, char iso[11]) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool word_start = i == 0 || !isalnum((unsigned char)s[i - 1]);
        if (!word_start && c < 0x80) continue;
        if (!isalnum(c) && c < 0xE0) continue;
        size_t used = locus_date_parse(s + i, len - i, iso);
        if (used) return used;
    }
    return 0;
}

/* ---- text helpers ------------------------------------------------------------------------ */

/* Offsets fit in 32 bits: a release is at most LOCUS_RELEASE_MAX_BYTES. A file of short lines
 * has millions of them, so these stay small. */
typedef struct line {
    uint32_t start, end; /* [start, end) without the line break */
} line;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

static void trim(const char *s, size_t *a, size_t *b) {
    while (*a < *b && is_space(s[*a])) (*a)++;
    while (*b > *a && is_space(s[*b - 1])) (*b)--;
}

static bool has_alnum(const char *s, size_t a, size_t b) {
    int32_t i = 0, n = (int32_t)(b - a);
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s + a, i, n, c);
        if (c >= 0 && u_isalnum(c)) return true;
    }
    return false;
}

static bool is_fragment(const char *text, size_t len);

static size_t count_words(const char *s, size_t a, size_t b) {
    size_t n = 0;
    bool in = false;
    for (size_t i = a; i < b; i++) {
        bool sp = is_space(s[i]) || s[i] == '\n';
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

/* Copies [a, b) of S with runs of white space folded to one space. */
static char *folded_copy(const char *s, size_t a, size_t b) {
    char *out = malloc(b - a + 1);
    if (!out) return NULL;
    size_t n = 0;
    bool sp = false;
    for (size_t i = a; i < b; i++) {
        if (is_space(s[i]) || s[i] == '\n') {
            sp = true;
            continue;
        }
        if (sp && n) out[n++] = ' ';
        sp = false;
        out[n++] = s[i];
    }
    out[n] = '\0';
    return out;
}

/* A copy of BUF where invalid UTF-8 bytes become '?' and control characters other than \n and
 * \t (C0, DEL, C1) become spaces; same length. Counts the bytes replaced in *bad. */
char *locus_text_sanitized(const char *buf, size_t len, size_t *bad) {
    char *out = malloc(len + 1);
    if (!out) return NULL;
    *bad = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80) {
            out[i] = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? ' ' : (char)c;
            if (c == 0) (*bad)++;
            i++;
            continue;
        }
        int32_t j = 0, n = (int32_t)((len - i) > 4 ? 4 : (len - i));
        UChar32 cp;
        U8_NEXT((const uint8_t *)buf + i, j, n, cp);
        if (cp < 0) {
            for (int32_t k = 0; k < j; k++) out[i + (size_t)k] = '?';
            *bad += (size_t)j;
        } else if (cp <= 0x9f) {  /* a C1 control (U+0080..U+009F): two spaces */
            out[i] = out[i + 1] = ' ';
        } else {
            memcpy(out + i, buf + i, (size_t)j);
        }
        i += (size_t)j;
    }
    out[len] = '\0';
    return out;
}

/* ---- headings ---------------------------------------------------------------------------- */

/* The value of the Roman numeral [a, b) of S (I, V, X only: up to 39), 0 when it is not one. */
static int roman_value(const char *s, size_t a, size_t b) {
    int v = 0;
    for (size_t i = a; i < b; i++) {
        int d = s[i] == 'I' ? 1 : s[i] == 'V' ? 5 : s[i] == 'X' ? 10 : 0;
        if (!d) return 0;
        int next = i + 1 < b ? (s[i + 1] == 'I' ? 1 : s[i + 1] == 'V' ? 5 : s[i + 1] == 'X' ? 10 : 0) : 0;
        v += d < next ? -d : d;
    }
    return v;
}

/* "1. Title", "2.3 Title", "4) Title", "IV. Title": a short line, not a sentence. A Roman
 * numeral heading must continue the numbering: "I." first, then the one after the last
 * (*roman), so that a signatory's initial ("V. Petrov", "X. Li") is not a heading. */
static bool is_numbered_heading_seq(const char *s, size_t a, size_t b, int *roman);

static bool is_numbered_heading(const char *s, size_t a, size_t b) {
    int roman = -1;  /* any numeral */
    return is_numbered_heading_seq(s, a, b, &roman);
}

static bool is_numbered_heading_seq(const char *s, size_t a, size_t b, int *roman) {
    if (b - a > 100 || b == a) return false;
    size_t i = a;
    int numeral = 0;
    if (isdigit((unsigned char)s[i])) {
        size_t digits = 0;
        while (i < b && (isdigit((unsigned char)s[i]) || (s[i] == '.' && i + 1 < b && isdigit((unsigned char)s[i + 1])))) {
            if (isdigit((unsigned char)s[i])) digits++;
            i++;
        }
        if (digits > 6) return false;
    } else {
        while (i < b && s[i] && strchr("IVX", s[i])) i++;
        if (i == a || i - a > 4) return false;
        if (!(numeral = roman_value(s, a, i))) return false;
        if (*roman >= 0 && numeral != 1 && numeral != *roman + 1) return false;
    }
    if (i < b && (s[i] == '.' || s[i] == ')')) i++;
    if (i >= b || !is_space(s[i])) return false;
    while (i < b && is_space(s[i])) i++;
    if (i >= b || !(isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 || s[i] == '(')) return false;
    char last = s[b - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':') return false;
    if (count_words(s, a, b) > 14) return false;
    if (numeral && *roman >= 0) *roman = numeral;
    return true;
}

/* The level of a legal-structure label alone on a line: "Part II", "Title III", "Chapter 3"
 * (1), "Section 2" (2), "Article 17", "Art. 17a" (3); 0 when [a, b) of S is not one. */
/* A Japanese heading at [a, b) of S: 第 + a number (digits, full-width digits or kanji numerals)
 * + 編/章 (level 1), 節 (2), 条 (3), alone or followed by a space and a title ("第1章 公募の概要");
 * a full-width "１．" (1) or "（１）" (2) followed by a short title. The level, or 0; *alone
 * tells whether the label stands alone on its line (its title may be the next line). */
static size_t full_width_digits(const char *s, size_t i, size_t b) {
    size_t n = 0;
    while (i + 3 <= b && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
           (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) { i += 3; n++; }
    return n;
}

/* Whether [i, b) is a short heading title: at most 60 bytes, no sentence end (。). */
static bool short_title(const char *s, size_t i, size_t b) {
    if (i >= b || b - i > 60) return false;
    for (size_t k = i; k + 3 <= b; k++)
        if (!memcmp(s + k, "\xE3\x80\x82", 3)) return false;
    return true;
}

static int japanese_label(const char *s, size_t a, size_t b, bool *alone) {
    static const char *const numerals[] = {"\xE4\xB8\x80", "\xE4\xBA\x8C", "\xE4\xB8\x89", "\xE5\x9B\x9B",
        "\xE4\xBA\x94", "\xE5\x85\xAD", "\xE4\xB8\x83", "\xE5\x85\xAB", "\xE4\xB9\x9D", "\xE5\x8D\x81",
        "\xE7\x99\xBE", "\xE3\x80\x87", NULL};  /* 一二三四五六七八九十百〇 */
    static const struct { const char *unit; int level; } units[] = {
        {"\xE7\xB7\xA8", 1}, {"\xE7\xAB\xA0", 1}, {"\xE7\xAF\x80", 2}, {"\xE6\x9D\xA1", 3}};  /* 編 章 節 条 */
    *alone = false;
    size_t d = full_width_digits(s, a + 3, b);
    if (b - a > 6 && !memcmp(s + a, "\xEF\xBC\x88", 3) && d &&   /* （１）title */
        a + 3 + 3 * d + 3 <= b && !memcmp(s + a + 3 + 3 * d, "\xEF\xBC\x89", 3))
        return short_title(s, a + 6 + 3 * d, b) ? 2 : 0;
    d = full_width_digits(s, a, b);
    if (d && a + 3 * d + 3 <= b && !memcmp(s + a + 3 * d, "\xEF\xBC\x8E", 3))  /* １．title */
        return short_title(s, a + 3 * d + 3, b) ? 1 : 0;
    if (b - a < 9 || memcmp(s + a, "\xE7\xAC\xAC", 3)) return 0;  /* 第 */
    size_t i = a + 3, digits = 0;
    for (;;) {
        if (i < b && isdigit((unsigned char)s[i])) { i++; digits++; continue; }
        if (full_width_digits(s, i, b)) { i += 3; digits++; continue; }
        bool kanji = false;
        for (const char *const *n = numerals; *n && !kanji; n++)
            kanji = i + 3 <= b && !memcmp(s + i, *n, 3);
        if (kanji) { i += 3; digits++; continue; }
        break;
    }
    if (!digits || i + 3 > b) return 0;
    int level = 0;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (!memcmp(s + i, units[k].unit, 3)) level = units[k].level;
    if (!level) return 0;
    i += 3;
    if (i == b) {
        *alone = true;
        return level;
    }
    /* a title after a space (ASCII or ideographic) */
    size_t t = i;
    if (t < b && s[t] == ' ') t++;
    else if (t + 3 <= b && !memcmp(s + t, "\xE3\x80\x80", 3)) t += 3;
    else return 0;
    return short_title(s, t, b) ? level : 0;
}

/* *alone: the label stands alone on its line, so the next line may be its title. */
static int legal_label_alone(const char *s, size_t a, size_t b, bool *alone) {
    int jp = japanese_label(s, a, b, alone);
    if (jp) return jp;
    *alone = true;
    static const struct { const char *word; int level; } labels[] = {
        {"part", 1}, {"title", 1}, {"chapter", 1}, {"section", 2}, {"article", 3}, {"art.", 3},
        {"annex", 1}, {"rule", 3}, {"regulation", 3}};
    if (b - a > 30) return 0;
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        size_t n = strlen(labels[k].word);
        if (b - a <= n + 1 || strncasecmp(s + a, labels[k].word, n) || !is_space(s[a + n])) continue;
        size_t i = a + n;
        while (i < b && is_space(s[i])) i++;
        size_t j = i;
        while (j < b && (isdigit((unsigned char)s[j]) || strchr("IVXLC", s[j]))) j++;
        if (j == i) return 0;
        if (j < b && islower((unsigned char)s[j])) j++;  /* 17a */
        if (j < b && s[j] == '.') j++;
        return j == b ? labels[k].level : 0;
    }
    return 0;
}

static int legal_label(const char *s, size_t a, size_t b) {
    bool alone;
    return legal_label_alone(s, a, b, &alone);
}

int locus_legal_label(const char *s, size_t len) { return legal_label(s, 0, len); }

/* A heading in Markdown style in a text file: "# Title" ... "###### Title", or a line that is
 * all bold ("**Title**", "__Title__"); the heading's text into [*ha, *hb) and its level (1-6,
 * 7 for bold) returned; 0 when the line is neither. */
static int marked_heading(const char *s, size_t a, size_t b, size_t *ha, size_t *hb) {
    size_t i = a;
    while (i < b && s[i] == '#' && i - a < 7) i++;
    if (i > a && i - a <= 6 && i < b && is_space(s[i])) {
        size_t x = i, y = b;
        while (y > x && (s[y - 1] == '#' || is_space(s[y - 1]))) y--;  /* closing #s */
        while (x < y && is_space(s[x])) x++;
        if (x == y) return 0;
        *ha = x; *hb = y;
        return (int)(i - a);
    }
    if (b - a > 4 && b - a <= 120 && ((s[a] == '*' && s[a + 1] == '*' && s[b - 1] == '*' && s[b - 2] == '*') ||
                                      (s[a] == '_' && s[a + 1] == '_' && s[b - 1] == '_' && s[b - 2] == '_'))) {
        size_t x = a + 2, y = b - 2;
        if (x >= y || memchr(s + x, s[a], y - x)) return 0;  /* "**a** and **b**" is not all bold */
        *ha = x; *hb = y;
        return 7;
    }
    return 0;
}

/* A standalone title-like line: short, starts with a capital, no sentence punctuation. */
static bool is_plain_heading_candidate(const char *s, size_t a, size_t b) {
    if (b - a > 80 || b == a) return false;
    if (!isupper((unsigned char)s[a])) return false;
    /* a name with an initial ("M. Bek", "J.-C. Juncker"): a signatory, not a heading */
    if (b - a > 3 && s[a + 1] == '.' && (is_space(s[a + 2]) || s[a + 2] == '-')) return false;
    if (memchr(s + a, ':', b - a)) return false;
    char last = s[b - 1];
    if (strchr(".,;:!?", last)) return false;
    return count_words(s, a, b) <= 10;
}

/* ---- parsing ----------------------------------------------------------------------------- */

typedef struct unit {
    uint32_t first, last; /* line indexes, inclusive */
    bool standalone;    /* the unit is a whole block (blank lines around it) */
} unit;

typedef struct parser {
    const char *name;
    const char *text;   /* sanitized copy of the file */
    size_t len;
    line *lines;
    size_t n_lines;
    locus_release *r;
    int roman;          /* the last Roman numeral heading ("IV." gives 4), 0 before any */
    int32_t open[8];    /* the section open at each level (1-7) of the heading path, -1 */
} parser;

static uint32_t line_of(const parser *p, size_t off) {
    size_t lo = 0, hi = p->n_lines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (p->lines[mid].start <= off) lo = mid; else hi = mid;
    }
    return (uint32_t)lo + 1;
}

static bool room(void **items, size_t n, size_t size);

/* Opens the section TEXT (LEN bytes) at LEVEL of the heading path (0: a heading of no level,
 * which ends the whole path). */
static locus_status open_section(parser *p, const char *text, size_t len, int level, locus_error *err) {
    const char *stored;
    int32_t parent = -1;
    for (int l = level - 1; l >= 1 && parent < 0; l--) parent = p->open[l];
    locus_status st = locus_release_add_subsection(p->r, parent, text, len, &stored, err);
    for (int l = level > 0 ? level : 1; l <= 7; l++) p->open[l] = -1;
    if (level > 0) p->open[level] = (int32_t)p->r->n_sections - 1;
    return st;
}

static locus_status add_section(parser *p, size_t a, size_t b, locus_error *err) {
    return open_section(p, p->text + a, b - a, 0, err);
}

static const char *current_section(const parser *p) {
    return p->r->n_sections ? p->r->sections[p->r->n_sections - 1] : "";
}

static locus_status add_passage(parser *p, size_t a, size_t b, locus_passage_kind kind,
                                locus_error *err) {
    trim(p->text, &a, &b);
    while (a < b && p->text[a] == '\n') a++;
    trim(p->text, &a, &b);
    if (a >= b) return LOCUS_OK;
    if (!room((void **)&p->r->passages, p->r->n_passages, sizeof *p->r->passages))
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    locus_passage *ps = &p->r->passages[p->r->n_passages];
    ps->text = malloc(b - a + 1);
    if (!ps->text) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    memcpy(ps->text, p->text + a, b - a);
    ps->text[b - a] = '\0';
    ps->section = current_section(p);
    ps->section_index = (int32_t)p->r->n_sections - 1;
    ps->byte_start = a;
    ps->byte_end = b;
    ps->line_start = line_of(p, a);
    ps->line_end = line_of(p, b - 1);
    ps->line_offset = p->lines[ps->line_start - 1].start;
    ps->page = 0;
    ps->exact = 1;  /* plain text: the passage is the file's bytes */
    ps->kind = kind;
    p->r->n_passages++;
    return LOCUS_OK;
}

/* Where to end a window that starts at A and may not pass LIMIT: after the last sentence end
 * ('.', '?', '!' before white space; '。', '！', '？' anywhere) that is not inside Japanese
 * quotation brackets (「...」, 『...』), else at the last white space, else at LIMIT moved back to
 * a UTF-8 boundary. Ends in the first third of the window do not count. */
static size_t window_end(const char *s, size_t a, size_t limit) {
    size_t sentence = 0, space = 0, floor = a + LOCUS_PASSAGE_MAX_BYTES / 3;
    int depth = 0;
    for (size_t i = a; i < limit; i++) {
        const unsigned char *u = (const unsigned char *)s + i;
        bool three = i + 3 <= limit;  /* a whole 3-byte character lies before LIMIT */
        if (three && u[0] == 0xE3 && u[1] == 0x80 && (u[2] == 0x8C || u[2] == 0x8E)) depth++;  /* 「 『 */
        else if (three && u[0] == 0xE3 && u[1] == 0x80 && (u[2] == 0x8D || u[2] == 0x8F)) { if (depth) depth--; } /* 」 』 */
        else if (three && depth == 0 && i + 3 > floor &&
                 ((u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) ||                             /* 。 */
                  (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x81 || u[2] == 0x9F))))           /* ！ ？ */
            sentence = i + 3;
        else if (depth == 0 && i + 1 > floor && (s[i] == '.' || s[i] == '?' || s[i] == '!') &&
                 (is_space(s[i + 1]) || s[i + 1] == '\n'))
            sentence = i + 1;
        if (i > floor && (is_space(s[i]) || s[i] == '\n')) space = i;
    }
    if (limit > floor && (is_space(s[limit]) || s[limit] == '\n')) space = limit;
    if (sentence) return sentence;
    if (space) return space;
    size_t i = limit;
    while (i > a + 1 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    return i;
}

static locus_status add_paragraph(parser *p, size_t a, size_t b, locus_passage_kind kind,
                                  locus_error *err) {
    trim(p->text, &a, &b);
    while (b - a > LOCUS_PASSAGE_MAX_BYTES) {
        /* windows of about equal size, not full ones and a scrap at the end */
        size_t left = (b - a + LOCUS_PASSAGE_MAX_BYTES - 1) / LOCUS_PASSAGE_MAX_BYTES;
        size_t want = (b - a) / left + LOCUS_PASSAGE_MAX_BYTES / 8;
        size_t e = window_end(p->text, a, a + (want < LOCUS_PASSAGE_MAX_BYTES ? want : LOCUS_PASSAGE_MAX_BYTES));
        locus_status st = add_passage(p, a, e, kind, err);
        if (st) return st;
        a = e;
        while (a < b && (is_space(p->text[a]) || p->text[a] == '\n')) a++;
    }
    return add_passage(p, a, b, kind, err);
}

static bool is_list_item(const char *s, size_t a, size_t b) {
    trim(s, &a, &b);
    if (b - a < 2) return false;
    if ((s[a] == '-' || s[a] == '*') && is_space(s[a + 1])) return true;
    if (b - a >= 4 && (unsigned char)s[a] == 0xE2 && (unsigned char)s[a + 1] == 0x80 &&
        (unsigned char)s[a + 2] == 0xA2) /* • */
        return true;
    if (s[a] == '(' && b - a > 3 && isalnum((unsigned char)s[a + 1]) && s[a + 2] == ')') return true;
    return false;
}

static locus_status parse_body(parser *p, size_t first_line, locus_error *err) {
    /* Cut the lines into units: one per line, or one per block (and list item). */
    size_t n_units = 0, cap_units = 64;
    unit *units = malloc(cap_units * sizeof *units);
    if (!units) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    size_t i = first_line;
    while (i < p->n_lines) {
        size_t a = p->lines[i].start, b = p->lines[i].end;
        trim(p->text, &a, &b);
        if (a == b) { i++; continue; }
        size_t block_end = i;
        while (block_end + 1 < p->n_lines) {
            size_t c = p->lines[block_end + 1].start, d = p->lines[block_end + 1].end;
            trim(p->text, &c, &d);
            if (c == d) break;
            block_end++;
        }
        /* How this block is written: hard-wrapped (its lines are one paragraph) or one paragraph
         * per line (a line of running text longer than 100 bytes: nobody wraps that wide).
         * Decided per block: one long line elsewhere (an <img srcset=...>) changes nothing here. */
        bool one_per_line = false;
        for (size_t l = i; l <= block_end && !one_per_line; l++) {
            size_t c = p->lines[l].start, d = p->lines[l].end;
            trim(p->text, &c, &d);
            if (d - c > 100 && count_words(p->text, c, d) >= 8) one_per_line = true;
        }
        size_t u = i;
        while (u <= block_end) {
            size_t v = u;
            if (!one_per_line) {
                size_t ua = p->lines[u].start, ub = p->lines[u].end;
                trim(p->text, &ua, &ub);
                bool heading_first = u == i && u < block_end && is_numbered_heading(p->text, ua, ub);
                while (!heading_first && v < block_end && !is_list_item(p->text, p->lines[v + 1].start, p->lines[v + 1].end))
                    v++;
            }
            if (n_units == cap_units) {
                cap_units *= 2;
                unit *nu = realloc(units, cap_units * sizeof *nu);
                if (!nu) { free(units); return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); }
                units = nu;
            }
            units[n_units++] = (unit){(uint32_t)u, (uint32_t)v, u == i && v == block_end};
            u = v + 1;
        }
        i = block_end + 1;
    }

    bool footnote_next = false;
    bool last_was_passage = false;  /* the previous unit became (or joined) a passage */
    locus_status st = LOCUS_OK;
    for (size_t k = 0; k < n_units && st == LOCUS_OK; k++) {
        size_t a = p->lines[units[k].first].start, b = p->lines[units[k].last].end;
        trim(p->text, &a, &b);
        bool single = units[k].first == units[k].last;
        if (!has_alnum(p->text, a, b)) {  /* a marker line: "• *", "---", "※" */
            if (memchr(p->text + a, '*', b - a) || strstr(p->text + a, "\xE2\x80\xBB"))
                footnote_next = true;
            continue;
        }
        size_t ha, hb;
        int level;
        bool alone = false;
        if (single && (level = legal_label_alone(p->text, a, b, &alone))) {
            /* "Article 17" and, on the next line alone, its title: one heading,
             * "Article 17 — Right to erasure", in the path below its chapter */
            char *label = folded_copy(p->text, a, b);
            if (!label) { st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); break; }
            size_t la = strlen(label);
            char *full = NULL;
            if (alone && k + 1 < n_units && units[k + 1].first == units[k + 1].last) {
                size_t na = p->lines[units[k + 1].first].start, nb = p->lines[units[k + 1].last].end;
                trim(p->text, &na, &nb);
                if (nb > na && nb - na <= 160 && !strchr(".;:,", p->text[nb - 1]) &&
                    !(nb - na >= 3 && !memcmp(p->text + nb - 3, "\xE3\x80\x82", 3)) &&  /* 。 */
                    !legal_label(p->text, na, nb) && count_words(p->text, na, nb) <= 16) {
                    char *t = folded_copy(p->text, na, nb);
                    if (t && (full = malloc(la + strlen(t) + 6))) sprintf(full, "%s \xE2\x80\x94 %s", label, t);
                    free(t);
                    if (full) k++;
                }
            }
            const char *h = full ? full : label;
            st = open_section(p, h, strlen(h), level, err);
            free(full);
            free(label);
            footnote_next = last_was_passage = false;
            continue;
        }
        if (single && (level = marked_heading(p->text, a, b, &ha, &hb))) {
            st = open_section(p, p->text + ha, hb - ha, level, err);
            footnote_next = last_was_passage = false;
            continue;
        }
        if (single && is_numbered_heading_seq(p->text, a, b, &p->roman)) {
            st = add_section(p, a, b, err);
            footnote_next = last_was_passage = false;
            continue;
        }
        if (single && units[k].standalone && is_plain_heading_candidate(p->text, a, b) &&
            k + 1 < n_units) {
            size_t na = p->lines[units[k + 1].first].start, nb = p->lines[units[k + 1].last].end;
            /* a line in a run of short lines (a list of names or countries) is not a heading */
            bool in_run = false;
            if (k > 0 && units[k - 1].first == units[k - 1].last && units[k - 1].standalone) {
                size_t pa = p->lines[units[k - 1].first].start, pb = p->lines[units[k - 1].first].end;
                trim(p->text, &pa, &pb);
                in_run = is_plain_heading_candidate(p->text, pa, pb) && count_words(p->text, pa, pb) <= 3;
            }
            if (!in_run && count_words(p->text, na, nb) >= 8) {
                st = add_section(p, a, b, err);
                footnote_next = last_was_passage = false;
                continue;
            }
        }
        locus_passage_kind kind = footnote_next ? LOCUS_PASSAGE_FOOTNOTE : LOCUS_PASSAGE_BODY;
        footnote_next = false;
        /* A short fragment that is not a sentence (a contact line, a URL, "TEL: ...", a short
         * list item) joins the passage before it when that passage is in the same section and
         * stays within the size limit. */
        if (last_was_passage && is_fragment(p->text + a, b - a) && p->r->n_passages) {
            locus_passage *prev = &p->r->passages[p->r->n_passages - 1];
            if (prev->section == current_section(p) && b - prev->byte_start <= LOCUS_PASSAGE_MAX_BYTES) {
                size_t start = prev->byte_start;
                free(prev->text);
                p->r->n_passages--;
                st = add_passage(p, start, b, prev->kind, err);
                continue;
            }
        }
        st = add_paragraph(p, a, b, kind, err);
        last_was_passage = true;
    }
    free(units);
    return st;
}

static bool looks_binary(const char *buf, size_t len) {
    size_t n = len < 8192 ? len : 8192, nul = 0, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == 0) nul++;
        else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ctl++;
    }
    return nul > 0 && (nul + ctl) * 10 > n; /* more than 10% NULs and control bytes */
}

/* The date at the start of the file name's last component ("2022-02-07-dialogue.txt"). */
size_t locus_date_from_name(const char *name, char iso[11]) {
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    return locus_date_parse(base, strlen(base), iso);
}

static locus_status text_parse(const char *name, const char *buf, size_t len,
                               locus_release **out, locus_error *err);

locus_format locus_format_of(const char *name) {
    static const struct { const char *ext; locus_format format; } exts[] = {
        {".txt", LOCUS_FORMAT_TEXT},      {".text", LOCUS_FORMAT_TEXT},
        {".md", LOCUS_FORMAT_MARKDOWN},   {".markdown", LOCUS_FORMAT_MARKDOWN},
        {".html", LOCUS_FORMAT_HTML},     {".htm", LOCUS_FORMAT_HTML},
        {".xhtml", LOCUS_FORMAT_HTML},    {".pdf", LOCUS_FORMAT_PDF},
    };
    const char *base = name ? strrchr(name, '/') : NULL;
    base = base ? base + 1 : name ? name : "";
    const char *dot = strrchr(base, '.');
    for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
        if (!strcasecmp(dot, exts[i].ext)) return exts[i].format;
    return LOCUS_FORMAT_UNKNOWN;
}

const char *locus_format_name(locus_format format) {
    switch (format) {
    case LOCUS_FORMAT_TEXT: return "text";
    case LOCUS_FORMAT_MARKDOWN: return "markdown";
    case LOCUS_FORMAT_HTML: return "html";
    case LOCUS_FORMAT_PDF: return "pdf";
    default: return "unknown";
    }
}

/* Whether S (LEN bytes) starts with the ASCII word W, ignoring case. */
static bool starts_with_ci(const char *s, size_t len, const char *w) {
    size_t n = strlen(w);
    return len >= n && !strncasecmp(s, w, n);
}

locus_format locus_format_by_content(const char *buf, size_t len) {
    if (len >= 5 && !memcmp(buf, "%PDF-", 5)) return LOCUS_FORMAT_PDF;
    size_t i = 0, n = len < 1024 ? len : 1024;
    if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n) {  /* white space, comments and an XML declaration before the markup */
        while (i < n && strchr(" \t\r\n\f", buf[i])) i++;
        if (starts_with_ci(buf + i, n - i, "<!--")) {
            size_t e = i + 4;
            while (e + 3 <= n && memcmp(buf + e, "-->", 3)) e++;
            if (e + 3 > n) break;
            i = e + 3;
        } else if (starts_with_ci(buf + i, n - i, "<?xml")) {
            const char *e = memchr(buf + i, '>', n - i);
            if (!e) break;
            i = (size_t)(e - buf) + 1;
        } else {
            break;
        }
    }
    if (starts_with_ci(buf + i, n - i, "<!doctype html") || starts_with_ci(buf + i, n - i, "<html") ||
        starts_with_ci(buf + i, n - i, "<head"))
        return LOCUS_FORMAT_HTML;
    return LOCUS_FORMAT_UNKNOWN;
}

locus_format locus_format_sniff(const char *name, const char *buf, size_t len) {
    locus_format by_content = locus_format_by_content(buf, len);
    if (by_content != LOCUS_FORMAT_UNKNOWN) return by_content;
    locus_format by_name = locus_format_of(name);
    /* a file named .pdf or .html whose bytes say otherwise is read as the text it is */
    if (by_name == LOCUS_FORMAT_UNKNOWN || by_name == LOCUS_FORMAT_PDF) return LOCUS_FORMAT_TEXT;
    return by_name;
}

/* Cuts S in place to at most LOCUS_HEADING_MAX_BYTES: at the last white space past half the
 * limit (else at a UTF-8 boundary), ending in "…". */
static void shorten_heading(char *s) {
    size_t n = strlen(s), max = LOCUS_HEADING_MAX_BYTES - 3;  /* room for "…" */
    if (n <= LOCUS_HEADING_MAX_BYTES) return;
    size_t cut = max;
    while (cut > max / 2 && s[cut] != ' ') cut--;
    if (cut == max / 2) {
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    }
    memcpy(s + cut, "\xE2\x80\xA6", 4);
}

static locus_status parse_by_format(const char *name, const char *buf, size_t len,
                                    locus_release **out, locus_error *err);

/* The year of a Japanese edition mark in S: "令和6年版" (2024), "平成30年版", "2024年版", digits
 * full-width or not; 0 when none. */
static int edition_year(const char *s, size_t len) {
    static const char mark[] = "\xE5\xB9\xB4\xE7\x89\x88";  /* 年版 */
    static const struct { const char *name; int first; } eras[] = {
        {"\xE4\xBB\xA4\xE5\x92\x8C", 2019}, {"\xE5\xB9\xB3\xE6\x88\x90", 1989},
        {"\xE6\x98\xAD\xE5\x92\x8C", 1926}};  /* 令和 平成 昭和 */
    for (const char *at = s; (at = memmem(at, len - (size_t)(at - s), mark, 6)); at += 6) {
        const char *p = at;
        int v = 0, scale = 1, digits = 0;
        while (p > s && digits < 4) {  /* the number before it, read backwards */
            if (isdigit((unsigned char)p[-1])) { v += (p[-1] - '0') * scale; p--; }
            else if (p - s >= 3 && (unsigned char)p[-3] == 0xEF && (unsigned char)p[-2] == 0xBC &&
                     (unsigned char)p[-1] >= 0x90 && (unsigned char)p[-1] <= 0x99) {
                v += ((unsigned char)p[-1] - 0x90) * scale;
                p -= 3;
            } else break;
            scale *= 10;
            digits++;
        }
        if (!digits && p - s >= 3 && !memcmp(p - 3, "\xE5\x85\x83", 3)) { v = 1; p -= 3; digits = 1; } /* 元 */
        if (!digits) continue;
        for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++)
            if (p - s >= 6 && !memcmp(p - 6, eras[e].name, 6) && v >= 1 && v <= 64) return eras[e].first - 1 + v;
        if (digits == 4 && v >= 1900 && v <= 2200) return v;
    }
    return 0;
}

locus_status locus_release_parse(const char *name, const char *buf, size_t len,
                                 locus_release **out, locus_error *err) {
    locus_status st = parse_by_format(name, buf, len, out, err);
    if (st) return st;
    /* a heading repeats in every passage of its section, the title in every passage: bounded,
     * a long first line or heading costs linear time, not its length times the passages */
    locus_release *r = *out;
    /* a white paper's edition ("令和6年版 情報通信白書") dates it, unless a date of that year was
     * found (in the text or the file name): the first day of its year, when only the year is
     * known */
    int year = r->title ? edition_year(r->title, strlen(r->title)) : 0;
    if (!year && r->n_passages) year = edition_year(r->passages[0].text, strlen(r->passages[0].text));
    if (year && (!r->date[0] || atoi(r->date) != year)) {
        char tmp[24];
        snprintf(tmp, sizeof tmp, "%04d-01-01", year % 10000);
        memcpy(r->date, tmp, sizeof r->date);
        r->date_from_name = 0;
    }
    if (r->title) shorten_heading(r->title);
    for (size_t i = 0; i < r->n_sections; i++) shorten_heading(r->sections[i]);
    return st;
}

static locus_status parse_by_format(const char *name, const char *buf, size_t len,
                                    locus_release **out, locus_error *err) {
    *out = NULL;
    if (!name) name = "(input)";
    if (len >= UINT32_MAX)  /* offsets are kept in 32 bits */
        return locus_error_set(err, LOCUS_ERR_FORMAT, "%s: larger than 4 GiB, skipped", name);
    locus_format format = locus_format_sniff(name, buf, len);
    size_t bom;
    const char *bom_charset = locus_charset_bom(buf, len, &bom);
    bool utf16 = bom_charset && !strncmp(bom_charset, "UTF-16", 6);
    if (format == LOCUS_FORMAT_PDF) return locus_pdf_parse(name, buf, len, out, err);
    if (!utf16 && looks_binary(buf, len))
        return locus_error_set(err, LOCUS_ERR_FORMAT, "%s: binary file, skipped", name);
    if (format == LOCUS_FORMAT_HTML) {
        locus_status st = locus_html_parse(name, buf, len, out, err);
        if (st == LOCUS_OK)
            st = locus_release_locate_lines(*out, buf, len, utf16 ? 2 : 1,
                                            bom_charset && !strcmp(bom_charset, "UTF-16BE"), bom, err);
        if (st) { locus_release_free(*out); *out = NULL; }
        return st;
    }
    locus_decoded dec;
    locus_status st = locus_charset_to_utf8(buf, len, NULL, &dec, err);
    if (st) return st;  /* out of memory */
    const char *text = dec.text ? dec.text : buf;
    size_t text_len = dec.text ? dec.len : len;
    if (format == LOCUS_FORMAT_MARKDOWN) st = locus_markdown_parse(name, text, text_len, out, err);
    else st = text_parse(name, text, text_len, out, err);
    /* after a conversion, byte offsets are offsets in the converted text; lines are the same */
    if (st == LOCUS_OK && dec.text)
        st = locus_release_locate_lines(*out, buf, len, dec.unit, !strcasecmp(dec.charset, "UTF-16BE"),
                                        dec.skipped, err);
    if (st == LOCUS_OK) {
        (*out)->format = format;
        if (dec.text) snprintf((*out)->charset, sizeof (*out)->charset, "%s", dec.charset);
    }
    free(dec.text);
    return st;
}


/* The number of lines of LEN bytes of BUF (a last line without a line break counts). */
static size_t count_lines(const char *buf, size_t len) {
    size_t n = 1;
    for (const char *nl = buf; (nl = memchr(nl, '\n', len - (size_t)(nl - buf))); nl++) n++;
    return n;
}

/* Fills P's lines (room for count_lines of its text) from its text. */
static void split_lines(parser *p) {
    size_t start = 0;
    for (size_t i = 0; i <= p->len; i++) {
        if (i == p->len || p->text[i] == '\n') {
            if (i == p->len && start == p->len) break;
            p->lines[p->n_lines++] = (line){(uint32_t)start, (uint32_t)i};
            start = i + 1;
        }
    }
}

locus_status locus_text_body(locus_release *r, const char *text, size_t len, uint32_t page,
                             locus_error *err) {
    if (len >= UINT32_MAX) return locus_error_set(err, LOCUS_ERR_FORMAT, "text larger than 4 GiB");
    size_t bad, before = r->n_passages;
    char *clean = locus_text_sanitized(text, len, &bad);
    parser p = {.name = "", .text = clean, .len = len, .r = r,
                .open = {-1, -1, -1, -1, -1, -1, -1, -1}};
    p.lines = malloc(count_lines(text, len) * sizeof *p.lines);
    if (!clean || !p.lines) {
        free(clean);
        free(p.lines);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    split_lines(&p);
    locus_status st = parse_body(&p, 0, err);
    for (size_t i = before; i < r->n_passages; i++) {
        r->passages[i].page = page;
        r->passages[i].exact = 0;
    }
    free(p.lines);
    free(clean);
    return st;
}

/* The plain-text reader. */
static locus_status text_parse(const char *name, const char *buf, size_t len,
                               locus_release **out, locus_error *err) {
    parser p = {.name = name, .len = len, .open = {-1, -1, -1, -1, -1, -1, -1, -1}};
    size_t bad = 0;
    char *text = locus_text_sanitized(buf, len, &bad);
    locus_release *r = calloc(1, sizeof *r);
    p.lines = malloc(count_lines(buf, len) * sizeof *p.lines);
    if (!text || !r || !p.lines) {
        free(text); free(r); free(p.lines);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    p.text = text;
    p.r = r;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) { /* byte-order mark */
        text[0] = text[1] = text[2] = ' ';
    }
    split_lines(&p);
    locus_status st = LOCUS_OK;
    /* The title line: the first line with text. */
    size_t t = 0;
    while (st == LOCUS_OK && t < p.n_lines) {
        size_t a = p.lines[t].start, b = p.lines[t].end;
        trim(text, &a, &b);
        if (a < b) break;
        t++;
    }
    if (st == LOCUS_OK && t == p.n_lines)
        st = locus_error_set(err, LOCUS_ERR_FORMAT, "%s: empty file, skipped", name);
    size_t body_from = t + 1, title_a = 0, title_b = 0;
    if (st == LOCUS_OK) {
        size_t a = p.lines[t].start, b = p.lines[t].end;
        trim(text, &a, &b);
        size_t used = locus_date_parse(text + a, b - a, r->date);
        r->title_line = (uint32_t)t + 1;
        if (used) {
            a += used;
            while (a < b && (is_space(text[a]) || strchr("-:|,", text[a]))) a++;
            if (a == b && body_from < p.n_lines) { /* the date stands alone: title on the next line */
                size_t c = p.lines[body_from].start, d = p.lines[body_from].end;
                trim(text, &c, &d);
                if (c < d && d - c <= 200) {
                    a = c; b = d;
                    r->title_line = (uint32_t)body_from + 1;
                    body_from++;
                }
            }
        } else if (locus_date_find(text + a, b - a, r->date)) {
            /* "Regulation ... of 27 April 2016 on ...": a date inside the title line */
        } else if (locus_date_from_name(name, r->date)) {
            r->date_from_name = 1;
        }
        r->title = folded_copy(text, a, b);
        if (!r->title) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        title_a = a;
        title_b = b;
    }
    if (st == LOCUS_OK) st = parse_body(&p, body_from, err);
    /* A release that is only its title is one passage, its title line: else no query finds it. */
    if (st == LOCUS_OK && r->n_passages == 0 && title_a < title_b)
        st = add_paragraph(&p, title_a, title_b, LOCUS_PASSAGE_BODY, err);  /* a long one in windows */
    free(p.lines);
    free(text);
    if (st != LOCUS_OK) {
        locus_release_free(r);
        return st;
    }
    *out = r;
    return locus_error_clear(err);
}

locus_status locus_file_read(const char *path, size_t max, char **out, size_t *len,
                             locus_error *err) {
    *out = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return locus_error_set(err, LOCUS_ERR_IO, "%s: not a regular file", path);
    }
    if ((unsigned long long)sb.st_size > max) {
        close(fd);
        return locus_error_set(err, LOCUS_ERR_IO, "%s: larger than %zu MiB, skipped", path, max >> 20);
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "%s: out of memory", path);
    }
    while (n + 1 < cap) {  /* a file that grows while we read: keep what stat promised */
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", path, strerror(e));
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return LOCUS_OK;
}

locus_status locus_release_read(const char *path, locus_release **out, locus_error *err) {
    *out = NULL;
    char *buf;
    size_t len;
    locus_status st = locus_file_read(path, LOCUS_RELEASE_MAX_BYTES, &buf, &len, err);
    if (st) return st;
    st = locus_release_parse(path, buf, len, out, err);
    free(buf);
    return st;
}

void locus_release_free(locus_release *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n_passages; i++) free(r->passages[i].text);
    free(r->passages);
    for (size_t i = 0; i < r->n_sections; i++) free(r->sections[i]);
    free(r->sections);
    free(r->section_parents);
    free(r->title);
    free(r);
}

/* ---- building blocks shared by the readers (release_build.h) ------------------------------- */
locus_status locus_release_locate_lines(locus_release *r, const char *buf, size_t len,
                                        unsigned unit, int big_endian, size_t skipped,
                                        locus_error *err) {
    size_t n = 1, cap = 64;
    size_t *starts = malloc(cap * sizeof *starts);
    if (!starts) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    starts[0] = 0;
    if (unit != 2) unit = 1;
    for (size_t i = skipped; i + unit <= len; i += unit) {
        bool nl = unit == 1 ? buf[i] == '\n'
                  : big_endian ? (buf[i] == 0 && buf[i + 1] == '\n') : (buf[i] == '\n' && buf[i + 1] == 0);
        if (!nl) continue;
        if (n == cap) {
            size_t *more = realloc(starts, cap * 2 * sizeof *more);
            if (!more) { free(starts); return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); }
            starts = more;
            cap *= 2;
        }
        starts[n++] = i + unit;
    }
    for (size_t k = 0; k < r->n_passages; k++) {
        locus_passage *p = &r->passages[k];
        size_t a = p->line_start ? p->line_start - 1 : 0, b = p->line_end ? p->line_end : 1;
        if (a >= n) a = n - 1;
        p->byte_start = p->line_offset = starts[a];
        p->byte_end = b < n ? starts[b] : len;
        if (p->byte_start >= len && len > 0) p->byte_start = p->line_offset = len - 1;  /* past the end */
        if (p->byte_end <= p->byte_start) p->byte_end = p->byte_start + 1 <= len ? p->byte_start + 1 : len;
        p->exact = 0;
    }
    free(starts);
    return LOCUS_OK;
}

char *locus_text_folded(const char *s, size_t len) { return folded_copy(s, 0, len); }

void locus_buf_put(locus_buf *b, const char *s, size_t n) {
    if (b->oom || !n) return;
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap * 2 : 256;
        while (c < b->n + n + 1) c *= 2;
        char *p = realloc(b->s, c);
        if (!p) { b->oom = true; return; }
        b->s = p;
        b->cap = c;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* Room for one more item in an array that grows by doubling from 16 (N items in it now). */
static bool room(void **items, size_t n, size_t size) {
    if (n && (n < 16 || (n & (n - 1)))) return true;  /* below the next power of two */
    size_t cap = n ? n * 2 : 16;
    void *p = realloc(*items, cap * size);
    if (!p) return false;
    *items = p;
    return true;
}

locus_status locus_release_add_subsection(locus_release *r, int32_t parent, const char *text,
                                          size_t len, const char **out, locus_error *err) {
    char *h = folded_copy(text, 0, len);
    if (!h || !room((void **)&r->sections, r->n_sections, sizeof *r->sections) ||
        !room((void **)&r->section_parents, r->n_sections, sizeof *r->section_parents)) {
        free(h);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    r->section_parents[r->n_sections] = parent >= 0 && (size_t)parent < r->n_sections ? parent : -1;
    r->sections[r->n_sections++] = h;
    *out = h;
    return LOCUS_OK;
}

locus_status locus_release_add_section(locus_release *r, const char *text, size_t len,
                                       const char **out, locus_error *err) {
    return locus_release_add_subsection(r, -1, text, len, out, err);
}

/* The index of the section SECTION (a pointer into R's sections) or -1; looked for from the
 * newest, where a reader's current section almost always is. */
static int32_t section_index(const locus_release *r, const char *section) {
    if (!section || !*section) return -1;
    for (size_t i = r->n_sections; i-- > 0;)
        if (r->sections[i] == section) return (int32_t)i;
    return -1;
}

locus_status locus_release_add_text(locus_release *r, const char *section, const char *text,
                                    size_t len, const locus_passage *loc, locus_error *err) {
    size_t a = 0, b = len;
    while (a < b && (is_space(text[a]) || text[a] == '\n')) a++;
    while (b > a && (is_space(text[b - 1]) || text[b - 1] == '\n')) b--;
    while (a < b) {
        size_t e = b - a > LOCUS_PASSAGE_MAX_BYTES ? window_end(text, a, a + LOCUS_PASSAGE_MAX_BYTES) : b;
        size_t t = e;
        while (t > a && (is_space(text[t - 1]) || text[t - 1] == '\n')) t--;
        if (t > a) {
            if (!room((void **)&r->passages, r->n_passages, sizeof *r->passages))
                return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
            locus_passage *ps = &r->passages[r->n_passages];
            *ps = *loc;
            ps->section = section ? section : "";
            ps->section_index = section_index(r, section);
            if (!(ps->text = malloc(t - a + 1))) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
            memcpy(ps->text, text + a, t - a);
            ps->text[t - a] = '\0';
            r->n_passages++;
        }
        a = e;
        while (a < b && (is_space(text[a]) || text[a] == '\n')) a++;
    }
    return LOCUS_OK;
}

/* Whether TEXT (LEN bytes) is a fragment rather than a sentence: fewer than 8 words and no
 * sentence end at its end. */
static bool is_fragment(const char *text, size_t len) {
    size_t b = len;
    while (b > 0 && (is_space(text[b - 1]) || text[b - 1] == '\n')) b--;
    if (b == 0 || b >= 80) return false;  /* 80 bytes: a sentence of a language without spaces */
    if (strchr(".!?", text[b - 1])) return false;
    if (b >= 3 && (!memcmp(text + b - 3, "\xE3\x80\x82", 3) ||  /* 。 */
                   !memcmp(text + b - 3, "\xEF\xBC\x81", 3) ||  /* ！ */
                   !memcmp(text + b - 3, "\xEF\xBC\x9F", 3)))   /* ？ */
        return false;
    return count_words(text, 0, b) < 8;
}

locus_status locus_release_add_block(locus_release *r, const char *section, const char *text,
                                     size_t len, const locus_passage *loc, locus_error *err) {
    size_t a = 0, b = len;
    while (a < b && (is_space(text[a]) || text[a] == '\n')) a++;
    while (b > a && (is_space(text[b - 1]) || text[b - 1] == '\n')) b--;
    if (a == b) return LOCUS_OK;
    locus_passage *prev = r->n_passages ? &r->passages[r->n_passages - 1] : NULL;
    int32_t index = section_index(r, section);
    if (prev && prev->section_index == index && prev->page == loc->page &&
        prev->kind == loc->kind && is_fragment(text + a, b - a)) {
        size_t had = strlen(prev->text);
        if (had + 1 + (b - a) <= LOCUS_PASSAGE_MAX_BYTES) {
            char *joined = realloc(prev->text, had + 1 + (b - a) + 1);
            if (!joined) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
            joined[had] = '\n';
            memcpy(joined + had + 1, text + a, b - a);
            joined[had + 1 + (b - a)] = '\0';
            prev->text = joined;
            if (loc->line_end > prev->line_end) prev->line_end = loc->line_end;
            if (loc->byte_end > prev->byte_end) prev->byte_end = loc->byte_end;
            prev->exact = 0;
            return LOCUS_OK;
        }
    }
    return locus_release_add_text(r, section, text + a, b - a, loc, err);
}
