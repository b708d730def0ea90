/* html.c - the HTML reader, through libxml2's HTML parser (which recovers from broken markup).
 *
 * - Charset: a byte-order mark, else the charset the page declares (<meta charset>,
 *   http-equiv Content-Type, an XML declaration), else UTF-8 when valid, else detected.
 * - Title: og:title, else <title> (cut to the first h1 when the title is that h1 plus a site
 *   name), else the first h1, else the first heading of any level; a site name (og:site_name,
 *   or a short last part after " | ") is cut off, and a <title> that is only the site name gives
 *   way to the h1.
 * - Date: <meta> (article:published_time, dc.date, dcterms.date, date, ...), else the first
 *   <time datetime>, else a visible date opening one of the first blocks of the page.
 * - h1-h6 start sections, nested into a heading path by level; p, li, td, dd, blockquote, pre,
 *   div and the other blocks end passages (cells of a row are joined with " | ").
 * - script, style, nav, header, footer, aside, form, noscript (and anything hidden) are not
 *   the release's text. Entities are decoded by the parser.
 * - Each passage's locator is its lines in the HTML file (a line break converts to a line break,
 *   whatever the charset).
 */
#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <locus/release.h>

#include "read/build.h"
#include "read/cite.h"
#include "read/reader.h"
#include "text/charset.h"
#include "util/date.h"
#include "util/text.h"


static bool name_is(const xmlNode *n, const char *name) {
    return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static bool name_in(const xmlNode *n, const char *const *names) {
    for (; *names; names++)
        if (name_is(n, *names)) return true;
    return false;
}

/* The value of attribute NAME of N (a new string to xmlFree), or NULL. */
static char *attr(const xmlNode *n, const char *name) {
    return (char *)xmlGetProp((xmlNode *)n, (const xmlChar *)name);
}

static bool attr_is(const xmlNode *n, const char *name, const char *value) {
    char *v = attr(n, name);
    bool is = v && !strcasecmp(v, value);
    xmlFree(v);
    return is;
}

/* Elements whose content is never the release's text. */
static const char *const dropped[] = {"script", "style", "nav", "header", "footer", "aside",
                                      "form", "noscript", "template", "svg", "math", "iframe",
                                      "object", "button", "select", "textarea", "head", NULL};

/* Whether the id or a class of N names page furniture: a token (split at spaces, '-' and '_')
 * such as "menu", "breadcrumb" or "footer", as in <div id="footer"> of pages older than <nav>. */
static bool furniture(const xmlNode *n) {
    static const char *const tokens[] = {"nav", "navi", "navbar", "navigation", "menu", "breadcrumb",
                                         "breadcrumbs", "pankuzu", "footer", "sidebar", "skip",
                                         "cookie", "cookies", "share", "social", NULL};
    static const char *const attrs[] = {"id", "class", NULL};
    bool found = false;
    for (const char *const *a = attrs; *a && !found; a++) {
        char *v = attr(n, *a);
        char *save = NULL;  /* strtok_r: the library may run in several threads */
        for (char *t = v ? strtok_r(v, " \t\n-_", &save) : NULL; t && !found; t = strtok_r(NULL, " \t\n-_", &save))
            for (const char *const *k = tokens; *k && !found; k++) found = !strcasecmp(t, *k);
        xmlFree(v);
    }
    return found;
}

static bool is_dropped(const xmlNode *n) {
    if (n->type != XML_ELEMENT_NODE) return false;
    if (name_in(n, dropped)) return true;
    if (!name_is(n, "body") && !name_is(n, "main") && !name_is(n, "article") && furniture(n)) return true;
    if (xmlHasProp((xmlNode *)n, (const xmlChar *)"hidden")) return true;
    if (attr_is(n, "aria-hidden", "true")) return true;
    static const char *const roles[] = {"navigation", "banner", "contentinfo", "complementary",
                                        "search", NULL};
    char *role = attr(n, "role");
    bool drop = false;
    for (const char *const *r = roles; role && *r && !drop; r++) drop = !strcasecmp(role, *r);
    xmlFree(role);
    return drop;
}

/* Elements that end the passage before them and start a new one. */
static const char *const blocks[] = {
    "p", "div", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "pre", "section", "article",
    "main", "table", "tr", "tbody", "thead", "tfoot", "caption", "figure", "figcaption",
    "address", "hr", "center", "details", "summary", "fieldset", "body", "html", NULL};

static int heading_level(const xmlNode *n) {
    if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
    const char *s = (const char *)n->name;
    if ((s[0] == 'h' || s[0] == 'H') && s[1] >= '1' && s[1] <= '6' && !s[2]) return s[1] - '0';
    return 0;
}

/* Appends the text of N and below (folded white space, br as a line break) to B; with PRE,
 * white space kept. Sets *first and *last to the lines of the first and last text seen. */
static void text_of(const xmlNode *n, locus_buf *b, bool pre, uint32_t *first, uint32_t *last);

static void text_node(const xmlNode *n, locus_buf *b, bool pre, uint32_t *first, uint32_t *last) {
    const char *s = (const char *)n->content;
    if (!s) return;
    bool any = false;
    uint32_t newlines = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '\n') newlines++;
        if (!isspace((unsigned char)*p)) any = true;
    }
    if (pre) {
        locus_buf_put(b, s, strlen(s));
    } else {
        for (const char *p = s; *p;) {
            if (isspace((unsigned char)*p)) {
                while (*p && isspace((unsigned char)*p)) p++;
                if (b->n && b->s[b->n - 1] != ' ' && b->s[b->n - 1] != '\n') locus_buf_put(b, " ", 1);
                continue;
            }
            const char *q = p;
            while (*q && !isspace((unsigned char)*q)) q++;
            locus_buf_put(b, p, (size_t)(q - p));
            p = q;
        }
    }
    if (any) {
        /* libxml2 gives a text node the line where it ends, or where it starts when it was
         * built from pieces (entities); it cannot start before the tag before it */
        long at = xmlGetLineNo((xmlNode *)n);
        long floor = n->parent ? xmlGetLineNo(n->parent) : 1;
        for (const xmlNode *sib = n->prev; sib; sib = sib->prev)
            if (sib->type == XML_ELEMENT_NODE) {
                long l = xmlGetLineNo((xmlNode *)sib);
                if (l > floor) floor = l;
                break;
            }
        if (at > 0) {
            long start = at - (long)newlines >= floor ? at - (long)newlines : at;
            uint32_t lead = 0, trail = 0;  /* line breaks before and after the words */
            const char *p = s;
            for (; *p && isspace((unsigned char)*p); p++) lead += *p == '\n';
            const char *q = s + strlen(s);
            while (q > p && isspace((unsigned char)q[-1])) trail += *--q == '\n';
            uint32_t a = (uint32_t)(start > 0 ? start : 1) + lead;
            uint32_t e = (uint32_t)(start > 0 ? start : 1) + newlines - trail;
            if (e < a) e = a;
            if (!*first) *first = a;
            if (e > *last) *last = e;
        }
    }
}

