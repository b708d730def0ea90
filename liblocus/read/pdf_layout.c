/* pdf_layout.c - a PDF's pages rebuilt from poppler's text layout (pdf_layout.h). */
#define _GNU_SOURCE  /* strcasestr */
#include "read/pdf_layout.h"

#include <poppler.h>

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct line {
    size_t a, b;          /* its bytes in the page's text, without the line break */
    size_t k;             /* the index of its first character (boxes and fonts are by character) */
    uint32_t orig;        /* its line in poppler's text, from 1 */
    double top, base, left, size;
    bool boxed;           /* has boxes: the measures above mean something */
    bool bold, furniture, title, text;
} line;

typedef struct page {
    char *text;           /* poppler's (g_free) */
    size_t len, n_chars;
    PopplerRectangle *rects;
    guint n_rects;
    float *size;          /* per character: font size, 0 unknown (while reading) */
    bool *bold;           /* per character: in a bold font (while reading) */
    bool *sup;            /* per character: set smaller and raised, a superscript */
    line *lines;
    size_t n_lines;
    double pitch;         /* the usual distance between the tops of body lines, 0 unknown */
} page;

struct pdf_layout {
    page *pages;
    int n_pages;
    double body;          /* the font size of most characters */
    bool body_bold;
    double heading_sizes[5];
    int n_heading_sizes;
    char **joined;        /* words written with a hyphen inside a line ("general-purpose"),
                           * lower case, sorted: a break after such a hyphen keeps it */
    size_t n_joined;
};

static bool is_space_at(const char *s, size_t i) { return isspace((unsigned char)s[i]) != 0; }

static int by_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n) {
    if (!n) return 0;
    qsort(v, n, sizeof *v, by_double);
    return v[n / 2];
}

/* Fonts by character, from poppler's attribute runs. */
static void read_fonts(PopplerPage *pp, page *p) {
    GList *attrs = poppler_page_get_text_attributes(pp);
    for (GList *g = attrs; g; g = g->next) {
        const PopplerTextAttributes *t = g->data;
        if (!t || t->start_index < 0) continue;
        bool bold = t->font_name && (strcasestr(t->font_name, "bold") || strcasestr(t->font_name, "black") ||
                                     strcasestr(t->font_name, "heavy"));
        for (size_t k = (size_t)t->start_index; k <= (size_t)t->end_index && k < p->n_chars; k++) {
            p->size[k] = (float)t->font_size;
            p->bold[k] = bold;
        }
    }
    poppler_page_free_text_attributes(attrs);
}

/* A character's font size: poppler's, else the height of its box. */
static double char_size(const page *p, size_t k) {
    if (p->size[k] > 0) return p->size[k];
    if (k < p->n_rects) return fabs(p->rects[k].y2 - p->rects[k].y1);
    return 0;
}

/* Splits P's text into lines and measures them. */
static bool read_lines(page *p) {
    size_t n = 1;
    for (size_t i = 0; i < p->len; i++) n += p->text[i] == '\n';
    p->lines = calloc(n, sizeof *p->lines);
    double *tops = malloc(p->len * sizeof *tops + sizeof *tops), *bases = malloc(p->len * sizeof *bases + sizeof *bases),
           *sizes = malloc(p->len * sizeof *sizes + sizeof *sizes);
    bool ok = p->lines && tops && bases && sizes;
    size_t i = 0, k = 0;
    for (uint32_t l = 0; ok && i <= p->len; l++) {
        line *ln = &p->lines[p->n_lines++];
        ln->a = i;
        ln->k = k;
        ln->orig = l + 1;
        size_t nt = 0, letters = 0, bold = 0;
        double left = INFINITY;
        while (i < p->len && p->text[i] != '\n') {
            if (!is_space_at(p->text, i)) {
                ln->text = true;
                if (k < p->n_rects) {
                    tops[nt] = p->rects[k].y1;
                    bases[nt] = p->rects[k].y2;
                    sizes[nt++] = char_size(p, k);
                    if (p->rects[k].x1 < left) left = p->rects[k].x1;
                }
                if (isalpha((unsigned char)p->text[i]) || (unsigned char)p->text[i] >= 0x80) {
                    letters++;
                    bold += k < p->n_chars && p->bold[k];
                }
            }
            size_t step = (size_t)g_utf8_skip[(unsigned char)p->text[i]];
            i += step < p->len - i ? step : p->len - i;
            k++;
        }
        ln->b = i;
        if (nt) {
            ln->boxed = true;
            ln->top = median(tops, nt);
            ln->base = median(bases, nt);
            ln->size = median(sizes, nt);
            ln->left = left;
        }
        ln->bold = letters > 0 && bold == letters;
        if (i >= p->len) break;
        i++;  /* the line break */
        k++;
    }
    free(tops);
    free(bases);
    free(sizes);
    return ok;
}

