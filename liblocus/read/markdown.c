/* markdown.c - the Markdown reader: CommonMark plus GFM tables, through cmark-gfm.
 *
 * - YAML front matter (between "---" lines at the top) is metadata, never text: title:,
 *   date: (or published_time:) give the release's title and date, lang: (or language:) the
 *   language it declares.
 * - ATX and Setext headings start sections; so does a paragraph that opens with bold text
 *   followed by a line break or standing alone ("**Right to erasure**"), the rest of it being
 *   a paragraph of the section.
 * - Paragraphs (in lists and quotes too), code blocks and table rows are passages; link text is
 *   kept, URLs and markup are not. Each passage's locator is its lines in the file (its text is
 *   not the file's bytes: exact is 0).
 * - No title in the front matter: the first heading, else the first line.
 * - A release larger than 512 KiB is parsed in pieces of about 256 KiB cut where a block starts
 *   at the top level (piece_end): cmark's tree costs up to 200 times its text, and the pieces
 *   bound it. A reference-style link defined in another piece shows as its text.
 */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/release.h>

#include "read/build.h"
#include "read/cite.h"
#include "read/plain.h"
#include "read/reader.h"
#include "util/date.h"
#include "util/text.h"


static void puts_(locus_buf *b, const char *s) { if (s) locus_buf_put(b, s, strlen(s)); }

/* The text of the inline nodes from FIRST on (to the end of their parent, or up to STOP): text,
 * code and link text; soft breaks as spaces, hard breaks as newlines; no markup, no URLs.
 * Walked with cmark's iterator, not by recursion: emphasis and links nest as deep as the input
 * says (200,000 levels in 1 MB), and a recursive walk ran out of stack. */
static void inline_text(cmark_node *first, cmark_node *stop, locus_buf *b) {
    for (cmark_node *top = first; top && top != stop; top = cmark_node_next(top)) {
        cmark_iter *it = cmark_iter_new(top);
        if (!it) {
            b->oom = true;
            return;
        }
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            if (ev != CMARK_EVENT_ENTER) continue;
            cmark_node *n = cmark_iter_get_node(it);
            switch (cmark_node_get_type(n)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE: puts_(b, cmark_node_get_literal(n)); break;
            case CMARK_NODE_SOFTBREAK: locus_buf_put(b, " ", 1); break;
            case CMARK_NODE_LINEBREAK: locus_buf_put(b, "\n", 1); break;
            case CMARK_NODE_IMAGE:  /* alt text is not the release's text */
                cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
                break;
            default: break;  /* emph, strong, link: their children follow; inline HTML: none */
            }
        }
        cmark_iter_free(it);
    }
}

/* The text of a block and everything below it (a table row's cells joined by " | "). */
static void block_text(cmark_node *n, locus_buf *b) {
    const char *type = cmark_node_get_type_string(n);
    if (!strcmp(type, "table_row") || !strcmp(type, "table_header")) {
        int k = 0;
        for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c), k++) {
            if (k) locus_buf_put(b, " | ", 3);
            inline_text(cmark_node_first_child(c), NULL, b);
        }
        return;
    }
    inline_text(cmark_node_first_child(n), NULL, b);
}

/* The longest bold opening taken as a heading, in bytes. */
#define LOCUS_BOLD_HEADING_MAX 150

typedef struct reader {
    locus_release *r;
    const size_t *line_starts;  /* byte offset of each line of the file (0-based index) */
    size_t n_lines;
    uint32_t line_shift;        /* lines of front matter taken off before cmark saw the text */
    const char *section;
    bool heading_for_title;     /* no title yet: the first heading gives it */
    locus_error *err;
    int32_t open[8];            /* the section open at each heading level (1-6; 7 for a bold
                                   paragraph heading, below them all), -1 */
    size_t passages_at_heading; /* passages there were when the last section opened */
} reader;

/* The locator of block N: its lines in the file and the bytes from its first line's start to
 * its last line's end. */