static void text_of(const xmlNode *n, locus_buf *b, bool pre, uint32_t *first, uint32_t *last) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) text_node(c, b, pre, first, last);
        else if (c->type == XML_ELEMENT_NODE && !is_dropped(c)) {
            if (name_is(c, "br")) locus_buf_put(b, "\n", 1);
            else text_of(c, b, pre || name_is(c, "pre"), first, last);
        }
    }
}

typedef struct reader {
    locus_release *r;
    locus_error *err;
    locus_status st;
    locus_buf text;                 /* the passage being gathered */
    uint32_t first, last;      /* its lines */
    bool in_row;               /* inside a table row: cells are joined */
    const char *section;
    int32_t open[8];           /* the section open at each heading level (1-6), -1 */
    const char *title;         /* the release's title: an h1 equal to it is not a section */
    int blocks_seen;           /* blocks read so far, for a visible date near the top */
    size_t n_lines;
} reader;

static locus_passage locator(const reader *rd, uint32_t first, uint32_t last) {
    locus_passage p = {0};
    if (!first) first = last ? last : 1;
    if (last < first) last = first;
    if (rd->n_lines && last > rd->n_lines) last = (uint32_t)rd->n_lines;
    if (first > last) first = last;
    p.line_start = first;
    p.line_end = last;
    p.kind = LOCUS_PASSAGE_BODY;
    return p;
}

/* Whether the block S (after an optional label such as "Date:" or "Published") opens with a
 * date; the date into ISO and the bytes of S it covers into *used. */
