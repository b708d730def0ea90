/* pdf.c - the PDF reader, through poppler-glib.
 *
 * - Text per page as its authors laid it out (pdf_layout.h: paragraphs from the spacing and
 *   indentation of lines, headings from font size and weight, running headers and footers left
 *   out, hyphenated words joined, superscripts kept apart); each page is then read with the
 *   plain-text reader's rules for headings and paragraphs (locus_text_body), so passages never
 *   straddle pages and each knows its page; line numbers count lines of poppler's text. Lines
 *   that are only a page number ("3", "- 3 -", "Page 3 of 9") are running furniture, not text.
 * - Title: the document information's title (unless it is a file name, an id or a
 *   placeholder), else the largest text of the first page, else its first line of text. Date: a
 *   date opening one of the first lines of text, else the information's creation date.
 * - A PDF whose compressed streams (other than images, which text extraction never decodes)
 *   inflate to more than 64 MiB plus 32 times the file fails before poppler reads it: text extraction
 *   costs time in the inflated size, so a small file must not cost hours (a "PDF bomb").
 * - An encrypted, damaged or image-only PDF fails with a message that names it (it is counted
 *   as skipped), never a crash.
 */
#define _GNU_SOURCE  /* memmem */
#include <ctype.h>
#include <poppler.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

#include <locus/release.h>

#include "read/build.h"
#include "read/cite.h"
#include "read/pdf_layout.h"
#include "read/plain.h"
#include "read/reader.h"
#include "read/sandbox.h"
#include "util/date.h"
#include "util/text.h"

/* Whether the line [a, b) of S is only a page number. */
static bool page_number_line(const char *s, size_t a, size_t b) {
    while (a < b && isspace((unsigned char)s[a])) a++;
    while (b > a && isspace((unsigned char)s[b - 1])) b--;
    if (a == b) return false;
    if (b - a >= 5 && !strncasecmp(s + a, "page ", 5)) a += 5;
    size_t digits = 0;
    for (size_t i = a; i < b; i++) {
        if (isdigit((unsigned char)s[i])) digits++;
        else if (!strchr(" -/of", s[i])) return false;
    }
    return digits > 0 && digits <= 8;
}

/* Blanks the page-number lines of S in place (line breaks kept, so line numbers stay). */
static void blank_page_numbers(char *s, size_t len) {
    size_t a = 0;
    while (a <= len) {
        char *nl = memchr(s + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - s) : len;
        if (page_number_line(s, a, b)) memset(s + a, ' ', b - a);
        a = b + 1;
    }
}

/* Points the passages of R from FIRST on at poppler's lines (MAP from page_text) and no bytes:
 * a PDF's bytes are not its text. */
static void map_lines(locus_release *r, size_t first, const uint32_t *map, size_t map_len) {
    for (size_t i = first; i < r->n_passages; i++) {
        locus_passage *p = &r->passages[i];
        uint32_t a = p->line_start, b = p->line_end;
        if (map && a >= 1 && a <= map_len && map[a - 1]) p->line_start = map[a - 1];
        if (map && b >= 1 && b <= map_len && map[b - 1]) p->line_end = map[b - 1];
        if (p->line_end < p->line_start) p->line_end = p->line_start;
        p->byte_start = p->byte_end = p->line_offset = 0;
    }
}

/* Whether TITLE from the document information is useless: empty, a placeholder, a file name
 * ("Microsoft Word - draft.docx", "report.pdf") or an id ("WP-2025-07", "doc_1234"). */
static bool poor_title(const char *t) {
    if (!t) return true;
    while (*t && isspace((unsigned char)*t)) t++;
    if (!*t || !strcasecmp(t, "untitled") || !strncasecmp(t, "microsoft word", 14)) return true;
    bool space = false, digit = false;  /* one word with digits: a file or document id */
    for (const char *c = t; *c; c++) {
        space |= *c == ' ';
        digit |= isdigit((unsigned char)*c) != 0;
    }
    if (!space && (digit || strlen(t) < 4)) return true;
    const char *dot = strrchr(t, '.');
    static const char *const exts[] = {".pdf", ".doc", ".docx", ".odt", ".rtf", ".indd", ".tex", NULL};
    for (const char *const *e = exts; dot && *e; e++)
        if (!strcasecmp(dot, *e)) return true;
    return false;
}

