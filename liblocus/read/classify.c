/* classify.c - what kind of passage a release holds (<locus/release.h>): a contact block, or
 * boilerplate that competes with the text (a table of contents, references, a disclaimer). The
 * writer marks such passages; searches weigh them down. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <locus/release.h>

bool locus_section_is_contact(const char *section) {
    static const char *const starts[] = {
        "contact", "media contact", "press contact", "for further information", "for more information",
        "further information", "inquiries", "enquiries", "press inquiries", "media inquiries",
        "\xE3\x81\x8A\xE5\x95\x8F\xE3\x81\x84\xE5\x90\x88\xE3\x82\x8F\xE3\x81\x9B", /* お問い合わせ */
        "\xE5\x95\x8F\xE3\x81\x84\xE5\x90\x88\xE3\x82\x8F\xE3\x81\x9B", /* 問い合わせ */
        "\xE9\x80\xA3\xE7\xB5\xA1\xE5\x85\x88", /* 連絡先 */
        "\xE7\x85\xA7\xE4\xBC\x9A\xE5\x85\x88", /* 照会先 */
    };
    if (!section) return false;
    const char *s = section;
    while (*s && (isdigit((unsigned char)*s) || *s == '.' || *s == ' ')) s++;  /* "3 連絡先" */
    size_t n = strlen(s);
    if (n > 60) return false;  /* a heading, not a sentence that mentions contacts */
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        size_t k = strlen(starts[i]);
        if (n >= k && !strncasecmp(s, starts[i], k)) return true;
    }
    return false;
}

/* Whether S (after a numbering like "7." or "IV.") starts with one of WORDS, ignoring case,
 * within a heading of at most 60 bytes. */
static bool heading_starts(const char *s, const char *const *words, size_t n_words) {
    while (*s && (isdigit((unsigned char)*s) || *s == '.' || *s == ' ')) s++;
    size_t n = strlen(s);
    if (n > 60) return false;
    for (size_t i = 0; i < n_words; i++) {
        size_t k = strlen(words[i]);
        if (n >= k && !strncasecmp(s, words[i], k)) return true;
    }
    return false;
}

/* Whether the line [a, b) of S ends in a page number after a dot leader: "Introduction .... 3". */
static bool toc_line(const char *s, size_t a, size_t b) {
    while (b > a && isspace((unsigned char)s[b - 1])) b--;
    size_t d = b;
    while (d > a && isdigit((unsigned char)s[d - 1])) d--;
    if (d == b || b - d > 4) return false;
    while (d > a && s[d - 1] == ' ') d--;
    size_t dots = 0;
    while (d > a && (s[d - 1] == '.' || s[d - 1] == ' ')) { dots += s[d - 1] == '.'; d--; }
    while (d >= a + 3 && !memcmp(s + d - 3, "\xE2\x80\xA6", 3)) { dots += 3; d -= 3; }  /* … */
    return dots >= 3;
}

/* Whether the line [a, b) of S cites: a year in parentheses ("(2023)") or "et al.". */
static bool citation_line(const char *s, size_t a, size_t b) {
    for (size_t i = a; i + 6 <= b; i++)
        if (s[i] == '(' && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
            isdigit((unsigned char)s[i + 3]) && isdigit((unsigned char)s[i + 4]) &&
            (s[i + 5] == ')' || s[i + 5] == 'a' || s[i + 5] == 'b') &&
            (s[i + 1] == '1' || s[i + 1] == '2'))
            return true;
    for (size_t i = a; i + 6 <= b; i++)
        if (!strncmp(s + i, "et al.", 6)) return true;
    return false;
}

/* Whether [a, b) of T is one person's name: two to four words, each capitalized ("Mara",
 * "A.", "O'Neil") or a particle ("van", "de"). */