/* The superscripts of P: characters of a line set under 80% of its size with their foot above
 * its baseline by a fifth of its size. */
static void mark_superscripts(page *p) {
    if (!(p->sup = calloc(p->n_chars + 1, sizeof *p->sup)) || !p->size) return;
    for (size_t j = 0; j < p->n_lines; j++) {
        const line *ln = &p->lines[j];
        if (!ln->boxed) continue;
        size_t k = ln->k;
        for (size_t i = ln->a; i < ln->b; k++) {
            if (k < p->n_rects && k < p->n_chars && !is_space_at(p->text, i)) {
                double sz = char_size(p, k);
                p->sup[k] = sz > 0 && sz < ln->size * 0.8 && p->rects[k].y2 < ln->base - ln->size * 0.2;
            }
            size_t step = (size_t)g_utf8_skip[(unsigned char)p->text[i]];
            i += step < ln->b - i ? step : ln->b - i;
        }
    }
}

static void read_page(PopplerDocument *doc, int i, page *p) {
    PopplerPage *pp = poppler_document_get_page(doc, i);
    if (!pp) return;
    p->text = poppler_page_get_text(pp);
    if (p->text) {
        p->len = strlen(p->text);
        p->n_chars = (size_t)g_utf8_strlen(p->text, (gssize)p->len);
        if (!poppler_page_get_text_layout(pp, &p->rects, &p->n_rects)) p->n_rects = 0;
        p->size = calloc(p->n_chars + 1, sizeof *p->size);
        p->bold = calloc(p->n_chars + 1, sizeof *p->bold);
        if (p->size && p->bold) read_fonts(pp, p);
        if (!p->size || !p->bold || !read_lines(p)) p->n_lines = 0;
        mark_superscripts(p);
        /* boxes and fonts are not needed past here: a page keeps its text, lines and flags */
        g_free(p->rects);
        p->rects = NULL;
        free(p->size);
        free(p->bold);
        p->size = NULL;
        p->bold = NULL;
    }
    g_object_unref(pp);
}

/* ---- running furniture ------------------------------------------------------------------- */

typedef struct candidate {
    char *key;            /* the line's text, digits as '#', spaces folded, ASCII lower case */
    long height;          /* its top, in steps of 3 points */
    int page;
    line *ln;
} candidate;

static int by_key(const void *a, const void *b) {
    const candidate *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if (x->height != y->height) return x->height < y->height ? -1 : 1;
    return x->page - y->page;
}

static char *furniture_key(const page *p, const line *ln) {
    char *key = malloc(ln->b - ln->a + 1);
    if (!key) return NULL;
    size_t n = 0;
    for (size_t i = ln->a; i < ln->b; i++) {
        unsigned char c = (unsigned char)p->text[i];
        if (isspace(c)) {
            if (n && key[n - 1] != ' ') key[n++] = ' ';
        } else {
            key[n++] = isdigit(c) ? '#' : (char)tolower(c);
        }
    }
    while (n && key[n - 1] == ' ') n--;
    key[n] = '\0';
    return key;
}

