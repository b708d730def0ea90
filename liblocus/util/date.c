/* date.c - dates as releases and queries write them (util/date.h, <locus/text.h>,
 * <locus/info.h>): one module for the date in a release's first line or name, a date anywhere
 * in a line, a white paper's edition year, and the bounds of date: filters. */
#define _GNU_SOURCE  /* memmem, timegm */
#include "util/date.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <locus/info.h>
#include <locus/text.h>

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

/* The date at the start of the file name's last component ("2022-02-07-dialogue.txt"). */
size_t locus_date_from_name(const char *name, char iso[11]) {
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    return locus_date_parse(base, strlen(base), iso);
}

/* The year of a Japanese edition mark in S: "令和6年版" (2024), "平成30年版", "2024年版", digits
 * full-width or not; 0 when none. */
int locus_edition_year(const char *s, size_t len) {
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

bool locus_date_is_relative(const char *s, size_t len) {
    if (len < 2 || len > 5 || !strchr("dwmy", s[len - 1])) return false;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Today (UTC, or $LOCUS_TODAY) minus N units of UNIT (d, w, m, y), as "YYYYMMDD". */
static bool date_back(long n, char unit, char out[9]) {
    int y, m, d;
    const char *fixed = getenv("LOCUS_TODAY");
    if (fixed && *fixed) {
        if (sscanf(fixed, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) return false;
    } else {
        time_t now = time(NULL);
        struct tm tm;
        if (!gmtime_r(&now, &tm)) return false;
        y = tm.tm_year + 1900;
        m = tm.tm_mon + 1;
        d = tm.tm_mday;
    }
    if (unit == 'y') y -= (int)n;
    if (unit == 'm') {
        long months = (long)y * 12 + (m - 1) - n;
        y = (int)(months / 12);
        m = (int)(months % 12) + 1;
    }
    if (unit == 'y' || unit == 'm') {  /* the 31st of a shorter month: its last day */
        static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int last = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
        if (d > last) d = last;
    } else {
        struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
        time_t t = timegm(&tm) - (time_t)n * (unit == 'w' ? 7 : 1) * 86400;
        if (!gmtime_r(&t, &tm)) return false;
        y = tm.tm_year + 1900;
        m = tm.tm_mon + 1;
        d = tm.tm_mday;
    }
    if (y < 1000 || y > 9999) return false;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d%02d%02d", y % 10000, m % 100, d % 100);
    memcpy(out, tmp, 9);
    return true;
}

bool locus_date_bound(const char *s, size_t len, bool upper, char out[9]) {
    if (locus_date_is_relative(s, len)) {
        long n = 0;
        for (size_t i = 0; i + 1 < len; i++) n = n * 10 + (s[i] - '0');
        return date_back(n, s[len - 1], out);
    }
    int y = 0, m = -1, d = -1;
    size_t i = 0;
    for (; i < 4; i++) {
        if (i >= len || s[i] < '0' || s[i] > '9') return false;
        y = y * 10 + (s[i] - '0');
    }
    if (i < len) {
        if (s[i] != '-' || i + 3 > len || s[i + 1] < '0' || s[i + 1] > '9' || s[i + 2] < '0' || s[i + 2] > '9')
            return false;
        m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
        i += 3;
        if (m < 1 || m > 12) return false;
    }
    if (i < len) {
        if (s[i] != '-' || i + 3 != len || s[i + 1] < '0' || s[i + 1] > '9' || s[i + 2] < '0' || s[i + 2] > '9')
            return false;
        d = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
        i += 3;
        if (!valid_date(y, m, d)) return false;
    }
    if (i != len || y < 1000) return false;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d%02d%02d", y % 10000, m < 0 ? (upper ? 99 : 0) : m,
             d < 0 ? (upper ? 99 : 0) : d);
    memcpy(out, tmp, 9);
    return true;
}