static bool date_line(const char *s, size_t n, char iso[11], size_t *used) {
    static const char *const labels[] = {"date:", "dated:", "published:", "published",
                                         "released:", "released", "issued:", "issued",
                                         "updated:", "posted:", "posted", "press release",
                                         "\xE7\x99\xBA\xE8\xA1\xA8\xE6\x97\xA5\xEF\xBC\x9A", /* 発表日： */
                                         NULL};
    size_t i = 0;
    for (const char *const *l = labels; *l; l++) {
        size_t k = strlen(*l);
        if (n >= k && !strncasecmp(s, *l, k)) { i = k; break; }
    }
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '|' || s[i] == '-' || s[i] == ':')) i++;
    if (i && n - i >= 2 && !memcmp(s + i, "\xC2\xB7", 2)) i += 2;  /* "Press release · 8 May" */
    while (i < n && s[i] == ' ') i++;
    size_t k = locus_date_parse(s + i, n - i, iso);
    if (!k) return false;
    *used = i + k;
    return true;
}

static void flush(reader *rd) {
    if (rd->st) return;
    if (rd->text.oom) {
        rd->st = locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory");
        return;
    }
    const char *s = rd->text.s ? rd->text.s : "";
    size_t n = rd->text.n, a = 0;
    while (a < n && isspace((unsigned char)s[a])) a++;
    if (a < n) {
        rd->blocks_seen++;
        char iso[11];
        size_t used;
        if (rd->blocks_seen <= 12 && date_line(s + a, n - a, iso, &used)) {
            if (!rd->r->date[0]) memcpy(rd->r->date, iso, 11);
            size_t rest = a + used;
            while (rest < n && (isspace((unsigned char)s[rest]) || strchr(",.|-", s[rest]))) rest++;
            if (rest == n) a = n;  /* a dateline near the top is not the release's text */
        }
    }
    if (a < n) {
        locus_passage loc = locator(rd, rd->first, rd->last);
        rd->st = locus_release_add_block(rd->r, rd->section, s + a, n - a, &loc, rd->err);
    }
    rd->text.n = 0;
    if (rd->text.s) rd->text.s[0] = '\0';
    rd->first = rd->last = 0;
}

static void heading(reader *rd, const xmlNode *n, int level) {
    locus_buf h = {0};
    uint32_t first = 0, last = 0;
    text_of(n, &h, false, &first, &last);
    char *t = h.oom ? NULL : locus_text_folded(h.s ? h.s : "", h.n);
    free(h.s);
    if (!t) {
        rd->st = locus_error_set(rd->err, LOCUS_ERR_NO_MEMORY, "out of memory");
        return;
    }
    if (*t && !(level == 1 && !strcmp(t, rd->title))) {
        int32_t parent = -1;
        for (int l = level - 1; l >= 1 && parent < 0; l--) parent = rd->open[l];
        rd->st = locus_release_add_subsection(rd->r, parent, t, strlen(t), &rd->section, rd->err);
        rd->open[level] = (int32_t)rd->r->n_sections - 1;
        for (int l = level + 1; l <= 6; l++) rd->open[l] = -1;
    } else if (*t) {  /* the title as an h1: what follows is in no section */
        rd->section = "";
        for (int l = 1; l <= 6; l++) rd->open[l] = -1;
    }
    free(t);
}

static void walk(reader *rd, const xmlNode *n, int depth) {
    for (const xmlNode *c = n->children; c && !rd->st; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            text_node(c, &rd->text, false, &rd->first, &rd->last);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || is_dropped(c)) continue;
        int level = heading_level(c);
        if (level) {
            flush(rd);
            heading(rd, c, level);
            continue;
        }
        if (name_is(c, "br")) { locus_buf_put(&rd->text, "\n", 1); continue; }
        if (name_is(c, "pre")) {
            flush(rd);
            text_of(c, &rd->text, true, &rd->first, &rd->last);
            flush(rd);
            continue;
        }
        if (name_is(c, "td") || name_is(c, "th")) {
            if (!rd->in_row) flush(rd);
            else if (rd->text.n) locus_buf_put(&rd->text, " | ", 3);
            if (depth < 400) walk(rd, c, depth + 1);
            if (!rd->in_row) flush(rd);
            continue;
        }
        bool block = name_in(c, blocks) || name_is(c, "dt") || name_is(c, "li");
        bool row = name_is(c, "tr");
        if (block) flush(rd);
        bool was_in_row = rd->in_row;
        if (row) rd->in_row = true;
        else if (block) rd->in_row = false;  /* a block inside a cell stands alone */
        if (depth < 400) walk(rd, c, depth + 1);
        else text_of(c, &rd->text, false, &rd->first, &rd->last);
        rd->in_row = was_in_row;
        if (block) flush(rd);
    }
}

/* ---- metadata ----------------------------------------------------------------------------- */