/* Marks the running headers and footers of every page (pdf_layout.h). */
static bool find_furniture(pdf_layout *l) {
    int with_text = 0;
    size_t cap = 0;
    for (int i = 0; i < l->n_pages; i++) {
        cap += 6;
        for (size_t j = 0; j < l->pages[i].n_lines; j++)
            if (l->pages[i].lines[j].text) { with_text++; break; }
    }
    int need = (int)ceil(0.4 * with_text);
    if (need < 2) need = 2;
    if (with_text < 2) return true;
    candidate *c = calloc(cap, sizeof *c);
    if (!c) return false;
    size_t n = 0;
    bool ok = true;
    for (int i = 0; i < l->n_pages && ok; i++) {
        page *p = &l->pages[i];
        size_t firsts = 0, lasts = 0;
        for (size_t j = 0; j < p->n_lines && firsts < 3; j++) {
            line *ln = &p->lines[j];
            if (!ln->text || !ln->boxed) continue;
            firsts++;
            char *key = furniture_key(p, ln);
            if (!key) { ok = false; break; }
            c[n++] = (candidate){key, lround(ln->top / 3), i, ln};
        }
        for (size_t j = p->n_lines; ok && j-- > 0 && lasts < 3;) {
            line *ln = &p->lines[j];
            if (!ln->text || !ln->boxed) continue;
            lasts++;
            bool dup = false;  /* a short page: its first lines are its last */
            for (size_t m = n - firsts - (lasts - 1); m < n; m++) dup |= c[m].ln == ln;
            if (dup) continue;
            char *key = furniture_key(p, ln);
            if (!key) { ok = false; break; }
            c[n++] = (candidate){key, lround(ln->top / 3), i, ln};
        }
    }
    qsort(c, n, sizeof *c, by_key);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        int pages = 1;
        for (; b < n && !strcmp(c[b].key, c[a].key) && c[b].height == c[a].height; b++)
            pages += c[b].page != c[b - 1].page;
        if (pages >= need && c[a].key[0])
            for (size_t m = a; m < b; m++) c[m].ln->furniture = true;
        a = b;
    }
    for (size_t m = 0; m < n; m++) free(c[m].key);
    free(c);
    return ok;
}

/* ---- the document's body size, headings and title ---------------------------------------- */

static void find_body(pdf_layout *l) {
    /* the size most characters have, in half points: a histogram up to 200 pt */
    static const int max = 400;
    size_t *count = calloc((size_t)max + 1, sizeof *count), bold = 0, all = 0;
    if (!count) return;
    for (int i = 0; i < l->n_pages; i++) {
        const page *p = &l->pages[i];
        for (size_t j = 0; j < p->n_lines; j++) {
            const line *ln = &p->lines[j];
            if (!ln->boxed || ln->furniture) continue;
            long h = lround(ln->size * 2);
            if (h > 0 && h <= max) count[h] += ln->b - ln->a;
            all += ln->b - ln->a;
            bold += ln->bold ? ln->b - ln->a : 0;
        }
    }
    int best = 0;
    for (int h = 1; h <= max; h++)
        if (count[h] > count[best]) best = h;
    l->body = best / 2.0;
    l->body_bold = all && bold * 2 > all;
    free(count);
}

/* The heading level of line LN (0: not a heading). */
static int heading_level(const pdf_layout *l, const page *p, const line *ln) {
    if (!ln->boxed || !ln->text || ln->furniture || l->body <= 0) return 0;
    size_t n = ln->b - ln->a;
    if (n > 200) return 0;
    bool letter = false;
    for (size_t i = ln->a; i < ln->b && !letter; i++)
        letter = isalpha((unsigned char)p->text[i]) || (unsigned char)p->text[i] >= 0x80;
    if (!letter) return 0;
    if (ln->size >= l->body * 1.15) {
        int level = 1;
        for (int s = 0; s < l->n_heading_sizes; s++)
            if (ln->size < l->heading_sizes[s] - 0.25) level = s + 2;
        return level > 5 ? 5 : level;
    }
    size_t e = ln->b;
    while (e > ln->a && is_space_at(p->text, e - 1)) e--;
    char last = e > ln->a ? p->text[e - 1] : '.';
    if (ln->bold && !l->body_bold && n <= 150 && fabs(ln->size - l->body) < 0.75 && !strchr(".,;", last))
        return l->n_heading_sizes + 1 > 6 ? 6 : l->n_heading_sizes + 1;
    return 0;
}

/* The distinct sizes of the lines set larger than the body (the title's aside), largest
 * first, at most 5: heading levels. */