static locus_passage locate(const reader *rd, cmark_node *n) {
    uint32_t a = (uint32_t)cmark_node_get_start_line(n) + rd->line_shift;
    uint32_t z = (uint32_t)cmark_node_get_end_line(n) + rd->line_shift;
    if (a < 1) a = 1;
    if (a > rd->n_lines) a = (uint32_t)rd->n_lines;
    if (z < a) z = a;
    if (z > rd->n_lines) z = (uint32_t)rd->n_lines;
    locus_passage p = {0};
    p.line_start = a;
    p.line_end = z;
    p.byte_start = rd->line_starts[a - 1];
    p.byte_end = z < rd->n_lines ? rd->line_starts[z] : rd->line_starts[rd->n_lines];
    if (p.byte_end > p.byte_start && p.byte_end > 0) p.byte_end--;  /* not the line break */
    if (p.byte_end <= p.byte_start) p.byte_end = p.byte_start + 1;
    p.line_offset = p.byte_start;
    p.exact = 0;
    p.kind = LOCUS_PASSAGE_BODY;
    return p;
}

static locus_status heading(reader *rd, const char *text, size_t len, int level) {
    if (rd->heading_for_title) {
        char *t = locus_text_folded(text, len);
        if (!t) return locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory");
        if (*t) {
            free(rd->r->title);
            rd->r->title = t;
            rd->heading_for_title = false;
            return LOCUS_OK;  /* the title is not also a section */
        }
        free(t);
    }
    char *folded = locus_text_folded(text, len);
    if (!folded) return locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory");
    if (level < 7 && !strcmp(folded, rd->r->title)) {  /* the title again: not a section */
        free(folded);
        rd->section = "";
        for (int l = 1; l <= 7; l++) rd->open[l] = -1;
        return LOCUS_OK;
    }
    size_t n = rd->r->n_sections;
    if (level == 7 && n && rd->section == rd->r->sections[n - 1] && rd->passages_at_heading == rd->r->n_passages &&
        locus_legal_label(rd->section, strlen(rd->section))) {
        /* "### Article 17" then "**Right to erasure**": one section, "Article 17 — Right to erasure" */
        char *full = malloc(strlen(rd->section) + strlen(folded) + 6);
        if (!full) { free(folded); return locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory"); }
        sprintf(full, "%s \xE2\x80\x94 %s", rd->section, folded);
        free(folded);
        free(rd->r->sections[n - 1]);
        rd->r->sections[n - 1] = full;
        rd->section = full;
        return LOCUS_OK;
    }
    free(folded);
    rd->passages_at_heading = rd->r->n_passages;
    if (level < 1 || level > 7) level = 7;
    int32_t parent = -1;
    for (int l = level - 1; l >= 1 && parent < 0; l--) parent = rd->open[l];
    locus_status st = locus_release_add_subsection(rd->r, parent, text, len, &rd->section, rd->err);
    rd->open[level] = (int32_t)rd->r->n_sections - 1;
    for (int l = level + 1; l <= 7; l++) rd->open[l] = -1;
    return st;
}

static bool blank(const char *s) {
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t') return false;
    return true;
}

/* A paragraph: a bold opening followed by a line break (or alone) is a heading. */
static locus_status paragraph(reader *rd, cmark_node *n) {
    cmark_node *first = cmark_node_first_child(n), *next = first ? cmark_node_next(first) : NULL;
    while (next && cmark_node_get_type(next) == CMARK_NODE_TEXT && blank(cmark_node_get_literal(next)))
        next = cmark_node_next(next);  /* the spaces of a hard break */
    cmark_node *rest = first;
    locus_status st = LOCUS_OK;
    bool in_item = cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_ITEM;
    if (!in_item && first && cmark_node_get_type(first) == CMARK_NODE_STRONG &&
        (!next || cmark_node_get_type(next) == CMARK_NODE_LINEBREAK ||
         cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK)) {
        locus_buf h = {0};
        inline_text(cmark_node_first_child(first), NULL, &h);
        /* a whole sentence in bold is emphasis, not a heading */
        bool sentence = h.n > LOCUS_BOLD_HEADING_MAX || (h.n && h.s[h.n - 1] == '.' && h.n > 60);
        if (h.oom) st = locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory");
        else if (h.n && !sentence) st = heading(rd, h.s, h.n, 7);
        free(h.s);
        if (!sentence) rest = next ? cmark_node_next(next) : NULL;
    }
    if (st || !rest) return st;
    locus_buf b = {0};
    inline_text(rest, NULL, &b);
    locus_passage loc = locate(rd, n);
    if (b.oom) st = locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory");
    else st = locus_release_add_block(rd->r, rd->section, b.s ? b.s : "", b.n, &loc, rd->err);
    free(b.s);
    return st;
}

static locus_status walk(reader *rd, cmark_node *root) {
    cmark_iter *it = cmark_iter_new(root);
    if (!it) return locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory");
    locus_status st = LOCUS_OK;
    cmark_event_type ev;
    while (!st && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        const char *ts = cmark_node_get_type_string(n);
        if (t == CMARK_NODE_HEADING) {
            locus_buf b = {0};
            inline_text(cmark_node_first_child(n), NULL, &b);
            st = b.oom ? locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory")
                       : b.n ? heading(rd, b.s, b.n, cmark_node_get_heading_level(n)) : LOCUS_OK;
            free(b.s);
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);  /* its inlines are done */
        } else if (t == CMARK_NODE_PARAGRAPH) {
            st = paragraph(rd, n);
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        } else if (t == CMARK_NODE_CODE_BLOCK) {
            const char *lit = cmark_node_get_literal(n);
            locus_passage loc = locate(rd, n);
            st = locus_release_add_text(rd->r, rd->section, lit ? lit : "", lit ? strlen(lit) : 0,
                                        &loc, rd->err);
        } else if (!strcmp(ts, "table_row") || !strcmp(ts, "table_header")) {
            locus_buf b = {0};
            block_text(n, &b);
            locus_passage loc = locate(rd, n);
            st = b.oom ? locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory")
                       : locus_release_add_block(rd->r, rd->section, b.s ? b.s : "", b.n, &loc, rd->err);
            free(b.s);
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        }
    }
    cmark_iter_free(it);
    return st;
}

