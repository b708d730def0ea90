/* cli.h - what locus's programs share on their command lines: the option a mistyped long option
 * was meant to be. */
#ifndef LOCUS_CLI_H
#define LOCUS_CLI_H

#include <getopt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The name of the long option of LONGS (ended by an entry whose name is NULL) that ARG ("--jsn"
 * or "--jsn=x"), a long option getopt did not know, was most likely meant to be
 * (locus_closest_word, <locus/paths.h>); NULL when none is that close or ARG is no long
 * option. The name is LONGS' own. */
const char *locus_closest_option(const char *arg, const struct option *longs);

#ifdef __cplusplus
}
#endif

#endif
