/* paths.h - where the index lives and how paths are shown. */
#ifndef LOCUS_PATHS_H
#define LOCUS_PATHS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "status.h"
#include "text.h"  /* locus_valid_utf8, once declared here */

#ifdef __cplusplus
extern "C" {
#endif

/* The index path to use: GIVEN when not NULL, else $LOCUS_DB, else
 * $XDG_DATA_HOME/locus/index, else $HOME/.local/share/locus/index. A new string in *out,
 * freed with free(). Fails with LOCUS_ERR_INVALID when none of these is set. */
locus_status locus_index_path(const char *given, char **out, locus_error *err);

/* PATH as a person at CWD wants to read it: relative when PATH lies below CWD, else PATH.
 * Returns a pointer into PATH (no allocation). */
const char *locus_display_path(const char *path, const char *cwd);

/* How text from outside (file names, queries, messages that quote them) is shown on a terminal
 * or in a line-based format: every control character (C0, DEL, C1) and every byte of invalid
 * UTF-8 is written as an escape, \n \r \t \e or \xHH (for C1, one \xHH per byte), so that it
 * can neither move the cursor, set a window title nor break one record per line; everything else
 * is written as is. */

/* Whether S holds a character that locus_fputs_escaped escapes. */
bool locus_needs_escape(const char *s, size_t len);

/* Writes LEN bytes of S to F, escaped. */
void locus_fwrite_escaped(const char *s, size_t len, FILE *f);

/* Writes the string S to F, escaped. */
void locus_fputs_escaped(const char *s, FILE *f);

/* Format like fprintf and vfprintf, then write the whole result to F escaped. */
void locus_fprintf_escaped(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void locus_vfprintf_escaped(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* A program's message on stderr: "PROG: MESSAGE" and a line break, the message formatted whole
 * and then escaped as above, so it stays on one line whatever paths or queries it quotes. */
void locus_vsay(const char *prog, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The word of the N words WORDS closest to WORD, for "did you mean ...?": at most two letters
 * added, removed, changed or swapped away (and fewer than half of WORD), the first of equals;
 * NULL when none is that close. */
const char *locus_closest_word(const char *word, const char *const *words, size_t n);

/* The width in columns that locus_fputs_escaped gives the first LEN bytes of S, counting one
 * column per character (for placing a caret under a query). */
size_t locus_escaped_columns(const char *s, size_t len);


#ifdef __cplusplus
}
#endif

#endif
