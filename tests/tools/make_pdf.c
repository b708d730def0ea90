/* make_pdf - writes the sample PDFs of corpus/ from plain text, with cairo (which poppler-glib
 * already brings in). Not part of locus: scripts/make-sample-pdfs runs it, and the PDFs it
 * writes are committed, so that a build never depends on fonts.
 *
 *   make_pdf OUT.pdf TITLE DATE < TEXT     DATE "YYYY-MM-DD" or "" (document information)
 *   make_pdf --image-only OUT.pdf PAGES    pages of grey bars and no text, like a scan
 *
 * TEXT: a line with a form feed alone starts a new page; a line starting "# " is set in bold;
 * the other lines of a paragraph (blank lines separate them) are joined and wrapped at the page
 * width. */
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

static void show_wrapped(cairo_t *cr, const char *line, double *y) {
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
            cairo_move_to(cr, MARGIN, *y);
            cairo_show_text(cr, buf);
            *y += LEAD;
            n = 0;
            continue;  /* the word again, on the new line */
        }
        memcpy(buf, trial, t + w + 1);
        n = t + w;
        p = *q ? q + 1 : q;
    }
    if (n) {
        buf[n] = '\0';
        cairo_move_to(cr, MARGIN, *y);
        cairo_show_text(cr, buf);
        *y += LEAD;
    }
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
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_font_size(cr, SIZE);
    double y = MARGIN;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int page = 1;
    char para[16384];  /* the lines of a paragraph, joined, set when it ends */
    size_t plen = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        if (n && line[n - 1] == '\n') line[--n] = '\0';
        if (*line && strcmp(line, "\f") && strncmp(line, "# ", 2) && plen + (size_t)n + 2 < sizeof para) {
            if (plen) para[plen++] = ' ';
            memcpy(para + plen, line, (size_t)n + 1);
            plen += (size_t)n;
            continue;
        }
        if (plen) {
            cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
            show_wrapped(cr, para, &y);
            plen = 0;
        }
        if (!strcmp(line, "\f") || y > PAGE_H - MARGIN) {
            char num[16];  /* a page number at the foot, as real documents have */
            snprintf(num, sizeof num, "%d", page++);
            cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
            cairo_move_to(cr, PAGE_W / 2, PAGE_H - MARGIN / 2);
            cairo_show_text(cr, num);
            cairo_show_page(cr);
            y = MARGIN;
            if (!strcmp(line, "\f")) continue;
        }
        int bold = !strncmp(line, "# ", 2);
        cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        if (!*line) y += LEAD * 0.6;  /* a paragraph break is a wider gap */
        else show_wrapped(cr, bold ? line + 2 : line, &y);
    }
    if (plen) {
        cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        show_wrapped(cr, para, &y);
    }
    char num[16];
    snprintf(num, sizeof num, "%d", page);
    cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_move_to(cr, PAGE_W / 2, PAGE_H - MARGIN / 2);
    cairo_show_text(cr, num);
    cairo_show_page(cr);
    free(line);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return bad;
}
