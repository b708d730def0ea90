/* read.c - from a file to a release (<locus/release.h>): the one table of readers, the choice
 * of a reader by content and name, the charset conversion and binary check around it, and what
 * every release gets after its reader (an edition date, headings cut to size). The only file
 * that names the readers. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <locus/release.h>

#include "read/build.h"
#include "read/cite.h"
#include "read/reader.h"
#include "text/charset.h"
#include "util/date.h"

static const locus_reader *const readers[] = {&locus_text_reader, &locus_markdown_reader,
                                              &locus_html_reader, &locus_pdf_reader};
#define N_READERS (sizeof readers / sizeof readers[0])

static const locus_reader *reader_of(locus_format format) {
    for (size_t i = 0; i < N_READERS; i++)
        if (readers[i]->format == format) return readers[i];
    return &locus_text_reader;
}

static pthread_once_t prepared = PTHREAD_ONCE_INIT;

static void prepare_readers(void) {
    for (size_t i = 0; i < N_READERS; i++)
        if (readers[i]->prepare) readers[i]->prepare();
}

static bool looks_binary(const char *buf, size_t len) {
    size_t n = len < 8192 ? len : 8192, nul = 0, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == 0) nul++;
        else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ctl++;
    }
    return nul > 0 && (nul + ctl) * 10 > n; /* more than 10% NULs and control bytes */
}

locus_format locus_format_of(const char *name) {
    const char *base = name ? strrchr(name, '/') : NULL;
    base = base ? base + 1 : name ? name : "";
    const char *dot = strrchr(base, '.');
    for (size_t i = 0; dot && i < N_READERS; i++)
        for (const char *const *e = readers[i]->extensions; e && *e; e++)
            if (!strcasecmp(dot, *e)) return readers[i]->format;
    return LOCUS_FORMAT_UNKNOWN;
}

const char *locus_format_name(locus_format format) {
    for (size_t i = 0; i < N_READERS; i++)
        if (readers[i]->format == format) return readers[i]->name;
    return "unknown";
}

locus_format locus_format_by_content(const char *buf, size_t len) {
    for (size_t i = 0; i < N_READERS; i++)
        if (readers[i]->sniff && readers[i]->sniff(buf, len)) return readers[i]->format;
    return LOCUS_FORMAT_UNKNOWN;
}

locus_format locus_format_sniff(const char *name, const char *buf, size_t len) {
    locus_format by_content = locus_format_by_content(buf, len);
    if (by_content != LOCUS_FORMAT_UNKNOWN) return by_content;
    locus_format by_name = locus_format_of(name);
    /* a file named .pdf whose bytes say otherwise is read as the text it is */
    if (by_name == LOCUS_FORMAT_UNKNOWN || reader_of(by_name)->needs_signature) return LOCUS_FORMAT_TEXT;
    return by_name;
}

/* Cuts S in place to at most LOCUS_HEADING_MAX_BYTES: at the last white space past half the
 * limit (else at a UTF-8 boundary), ending in "…". */
static void shorten_heading(char *s) {
    size_t n = strlen(s), max = LOCUS_HEADING_MAX_BYTES - 3;  /* room for "…" */
    if (n <= LOCUS_HEADING_MAX_BYTES) return;
    size_t cut = max;
    while (cut > max / 2 && s[cut] != ' ') cut--;
    if (cut == max / 2) {
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    }
    memcpy(s + cut, "\xE2\x80\xA6", 4);
}