static void find_heading_sizes(pdf_layout *l) {
    for (int i = 0; i < l->n_pages; i++) {
        const page *p = &l->pages[i];
        for (size_t j = 0; j < p->n_lines; j++) {
            const line *ln = &p->lines[j];
            if (!ln->boxed || !ln->text || ln->furniture || ln->title || ln->size < l->body * 1.15) continue;
            bool seen = false;
            for (int s = 0; s < l->n_heading_sizes && !seen; s++)
                seen = fabs(l->heading_sizes[s] - ln->size) < 0.25;
            if (seen) continue;
            if (l->n_heading_sizes < 5) {
                l->heading_sizes[l->n_heading_sizes++] = ln->size;
            } else if (ln->size > l->heading_sizes[4]) {
                l->heading_sizes[4] = ln->size;
            } else {
                continue;
            }
            qsort(l->heading_sizes, (size_t)l->n_heading_sizes, sizeof(double), by_double);
            for (int a = 0, b = l->n_heading_sizes - 1; a < b; a++, b--) {  /* largest first */
                double t = l->heading_sizes[a];
                l->heading_sizes[a] = l->heading_sizes[b];
                l->heading_sizes[b] = t;
            }
        }
    }
}

/* The first page with text, and the lines of its title (the largest text, when larger than
 * the body): marks them. Returns the page, or -1. */
static int find_title(pdf_layout *l) {
    for (int i = 0; i < l->n_pages; i++) {
        page *p = &l->pages[i];
        double big = 0;
        bool any = false;
        for (size_t j = 0; j < p->n_lines; j++) {
            const line *ln = &p->lines[j];
            if (!ln->text || ln->furniture) continue;
            any = true;
            if (ln->boxed && ln->size > big) big = ln->size;
        }
        if (!any) continue;
        if (l->body <= 0 || big < l->body * 1.15) return -1;
        size_t taken = 0;
        for (size_t j = 0; j < p->n_lines && taken < 3; j++) {
            line *ln = &p->lines[j];
            if (!ln->text || ln->furniture) continue;
            if (ln->boxed && fabs(ln->size - big) < 0.25) {
                ln->title = true;
                taken++;
            } else if (taken) {
                break;
            }
        }
        return i;
    }
    return -1;
}

/* ---- hyphens ----------------------------------------------------------------------------- */