/* The first line with text of S; its bounds into *a, *b. */
static bool first_line(const char *s, size_t len, size_t from, size_t *a, size_t *b) {
    size_t i = from;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len, x = i, y = e;
        while (x < y && isspace((unsigned char)s[x])) x++;
        while (y > x && isspace((unsigned char)s[y - 1])) y--;
        if (x < y) { *a = x; *b = y; return true; }
        i = e + 1;
    }
    return false;
}

/* The most bytes the non-image streams of a PDF of LEN bytes may inflate to. */
static size_t inflate_budget(size_t len) { return 64u * 1024 * 1024 + 32 * len; }

/* How many bytes the Flate-compressed streams of BUF that are not images inflate to, counting up
 * to BUDGET (past it, BUDGET + 1). A stream is the bytes after a "stream" keyword whose
 * dictionary (from the "obj" before it) names /FlateDecode; zlib finds its end. Linear in LEN
 * plus what is inflated, memory constant. */
static size_t inflated_size(const char *buf, size_t len, size_t budget) {
    size_t total = 0;
    unsigned char scratch[65536];
    const char *p = buf, *end = buf + len;
    while (total <= budget && (p = memmem(p, (size_t)(end - p), "stream", 6))) {
        const char *kw = p;
        p += 6;
        if (kw > buf && kw[-1] == 'd') continue;  /* "endstream" */
        if (p < end && *p == '\r') p++;
        if (p < end && *p == '\n') p++;
        /* the dictionary: back to the "obj" keyword, at most 4 KiB */
        const char *from = kw - (size_t)(kw - buf < 4096 ? kw - buf : 4096), *obj = NULL;
        for (const char *q = from; (q = memmem(q, (size_t)(kw - q), "obj", 3)); q += 3) obj = q;
        if (!obj) obj = from;
        size_t dict = (size_t)(kw - obj);
        if (!memmem(obj, dict, "/FlateDecode", 12) || memmem(obj, dict, "/Image", 6)) continue;
        z_stream z = {0};
        if (inflateInit(&z) != Z_OK) return budget + 1;
        z.next_in = (unsigned char *)p;
        z.avail_in = (uInt)((size_t)(end - p) < UINT32_MAX ? (size_t)(end - p) : UINT32_MAX);
        int rc = Z_OK;
        while (rc == Z_OK && total <= budget) {
            z.next_out = scratch;
            z.avail_out = sizeof scratch;
            rc = inflate(&z, Z_NO_FLUSH);
            total += sizeof scratch - z.avail_out;
            if (rc == Z_BUF_ERROR && z.avail_out) break;  /* truncated: poppler copes */
        }
        p = (const char *)z.next_in;
        inflateEnd(&z);
    }
    return total;
}

/* The PDF reader itself, in this process. */
/* Opens the LEN bytes of BUF (the file NAME) as a PDF into *doc, after measuring what its
 * streams inflate to. Fails with LOCUS_ERR_FORMAT naming the file: a PDF bomb, an encrypted or
 * damaged file. */
static locus_status open_document(const char *name, const char *buf, size_t len, PopplerDocument **doc,
                                  locus_error *err) {
    size_t budget = inflate_budget(len);
    if (inflated_size(buf, len, budget) > budget)
        return locus_error_set(err, LOCUS_ERR_FORMAT,
                               "%s: its streams inflate to over %zu MiB (%zu times the file), skipped",
                               name, budget >> 20, budget / (len ? len : 1));
    GBytes *bytes = g_bytes_new_static(buf, len);
    GError *gerr = NULL;
    *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes);
    if (*doc) return LOCUS_OK;
    bool encrypted = gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED;
    locus_status st = encrypted
        ? locus_error_set(err, LOCUS_ERR_FORMAT, "%s: encrypted PDF, skipped", name)
        : locus_error_set(err, LOCUS_ERR_FORMAT, "%s: damaged PDF (%s), skipped", name,
                          gerr && gerr->message ? gerr->message : "unreadable");
    if (gerr) g_error_free(gerr);
    return st;
}

/* R's title: the document information's when it is a real one, else the largest text of the
 * first page (then *from_text). *drop_big says whether that largest text, on page *big_page,
 * is left out of the page's text (it is the title, printed). */