typedef struct meta {
    char *og_title, *site, *title, *h1, *heading, *date, *time, *lang;
    char *canonical, *og_url, *base, *publisher, *author;  /* for citing the page */
    uint32_t title_line, h1_line;
} meta;

static char *folded_text(const xmlNode *n, uint32_t *line) {
    locus_buf b = {0};
    uint32_t first = 0, last = 0;
    text_of(n, &b, false, &first, &last);
    char *t = b.oom ? NULL : locus_text_folded(b.s ? b.s : "", b.n);
    free(b.s);
    if (line) *line = first;
    return t;
}

static bool is_date_meta(const char *key) {
    static const char *const keys[] = {"article:published_time", "og:published_time",
        "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued",
        "dcterms.created", "date", "pubdate", "publishdate", "publish-date", "publication_date",
        "citation_publication_date", "citation_date", "datepublished", "sailthru.date",
        "parsely-pub-date", NULL};
    for (const char *const *k = keys; *k; k++)
        if (!strcasecmp(key, *k)) return true;
    return false;
}

/* Reads the metadata of the page below N into M (first found wins). */
static void read_meta(const xmlNode *n, meta *m, bool skipped) {
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (name_is(c, "html") && !m->lang) {
            char *l = attr(c, "lang");
            if (!l) l = attr(c, "xml:lang");
            if (l && *l) m->lang = strdup(l);
            xmlFree(l);
        }
        if (name_is(c, "meta")) {
            char *key = attr(c, "property");
            if (!key) key = attr(c, "name");
            if (!key) key = attr(c, "itemprop");
            char *content = key ? attr(c, "content") : NULL;
            if (key && content && *content) {
                if (!strcasecmp(key, "og:title") && !m->og_title) m->og_title = locus_text_folded(content, strlen(content));
                else if (!strcasecmp(key, "og:site_name") && !m->site) m->site = locus_text_folded(content, strlen(content));
                else if (is_date_meta(key) && !m->date) m->date = strdup(content);
                else if (!strcasecmp(key, "og:url") && !m->og_url) m->og_url = strdup(content);
                else if ((!strcasecmp(key, "dc.publisher") || !strcasecmp(key, "dcterms.publisher") ||
                          !strcasecmp(key, "publisher") || !strcasecmp(key, "citation_publisher")) &&
                         !m->publisher)
                    m->publisher = locus_text_folded(content, strlen(content));
                else if ((!strcasecmp(key, "author") || !strcasecmp(key, "dc.creator")) && !m->author)
                    m->author = locus_text_folded(content, strlen(content));
            }
            xmlFree(key);
            xmlFree(content);
        } else if (name_is(c, "link") && !m->canonical) {
            char *rel = attr(c, "rel"), *href = rel ? attr(c, "href") : NULL;
            if (rel && href && !strcasecmp(rel, "canonical") && *href) m->canonical = strdup(href);
            xmlFree(rel);
            xmlFree(href);
        } else if (name_is(c, "base") && !m->base) {
            char *href = attr(c, "href");
            if (href && *href) m->base = strdup(href);
            xmlFree(href);
        } else if (name_is(c, "title") && !m->title) {
            m->title = folded_text(c, &m->title_line);
        } else if (name_is(c, "time") && !m->time && !skipped) {
            char *dt = attr(c, "datetime");
            if (dt && *dt) m->time = strdup(dt);
            xmlFree(dt);
        } else if (heading_level(c) && !skipped) {
            if (heading_level(c) == 1 && !m->h1) m->h1 = folded_text(c, &m->h1_line);
            else if (!m->heading) m->heading = folded_text(c, NULL);
        }
        /* the date in a <time> of the page's footer or navigation is not the release's */
        bool skip_below = skipped || name_is(c, "footer") || name_is(c, "nav") || name_is(c, "aside") ||
                          name_is(c, "script") || name_is(c, "style");
        read_meta(c, m, skip_below);
    }
}

static void meta_free(meta *m) {
    free(m->og_title); free(m->site); free(m->title); free(m->h1); free(m->heading);
    free(m->date); free(m->time); free(m->lang);
    free(m->canonical); free(m->og_url); free(m->base); free(m->publisher); free(m->author);
}

/* Where the page is published: its canonical link, else og:url, else its <base> (web addresses
 * only: a relative link says nothing of where the page is), into R; and who issued it: the
 * publisher, else the site's name, else the author. */
