/* text.c - text buffers and copies for the readers (util/text.h) and the UTF-8 check
 * (<locus/text.h>). Calls nothing of locus; ICU's UTF-8 macros only. */
#include "util/text.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include <locus/text.h>

bool locus_valid_utf8(const char *s, size_t len) {
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        UChar32 cp;
        U8_NEXT((const uint8_t *)s, i, n, cp);
        if (cp < 0) return false;
    }
    return true;
}

char *locus_text_sanitized(const char *buf, size_t len, size_t *bad) {
    char *out = malloc(len + 1);
    if (!out) return NULL;
    *bad = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80) {
            out[i] = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? ' ' : (char)c;
            if (c == 0) (*bad)++;
            i++;
            continue;
        }
        int32_t j = 0, n = (int32_t)((len - i) > 4 ? 4 : (len - i));
        UChar32 cp;
        U8_NEXT((const uint8_t *)buf + i, j, n, cp);
        if (cp < 0) {
            for (int32_t k = 0; k < j; k++) out[i + (size_t)k] = '?';
            *bad += (size_t)j;
        } else if (cp <= 0x9f) {  /* a C1 control (U+0080..U+009F): two spaces */
            out[i] = out[i + 1] = ' ';
        } else {
            memcpy(out + i, buf + i, (size_t)j);
        }
        i += (size_t)j;
    }
    out[len] = '\0';
    return out;
}

char *locus_text_folded(const char *s, size_t len) {
    char *out = malloc(len + 1);
    if (!out) return NULL;
    size_t n = 0;
    bool sp = false;
    for (size_t i = 0; i < len; i++) {
        if (locus_is_blank(s[i]) || s[i] == '\n') {
            sp = true;
            continue;
        }
        if (sp && n) out[n++] = ' ';
        sp = false;
        out[n++] = s[i];
    }
    out[n] = '\0';
    return out;
}

void locus_buf_put(locus_buf *b, const char *s, size_t n) {
    if (b->oom || !n) return;
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap * 2 : 256;
        while (c < b->n + n + 1) c *= 2;
        char *p = realloc(b->s, c);
        if (!p) { b->oom = true; return; }
        b->s = p;
        b->cap = c;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

size_t locus_count_words(const char *s, size_t a, size_t b) {
    size_t n = 0;
    bool in = false;
    for (size_t i = a; i < b; i++) {
        bool sp = locus_is_blank(s[i]) || s[i] == '\n';
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

