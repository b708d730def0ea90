/* JSON Lines: one object per hit ("type": "hit"), and a "summary" object closing each query, at
 * 0 hits too (total, returned, and did_you_mean when a query matched nothing but a spelling
 * correction exists). Field list in README.md; fields are only added. */
#include <jansson.h>
#include <string.h>

#include <locus/paths.h>
#include "printer_backends.h"

/* 2: highlights and the snippet are offsets into "text" (1: into the file) */
#define LOCUS_JSON_SCHEMA 2

static void emit(FILE *f, json_t *o) {
    char *s = json_dumps(o, JSON_COMPACT);
    if (s) {
        fputs(s, f);
        fputc('\n', f);
        free(s);
    }
    json_decref(o);
}

/* "path", and for a path that is not UTF-8 (file names are bytes) "path" with each invalid
 * byte as \\xHH and "path_hex" with the exact bytes in hex. */
static void set_path(json_t *o, const char *path) {
    size_t n = strlen(path);
    if (locus_valid_utf8(path, n)) {
        json_object_set_new(o, "path", json_string(path));
        return;
    }
    char *shown = NULL, *hex = malloc(2 * n + 1);
    size_t len = 0;
    FILE *m = open_memstream(&shown, &len);
    if (m) {
        locus_fputs_escaped(path, m);
        fclose(m);
    }
    if (hex)
        for (size_t i = 0; i < n; i++) snprintf(hex + 2 * i, 3, "%02x", (unsigned char)path[i]);
    if (shown) json_object_set_new(o, "path", json_string(shown));
    if (hex) json_object_set_new(o, "path_hex", json_string(hex));
    free(shown);
    free(hex);
}

/* The hit's highlights as [{"text", "start", "end"}]: the matched text and its offsets in
 * characters (code points, as jq's string slices count them) of "text". */
static json_t *marks(const locus_hit *h) {
    json_t *out = json_array();
    const char *text = h->rec.text;
    size_t len = strlen(text), at = 0, chars = 0;  /* chars: the characters before byte AT */
    for (size_t i = 0; i < h->n_spans; i++) {
        size_t a = (size_t)h->spans[i].start, b = (size_t)h->spans[i].end;
        if (a > len) a = len;
        if (b > len) b = len;
        if (b < a) b = a;
        if (a < at) at = chars = 0;  /* spans out of order: count again from the start */
        for (; at < a; at++) chars += ((unsigned char)text[at] & 0xC0) != 0x80;
        size_t start = chars;
        for (; at < b; at++) chars += ((unsigned char)text[at] & 0xC0) != 0x80;
        json_array_append_new(out, json_pack("{s:s%,s:I,s:I}", "text", text + a, b - a, "start",
                                             (json_int_t)start, "end", (json_int_t)chars));
    }
    return out;
}

/* The heading path of R as an array: the headings above, then the section. */
static json_t *sections(const locus_record *r) {
    json_t *headings = json_array();
    for (const char *h = r->heading_path; h && *h;) {
        const char *nl = strchr(h, '\n');
        size_t n = nl ? (size_t)(nl - h) : strlen(h);
        json_array_append_new(headings, json_stringn(h, n));
        h += n + (nl != NULL);
    }
    if (r->section[0]) json_array_append_new(headings, json_string(r->section));
    return headings;
}

/* Passages around a hit (-A/-B/-C), in file order: where each is, its sections and text. */
static json_t *context_array(const locus_record *recs, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const locus_record *r = &recs[i];
        json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:s,s:o,s:s}", "line_start", (json_int_t)r->line_start,
                              "line_end", (json_int_t)r->line_end, "byte_start", (json_int_t)r->byte_start,
                              "byte_end", (json_int_t)r->byte_end, "section", r->section, "sections",
                              sections(r), "text", r->text);
        if (o && r->page) json_object_set_new(o, "page", json_integer(r->page));
        if (o) json_array_append_new(a, o);
    }
    return a;
}