static int by_string(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool word_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* Collects the words written with a hyphen inside a line, lower case. */
static bool find_joined(pdf_layout *l) {
    size_t cap = 0;
    for (int i = 0; i < l->n_pages; i++) {
        const page *p = &l->pages[i];
        for (size_t j = 0; j < p->n_lines; j++) {
            const line *ln = &p->lines[j];
            for (size_t x = ln->a + 1; x + 1 < ln->b; x++) {
                if (p->text[x] != '-' || !word_byte((unsigned char)p->text[x - 1]) ||
                    !word_byte((unsigned char)p->text[x + 1]))
                    continue;
                size_t a = x, b = x + 1;
                while (a > ln->a && word_byte((unsigned char)p->text[a - 1])) a--;
                while (b < ln->b && word_byte((unsigned char)p->text[b])) b++;
                if (l->n_joined == cap) {
                    cap = cap ? cap * 2 : 64;
                    char **g = realloc(l->joined, cap * sizeof *g);
                    if (!g) return false;
                    l->joined = g;
                }
                char *w = strndup(p->text + a, b - a);
                if (!w) return false;
                for (char *c = w; *c; c++) *c = (char)tolower((unsigned char)*c);
                l->joined[l->n_joined++] = w;
                x = b - 1;
            }
        }
    }
    if (l->n_joined) qsort(l->joined, l->n_joined, sizeof *l->joined, by_string);
    return true;
}

static bool is_joined(const pdf_layout *l, const char *w) {
    return l->n_joined && bsearch(&w, l->joined, l->n_joined, sizeof *l->joined, by_string);
}

/* ---- reading ----------------------------------------------------------------------------- */

static void usual_pitch(const pdf_layout *l, page *p) {
    double *gaps = malloc((p->n_lines + 1) * sizeof *gaps);
    if (!gaps) return;
    size_t n = 0;
    const line *prev = NULL;
    for (size_t j = 0; j < p->n_lines; j++) {
        const line *ln = &p->lines[j];
        if (!ln->boxed || !ln->text || ln->furniture) continue;
        if (prev && fabs(ln->size - l->body) < 0.75 && fabs(prev->size - l->body) < 0.75 &&
            ln->top > prev->top)
            gaps[n++] = ln->top - prev->top;
        prev = ln;
    }
    p->pitch = median(gaps, n);
    free(gaps);
}

pdf_layout *pdf_layout_read(PopplerDocument *doc) {
    pdf_layout *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    int n = poppler_document_get_n_pages(doc);
    l->pages = calloc(n > 0 ? (size_t)n : 1, sizeof *l->pages);
    if (!l->pages) { free(l); return NULL; }
    l->n_pages = n > 0 ? n : 0;
    for (int i = 0; i < l->n_pages; i++) read_page(doc, i, &l->pages[i]);
    if (!find_furniture(l) || !find_joined(l)) { pdf_layout_free(l); return NULL; }
    find_body(l);
    find_title(l);
    find_heading_sizes(l);
    for (int i = 0; i < l->n_pages; i++) usual_pitch(l, &l->pages[i]);
    return l;
}

void pdf_layout_free(pdf_layout *l) {
    if (!l) return;
    for (int i = 0; i < l->n_pages; i++) {
        page *p = &l->pages[i];
        g_free(p->text);
        g_free(p->rects);
        free(p->size);
        free(p->bold);
        free(p->sup);
        free(p->lines);
    }
    free(l->pages);
    for (size_t i = 0; i < l->n_joined; i++) free(l->joined[i]);
    free(l->joined);
    free(l);
}

int pdf_layout_pages(const pdf_layout *l) { return l->n_pages; }

uint32_t pdf_layout_running_lines(const pdf_layout *l) {
    uint32_t n = 0;
    for (int i = 0; i < l->n_pages; i++)
        for (size_t j = 0; j < l->pages[i].n_lines; j++) n += l->pages[i].lines[j].furniture;
    return n;
}

char *pdf_layout_title(const pdf_layout *l, int *page_out) {
    for (int i = 0; i < l->n_pages; i++) {
        const page *p = &l->pages[i];
        GString *t = NULL;
        for (size_t j = 0; j < p->n_lines; j++) {
            const line *ln = &p->lines[j];
            if (!ln->title) continue;
            if (!t) t = g_string_new(NULL);
            if (t->len) g_string_append_c(t, ' ');
            g_string_append_len(t, p->text + ln->a, (gssize)(ln->b - ln->a));
        }
        if (!t) continue;
        *page_out = i;
        char *folded = malloc(t->len + 1), *o = folded;
        if (folded) {
            for (size_t x = 0; x < t->len; x++) {
                bool sp = isspace((unsigned char)t->str[x]);
                if (sp && (o == folded || o[-1] == ' ')) continue;
                *o++ = sp ? ' ' : t->str[x];
            }
            while (o > folded && o[-1] == ' ') o--;
            *o = '\0';
        }
        g_string_free(t, TRUE);
        return folded;
    }
    return NULL;
}

/* Appends line LN's text to OUT, superscripts kept apart from their base. */
static void put_line(const page *p, const line *ln, GString *out) {
    bool in_sup = false;
    size_t k = ln->k;
    for (size_t i = ln->a; i < ln->b; k++) {
        size_t step = (size_t)g_utf8_skip[(unsigned char)p->text[i]];
        if (step > ln->b - i) step = ln->b - i;
        bool sup = p->sup && k < p->n_chars && p->sup[k];
        if (sup && !in_sup && out->len) {
            char before = out->str[out->len - 1];
            if (isdigit((unsigned char)before)) g_string_append_c(out, '^');
            else if (!isspace((unsigned char)before)) g_string_append_c(out, ' ');
        } else if (!sup && in_sup && !is_space_at(p->text, i) && word_byte((unsigned char)p->text[i])) {
            g_string_append_c(out, ' ');
        }
        in_sup = sup;  /* white space ends a superscript too */
        g_string_append_len(out, p->text + i, (gssize)step);
        i += step;
    }
}

/* Whether the text ends a sentence at its end. */
static bool ends_sentence(const GString *out) {
    size_t e = out->len;
    while (e && isspace((unsigned char)out->str[e - 1])) e--;
    if (!e) return true;
    char c = out->str[e - 1];
    if (strchr(".!?:;", c)) return true;
    return e >= 3 && !memcmp(out->str + e - 3, "\xe3\x80\x82", 3);  /* 。 */
}

char *pdf_layout_page_text(const pdf_layout *l, int page_i, int drop_title, uint32_t **map_out,
                           size_t *n_map) {
    *map_out = NULL;
    *n_map = 0;
    if (page_i < 0 || page_i >= l->n_pages) return NULL;
    const page *p = &l->pages[page_i];
    if (!p->text || !p->n_lines) return NULL;
    GString *out = g_string_sized_new(p->len + 64), *cur = g_string_new(NULL);
    uint32_t *map = g_new0(uint32_t, 3 * p->n_lines + 2);
    size_t m = 0;
    const line *prev = NULL;
    int prev_level = 0;
    double par_left = 0;
    for (size_t j = 0; j < p->n_lines; j++) {
        const line *ln = &p->lines[j];
        if (!ln->text || ln->furniture || (drop_title && ln->title)) continue;
        int level = heading_level(l, p, ln);
        g_string_truncate(cur, 0);
        put_line(p, ln, cur);
        bool brk = false;
        if (prev && ln->boxed && prev->boxed) {
            double gap = ln->top - prev->top;
            if (p->pitch > 0 && (gap > p->pitch * 1.3 || gap < -p->pitch * 0.5)) brk = true;
            if (fabs(ln->size - prev->size) > 0.12 * (ln->size > prev->size ? ln->size : prev->size)) brk = true;
            if (ln->left > par_left + ln->size * 0.9 && ends_sentence(out)) brk = true;
        }
        bool same_heading = level && prev_level == level && prev && ln->boxed && prev->boxed &&
                            fabs(ln->size - prev->size) < 0.25 && ln->top > prev->top &&
                            ln->top - prev->top < ln->size * 1.6;
        if (level != prev_level) brk = true;
        if (same_heading && out->len >= 2 && out->str[out->len - 1] == '\n') {
            /* the next line of the same heading */
            g_string_truncate(out, out->len - 1);
            g_string_append_c(out, ' ');
            g_string_append_len(out, cur->str, (gssize)cur->len);
            g_string_append_c(out, '\n');
            prev = ln;
            continue;
        }
        if (!brk && prev && !level && out->len >= 3 && out->str[out->len - 1] == '\n') {
            /* a word hyphenated across the break: joined again */
            size_t e = out->len - 1;  /* the hyphen's end */
            size_t hy = 0;
            if (out->str[e - 1] == '-' && word_byte((unsigned char)out->str[e - 2])) hy = 1;
            else if (e >= 3 && !memcmp(out->str + e - 2, "\xc2\xad", 2)) hy = 2;  /* soft hyphen */
            size_t w = 0;
            while (w < cur->len && word_byte((unsigned char)cur->str[w])) w++;
            if (hy && w && isalpha((unsigned char)cur->str[0])) {
                size_t a = e - hy;
                while (a > 0 && word_byte((unsigned char)out->str[a - 1])) a--;
                char *whole = g_strdup_printf("%.*s-%.*s", (int)(e - hy - a), out->str + a, (int)w, cur->str);
                for (char *c = whole; *c; c++) *c = (char)tolower((unsigned char)*c);
                bool keep = hy == 1 && (isupper((unsigned char)cur->str[0]) || is_joined(l, whole));
                g_free(whole);
                g_string_truncate(out, keep ? e : e - hy);
                g_string_append_len(out, cur->str, (gssize)w);
                size_t rest = w;
                while (rest < cur->len && isspace((unsigned char)cur->str[rest])) rest++;
                if (rest < cur->len) {
                    g_string_append_c(out, '\n');
                    g_string_append_len(out, cur->str + rest, (gssize)(cur->len - rest));
                    map[m++] = ln->orig;
                }
                g_string_append_c(out, '\n');
                prev = ln;
                continue;
            }
        }
        if (brk && out->len) {
            g_string_append_c(out, '\n');
            map[m++] = 0;
        }
        if (brk || !prev) par_left = ln->left;
        if (level) {
            for (int h = 0; h < level; h++) g_string_append_c(out, '#');
            g_string_append_c(out, ' ');
        }
        g_string_append_len(out, cur->str, (gssize)cur->len);
        g_string_append_c(out, '\n');
        map[m++] = ln->orig;
        prev = ln;
        prev_level = level;
    }
    g_string_free(cur, TRUE);
    if (!out->len) {
        g_string_free(out, TRUE);
        g_free(map);
        return NULL;
    }
    *map_out = map;
    *n_map = m;
    return g_string_free(out, FALSE);
}