static void choose_title(locus_release *r, PopplerDocument *doc, pdf_layout *layout, bool *drop_big,
                         int *big_page, bool *from_text) {
    char *big = pdf_layout_title(layout, big_page);
    gchar *info = poppler_document_get_title(doc);
    *drop_big = false;
    if (!poor_title(info)) {
        r->title = locus_text_folded(info, strlen(info));
        *drop_big = big && r->title && !strcasecmp(big, r->title);  /* printed: not also a passage */
    } else if (big && *big) {
        r->title = big;
        big = NULL;
        *drop_big = true;
        *from_text = true;
    }
    g_free(info);
    free(big);
}

/* The first page with text, TEXT (N bytes, changed in place): R's date from a date opening one
 * of its first lines, and its title from the first line when R has none yet; what became the
 * title or the date is blanked out of the text. */
static locus_status read_first_page(locus_release *r, char *text, size_t n, bool *title_from_text) {
    size_t a, b, from = 0;
    char iso[11];
    for (int k = 0; k < 5 && !r->date[0] && first_line(text, n, from, &a, &b); k++) {
        size_t used = locus_date_parse(text + a, b - a, iso);
        if (used) memcpy(r->date, iso, 11);
        if (used && k == 0) {  /* a date line before the title: not text */
            size_t c = a + used;
            while (c < b && (isspace((unsigned char)text[c]) || strchr(",.-|", text[c]))) c++;
            if (c == b) memset(text + a, ' ', b - a);
        }
        from = b;
    }
    if (r->title && !*title_from_text) {
        char *line = first_line(text, n, 0, &a, &b) ? locus_text_folded(text + a, b - a) : NULL;
        if (line && r->title && !strcmp(line, r->title)) memset(text + a, ' ', b - a);
        free(line);  /* the title printed on the page is not also a passage */
    } else if (!r->title && first_line(text, n, 0, &a, &b)) {
        size_t used = locus_date_parse(text + a, b - a, iso);  /* "7 May 2024 Title" */
        size_t c = a + used;
        while (used && c < b && (isspace((unsigned char)text[c]) || strchr(",.-|:", text[c]))) c++;
        while (c < b && text[c] == '#') c++;  /* a heading the layout marked */
        r->title = locus_text_folded(text + c, b - c);
        if (b - a <= 200) {  /* a title line is not also a passage */
            memset(text + a, ' ', b - a);
            *title_from_text = true;
        }
        r->title_line = 1;
    }
    if (!r->title && !(r->title = strdup(""))) return LOCUS_ERR_NO_MEMORY;  /* none found */
    return LOCUS_OK;
}

/* R's date when its text gave none: a date in its title, else the document's creation date,
 * else the file name NAME's. */