/* ---- pieces -------------------------------------------------------------------------------- */

/* The most bytes cmark parses at once: its tree of a piece costs up to 200 times the piece
 * (emphasis or containers nested on every line), so a large release is read in pieces. */
#define LOCUS_MARKDOWN_PIECE (256u * 1024u)

/* Whether the line at S (up to E) opens or closes a fenced code block: up to 3 spaces, then
 * three or more ` or ~. */
static bool fence_line(const char *s, const char *e) {
    int sp = 0;
    while (s < e && *s == ' ' && sp < 4) { s++; sp++; }
    if (sp > 3 || e - s < 3 || (*s != '`' && *s != '~')) return false;
    return s[1] == s[0] && s[2] == s[0];
}

/* Where the piece of TEXT that starts at A (of LEN bytes) ends: the whole rest when it is at most
 * twice PIECE; else at the first line past A + PIECE that starts a block at the top level (a
 * line that opens with a character other than white space, after a blank line, outside fenced
 * code), so that the pieces parse as the whole would; else at the first line past A + PIECE;
 * else (one line longer than that) at white space, or a character, within the line. */
static size_t piece_end(const char *text, size_t a, size_t len, size_t piece) {
    if (len - a <= 2 * piece) return len;
    size_t soft = a + piece, hard = a + 2 * piece, first_line = 0;
    bool fenced = false, prev_blank = false;
    for (size_t i = a; i < hard;) {
        const char *nl = memchr(text + i, '\n', hard - i);
        size_t e = nl ? (size_t)(nl - text) : hard;
        if (i >= soft && i > a) {
            if (!first_line) first_line = i;
            if (!fenced && prev_blank && text[i] != ' ' && text[i] != '\t' && text[i] != '\n') return i;
        }
        if (fence_line(text + i, text + e)) fenced = !fenced;
        bool blank_line = true;
        for (size_t k = i; k < e && blank_line; k++) blank_line = text[k] == ' ' || text[k] == '\t' || text[k] == '\r';
        prev_blank = blank_line;
        if (!nl) break;
        i = e + 1;
    }
    if (first_line) return first_line;
    for (size_t i = hard; i > soft; i--)  /* one long line: at white space */
        if (text[i] == ' ' || text[i] == '\t') return i;
    size_t i = hard;
    while (i > soft && ((unsigned char)text[i] & 0xC0) == 0x80) i--;  /* not inside a character */
    return i;
}

