/* cli.h - what locus's programs share on their command lines: the option a mistyped long option
 * was meant to be. */
#ifndef LOCUS_CLI_H
#define LOCUS_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The name of the long option of LONGS (ended by an entry whose name is NULL) that ARG ("--jsn"
 * or "--jsn=x"), a long option getopt did not know, was most likely meant to be
 * (locus_closest_word, <locus/paths.h>); NULL when none is that close or ARG is no long
 * option. The name is LONGS' own. */
const char *locus_closest_option(const char *arg, const struct option *longs);

/* The arguments the user keeps for PROGRAM ("search", "index" or "eval") in the configuration
 * file: the file $LOCUS_CONFIG names (none when it is set but empty), else
 * $XDG_CONFIG_HOME/locus/config (or ~/.config/locus/config) when it exists. One argument a line,
 * as on the command line ("--limit=20", "--color=always"); blank lines and lines that start with
 * '#' are skipped; "[search]", "[index]" and "[eval]" start the part of one program, and the
 * lines before any part are for every program. Into a new array *out of *n strings (freed with
 * locus_config_free; NULL and 0 when there is nothing). Fails with LOCUS_ERR_IO naming the file
 * when it cannot be read (a $LOCUS_CONFIG that does not exist included), LOCUS_ERR_INVALID
 * naming FILE:LINE for a part of no program. */
locus_status locus_config_args(const char *program, char ***out, size_t *n, locus_error *err);

/* Frees N strings of ARGS and the array. Accepts NULL. */
void locus_config_free(char **args, size_t n);

/* A program's command line *argc, *argv with PROGRAM's configured arguments
 * (locus_config_args) put first, after argv[0], so that the command line's own options come
 * later and win; unchanged when an argument before any "--" is "--no-config" (which the program
 * takes as an option that does nothing). The new array lives as long as the program. Fails
 * like locus_config_args. */
locus_status locus_config_argv(const char *program, int *argc, char ***argv, locus_error *err);

#ifdef __cplusplus
}
#endif

#endif