static void date_otherwise(locus_release *r, PopplerDocument *doc, const char *name) {
    if (r->title && r->title[0]) locus_date_find(r->title, strlen(r->title), r->date);
    if (r->date[0]) return;
    time_t t = poppler_document_get_creation_date(doc);
    struct tm tm;
    if (t > 0 && gmtime_r(&t, &tm)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000,
                 (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
        memcpy(r->date, tmp, 11);
    } else if (locus_date_from_name(name, r->date)) {
        r->date_from_name = 1;
    }
}

/* The first web address that is the text of an element of the XMP packet X (dc:source,
 * dc:identifier, prism:url, xmp:BaseURL ...: not a namespace's name, which is an attribute), into
 * a new string; NULL when none. */
static char *xmp_url(const char *x) {
    for (const char *p = x ? strstr(x, ">http") : NULL; p; p = strstr(p + 1, ">http")) {
        const char *a = p + 1, *b = a;
        while (*b && *b != '<' && (unsigned char)*b > ' ') b++;
        if (*b != '<' || b - a > LOCUS_URL_MAX) continue;
        char *u = strndup(a, (size_t)(b - a));
        if (u && locus_is_web_url(u)) return u;
        free(u);
    }
    return NULL;
}

/* Who issued the document and where it is published, from its information: the author, and an
 * address in its XMP metadata or its subject. Out of memory leaves them unset. */
static void cite_document(locus_release *r, PopplerDocument *doc) {
    gchar *author = poppler_document_get_author(doc);
    if (author) r->issuer = locus_text_folded(author, strlen(author));
    g_free(author);
    if (r->issuer && !r->issuer[0]) {
        free(r->issuer);
        r->issuer = NULL;
    }
    gchar *xmp = poppler_document_get_metadata(doc);
    r->source_url = xmp_url(xmp);
    g_free(xmp);
    gchar *subject = r->source_url ? NULL : poppler_document_get_subject(doc);
    if (subject && locus_is_web_url(subject)) r->source_url = strdup(subject);
    g_free(subject);
}

static locus_status pdf_read(const char *name, const char *buf, size_t len,
                             locus_release **out, locus_error *err) {
    *out = NULL;
    PopplerDocument *doc;
    locus_status st = open_document(name, buf, len, &doc, err);
    if (st) return st;
    locus_release *r = calloc(1, sizeof *r);
    pdf_layout *layout = r ? pdf_layout_read(doc) : NULL;
    if (!layout) {
        g_object_unref(doc);
        free(r);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    r->format = LOCUS_FORMAT_PDF;
    int pages = poppler_document_get_n_pages(doc), big_page = -1;
    bool title_from_text = false, drop_big, first = true;
    choose_title(r, doc, layout, &drop_big, &big_page, &title_from_text);
    cite_document(r, doc);
    for (int i = 0; i < pages && !st; i++) {
        uint32_t *map = NULL;
        size_t map_len = 0;
        char *text = pdf_layout_page_text(layout, i, drop_big && i == big_page, &map, &map_len);
        if (!text) { g_free(map); continue; }
        size_t n = strlen(text), before = r->n_passages;
        blank_page_numbers(text, n);
        if (first) {  /* the first page with text: the date, and the title when none yet */
            first = false;
            st = read_first_page(r, text, n, &title_from_text);
        }
        if (!st) st = locus_text_body(r, text, n, (uint32_t)i + 1, err);
        map_lines(r, before, map, map_len);
        g_free(text);
        g_free(map);
    }
    r->running_lines = pdf_layout_running_lines(layout);
    pdf_layout_free(layout);
    if (!st && !r->title && !(r->title = strdup(""))) st = LOCUS_ERR_NO_MEMORY;
    if (!st && !r->date[0]) date_otherwise(r, doc, name);
    if (!st && r->n_passages == 0 && r->title && r->title[0] && title_from_text) {
        locus_passage loc = {.line_start = 1, .line_end = 1, .page = 1, .kind = LOCUS_PASSAGE_BODY};
        st = locus_release_add_text(r, "", r->title, strlen(r->title), &loc, err);
    }
    g_object_unref(doc);
    if (st == LOCUS_ERR_NO_MEMORY) locus_error_set(err, st, "out of memory");
    if (!st && r->n_passages == 0)
        st = locus_error_set(err, LOCUS_ERR_FORMAT,
                             "%s: no text in %d page%s (an image-only PDF?), skipped", name, pages,
                             pages == 1 ? "" : "s");
    if (st) {
        locus_release_free(r);
        return st;
    }
    *out = r;
    return LOCUS_OK;
}

/* Poppler runs in a child process (sandbox.h): its text extraction is quadratic in text drawn
 * over one spot, and it has crashed on damaged files before. The child may take 10 s of CPU plus
 * 1 s per 256 KiB of file, and 1 GiB plus 32 times the file of memory. LOCUS_PDF_IN_PROCESS=1
 * reads in this process (the fuzzer, debugging). */
static locus_status pdf_parse(const char *name, const char *buf, size_t len,
                             locus_release **out, locus_error *err) {
    if (!name) name = "(input)";
    const char *here = getenv("LOCUS_PDF_IN_PROCESS");
    if (here && !strcmp(here, "1")) return pdf_read(name, buf, len, out, err);
    return locus_sandbox_parse(pdf_read, name, buf, len, 10.0 + (double)len / 262144.0,
                               ((size_t)1 << 30) + 32 * len, out, err);
}

static bool pdf_sniff(const char *buf, size_t len) { return len >= 5 && !memcmp(buf, "%PDF-", 5); }

static const char *const pdf_extensions[] = {".pdf", NULL};

const locus_reader locus_pdf_reader = {
    .format = LOCUS_FORMAT_PDF,
    .name = "pdf",
    .extensions = pdf_extensions,
    .input = LOCUS_INPUT_BYTES,
    .needs_signature = true,
    .sniff = pdf_sniff,
    .parse = pdf_parse,
};
