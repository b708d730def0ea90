#include "store/passage_record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <locus/text.h>

/* The layout, after the format byte: a flags number (bit 0 footnote, bit 1 exact), then the
 * numbers byte_start, byte_end - byte_start, line_start, line_end - line_start, line_offset,
 * ordinal, page, each an unsigned LEB128 varint (7 bits a byte, low bits first); then the
 * strings path, title, section, date, heading_path, format, language, url, issuer, text, each
 * its byte length as a varint and its bytes (no NUL). Nothing follows the text. */

enum { FLAG_FOOTNOTE = 1, FLAG_EXACT = 2 };
#define NSTRINGS 10

typedef struct {
    char *buf;
    size_t len, cap;
    int oom;
} sink;

static void put_bytes(sink *s, const void *p, size_t n) {
    if (s->oom) return;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n) cap *= 2;
        char *b = realloc(s->buf, cap);
        if (!b) { s->oom = 1; return; }
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

static void put_varint(sink *s, uint64_t v) {
    unsigned char b[10];
    size_t n = 0;
    do {
        b[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v) b[n] |= 0x80;
        n++;
    } while (v);
    put_bytes(s, b, n);
}

static void put_string(sink *s, const char *str) {
    size_t n = str ? strlen(str) : 0;
    put_varint(s, n);
    put_bytes(s, str ? str : "", n);
}

static const char *const *strings_of(const locus_record *r, const char *out[NSTRINGS]) {
    out[0] = r->path; out[1] = r->title; out[2] = r->section; out[3] = r->date;
    out[4] = r->heading_path; out[5] = r->format; out[6] = r->language; out[7] = r->url;
    out[8] = r->issuer; out[9] = r->text;
    return out;
}

locus_status locus_record_encode(const locus_record *rec, char **out, size_t *len,
                                 locus_error *err) {
    *out = NULL;
    *len = 0;
    const char *str[NSTRINGS];
    strings_of(rec, str);
    for (int i = 1; i < NSTRINGS; i++)
        if (str[i] && !locus_valid_utf8(str[i], strlen(str[i])))
            return locus_error_set(err, LOCUS_ERR_INVALID,
                                   "%s: cannot encode passage (its text is not UTF-8)",
                                   rec->path ? rec->path : "?");
    sink s = {0};
    unsigned char format = LOCUS_RECORD_FORMAT;
    put_bytes(&s, &format, 1);
    put_varint(&s, (rec->footnote ? FLAG_FOOTNOTE : 0) | (rec->exact ? FLAG_EXACT : 0));
    put_varint(&s, rec->byte_start);
    put_varint(&s, rec->byte_end >= rec->byte_start ? rec->byte_end - rec->byte_start : 0);
    put_varint(&s, rec->line_start);
    put_varint(&s, rec->line_end >= rec->line_start ? rec->line_end - rec->line_start : 0);
    put_varint(&s, rec->line_offset);
    put_varint(&s, rec->ordinal);
    put_varint(&s, rec->page);
    for (int i = 0; i < NSTRINGS; i++) put_string(&s, str[i]);
    if (s.oom) {
        free(s.buf);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    *out = s.buf;
    *len = s.len;
    return LOCUS_OK;
}

typedef struct {
    const unsigned char *p, *end;
    int bad;
} source;

static uint64_t get_varint(source *s) {
    uint64_t v = 0;
    for (unsigned shift = 0; !s->bad; shift += 7) {
        if (s->p == s->end || shift > 63) { s->bad = 1; break; }
        unsigned char b = *s->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    return 0;
}

static char *get_string(source *s, int *oom) {
    uint64_t n = get_varint(s);
    if (s->bad || n > (uint64_t)(s->end - s->p)) { s->bad = 1; return NULL; }
    char *str = malloc((size_t)n + 1);
    if (!str) { *oom = 1; return NULL; }
    memcpy(str, s->p, (size_t)n);
    str[n] = '\0';
    s->p += n;
    return str;
}

locus_status locus_record_decode(const char *data, size_t len, locus_record *rec,
                                 locus_error *err) {
    memset(rec, 0, sizeof *rec);
    if (!data || len == 0 || (unsigned char)data[0] != LOCUS_RECORD_FORMAT)
        return locus_error_set(err, LOCUS_ERR_INCOMPATIBLE, "passage data is not a locus record");
    source s = {(const unsigned char *)data + 1, (const unsigned char *)data + len, 0};
    uint64_t flags = get_varint(&s);
    rec->footnote = (flags & FLAG_FOOTNOTE) != 0;
    rec->exact = (flags & FLAG_EXACT) != 0;
    rec->byte_start = get_varint(&s);
    uint64_t bytes = get_varint(&s);
    rec->byte_end = rec->byte_start + bytes;
    uint64_t line = get_varint(&s), lines = get_varint(&s);
    rec->line_offset = get_varint(&s);
    uint64_t ordinal = get_varint(&s), page = get_varint(&s);
    if (line > UINT32_MAX || lines > UINT32_MAX - line || ordinal > UINT32_MAX ||
        page > UINT32_MAX || rec->byte_end < rec->byte_start)
        s.bad = 1;
    rec->line_start = (uint32_t)line;
    rec->line_end = (uint32_t)(line + lines);
    rec->ordinal = (uint32_t)ordinal;
    rec->page = (uint32_t)page;
    int oom = 0;
    char **str[NSTRINGS] = {&rec->path, &rec->title, &rec->section, &rec->date,
                            &rec->heading_path, &rec->format, &rec->language, &rec->url,
                            &rec->issuer, &rec->text};
    for (int i = 0; i < NSTRINGS && !s.bad && !oom; i++) *str[i] = get_string(&s, &oom);
    if (s.p != s.end) s.bad = 1;
    if (s.bad || oom) {
        locus_record_release(rec);
        return oom ? locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory")
                   : locus_error_set(err, LOCUS_ERR_INCOMPATIBLE,
                                     "passage data is not a locus record");
    }
    return LOCUS_OK;
}

void locus_record_release(locus_record *rec) {
    if (!rec) return;
    free(rec->path);
    free(rec->title);
    free(rec->section);
    free(rec->date);
    free(rec->text);
    free(rec->heading_path);
    free(rec->format);
    free(rec->language);
    free(rec->url);
    free(rec->issuer);
    memset(rec, 0, sizeof *rec);
}