/* cmark's tree of N bytes of S (CommonMark, GFM tables, source positions); NULL when out of
 * memory. */
static cmark_node *parse_piece(const char *s, size_t n) {
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_SOURCEPOS);
    if (!parser) return NULL;
    cmark_syntax_extension *table = cmark_find_syntax_extension("table");
    if (table) cmark_parser_attach_syntax_extension(parser, table);
    cmark_parser_feed(parser, s, n);
    cmark_node *doc = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    return doc;
}

/* ---- front matter ------------------------------------------------------------------------- */

/* The value of a front-matter line "KEY: VALUE" (quotes taken off, YAML's double-quoted escapes
 * \" \\ \_ (no-break space) \n \t \xXX \uXXXX \UXXXXXXXX undone), into a new string; NULL when
 * the line is not KEY. */
static char *front_value(const char *line, size_t len, const char *key) {
    size_t k = strlen(key);
    if (len <= k || memcmp(line, key, k) != 0 || line[k] != ':') return NULL;
    size_t a = k + 1, b = len;
    while (a < b && (line[a] == ' ' || line[a] == '\t')) a++;
    while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t' || line[b - 1] == '\r')) b--;
    char q = a < b && (line[a] == '"' || line[a] == '\'') ? line[a] : 0;
    if (q && b - a >= 2 && line[b - 1] == q) a++, b--;
    char *out = malloc(2 * (b - a) + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = a; i < b; i++) {
        if (q == '"' && line[i] == '\\' && i + 1 < b) {
            char c = line[++i];
            int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
            unsigned long cp = 0;
            int d = 0;
            for (; digits && d < digits && i + 1 + (size_t)d < b; d++) {
                char h = line[i + 1 + (size_t)d];
                int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                      : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (v < 0) break;
                cp = cp * 16 + (unsigned long)v;
            }
            if (digits && d == digits && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                i += (size_t)digits;  /* \uXXXX and friends: the character, in UTF-8 */
                if (cp < 0x80) *o++ = (char)cp;
                else if (cp < 0x800) { *o++ = (char)(0xC0 | (cp >> 6)); *o++ = (char)(0x80 | (cp & 0x3F)); }
                else if (cp < 0x10000) {
                    *o++ = (char)(0xE0 | (cp >> 12));
                    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                    *o++ = (char)(0x80 | (cp & 0x3F));
                } else {
                    *o++ = (char)(0xF0 | (cp >> 18));
                    *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                    *o++ = (char)(0x80 | (cp & 0x3F));
                }
                continue;
            }
            if (c == '_') { *o++ = (char)0xC2; *o++ = (char)0xA0; }
            else if (c == 'n' || c == 't') *o++ = ' ';
            else *o++ = c;
        } else if (q == '\'' && line[i] == '\'' && i + 1 < b && line[i + 1] == '\'') {
            *o++ = '\'';
            i++;
        } else {
            *o++ = line[i];
        }
    }
    *o = '\0';
    return out;
}

