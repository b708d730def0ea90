/* walk.h - turns the paths given to locus-index into the list of release files to index. */
#ifndef LOCUS_WALK_H
#define LOCUS_WALK_H

#include <stddef.h>

typedef struct walk_file {
    char *path;    /* absolute, its folder's symbolic links resolved but not a link to the file
                      itself: the release's key in the index */
    char *shown;   /* as found (argument or argument/relative/path), for messages */
} walk_file;

typedef struct walk_list {
    walk_file *files;
    size_t count, cap;
    size_t errors;   /* paths that could not be read (already reported through the callback) */
    char **roots;    /* the folders walked, absolute: releases below them that the walk did not
                        find have disappeared */
    size_t nroots;
    size_t unsupported; /* files a walk passed over: in no format locus reads */
    const char *const *globs; /* --glob patterns ("!" in front to exclude), set by the caller */
    size_t nglobs;
} walk_list;

/* Reports a path that cannot be walked: the message is one line, without the program name. */
typedef void (*walk_error_fn)(const char *message, void *ctx);

/* Adds PATH to LIST: a file is taken whatever its name; a folder is walked recursively, in name
 * order, for the files in a format locus reads: by name (.txt .text .md .markdown .html .htm
 * .xhtml .pdf) or, for any other name, by content (a PDF or HTML file); the rest are counted in
 * LIST->unsupported. It skips hidden entries, what a .locusignore of the folder or a folder above
 * it (below PATH) leaves out, read as git reads .gitignore (a name at any depth, "/path"
 * anchored to the file's folder, "dir/" folders only, "**" any folders, "!" keeps again; the
 * last rule that matches decides, the deepest folder's last), and never follows symbolic links to folders (so a link loop cannot trap the
 * walk). LIST->globs, like ripgrep's -g, decide first: the last pattern that matches a file's
 * path below PATH (its name, for a pattern without '/') includes it whatever its name, or
 * excludes it ("!GLOB"; "!DIR/" leaves out a folder); with any including pattern, a file no
 * pattern matches is left out. Returns 0, or -1 when out of memory. */
int walk_add(walk_list *list, const char *path, walk_error_fn on_error, void *ctx);

/* Sorts LIST by absolute path and drops the files reached more than once. */
void walk_finish(walk_list *list);

/* Whether the absolute PATH lies below one of the folders LIST walked. */
int walk_covers(const walk_list *list, const char *path);

/* Whether LIST (after walk_finish) holds the absolute PATH. */
int walk_has(const walk_list *list, const char *path);

void walk_list_release(walk_list *list);

#endif
