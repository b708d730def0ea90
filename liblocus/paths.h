/* paths.h - where the index lives and how paths are shown. */
#ifndef LOCUS_PATHS_H
#define LOCUS_PATHS_H

#include "status.h"

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

#ifdef __cplusplus
}
#endif

#endif
