#include <jansson.h>
#include <stdlib.h>

#include "printer.h"

/* The version of the JSON Lines record; fields are only ever added. */
#define LOCUS_JSON_SCHEMA 1

static void json_hit(printer *p, const locus_hit *h, const char *path) {
    const locus_record *r = &h->rec;
    json_t *o = json_object();
    json_t *terms = json_array(), *spans = json_array();
    for (size_t i = 0; i < h->n_terms; i++) json_array_append_new(terms, json_string(h->terms[i]));
    for (size_t i = 0; i < h->n_spans; i++)
        json_array_append_new(spans, json_pack("[II]", (json_int_t)h->spans[i].start,
                                               (json_int_t)h->spans[i].end));
    json_object_set_new(o, "schema", json_integer(LOCUS_JSON_SCHEMA));
    json_object_set_new(o, "rank", json_integer(h->rank));
    json_object_set_new(o, "score", json_real(h->score));
    json_object_set_new(o, "path", json_string(path));
    json_object_set_new(o, "line_start", json_integer(r->line_start));
    json_object_set_new(o, "line_end", json_integer(r->line_end));
    json_object_set_new(o, "byte_start", json_integer((json_int_t)r->byte_start));
    json_object_set_new(o, "byte_end", json_integer((json_int_t)r->byte_end));
    json_object_set_new(o, "date", r->date[0] ? json_string(r->date) : json_null());
    json_object_set_new(o, "title", json_string(r->title));
    json_object_set_new(o, "section", json_string(r->section));
    json_object_set_new(o, "footnote", json_boolean(r->footnote));
    json_object_set_new(o, "text", json_string(r->text));
    json_object_set_new(o, "matched_terms", terms);
    json_object_set_new(o, "highlights", spans);
    json_dumpf(o, p->out, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    fputc('\n', p->out);
    json_decref(o);
}

static void json_finish(printer *p, const locus_results *res) {
    (void)res;
    fflush(p->out);
    free(p);
}

printer *printer_json_new(FILE *out) {
    printer *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->hit = json_hit;
    p->finish = json_finish;
    p->out = out;
    return p;
}