/* The reader of FORMAT on LEN bytes of BUF, given what it takes (read/reader.h). */
static locus_status parse_by_format(const char *name, const char *buf, size_t len,
                                    locus_release **out, locus_error *err) {
    *out = NULL;
    if (!name) name = "(input)";
    if (len >= UINT32_MAX)  /* offsets are kept in 32 bits */
        return locus_error_set(err, LOCUS_ERR_FORMAT, "%s: larger than 4 GiB, skipped", name);
    const locus_reader *reader = reader_of(locus_format_sniff(name, buf, len));
    if (reader->input == LOCUS_INPUT_BYTES) return reader->parse(name, buf, len, out, err);
    size_t bom;
    const char *bom_charset = locus_charset_bom(buf, len, &bom);
    bool utf16 = bom_charset && !strncmp(bom_charset, "UTF-16", 6);
    if (!utf16 && looks_binary(buf, len))
        return locus_error_set(err, LOCUS_ERR_FORMAT, "%s: binary file, skipped", name);
    if (reader->input == LOCUS_INPUT_MARKUP) {
        locus_status st = reader->parse(name, buf, len, out, err);
        if (st == LOCUS_OK)
            st = locus_release_locate_lines(*out, buf, len, utf16 ? 2 : 1,
                                            bom_charset && !strcmp(bom_charset, "UTF-16BE"), bom, err);
        if (st) { locus_release_free(*out); *out = NULL; }
        return st;
    }
    locus_decoded dec;
    locus_status st = locus_charset_to_utf8(buf, len, NULL, &dec, err);
    if (st) return st;  /* out of memory */
    const char *text = dec.text ? dec.text : buf;
    size_t text_len = dec.text ? dec.len : len;
    st = reader->parse(name, text, text_len, out, err);
    /* after a conversion, byte offsets are offsets in the converted text; lines are the same */
    if (st == LOCUS_OK && dec.text)
        st = locus_release_locate_lines(*out, buf, len, dec.unit, !strcasecmp(dec.charset, "UTF-16BE"),
                                        dec.skipped, err);
    if (st == LOCUS_OK) {
        (*out)->format = reader->format;
        if (dec.text) snprintf((*out)->charset, sizeof (*out)->charset, "%s", dec.charset);
    }
    free(dec.text);
    return st;
}

locus_status locus_release_parse(const char *name, const char *buf, size_t len,
                                 locus_release **out, locus_error *err) {
    pthread_once(&prepared, prepare_readers);
    locus_status st = parse_by_format(name, buf, len, out, err);
    if (st) return st;
    /* a heading repeats in every passage of its section, the title in every passage: bounded,
     * a long first line or heading costs linear time, not its length times the passages */
    locus_release *r = *out;
    /* a white paper's edition ("令和6年版 情報通信白書") dates it, unless a date of that year was
     * found (in the text or the file name): the first day of its year, when only the year is
     * known */
    int year = r->title ? locus_edition_year(r->title, strlen(r->title)) : 0;
    if (!year && r->n_passages) year = locus_edition_year(r->passages[0].text, strlen(r->passages[0].text));
    if (year && (!r->date[0] || atoi(r->date) != year)) {
        char tmp[24];
        snprintf(tmp, sizeof tmp, "%04d-01-01", year % 10000);
        memcpy(r->date, tmp, sizeof r->date);
        r->date_from_name = 0;
    }
    locus_release_find_citation(r);  /* what the metadata did not say, from the text */
    if (r->title) shorten_heading(r->title);
    for (size_t i = 0; i < r->n_sections; i++) shorten_heading(r->sections[i]);
    return st;
}

locus_status locus_file_read(const char *path, size_t max, char **out, size_t *len,
                             locus_error *err) {
    *out = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return locus_error_set(err, LOCUS_ERR_IO, "%s: not a regular file", path);
    }
    if ((unsigned long long)sb.st_size > max) {
        close(fd);
        return locus_error_set(err, LOCUS_ERR_IO, "%s: larger than %zu MiB, skipped", path, max >> 20);
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return locus_error_set(err, LOCUS_ERR_NO_MEMORY, "%s: out of memory", path);
    }
    while (n + 1 < cap) {  /* a file that grows while we read: keep what stat promised */
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return locus_error_set(err, LOCUS_ERR_IO, "%s: %s", path, strerror(e));
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return LOCUS_OK;
}

locus_status locus_release_read(const char *path, locus_release **out, locus_error *err) {
    *out = NULL;
    char *buf;
    size_t len;
    locus_status st = locus_file_read(path, LOCUS_RELEASE_MAX_BYTES, &buf, &len, err);
    if (st) return st;
    st = locus_release_parse(path, buf, len, out, err);
    free(buf);
    return st;
}
