/* build.c - the release every reader builds (read/build.h): its sections and heading paths,
 * its passages cut into windows, fragments and short paragraphs joined to the passage before
 * them, line positions for readers whose text is not the file's bytes; and its end
 * (locus_release_free). */
#include "read/build.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

size_t locus_window_end(const char *s, size_t a, size_t limit) {
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
                 (locus_is_blank(s[i + 1]) || s[i + 1] == '\n'))
            sentence = i + 1;
        if (i > floor && (locus_is_blank(s[i]) || s[i] == '\n')) space = i;
    }
    if (limit > floor && (locus_is_blank(s[limit]) || s[limit] == '\n')) space = limit;
    if (sentence) return sentence;
    if (space) return space;
    size_t i = limit;
    while (i > a + 1 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    return i;
}

void locus_release_free(locus_release *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n_passages; i++) free(r->passages[i].text);
    free(r->passages);
    for (size_t i = 0; i < r->n_sections; i++) free(r->sections[i]);
    free(r->sections);
    free(r->section_parents);
    free(r->title);
    free(r->source_url);
    free(r->issuer);
    free(r);
}

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

/* Room for one more item in an array that grows by doubling from 16 (N items in it now). */
bool locus_room(void **items, size_t n, size_t size) {
    if (n && (n < 16 || (n & (n - 1)))) return true;  /* below the next power of two */
    size_t cap = n ? n * 2 : 16;
    void *p = realloc(*items, cap * size);
    if (!p) return false;
    *items = p;
    return true;
}

locus_status locus_release_add_subsection(locus_release *r, int32_t parent, const char *text,
                                          size_t len, const char **out, locus_error *err) {
    char *h = locus_text_folded(text, len);
    if (!h || !locus_room((void **)&r->sections, r->n_sections, sizeof *r->sections) ||
        !locus_room((void **)&r->section_parents, r->n_sections, sizeof *r->section_parents)) {
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
    while (a < b && (locus_is_blank(text[a]) || text[a] == '\n')) a++;
    while (b > a && (locus_is_blank(text[b - 1]) || text[b - 1] == '\n')) b--;
    while (a < b) {
        size_t e = b - a > LOCUS_PASSAGE_MAX_BYTES ? locus_window_end(text, a, a + LOCUS_PASSAGE_MAX_BYTES) : b;
        size_t t = e;
        while (t > a && (locus_is_blank(text[t - 1]) || text[t - 1] == '\n')) t--;
        if (t > a) {
            if (!locus_room((void **)&r->passages, r->n_passages, sizeof *r->passages))
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
        while (a < b && (locus_is_blank(text[a]) || text[a] == '\n')) a++;
    }
    return LOCUS_OK;
}

/* Whether TEXT (LEN bytes) is a fragment rather than a sentence: fewer than 8 words and no
 * sentence end at its end. */
bool locus_is_fragment(const char *text, size_t len) {
    size_t b = len;
    while (b > 0 && (locus_is_blank(text[b - 1]) || text[b - 1] == '\n')) b--;
    if (b == 0 || b >= 80) return false;  /* 80 bytes: a sentence of a language without spaces */
    if (strchr(".!?", text[b - 1])) return false;
    if (b >= 3 && (!memcmp(text + b - 3, "\xE3\x80\x82", 3) ||  /* 。 */
                   !memcmp(text + b - 3, "\xEF\xBC\x81", 3) ||  /* ！ */
                   !memcmp(text + b - 3, "\xEF\xBC\x9F", 3)))   /* ？ */
        return false;
    return locus_count_words(text, 0, b) < 8;
}

locus_status locus_release_add_block(locus_release *r, const char *section, const char *text,
                                     size_t len, const locus_passage *loc, locus_error *err) {
    size_t a = 0, b = len;
    while (a < b && (locus_is_blank(text[a]) || text[a] == '\n')) a++;
    while (b > a && (locus_is_blank(text[b - 1]) || text[b - 1] == '\n')) b--;
    if (a == b) return LOCUS_OK;
    locus_passage *prev = r->n_passages ? &r->passages[r->n_passages - 1] : NULL;
    int32_t index = section_index(r, section);
    if (prev && prev->section_index == index && prev->page == loc->page &&
        prev->kind == loc->kind &&
        (locus_is_fragment(text + a, b - a) || strlen(prev->text) < LOCUS_PASSAGE_JOIN_BYTES)) {
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
