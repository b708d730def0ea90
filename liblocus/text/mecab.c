/* mecab.c - MeCab through dlopen: see mecab.h. */
#include "text/mecab.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#ifndef LOCUS_MECAB_SONAME
#define LOCUS_MECAB_SONAME "libmecab.so.2"
#endif

static struct {
    mecab_t *(*new2)(const char *arg);
    const mecab_node_t *(*sparse_tonode2)(mecab_t *m, const char *s, size_t len);
    const char *(*strerror)(mecab_t *m);
    void (*destroy)(mecab_t *m);
    char failure[256];  /* why the library is not there; empty when it is */
} lib;

static pthread_once_t loaded = PTHREAD_ONCE_INIT;

/* Loads the library once; the handle is kept for the life of the process, as MeCab's taggers
 * may live as long. */
static void load(void) {
    void *h = dlopen(LOCUS_MECAB_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(lib.failure, sizeof lib.failure, "%s", why ? why : LOCUS_MECAB_SONAME ": cannot be loaded");
        return;
    }
    /* POSIX: a function pointer comes out of dlsym as a void *, copied */
    void *f[4] = {dlsym(h, "mecab_new2"), dlsym(h, "mecab_sparse_tonode2"), dlsym(h, "mecab_strerror"),
                  dlsym(h, "mecab_destroy")};
    for (int i = 0; i < 4; i++)
        if (!f[i]) {
            snprintf(lib.failure, sizeof lib.failure, "%s: a MeCab function is missing", LOCUS_MECAB_SONAME);
            return;  /* the handle stays open: nothing of it is used */
        }
    *(void **)&lib.new2 = f[0];
    *(void **)&lib.sparse_tonode2 = f[1];
    *(void **)&lib.strerror = f[2];
    *(void **)&lib.destroy = f[3];
}

locus_status locus_mecab_new(mecab_t **out, locus_error *err) {
    *out = NULL;
    pthread_once(&loaded, load);
    if (!lib.new2)
        return locus_error_set(err, LOCUS_ERR_INVALID,
                               "Japanese text needs MeCab (Debian: libmecab2): %s", lib.failure);
    if (!(*out = lib.new2(""))) {
        const char *why = lib.strerror(NULL);
        return locus_error_set(err, LOCUS_ERR_INVALID,
                               "Japanese text needs MeCab and its IPADIC dictionary (Debian: "
                               "mecab-ipadic-utf8): %s", why && *why ? why : "MeCab failed to start");
    }
    return LOCUS_OK;
}

const mecab_node_t *locus_mecab_parse(mecab_t *m, const char *text, size_t len) {
    return lib.sparse_tonode2(m, text, len);
}

const char *locus_mecab_why(mecab_t *m) {
    const char *why = lib.strerror(m);
    return why && *why ? why : "MeCab failed";
}

void locus_mecab_free(mecab_t *m) {
    if (m) lib.destroy(m);
}
