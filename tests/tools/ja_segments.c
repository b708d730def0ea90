/* ja_segments: prints how MeCab (IPADIC) and ICU's dictionary word break split each line of
 * Japanese text, one line each, words separated by '|', for docs/ARCHITECTURE.md's comparison.
 * Usage: ja_segments < FILE */
#include <mecab.h>
#include <stdio.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

int main(void) {
    mecab_t *m = mecab_new2("");
    if (!m) {
        fprintf(stderr, "ja_segments: %s\n", mecab_strerror(NULL));
        return 1;
    }
    char line[8192];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line) continue;
        printf("mecab: ");
        for (const mecab_node_t *n = mecab_sparse_tonode(m, line); n; n = n->next)
            if (n->stat != MECAB_BOS_NODE && n->stat != MECAB_EOS_NODE)
                printf("%.*s|", (int)n->length, n->surface);
        UChar u[8192];
        int32_t n16 = 0;
        UErrorCode ue = U_ZERO_ERROR;
        u_strFromUTF8(u, 8192, &n16, line, -1, &ue);
        UBreakIterator *bi = ubrk_open(UBRK_WORD, "ja", u, n16, &ue);
        if (U_FAILURE(ue)) return 1;
        printf("\nicu:   ");
        for (int32_t a = ubrk_first(bi), b = ubrk_next(bi); b != UBRK_DONE; a = b, b = ubrk_next(bi)) {
            char out[1024];
            int32_t n8 = 0;
            UErrorCode e2 = U_ZERO_ERROR;
            u_strToUTF8(out, sizeof out, &n8, u + a, b - a, &e2);
            printf("%.*s|", (int)n8, out);
        }
        printf("\n");
        ubrk_close(bi);
    }
    mecab_destroy(m);
    return 0;
}
