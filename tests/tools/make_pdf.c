/* make_pdf - writes the sample PDFs of corpus/ and tests/data/pdf/ from plain text, with cairo
 * (which poppler-glib already brings in). Not part of locus: scripts/make-sample-pdfs runs it,
 * and the PDFs it writes are committed, so that a build never depends on fonts.
 *
 *   make_pdf OUT.pdf TITLE DATE < TEXT     DATE "YYYY-MM-DD" or "" (document information)
 *   make_pdf --image-only OUT.pdf PAGES    pages of grey bars and no text, like a scan
 *
 * TEXT, a line at a time:
 *   a form feed alone          starts a new page
 *   "# " HEADING               set in bold, body size
 *   "## " HEADING              set large (15 pt), not bold: a heading known by its size only
 *   "!! " TITLE                set larger still (20 pt), like a title page's title
 *   "@header TEXT"             from now on, TEXT at the top of every page ("%d": the page number)
 *   "@footer TEXT"             the same at the foot (the page number alone when none is given)
 *   "@lines"                   from now on each line is set as it is, unwrapped (so a line may
 *                              end in a hyphen), "^{...}" in it set as a superscript
 *   "@wrap"                    back to wrapping: the lines of a paragraph are joined and
 *                              wrapped at the page width
 *   an empty line              a paragraph break: a wider gap */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 64.0
#define SIZE 11.0
#define LEAD 15.0
#define FONT "DejaVu Serif"

typedef struct doc {
    cairo_t *cr;
    double y;
    int page;
    char header[512], footer[512];
} doc;

