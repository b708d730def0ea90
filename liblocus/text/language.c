#include "text/language.h"

#include <string.h>

/* Language codes and the Snowball algorithms of libstemmer 2.2 that stem them. */
static const struct { const char *code, *snowball; } table[] = {
    {"ar", "arabic"},     {"hy", "armenian"},   {"eu", "basque"},     {"ca", "catalan"},
    {"da", "danish"},     {"nl", "dutch"},      {"en", "english"},    {"fi", "finnish"},
    {"fr", "french"},     {"de", "german"},     {"el", "greek"},      {"hi", "hindi"},
    {"hu", "hungarian"},  {"id", "indonesian"}, {"ga", "irish"},      {"it", "italian"},
    {"lt", "lithuanian"}, {"ne", "nepali"},     {"no", "norwegian"},  {"pt", "portuguese"},
    {"ro", "romanian"},   {"ru", "russian"},    {"sr", "serbian"},    {"es", "spanish"},
    {"sv", "swedish"},    {"ta", "tamil"},      {"tr", "turkish"},    {"yi", "yiddish"},
};
#define N_TABLE (sizeof table / sizeof table[0])

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* The primary subtag of the lower-case tag LOW (2 or 3 letters, up to '-', '_' or '.') as a
 * code in OUT ("nb" and "nn" are "no"); false when LOW is no tag. */
static bool primary_subtag(const char *low, char out[LOCUS_LANG_MAX]) {
    size_t k = 0;
    while (low[k] >= 'a' && low[k] <= 'z') k++;
    if (k < 2 || k > 3 || (low[k] && low[k] != '-' && low[k] != '_' && low[k] != '.')) return false;
    memcpy(out, low, k);
    out[k] = '\0';
    if (strcmp(out, "nb") == 0 || strcmp(out, "nn") == 0) strcpy(out, "no");
    return true;
}

bool locus_language_code(const char *name, char out[LOCUS_LANG_MAX]) {
    if (!name) return false;
    size_t n = strlen(name);
    if (n == 0 || n >= 32) return false;
    char low[32];
    for (size_t i = 0; i <= n; i++) low[i] = lower(name[i]);
    if (n == 2 && low[0] >= 'a' && low[0] <= 'z' && low[1] >= 'a' && low[1] <= 'z')
        return primary_subtag(low, out);  /* a code, as most callers pass: no name has two letters */
    if (strcmp(low, "none") == 0) {
        strcpy(out, "none");
        return true;
    }
    for (size_t i = 0; i < N_TABLE; i++)
        if (strcmp(low, table[i].snowball) == 0) {
            strcpy(out, table[i].code);
            return true;
        }
    if (strcmp(low, "japanese") == 0) {
        strcpy(out, "ja");
        return true;
    }
    return primary_subtag(low, out);  /* a tag: "en-GB", "pt_BR" */
}

const char *locus_language_stemmer(const char *code) {
    if (!code) return NULL;
    for (size_t i = 0; i < N_TABLE; i++)
        if (strcmp(code, table[i].code) == 0) return table[i].snowball;
    return NULL;
}