static bool cite_page(const meta *m, locus_release *r) {
    const char *urls[] = {m->canonical, m->og_url, m->base};
    for (size_t k = 0; k < 3 && !r->source_url; k++)
        if (urls[k] && locus_is_web_url(urls[k]) && !(r->source_url = strdup(urls[k]))) return false;
    const char *by = m->publisher ? m->publisher : m->site ? m->site : m->author;
    if (by && *by && !(r->issuer = strdup(by))) return false;
    return true;
}

/* Cuts a site name off the title T, in place: the part after the last separator (" | ", "｜",
 * " :: ", " » ", " — ", " – ", " - ") when it is SITE (og:site_name); without SITE, after the
 * last strong separator (all but the dashes) when that part is at most 60 bytes and shorter than
 * the rest, itself at least 16 bytes. A site name before the first separator goes when it is SITE. */
static void strip_site_name(char *t, const char *site) {
    static const char *const seps[] = {" | ", "\xef\xbd\x9c", " :: ", " \xc2\xbb ", " \xe2\x80\x94 ",
                                       " \xe2\x80\x93 ", " - "};
    static const size_t n_strong = 4;
    size_t len = strlen(t);
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
        size_t sl = strlen(seps[k]);
        char *last = NULL;
        for (char *q = strstr(t, seps[k]); q; q = strstr(q + 1, seps[k])) last = q;
        if (!last || last == t) continue;
        const char *tail = last + sl;
        size_t tl = strlen(tail), head = (size_t)(last - t);
        while (*tail == ' ') { tail++; tl--; }
        if ((site && *site && !strcasecmp(tail, site)) || (k < n_strong && tl <= 60 && tl < head && head >= 16)) {
            *last = '\0';
            len = head;
            break;
        }
    }
    if (!site || !*site) return;
    size_t sn = strlen(site);
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
        size_t sl = strlen(seps[k]);
        if (len > sn + sl && !strncasecmp(t, site, sn) && !strncmp(t + sn, seps[k], sl)) {
            memmove(t, t + sn + sl, len - sn - sl + 1);
            return;
        }
    }
}

/* The page's title: og:title; else <title>, cut to the first h1 when it is that h1 and a site
 * name ("Joint statement | Ministry"); else the h1; else the first heading. A site name is cut
 * off og:title and <title> (strip_site_name), and a <title> that is only the site name gives
 * way to the h1. */
static const char *choose_title(meta *m) {
    if (m->og_title) strip_site_name(m->og_title, m->site);
    if (m->title) strip_site_name(m->title, m->site);
    if (m->og_title && *m->og_title && !(m->site && !strcasecmp(m->og_title, m->site)))
        return m->og_title;
    bool only_site = m->title && m->site && !strcasecmp(m->title, m->site);
    if (m->title && *m->title && !(only_site && m->h1 && *m->h1)) {
        if (m->h1 && *m->h1 && strlen(m->h1) < strlen(m->title) && strstr(m->title, m->h1)) return m->h1;
        return m->title;
    }
    if (m->h1 && *m->h1) return m->h1;
    if (m->heading && *m->heading) return m->heading;
    return m->title ? m->title : "";
}

/* The charset a page declares in its first 4 KiB: charset=NAME (a <meta> or http-equiv) or an
 * XML declaration's encoding="NAME"; "" when none. */
static void declared_charset(const char *buf, size_t len, char out[LOCUS_CHARSET_NAME_MAX]) {
    out[0] = '\0';
    size_t n = len < 4096 ? len : 4096;
    static const char *const keys[] = {"charset=", "encoding=", NULL};
    for (const char *const *k = keys; *k && !out[0]; k++) {
        size_t kl = strlen(*k);
        for (size_t i = 0; i + kl < n; i++) {
            if (strncasecmp(buf + i, *k, kl)) continue;
            size_t a = i + kl;
            while (a < n && (buf[a] == '"' || buf[a] == '\'' || buf[a] == ' ')) a++;
            size_t b = a;
            while (b < n && b - a < LOCUS_CHARSET_NAME_MAX - 1 &&
                   (isalnum((unsigned char)buf[b]) || strchr("-_.:", buf[b])))
                b++;
            if (b > a) {
                memcpy(out, buf + a, b - a);
                out[b - a] = '\0';
                break;
            }
        }
    }
}

