/* plain.c - the plain-text reader (read/reader.h) and its rules for text without markup, which
 * the PDF reader uses for each page's text (read/plain.h): the first line gives the date and
 * title; numbered, legal ("Article 17") and Japanese ("第1章", "（１）") headings open sections;
 * hard-wrapped lines make paragraphs; short fragments join the passage before them. */
#include "read/plain.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <locus/release.h>
#include <locus/text.h>

#include "read/build.h"
#include "read/reader.h"
#include "util/date.h"
#include "util/text.h"

/* Offsets fit in 32 bits: a release is at most LOCUS_RELEASE_MAX_BYTES. A file of short lines
 * has millions of them, so these stay small. */
typedef struct line {
    uint32_t start, end; /* [start, end) without the line break */
} line;

static void trim(const char *s, size_t *a, size_t *b) {
    while (*a < *b && locus_is_blank(s[*a])) (*a)++;
    while (*b > *a && locus_is_blank(s[*b - 1])) (*b)--;
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
    if (i >= b || !locus_is_blank(s[i])) return false;
    while (i < b && locus_is_blank(s[i])) i++;
    if (i >= b || !(isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 || s[i] == '(')) return false;
    char last = s[b - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':') return false;
    if (locus_count_words(s, a, b) > 14) return false;
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
        if (b - a <= n + 1 || strncasecmp(s + a, labels[k].word, n) || !locus_is_blank(s[a + n])) continue;
        size_t i = a + n;
        while (i < b && locus_is_blank(s[i])) i++;
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
    if (i > a && i - a <= 6 && i < b && locus_is_blank(s[i])) {
        size_t x = i, y = b;
        while (y > x && (s[y - 1] == '#' || locus_is_blank(s[y - 1]))) y--;  /* closing #s */
        while (x < y && locus_is_blank(s[x])) x++;
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
    if (b - a > 3 && s[a + 1] == '.' && (locus_is_blank(s[a + 2]) || s[a + 2] == '-')) return false;
    if (memchr(s + a, ':', b - a)) return false;
    char last = s[b - 1];
    if (strchr(".,;:!?", last)) return false;
    return locus_count_words(s, a, b) <= 10;
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
    if (!locus_room((void **)&p->r->passages, p->r->n_passages, sizeof *p->r->passages))
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

static locus_status add_paragraph(parser *p, size_t a, size_t b, locus_passage_kind kind,
                                  locus_error *err) {
    trim(p->text, &a, &b);
    while (b - a > LOCUS_PASSAGE_MAX_BYTES) {
        /* windows of about equal size, not full ones and a scrap at the end */
        size_t left = (b - a + LOCUS_PASSAGE_MAX_BYTES - 1) / LOCUS_PASSAGE_MAX_BYTES;
        size_t want = (b - a) / left + LOCUS_PASSAGE_MAX_BYTES / 8;
        size_t e = locus_window_end(p->text, a, a + (want < LOCUS_PASSAGE_MAX_BYTES ? want : LOCUS_PASSAGE_MAX_BYTES));
        locus_status st = add_passage(p, a, e, kind, err);
        if (st) return st;
        a = e;
        while (a < b && (locus_is_blank(p->text[a]) || p->text[a] == '\n')) a++;
    }
    return add_passage(p, a, b, kind, err);
}

static bool is_list_item(const char *s, size_t a, size_t b) {
    trim(s, &a, &b);
    if (b - a < 2) return false;
    if ((s[a] == '-' || s[a] == '*') && locus_is_blank(s[a + 1])) return true;
    if (b - a >= 4 && (unsigned char)s[a] == 0xE2 && (unsigned char)s[a + 1] == 0x80 &&
        (unsigned char)s[a + 2] == 0xA2) /* • */
        return true;
    if (s[a] == '(' && b - a > 3 && isalnum((unsigned char)s[a + 1]) && s[a + 2] == ')') return true;
    return false;
}

/* Cuts P's lines from FIRST_LINE on into units: one per line of a block written one paragraph
 * a line, else one per block and list item, a numbered heading apart; into a new array *out of
 * *n units (freed with free()). */
static locus_status cut_units(parser *p, size_t first_line, unit **out, size_t *n, locus_error *err) {
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
            if (d - c > 100 && locus_count_words(p->text, c, d) >= 8) one_per_line = true;
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
    *out = units;
    *n = n_units;
    return LOCUS_OK;
}

/* Opens the section of the legal label [A, B) of P's text at LEVEL ("Article 17") and, when the
 * label stands ALONE and the next unit is its title on one line, the two as one heading,
 * "Article 17 — Right to erasure" (then *K moves past the title). */
static locus_status open_legal_section(parser *p, const unit *units, size_t n_units, size_t *k,
                                       size_t a, size_t b, int level, bool alone, locus_error *err) {
    char *label = locus_text_folded(p->text + a, b - a);
    if (!label) return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    size_t la = strlen(label);
    char *full = NULL;
    if (alone && *k + 1 < n_units && units[*k + 1].first == units[*k + 1].last) {
        size_t na = p->lines[units[*k + 1].first].start, nb = p->lines[units[*k + 1].last].end;
        trim(p->text, &na, &nb);
        if (nb > na && nb - na <= 160 && !strchr(".;:,", p->text[nb - 1]) &&
            !(nb - na >= 3 && !memcmp(p->text + nb - 3, "\xE3\x80\x82", 3)) &&  /* 。 */
            !legal_label(p->text, na, nb) && locus_count_words(p->text, na, nb) <= 16) {
            char *t = locus_text_folded(p->text + na, nb - na);
            if (t && (full = malloc(la + strlen(t) + 6))) sprintf(full, "%s \xE2\x80\x94 %s", label, t);
            free(t);
            if (full) ++*k;
        }
    }
    const char *h = full ? full : label;
    locus_status st = open_section(p, h, strlen(h), level, err);
    free(full);
    free(label);
    return st;
}

/* Whether unit K of P, the single line [A, B) standing alone, is a heading of plain words: a
 * heading candidate followed by a paragraph of 8 words or more, and not one of a run of short
 * lines (a list of names or countries). */
static bool is_plain_heading(const parser *p, const unit *units, size_t n_units, size_t k, size_t a,
                             size_t b) {
    if (!units[k].standalone || !is_plain_heading_candidate(p->text, a, b) || k + 1 >= n_units)
        return false;
    size_t na = p->lines[units[k + 1].first].start, nb = p->lines[units[k + 1].last].end;
    if (k > 0 && units[k - 1].first == units[k - 1].last && units[k - 1].standalone) {
        size_t pa = p->lines[units[k - 1].first].start, pb = p->lines[units[k - 1].first].end;
        trim(p->text, &pa, &pb);
        if (is_plain_heading_candidate(p->text, pa, pb) && locus_count_words(p->text, pa, pb) <= 3)
            return false;
    }
    return locus_count_words(p->text, na, nb) >= 8;
}

/* Reads P's lines from FIRST_LINE on into sections and passages: marker lines start footnotes,
 * headings (legal, marked, numbered, plain) open sections, fragments join the passage before
 * them, the rest are paragraphs. */
static locus_status parse_body(parser *p, size_t first_line, locus_error *err) {
    unit *units = NULL;
    size_t n_units = 0;
    locus_status st = cut_units(p, first_line, &units, &n_units, err);
    if (st) return st;
    bool footnote_next = false;
    bool last_was_passage = false;  /* the previous unit became (or joined) a passage */
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
            st = open_legal_section(p, units, n_units, &k, a, b, level, alone, err);
            footnote_next = last_was_passage = false;
            continue;
        }
        if (single && (level = marked_heading(p->text, a, b, &ha, &hb))) {
            st = open_section(p, p->text + ha, hb - ha, level, err);
            footnote_next = last_was_passage = false;
            continue;
        }
        if (single && (is_numbered_heading_seq(p->text, a, b, &p->roman) ||
                       is_plain_heading(p, units, n_units, k, a, b))) {
            st = add_section(p, a, b, err);
            footnote_next = last_was_passage = false;
            continue;
        }
        locus_passage_kind kind = footnote_next ? LOCUS_PASSAGE_FOOTNOTE : LOCUS_PASSAGE_BODY;
        footnote_next = false;
        /* A short fragment that is not a sentence (a contact line, a URL, "TEL: ...", a short
         * list item) joins the passage before it, and so does any paragraph after a passage
         * shorter than LOCUS_PASSAGE_JOIN_BYTES of its kind, when that passage is in the same
         * section and the two stay within the size limit. */
        locus_passage *last = last_was_passage && p->r->n_passages
                                  ? &p->r->passages[p->r->n_passages - 1] : NULL;
        if (last && (locus_is_fragment(p->text + a, b - a) ||
                     (last->kind == kind && last->byte_end - last->byte_start < LOCUS_PASSAGE_JOIN_BYTES))) {
            if (last->section == current_section(p) && b - last->byte_start <= LOCUS_PASSAGE_MAX_BYTES) {
                size_t start = last->byte_start;
                locus_passage_kind joined = last->kind;
                free(last->text);
                p->r->n_passages--;  /* the passage before is made again, from its start to B */
                st = add_passage(p, start, b, joined, err);
                continue;
            }
        }
        st = add_paragraph(p, a, b, kind, err);
        last_was_passage = true;
    }
    free(units);
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
            while (a < b && (locus_is_blank(text[a]) || strchr("-:|,", text[a]))) a++;
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
        r->title = locus_text_folded(text + a, b - a);
        if (!r->title) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
        title_a = a;
        title_b = b;
    }
    if (st == LOCUS_OK) st = parse_body(&p, body_from, err);
    /* A release that is only its title is one passage, its title line: else no query finds it. */
    if (st == LOCUS_OK && r->n_passages == 0 && title_a < title_b)
        st = add_paragraph(&p, title_a, title_b, LOCUS_PASSAGE_BODY, err);  /* a long one in windows */
    /* Nothing but a date ("2024-01-02", "H2.3.2"): no text for a query to find, as an empty file. */
    if (st == LOCUS_OK && r->n_passages == 0)
        st = locus_error_set(err, LOCUS_ERR_FORMAT, "%s: only a date, no text, skipped", name);
    free(p.lines);
    free(text);
    if (st != LOCUS_OK) {
        locus_release_free(r);
        return st;
    }
    *out = r;
    return locus_error_clear(err);
}

static const char *const text_extensions[] = {".txt", ".text", NULL};

const locus_reader locus_text_reader = {
    .format = LOCUS_FORMAT_TEXT,
    .name = "text",
    .extensions = text_extensions,
    .input = LOCUS_INPUT_UTF8,
    .parse = text_parse,
};
