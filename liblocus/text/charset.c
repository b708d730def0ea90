/* charset.c - text in any common charset to UTF-8: a byte-order mark or a declared charset when
 * there is one, else UTF-8 when the bytes are valid UTF-8, else what uchardet detects; converted
 * with iconv. */
#include "text/charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>
#include <unicode/utf8.h>

#include <locus/paths.h>

/* The name iconv should use for the charset NAME (as declared by a page or detected): the
 * Windows supersets browsers use for the ISO and Shift_JIS labels. */
static const char *iconv_name(const char *name) {
    static const struct { const char *label, *iconv; } map[] = {
        {"shift_jis", "CP932"},    {"shift-jis", "CP932"}, {"sjis", "CP932"},
        {"x-sjis", "CP932"},       {"ms_kanji", "CP932"},  {"windows-31j", "CP932"},
        {"iso-8859-1", "CP1252"},  {"latin1", "CP1252"},   {"us-ascii", "CP1252"},
        {"ascii", "CP1252"},       {"x-euc-jp", "EUC-JP"}, {"utf8", "UTF-8"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcasecmp(name, map[i].label)) return map[i].iconv;
    return name;
}

static bool is_utf8_name(const char *name) {
    return !strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8");
}

/* Converts LEN bytes of BUF from CHARSET to UTF-8 with iconv; a byte that does not convert
 * becomes '?' (so a wrong guess still yields valid UTF-8, never a failure). */
static locus_status convert(const char *buf, size_t len, const char *charset, char **out,
                            size_t *out_len, locus_error *err) {
    iconv_t cd = iconv_open("UTF-8", iconv_name(charset));
    if (cd == (iconv_t)-1) return locus_error_set(err, LOCUS_ERR_FORMAT, "unknown charset %s", charset);
    size_t cap = len * 3 + 16, n = 0;
    char *dst = malloc(cap);
    if (!dst) {
        iconv_close(cd);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory");
    }
    char *in = (char *)buf;
    size_t left = len;
    while (left > 0) {
        char *o = dst + n;
        size_t room = cap - n - 1;
        size_t r = iconv(cd, &in, &left, &o, &room);
        n = (size_t)(o - dst);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            char *bigger = realloc(dst, cap * 2);
            if (!bigger) { free(dst); iconv_close(cd); return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "out of memory"); }
            dst = bigger;
            cap *= 2;
            continue;
        }
        /* EILSEQ or EINVAL (a sequence cut at the end): one '?' for the byte, go on after it */
        if (n + 1 >= cap) continue;  /* made room above on the next turn */
        dst[n++] = '?';
        in++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);  /* reset the shift state */
    }
    iconv_close(cd);
    dst[n] = '\0';
    *out = dst;
    *out_len = n;
    return LOCUS_OK;
}

/* Whether BUF is UTF-8 with at most a few damaged bytes: more valid multi-byte characters than
 * invalid bytes (text in a legacy charset has almost no valid multi-byte sequences). Such a
 * file is read as UTF-8, its bad bytes shown as '?', rather than reinterpreted whole. */
static bool mostly_utf8(const char *buf, size_t len) {
    size_t valid = 0, invalid = 0, i = 0;
    while (i < len) {
        if ((unsigned char)buf[i] < 0x80) { i++; continue; }
        int32_t j = 0, n = (int32_t)((len - i) > 4 ? 4 : (len - i));
        UChar32 c;
        U8_NEXT((const uint8_t *)buf + i, j, n, c);
        if (c < 0) invalid += (size_t)j; else valid++;
        i += (size_t)j;
    }
    return valid >= invalid;
}

/* What uchardet makes of BUF; "" when it cannot tell. */
static void detect(const char *buf, size_t len, char charset[LOCUS_CHARSET_NAME_MAX]) {
    charset[0] = '\0';
    uchardet_t ud = uchardet_new();
    if (!ud) return;
    if (uchardet_handle_data(ud, buf, len) == 0) {
        uchardet_data_end(ud);
        const char *name = uchardet_get_charset(ud);
        if (name && *name) {
            strncpy(charset, name, LOCUS_CHARSET_NAME_MAX - 1);
            charset[LOCUS_CHARSET_NAME_MAX - 1] = '\0';
        }
    }
    uchardet_delete(ud);
}

const char *locus_charset_bom(const char *buf, size_t len, size_t *bom_len) {
    const unsigned char *u = (const unsigned char *)buf;
    *bom_len = 0;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return *bom_len = 3, "UTF-8";
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) return *bom_len = 2, "UTF-16LE";
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) return *bom_len = 2, "UTF-16BE";
    return NULL;
}

locus_status locus_charset_to_utf8(const char *buf, size_t len, const char *declared,
                                   locus_decoded *out, locus_error *err) {
    memset(out, 0, sizeof *out);
    out->unit = 1;
    size_t bom = 0;
    const char *from = locus_charset_bom(buf, len, &bom);
    if (!from && declared && *declared && !is_utf8_name(declared)) {
        /* a declaration is trusted unless the bytes are valid UTF-8 with some non-ASCII: pages
         * saved as UTF-8 often keep the declaration of the site they came from */
        bool ascii = true;
        for (size_t i = 0; i < len && ascii; i++) ascii = (unsigned char)buf[i] < 0x80;
        if (ascii || !locus_valid_utf8(buf, len)) from = declared;
    }
    if (!from) {
        if (mostly_utf8(buf, len)) return LOCUS_OK;
        detect(buf, len, out->charset);
        from = *out->charset && strcasecmp(out->charset, "ASCII") ? out->charset : "WINDOWS-1252";
    }
    if (is_utf8_name(from)) return LOCUS_OK;  /* a UTF-8 BOM: the reader blanks it */
    if (from != out->charset) {
        strncpy(out->charset, from, LOCUS_CHARSET_NAME_MAX - 1);
        out->charset[LOCUS_CHARSET_NAME_MAX - 1] = '\0';
    }
    if (!strncasecmp(from, "UTF-16", 6)) out->unit = 2;
    locus_status st = convert(buf + bom, len - bom, from, &out->text, &out->len, err);
    if (st == LOCUS_ERR_FORMAT && declared && from == declared) {
        /* an unknown declared charset: detect instead */
        locus_error_clear(err);
        return locus_charset_to_utf8(buf, len, NULL, out, err);
    }
    out->skipped = bom;
    return st;
}