static bool one_name(const char *t, size_t a, size_t b) {
    static const char *const particles[] = {"van", "von", "de", "der", "da", "di", "le", "la", "del"};
    size_t words = 0;
    for (size_t i = a; i < b;) {
        while (i < b && t[i] == ' ') i++;
        if (i == b) break;
        size_t j = i;
        while (j < b && t[j] != ' ') j++;
        bool particle = false;
        for (size_t k = 0; k < sizeof particles / sizeof *particles && !particle; k++)
            particle = strlen(particles[k]) == j - i && !strncmp(t + i, particles[k], j - i);
        if (!particle && !isupper((unsigned char)t[i])) return false;
        words++;
        i = j;
    }
    return words >= 2 && words <= 4;
}

/* Whether TEXT is one line of two or more people's names and nothing else: "Mara Lindqvist and
 * Tomas Okafor", "A. Rossi, B. Chen, C. Diaz" (not a list of people with their roles). */
static bool names_line(const char *t) {
    size_t n = strlen(t);
    if (n > 160 || !n || memchr(t, '\n', n)) return false;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)t[i]) || strchr(":;()!?", t[i])) return false;
    if (t[n - 1] == '.' && n >= 3 && t[n - 3] != ' ') return false;  /* a sentence, not "B." */
    static const char *const seps[] = {", and ", " and ", ", ", " & ", " und ", " et "};
    size_t parts = 0;
    for (size_t a = 0; a < n;) {
        size_t b = n, skip = 0;
        for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
            const char *q = strstr(t + a, seps[k]);
            if (q && (size_t)(q - t) < b) { b = (size_t)(q - t); skip = strlen(seps[k]); }
        }
        if (!one_name(t, a, b)) return false;
        parts++;
        a = b + skip;
    }
    return parts >= 2;
}

bool locus_passage_is_boilerplate(const char *section, const char *text) {
    static const char *const whole[] = {"contents", "notes", "authors", "copyright", "legal notice",
                                        "disclaimer", "literature"};
    if (section) {  /* these only as the whole heading: "Contents of the agreement" is text */
        const char *h = section;
        while (*h && (isdigit((unsigned char)*h) || *h == '.' || *h == ' ')) h++;
        size_t n = strlen(h);
        while (n && (h[n - 1] == ':' || h[n - 1] == ' ')) n--;
        for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
            if (n == strlen(whole[i]) && !strncasecmp(h, whole[i], n)) return true;
    }
    static const char *const headings[] = {
        "references", "bibliography", "works cited", "literature cited", "table of contents",
        "acknowledgement", "acknowledgment", "about the author",
        "\xE5\x8F\x82\xE8\x80\x83\xE6\x96\x87\xE7\x8C\xAE", /* 参考文献 */
        "\xE7\x9B\xAE\xE6\xAC\xA1",                         /* 目次 */
        "\xE5\x85\x8D\xE8\xB2\xAC",                         /* 免責 */
        "\xE8\xAC\x9D\xE8\xBE\x9E",                         /* 謝辞 */
    };
    if (section && heading_starts(section, headings, sizeof headings / sizeof *headings)) return true;
    if (!text) return false;
    static const char *const openings[] = {"disclaimer", "legal notice", "copyright", "\xC2\xA9",
                                           "all rights reserved",
                                           "\xE5\x85\x8D\xE8\xB2\xAC"}; /* © 免責 */
    for (size_t i = 0; i < sizeof openings / sizeof *openings; i++)
        if (!strncasecmp(text, openings[i], strlen(openings[i]))) return true;
    size_t lines = 0, toc = 0, cites = 0;
    for (size_t a = 0; text[a];) {
        const char *nl = strchr(text + a, '\n');
        size_t b = nl ? (size_t)(nl - text) : strlen(text);
        if (b > a) {
            lines++;
            toc += toc_line(text, a, b);
            cites += citation_line(text, a, b);
        }
        a = nl ? b + 1 : b;
    }
    if (lines >= 2 && (toc * 5 >= lines * 3 || cites * 5 >= lines * 3)) return true;
    return lines == 1 && names_line(text);
}
