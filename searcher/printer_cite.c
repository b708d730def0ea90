/* Citations: --format=cite, one line per hit that names the issuing body, the release, its date,
 * the section path, the page and where it is published; and --format=csl-json, the hits as one
 * array of CSL JSON items (what Zotero imports and pandoc --citeproc renders), each passage
 * once however many queries found it. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include <locus/paths.h>
#include "printer_backends.h"

static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"};

/* The date "YYYY-MM-DD" of R as its parts; how many were read (0 when none). */
static int date_parts(const locus_record *r, int *y, int *m, int *d) {
    *y = *m = *d = 0;
    if (strlen(r->date) < 10) return 0;
    if (sscanf(r->date, "%4d-%2d-%2d", y, m, d) != 3 || *m < 1 || *m > 12) return 0;
    return 3;
}

/* One line: ISSUER, "TITLE", D Month YYYY, § SECTIONS, p. PAGE, <URL> (or the file and line when
 * the release gives no address); what is unknown is left out. */
static void cite_line(FILE *f, const printer_config *c, const printer_query *q, const locus_hit *h,
                      const char *path) {
    const locus_record *r = &h->rec;
    if (c->batch) locus_fprintf_escaped(f, "%s\t", q->id);
    if (r->issuer[0]) locus_fprintf_escaped(f, "%s, ", r->issuer);
    locus_fprintf_escaped(f, "\"%s\"", r->title[0] ? r->title : "(untitled)");
    int y, m, d;
    if (date_parts(r, &y, &m, &d)) fprintf(f, ", %d %s %d", d, months[m - 1], y);
    char *sp = heading_trail(r);
    if (sp && sp[0]) locus_fprintf_escaped(f, ", \xC2\xA7 %s", sp);
    free(sp);
    if (r->page) fprintf(f, ", p. %u", r->page);
    if (r->url[0]) locus_fprintf_escaped(f, ", <%s>", r->url);
    else {
        fputs(", ", f);
        locus_fputs_escaped(path, f);
        fprintf(f, ":%u", r->line_start);
    }
    fputc('\n', f);
}

/* The CSL JSON item of hit H (its id in ID). */
static json_t *csl_item(const locus_hit *h, const char *path, const char *id) {
    const locus_record *r = &h->rec;
    json_t *o = json_object();
    bool web = r->url[0] && (!strcmp(r->format, "html") || !strcmp(r->format, "markdown"));
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "type", json_string(web ? "webpage" : "report"));
    json_object_set_new(o, "title", json_string(r->title));
    if (r->issuer[0]) {
        json_object_set_new(o, "author", json_pack("[{s:s}]", "literal", r->issuer));
        json_object_set_new(o, "publisher", json_string(r->issuer));
    }
    int y, m, d;
    if (date_parts(r, &y, &m, &d))
        json_object_set_new(o, "issued", json_pack("{s:[[iii]]}", "date-parts", y, m, d));
    char *sp = heading_trail(r);
    if (sp && sp[0]) json_object_set_new(o, "section", json_string(sp));
    free(sp);
    if (r->page) json_object_set_new(o, "page", json_sprintf("%u", r->page));
    if (r->url[0]) json_object_set_new(o, "URL", json_string(r->url));
    if (r->language[0] && strcmp(r->language, "none"))
        json_object_set_new(o, "language", json_string(r->language));
    char *shown = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&shown, &len);
    if (mf) {  /* where the passage is on this machine */
        locus_fputs_escaped(path, mf);
        fprintf(mf, ":%u", r->line_start);
        fclose(mf);
        if (shown) json_object_set_new(o, "note", json_string(shown));
        free(shown);
    }
    return o;
}

/* Whether ID was given before (and remembers it when not). */
static bool seen(cite_state *st, const char *id) {
    for (size_t i = 0; i < st->n_ids; i++)
        if (!strcmp(st->ids[i], id)) return true;
    if (st->n_ids == st->cap_ids) {
        size_t cap = st->cap_ids ? 2 * st->cap_ids : 64;
        char **ids = realloc(st->ids, cap * sizeof *ids);
        if (!ids) return false;
        st->ids = ids;
        st->cap_ids = cap;
    }
    char *copy = strdup(id);
    if (copy) st->ids[st->n_ids++] = copy;
    return false;
}

void print_cite(const printer_config *c, cite_state *st, const printer_query *q,
                const locus_results *res, const char *const *paths) {
    FILE *f = c->out;
    for (size_t i = 0; i < res->count; i++) {
        const locus_hit *h = &res->hits[i];
        if (c->format == FORMAT_CITE) {
            cite_line(f, c, q, h, paths[i]);
            continue;
        }
        char rid[512], id[600];
        locus_release_id(h->rec.path, rid, sizeof rid);
        snprintf(id, sizeof id, "%s-%u", rid, h->rec.line_start);
        if (seen(st, id)) continue;
        json_t *o = csl_item(h, paths[i], id);
        char *s = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
        json_decref(o);
        if (!s) continue;
        fputs(st->items++ ? ",\n" : "[\n", f);
        fputs(s, f);
        free(s);
    }
}

void finish_cite(const printer_config *c, cite_state *st) {
    if (c->format == FORMAT_CSL_JSON) fputs(st->items ? "\n]\n" : "[]\n", c->out);
    for (size_t i = 0; i < st->n_ids; i++) free(st->ids[i]);
    free(st->ids);
    memset(st, 0, sizeof *st);
}