static json_t *hit_object(const printer_config *c, const printer_query *q, const locus_hit *h,
                          const char *path, const locus_context *x) {
    const locus_record *r = &h->rec;
    json_t *o = json_object();
    json_t *terms = json_array(), *spans = json_array();
    for (size_t i = 0; i < h->n_terms; i++) json_array_append_new(terms, json_string(h->terms[i]));
    for (size_t i = 0; i < h->n_spans; i++)
        json_array_append_new(spans, json_pack("[II]", (json_int_t)h->spans[i].start,
                                               (json_int_t)h->spans[i].end));
    json_object_set_new(o, "type", json_string("hit"));
    json_object_set_new(o, "schema", json_integer(LOCUS_JSON_SCHEMA));
    if (c->batch) json_object_set_new(o, "qid", json_string(q->id));
    json_object_set_new(o, "rank", json_integer(h->rank));
    json_object_set_new(o, "score", json_real(h->score));
    set_path(o, path);
    json_object_set_new(o, "line_start", json_integer(r->line_start));
    json_object_set_new(o, "line_end", json_integer(r->line_end));
    json_object_set_new(o, "byte_start", json_integer((json_int_t)r->byte_start));
    json_object_set_new(o, "byte_end", json_integer((json_int_t)r->byte_end));
    json_object_set_new(o, "date", r->date[0] ? json_string(r->date) : json_null());
    json_object_set_new(o, "title", json_string(r->title));
    json_object_set_new(o, "section", json_string(r->section));
    json_object_set_new(o, "sections", sections(r));
    if (r->format && r->format[0]) json_object_set_new(o, "format", json_string(r->format));
    if (h->n_expansions) {  /* what the acronym dictionary made the passage match */
        json_t *ex = json_array();
        for (size_t k = 0; k < h->n_expansions; k++) {
            json_t *e = json_object();
            json_object_set_new(e, "query", json_string(h->expansions[k].from));
            json_object_set_new(e, "matched", json_string(h->expansions[k].to));
            json_array_append_new(ex, e);
        }
        json_object_set_new(o, "expansions", ex);
    }
    if (r->language && r->language[0]) json_object_set_new(o, "language", json_string(r->language));
    if (r->url && r->url[0]) json_object_set_new(o, "url", json_string(r->url));
    if (r->issuer && r->issuer[0]) json_object_set_new(o, "issuer", json_string(r->issuer));
    json_object_set_new(o, "footnote", json_boolean(r->footnote));
    json_object_set_new(o, "text", json_string(r->text));
    json_object_set_new(o, "matched_terms", terms);
    json_object_set_new(o, "highlights", spans);
    json_object_set_new(o, "marks", marks(h));
    size_t from = (size_t)h->snippet.start, to = (size_t)h->snippet.end;
    json_object_set_new(o, "snippet", json_pack("{s:I,s:I,s:s%}", "start", (json_int_t)from,
                                                "end", (json_int_t)to, "text", r->text + from,
                                                to - from));
    if (r->page) json_object_set_new(o, "page", json_integer(r->page));
    if (c->grouped) json_object_set_new(o, "others", json_integer(h->others));
    if (x) {
        json_object_set_new(o, "context_before", context_array(x->before, x->n_before));
        json_object_set_new(o, "context_after", context_array(x->after, x->n_after));
    }
    if (c->explain) {
        json_t *ex = json_array();
        for (size_t k = 0; k < h->n_explain; k++)
            json_array_append_new(ex, json_pack("{s:s,s:f}", "term", h->explain[k].label, "weight",
                                                h->explain[k].weight));
        json_object_set_new(o, "explain", ex);
    }
    return o;
}

void print_jsonl(const printer_config *c, const printer_query *q, const locus_results *res,
                 const char *const *paths, const locus_context *context, printer_page page) {
    for (size_t i = 0; i < res->count; i++)
        emit(c->out, hit_object(c, q, &res->hits[i], paths[i], context ? &context[i] : NULL));
    if (page.last) {  /* every query closes with its summary, at 0 hits too */
        json_t *o = json_object();
        json_object_set_new(o, "type", json_string("summary"));
        json_object_set_new(o, "schema", json_integer(LOCUS_JSON_SCHEMA));
        if (c->batch) json_object_set_new(o, "qid", json_string(q->id));
        json_object_set_new(o, "query", json_string(q->text));
        json_object_set_new(o, "total", json_integer(res->total));
        json_object_set_new(o, "returned", json_integer(res->returned));
        if (res->suggestion) json_object_set_new(o, "did_you_mean", json_string(res->suggestion));
        emit(c->out, o);
    }
}