static void font(cairo_t *cr, double size, int bold) {
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* TEMPLATE with "%d" replaced by the page number. */
static void furniture(doc *d, const char *template, double y) {
    if (!*template) return;
    char text[600];
    const char *pct = strstr(template, "%d");
    if (pct) snprintf(text, sizeof text, "%.*s%d%s", (int)(pct - template), template, d->page, pct + 2);
    else snprintf(text, sizeof text, "%s", template);
    font(d->cr, 8.5, 0);
    cairo_text_extents_t ext;
    cairo_text_extents(d->cr, text, &ext);
    cairo_move_to(d->cr, (PAGE_W - ext.x_advance) / 2, y);
    cairo_show_text(d->cr, text);
}

static void end_page(doc *d) {
    furniture(d, d->header, MARGIN / 2);
    if (*d->footer) {
        furniture(d, d->footer, PAGE_H - MARGIN / 2);
    } else {  /* a page number at the foot, as real documents have */
        char num[16];
        snprintf(num, sizeof num, "%d", d->page);
        font(d->cr, SIZE, 0);
        cairo_move_to(d->cr, PAGE_W / 2, PAGE_H - MARGIN / 2);
        cairo_show_text(d->cr, num);
    }
    cairo_show_page(d->cr);
    d->page++;
    d->y = MARGIN;
}

/* Room for one more line of LEAD points, else a new page. */
static void room(doc *d, double lead) {
    if (d->y + lead > PAGE_H - MARGIN) end_page(d);
}

static void show_wrapped(doc *d, const char *line, double size, int bold) {
    cairo_t *cr = d->cr;
    double lead = size * LEAD / SIZE;
    font(cr, size, bold);
    char buf[4096];
    size_t n = 0;
    const char *p = line;
    while (*p) {
        const char *q = p;
        while (*q && *q != ' ') q++;
        size_t w = (size_t)(q - p);
        char trial[4096];
        if (n + w + 2 >= sizeof trial) break;
        memcpy(trial, buf, n);
        size_t t = n;
        if (t) trial[t++] = ' ';
        memcpy(trial + t, p, w);
        trial[t + w] = '\0';
        cairo_text_extents_t ext;
        cairo_text_extents(cr, trial, &ext);
        if (n && ext.x_advance > PAGE_W - 2 * MARGIN) {
            buf[n] = '\0';
            room(d, lead);
            font(cr, size, bold);
            cairo_move_to(cr, MARGIN, d->y);
            cairo_show_text(cr, buf);
            d->y += lead;
            n = 0;
            continue;  /* the word again, on the new line */
        }
        memcpy(buf, trial, t + w + 1);
        n = t + w;
        p = *q ? q + 1 : q;
    }
    if (n) {
        buf[n] = '\0';
        room(d, lead);
        font(cr, size, bold);
        cairo_move_to(cr, MARGIN, d->y);
        cairo_show_text(cr, buf);
        d->y += lead;
    }
}

/* LINE as it is, with "^{...}" raised and smaller. */
static void show_line(doc *d, const char *line) {
    cairo_t *cr = d->cr;
    room(d, LEAD);
    double x = MARGIN;
    const char *p = line;
    while (*p) {
        const char *sup = strstr(p, "^{");
        size_t n = sup ? (size_t)(sup - p) : strlen(p);
        char piece[4096];
        snprintf(piece, sizeof piece, "%.*s", (int)n, p);
        font(cr, SIZE, 0);
        cairo_move_to(cr, x, d->y);
        cairo_show_text(cr, piece);
        cairo_text_extents_t ext;
        cairo_text_extents(cr, piece, &ext);
        x += ext.x_advance;
        if (!sup) break;
        const char *close = strchr(sup, '}');
        if (!close) break;
        snprintf(piece, sizeof piece, "%.*s", (int)(close - sup - 2), sup + 2);
        font(cr, SIZE * 0.6, 0);
        cairo_move_to(cr, x, d->y - SIZE * 0.4);
        cairo_show_text(cr, piece);
        cairo_text_extents(cr, piece, &ext);
        x += ext.x_advance;
        p = close + 1;
    }
    d->y += LEAD;
}

static int image_only(const char *out, int pages) {
    cairo_surface_t *s = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(s);
    for (int p = 0; p < pages; p++) {
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        for (int l = 0; l < 40; l++) {
            double w = (PAGE_W - 2 * MARGIN) * (l % 7 == 6 ? 0.55 : 0.97 - 0.03 * (l % 3));
            cairo_rectangle(cr, MARGIN, MARGIN + l * LEAD, w, 7);
        }
        cairo_fill(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return bad;
}

int main(int argc, char **argv) {
    if (argc == 4 && !strcmp(argv[1], "--image-only")) return image_only(argv[2], atoi(argv[3]));
    if (argc != 4) {
        fprintf(stderr, "usage: make_pdf OUT.pdf TITLE DATE < TEXT | make_pdf --image-only OUT.pdf PAGES\n");
        return 2;
    }
    cairo_surface_t *s = cairo_pdf_surface_create(argv[1], PAGE_W, PAGE_H);
    if (argv[2][0]) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, argv[2]);
    if (argv[3][0]) {
        char when[32];
        snprintf(when, sizeof when, "%.10sT09:00:00", argv[3]);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, when);
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "locus tests/tools/make_pdf");
    doc d = {.cr = cairo_create(s), .y = MARGIN, .page = 1};
    cairo_set_source_rgb(d.cr, 0, 0, 0);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lines_mode = 0;
    char para[16384];  /* the lines of a paragraph, joined, set when it ends */
    size_t plen = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        if (n && line[n - 1] == '\n') line[--n] = '\0';
        int plain = *line && strcmp(line, "\f") && strncmp(line, "# ", 2) && strncmp(line, "## ", 3) &&
                    strncmp(line, "!! ", 3) && line[0] != '@';
        if (plain && !lines_mode && plen + (size_t)n + 2 < sizeof para) {
            if (plen) para[plen++] = ' ';
            memcpy(para + plen, line, (size_t)n + 1);
            plen += (size_t)n;
            continue;
        }
        if (plen) {
            show_wrapped(&d, para, SIZE, 0);
            plen = 0;
        }
        if (!strcmp(line, "\f")) end_page(&d);
        else if (!strncmp(line, "@header ", 8)) snprintf(d.header, sizeof d.header, "%s", line + 8);
        else if (!strncmp(line, "@footer ", 8)) snprintf(d.footer, sizeof d.footer, "%s", line + 8);
        else if (!strcmp(line, "@lines")) lines_mode = 1;
        else if (!strcmp(line, "@wrap")) lines_mode = 0;
        else if (!*line) d.y += LEAD * 0.6;  /* a paragraph break is a wider gap */
        else if (!strncmp(line, "!! ", 3)) { show_wrapped(&d, line + 3, 20, 1); d.y += LEAD * 0.6; }
        else if (!strncmp(line, "## ", 3)) { d.y += LEAD * 0.4; show_wrapped(&d, line + 3, 15, 0); }
        else if (!strncmp(line, "# ", 2)) show_wrapped(&d, line + 2, SIZE, 1);
        else show_line(&d, line);
    }
    if (plen) show_wrapped(&d, para, SIZE, 0);
    end_page(&d);
    free(line);
    cairo_destroy(d.cr);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return bad;
}