/* Reads the front matter at the top of BUF, if any: its title and date go to R. Returns the
 * number of bytes it takes (0 when none) and its lines in *LINES. */
static size_t front_matter(const char *buf, size_t len, locus_release *r, uint32_t *lines,
                           bool *oom) {
    *lines = 0;
    size_t i = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) i = 3;
    if (len - i < 4 || memcmp(buf + i, "---", 3) != 0 || (buf[i + 3] != '\n' && buf[i + 3] != '\r'))
        return 0;
    const char *nl = memchr(buf + i, '\n', len - i);
    if (!nl) return 0;
    size_t at = (size_t)(nl - buf) + 1;
    uint32_t n = 1;
    char *date = NULL, *published = NULL;
    while (at < len) {
        const char *e = memchr(buf + at, '\n', len - at);
        size_t end = e ? (size_t)(e - buf) : len, l = end - at;
        n++;
        if (l >= 3 && (!memcmp(buf + at, "---", 3) || !memcmp(buf + at, "...", 3))) {
            if (date || published) {
                const char *d = date ? date : published;
                if (!locus_date_parse(d, strlen(d), r->date)) r->date[0] = '\0';
            }
            free(date);
            free(published);
            *lines = n;
            return e ? end + 1 : len;
        }
        /* a value may go on over indented lines: join them (a double-quoted line ending in a
         * backslash goes on without a space) */
        char *joined = NULL;
        const char *line = buf + at;
        while (end < len && end + 1 < len && (buf[end + 1] == ' ' || buf[end + 1] == '\t')) {
            const char *e2 = memchr(buf + end + 1, '\n', len - end - 1);
            size_t end2 = e2 ? (size_t)(e2 - buf) : len, c = end + 1;
            while (c < end2 && (buf[c] == ' ' || buf[c] == '\t')) c++;
            if (!joined) {
                if (!(joined = malloc(len - at + 1))) { *oom = true; break; }
                memcpy(joined, buf + at, l);
            }
            if (l && joined[l - 1] == '\\') l--;
            else joined[l++] = ' ';
            memcpy(joined + l, buf + c, end2 - c);
            l += end2 - c;
            end = end2;
            e = e2;
            n++;
        }
        if (joined) line = joined;
        char *v;
        if (!r->title[0] && (v = front_value(line, l, "title"))) {
            char *t = locus_text_folded(v, strlen(v));
            free(v);
            if (!t) { *oom = true; break; }
            free(r->title);
            r->title = t;
        } else if (!date && (v = front_value(line, l, "date"))) {
            date = v;
        } else if (!published && (v = front_value(line, l, "published_time"))) {
            published = v;
        } else if (!r->language[0] && ((v = front_value(line, l, "lang")) ||
                                       (v = front_value(line, l, "language")))) {
            snprintf(r->language, sizeof r->language, "%s", v);
            free(v);
        } else if ((v = front_value(line, l, "source_url")) || (v = front_value(line, l, "url")) ||
                   (v = front_value(line, l, "source")) || (v = front_value(line, l, "canonical_url"))) {
            /* the first of them that is a web address */
            if (!r->source_url && locus_is_web_url(v)) r->source_url = v;
            else free(v);
        } else if ((v = front_value(line, l, "issuer")) || (v = front_value(line, l, "publisher")) ||
                   (v = front_value(line, l, "organization")) || (v = front_value(line, l, "author"))) {
            if (!r->issuer && v[0]) r->issuer = v;
            else free(v);
        }
        free(joined);
        if (*oom) break;
        at = end + 1;
    }
    /* no closing line: not front matter after all */
    free(date);
    free(published);
    free(r->source_url);
    free(r->issuer);
    r->source_url = r->issuer = NULL;
    if (r->title[0]) {
        free(r->title);
        r->title = strdup("");
        if (!r->title) *oom = true;
    }
    r->date[0] = '\0';
    r->language[0] = '\0';
    return 0;
}

/* ---- the reader ----------------------------------------------------------------------------- */

