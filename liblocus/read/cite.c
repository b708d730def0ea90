/* cite.c - the source address and issuing body of a release, from its own words (cite.h). */
#include "read/cite.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool locus_is_web_url(const char *s) {
    size_t skip = !strncasecmp(s, "https://", 8) ? 8 : !strncasecmp(s, "http://", 7) ? 7 : 0;
    if (!skip || !(isalnum((unsigned char)s[skip]) || s[skip] == '[')) return false;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
        if (*p <= ' ' || *p == 0x7f || n >= LOCUS_URL_MAX) return false;
    return true;
}

/* The address that starts at S, up to white space, without the punctuation that ends a sentence
 * or closes brackets around it, into a new string when it is a web address; else NULL. */
static char *url_at(const char *s, size_t max) {
    size_t n = 0;
    while (n < max && (unsigned char)s[n] > ' ') n++;
    while (n && strchr(".,;:!?)]>'\"", s[n - 1])) n--;
    if (n < 10 || n > LOCUS_URL_MAX) return NULL;
    char *u = malloc(n + 1);
    if (!u) return NULL;
    memcpy(u, s, n);
    u[n] = '\0';
    if (!locus_is_web_url(u)) {
        free(u);
        return NULL;
    }
    return u;
}

/* Whether the line [a, b) of T is a label such as "URL:" or "Source:" followed by an address,
 * or only an address; the address's start in *at. */
static bool url_line(const char *t, size_t a, size_t b, bool *labelled, size_t *at) {
    static const char *const labels[] = {"url:", "source:", "link:", "web:", "website:",
                                         "available at:", "original:", NULL};
    while (a < b && (t[a] == ' ' || t[a] == '\t')) a++;
    *labelled = false;
    for (const char *const *l = labels; *l; l++) {
        size_t n = strlen(*l);
        if (b - a > n && !strncasecmp(t + a, *l, n)) {
            a += n;
            while (a < b && (t[a] == ' ' || t[a] == '\t')) a++;
            *labelled = true;
            break;
        }
    }
    if (b - a < 10 || (strncasecmp(t + a, "http://", 7) && strncasecmp(t + a, "https://", 8))) return false;
    size_t e = a;
    while (e < b && (unsigned char)t[e] > ' ') e++;
    while (e < b && (t[e] == ' ' || t[e] == '\t' || t[e] == '\r')) e++;
    *at = a;
    return e == b;  /* nothing after the address on its line */
}

/* The address of the last passages of R (up to 6 from the end): a labelled one first. */
static char *footer_url(const locus_release *r) {
    size_t from = r->n_passages > 6 ? r->n_passages - 6 : 0, bare = (size_t)-1, bare_at = 0;
    for (size_t i = r->n_passages; i-- > from;) {
        const char *t = r->passages[i].text;
        for (size_t a = 0; t[a];) {
            size_t b = a;
            while (t[b] && t[b] != '\n') b++;
            bool labelled;
            size_t at;
            if (url_line(t, a, b, &labelled, &at)) {
                if (labelled) return url_at(t + at, b - at);
                if (bare == (size_t)-1) { bare = i; bare_at = at; }
            }
            a = t[b] ? b + 1 : b;
        }
    }
    if (bare == (size_t)-1) return NULL;
    const char *t = r->passages[bare].text + bare_at;
    return url_at(t, strcspn(t, "\n"));
}

/* Whether the N bytes at S read as an organisation's name: an acronym in capitals ("MIC",
 * "DG CNECT"), or a name with a word organisations have. */
static bool organisation(const char *s, size_t n) {
    static const char *const words[] = {"ministry", "department", "office", "agency", "commission",
        "council", "authority", "secretariat", "bureau", "government", "cabinet", "house",
        "directorate", "administration", "institute", "committee", "embassy", "service",
        "\xe7\x9c\x81", "\xe5\xba\x81", "\xe5\xb1\x80", "minist\xc3\xa8re", "ministerium", "amt", NULL};
    size_t caps = 0, lower = 0;
    for (size_t i = 0; i < n; i++) {
        caps += isupper((unsigned char)s[i]) != 0;
        lower += islower((unsigned char)s[i]) != 0;
    }
    if (caps >= 2 && !lower) return true;
    for (const char *const *w = words; *w; w++) {
        size_t wl = strlen(*w);
        for (size_t i = 0; i + wl <= n; i++)
            if (!strncasecmp(s + i, *w, wl)) return true;
    }
    return false;
}

/* The organisation a contact passage names last: the last comma-separated part of a line that
 * lists offices ("Global Strategy Division, Global Strategy Bureau, MIC"), a short name without
 * digits or an address in it. */
static char *contact_issuer(const locus_release *r) {
    for (size_t i = r->n_passages; i-- > 0;) {
        const locus_passage *p = &r->passages[i];
        if (!p->section || !locus_section_is_contact(p->section)) continue;
        const char *t = p->text;
        for (size_t a = 0; t[a];) {
            size_t b = a;
            while (t[b] && t[b] != '\n') b++;
            size_t e = b;
            while (e > a && strchr(" \t\r.", t[e - 1])) e--;
            size_t c = e;
            while (c > a && t[c - 1] != ',') c--;
            if (c > a) {  /* a line with a comma: its last part */
                size_t s = c;
                while (s < e && (t[s] == ' ' || t[s] == '\t')) s++;
                bool ok = e > s && e - s <= 80;
                for (size_t k = s; ok && k < e; k++)
                    if (isdigit((unsigned char)t[k]) || t[k] == '@' || t[k] == '/' || t[k] == ':') ok = false;
                size_t words = 1;
                for (size_t k = s; ok && k < e; k++) words += t[k] == ' ';
                if (ok && words <= 8 && organisation(t + s, e - s)) {
                    char *out = malloc(e - s + 1);
                    if (!out) return NULL;
                    memcpy(out, t + s, e - s);
                    out[e - s] = '\0';
                    return out;
                }
            }
            a = t[b] ? b + 1 : b;
        }
    }
    return NULL;
}

void locus_release_find_citation(locus_release *r) {
    if (!r->source_url && r->n_passages) r->source_url = footer_url(r);
    if (!r->issuer && r->n_passages) r->issuer = contact_issuer(r);
}