static locus_status html_parse(const char *name, const char *buf, size_t len,
                              locus_release **out, locus_error *err) {
    *out = NULL;
    if (!name) name = "(input)";
    char declared[LOCUS_CHARSET_NAME_MAX];
    declared_charset(buf, len, declared);
    locus_decoded dec;
    locus_status st = locus_charset_to_utf8(buf, len, declared[0] ? declared : NULL, &dec, err);
    if (st) return st;
    const char *text = dec.text ? dec.text : buf;
    size_t text_len = dec.text ? dec.len : len;
    size_t bad = 0;
    char *clean = locus_text_sanitized(text, text_len, &bad);  /* valid UTF-8 for the parser */
    locus_release *r = calloc(1, sizeof *r);
    if (!clean || !r) {
        free(clean); free(r); free(dec.text);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    if (text_len >= 3 && !memcmp(clean, "\xEF\xBB\xBF", 3)) clean[0] = clean[1] = clean[2] = ' ';
    size_t n_lines = 1;
    for (size_t i = 0; i < text_len; i++) n_lines += clean[i] == '\n';
    htmlDocPtr doc = text_len > INT32_MAX ? NULL
        : htmlReadMemory(clean, (int)text_len, NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
    free(clean);
    r->format = LOCUS_FORMAT_HTML;
    if (dec.text) snprintf(r->charset, sizeof r->charset, "%s", dec.charset);
    free(dec.text);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc) xmlFreeDoc(doc);
        locus_release_free(r);
        return locus_error_set(err, LOCUS_ERR_FORMAT, "%s: no HTML content, skipped", name);
    }
    meta m = {0};
    read_meta((xmlNode *)doc, &m, false);
    const char *title = choose_title(&m);
    if (!(r->title = strdup(title))) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    r->title_line = title == m.h1 ? m.h1_line : m.title_line ? m.title_line : 1;
    /* libxml2's line numbers are its own (recovery from broken markup can count past the end:
     * found by fuzz_html); a locator stays inside the file */
    if (r->title_line > n_lines) r->title_line = (uint32_t)n_lines;
    if (m.lang) snprintf(r->language, sizeof r->language, "%s", m.lang);
    if (!st && !cite_page(&m, r)) st = locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    char iso[11];
    if (m.date && locus_date_parse(m.date, strlen(m.date), iso)) memcpy(r->date, iso, 11);
    else if (m.time && locus_date_parse(m.time, strlen(m.time), iso)) memcpy(r->date, iso, 11);
    if (!st) {
        reader rd = {.r = r, .err = err, .section = "", .title = r->title, .n_lines = n_lines};
        for (int l = 0; l < 8; l++) rd.open[l] = -1;
        xmlNode *body = NULL;
        for (xmlNode *c = root->children; c && !body; c = c->next)
            if (name_is(c, "body")) body = c;
        /* the visible page: the body, or a root without one (a fragment) minus its head */
        walk(&rd, body ? body : root, 0);
        flush(&rd);
        free(rd.text.s);
        st = rd.st;
    }
    if (!st && !r->date[0] && r->title[0]) locus_date_find(r->title, strlen(r->title), r->date);
    if (!st && !r->date[0] && locus_date_from_name(name, r->date)) r->date_from_name = 1;
    if (!st && r->n_passages == 0 && r->title[0]) {  /* only a title: it is the passage */
        locus_passage loc = {.line_start = r->title_line, .line_end = r->title_line,
                             .kind = LOCUS_PASSAGE_BODY};
        st = locus_release_add_text(r, "", r->title, strlen(r->title), &loc, err);
    }
    meta_free(&m);
    xmlFreeDoc(doc);
    if (!st && r->n_passages == 0)
        st = locus_error_set(err, LOCUS_ERR_FORMAT, "%s: no text, skipped", name);
    if (st) {
        locus_release_free(r);
        return st;
    }
    *out = r;
    return LOCUS_OK;
}

/* Whether S (LEN bytes) starts with the ASCII word W, ignoring case. */
static bool starts_with_ci(const char *s, size_t len, const char *w) {
    size_t n = strlen(w);
    return len >= n && !strncasecmp(s, w, n);
}

/* A doctype, <html> or <head> after white space, comments and an XML declaration. */
static bool html_sniff(const char *buf, size_t len) {
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
        return true;
    return false;
}

/* libxml2's parser sets up tables shared by every thread. */
static void html_prepare(void) { xmlInitParser(); }

static const char *const html_extensions[] = {".html", ".htm", ".xhtml", NULL};

const locus_reader locus_html_reader = {
    .format = LOCUS_FORMAT_HTML,
    .name = "html",
    .extensions = html_extensions,
    .input = LOCUS_INPUT_MARKUP,
    .sniff = html_sniff,
    .prepare = html_prepare,
    .parse = html_parse,
};