static locus_status markdown_parse(const char *name, const char *buf, size_t len,
                                  locus_release **out, locus_error *err) {
    *out = NULL;
    if (!name) name = "(input)";
    locus_release *r = calloc(1, sizeof *r);
    size_t bad = 0;  /* the front matter and titles are read from these bytes too */
    char *text = locus_text_sanitized(buf, len, &bad);
    size_t n_lines = 1;
    for (size_t i = 0; i < len; i++) n_lines += buf[i] == '\n';
    size_t *starts = malloc((n_lines + 1) * sizeof *starts);
    if (!r || !text || !starts || !(r->title = strdup(""))) {
        locus_release_free(r);
        free(text);
        free(starts);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    size_t k = 0;
    starts[k++] = 0;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\n') starts[k++] = i + 1;
    starts[n_lines] = len + 1;  /* one past the end, as if a line break followed */
    uint32_t fm_lines = 0;
    bool oom = false;
    size_t skip = front_matter(text, len, r, &fm_lines, &oom);
    locus_status st = oom ? locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory") : LOCUS_OK;
    if (!st) {
        reader rd = {r, starts, n_lines, fm_lines, "", !r->title[0], err, {-1, -1, -1, -1, -1, -1, -1, -1}, 0};
        /* piece by piece: cmark's tree costs up to 200 times the text it holds */
        for (size_t at = skip; !st && at < len;) {
            size_t end = piece_end(text, at, len, LOCUS_MARKDOWN_PIECE);
            cmark_node *doc = parse_piece(text + at, end - at);
            if (!doc) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "%s: out of memory", name);
            else st = walk(&rd, doc);
            cmark_node_free(doc);
            for (size_t i = at; i < end; i++) rd.line_shift += text[i] == '\n';
            at = end;
        }
        if (!st && !r->title[0]) {  /* no title anywhere: the first line with text */
            for (size_t l = fm_lines; l < n_lines && !r->title[0]; l++) {
                size_t a = starts[l], e = l + 1 < n_lines ? starts[l + 1] - 1 : len;
                char *t = locus_text_folded(text + a, e - a);
                if (!t) { st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); break; }
                free(r->title);
                r->title = t;
            }
        }
        if (!st && !r->date[0] && r->title[0]) locus_date_find(r->title, strlen(r->title), r->date);
        if (!st && !r->date[0] && locus_date_from_name(name, r->date)) r->date_from_name = 1;
        if (!st && r->n_passages == 0 && r->title[0]) {  /* only a title: it is the passage */
            locus_passage loc = {.line_start = fm_lines + 1, .line_end = fm_lines + 1,
                                 .byte_start = starts[fm_lines < n_lines ? fm_lines : 0],
                                 .kind = LOCUS_PASSAGE_BODY};
            loc.byte_end = loc.byte_start + 1;
            loc.line_offset = loc.byte_start;
            if (loc.line_start > n_lines) loc.line_start = loc.line_end = (uint32_t)n_lines;
            st = locus_release_add_text(r, "", r->title, strlen(r->title), &loc, err);
        }
    }
    free(text);
    free(starts);
    if (!st && r->n_passages == 0)
        st = locus_error_set(err, LOCUS_ERR_FORMAT, "%s: empty file, skipped", name);
    if (st) {
        locus_release_free(r);
        return st;
    }
    *out = r;
    return LOCUS_OK;
}

/* cmark-gfm's extensions register themselves in a table shared by every thread. */
static void markdown_prepare(void) { cmark_gfm_core_extensions_ensure_registered(); }

static const char *const markdown_extensions[] = {".md", ".markdown", NULL};

const locus_reader locus_markdown_reader = {
    .format = LOCUS_FORMAT_MARKDOWN,
    .name = "markdown",
    .extensions = markdown_extensions,
    .input = LOCUS_INPUT_UTF8,
    .prepare = markdown_prepare,
    .parse = markdown_parse,
};
