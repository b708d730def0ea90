/* status.h - how errors travel in liblocus: a status code plus a one-line message in a
 * caller-owned locus_error. The library never prints and never exits; the programs print
 * err.message and choose the exit code. */
#ifndef LOCUS_STATUS_H
#define LOCUS_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum locus_status {
    LOCUS_OK = 0,
    LOCUS_ERR_INVALID,      /* bad argument or option value */
    LOCUS_ERR_IO,           /* a file could not be read or written */
    LOCUS_ERR_FORMAT,       /* input that is not a release (binary, empty, ...) */
    LOCUS_ERR_QUERY,        /* a query that cannot be parsed */
    LOCUS_ERR_NO_MEMORY,
    LOCUS_ERR_NO_INDEX,     /* the index does not exist */
    LOCUS_ERR_LOCKED,       /* another process is writing the index */
    LOCUS_ERR_INCOMPATIBLE, /* the index was built with other settings or by another version */
    LOCUS_ERR_INDEX,        /* any other failure of the index (its database) */
    LOCUS_ERR_PERMISSION,   /* the index or a file may not be read or written by this user */
    LOCUS_ERR_INTERRUPTED   /* stopped on request (a signal) before it finished */
} locus_status;

/* Caller-owned; filled by a failing call. */
typedef struct locus_error {
    locus_status status;
    size_t column;      /* for LOCUS_ERR_QUERY: 1-based character column in the query; else 0 */
    int filter;         /* for LOCUS_ERR_QUERY: 1 when a filter (date:) cannot be read, which no
                           plain-words reading of the query may drop; else 0 */
    char message[768];
} locus_error;

/* A short constant name for STATUS. Never NULL. */
const char *locus_status_string(locus_status status);

/* Sets ERR (may be NULL) to STATUS and a printf-formatted message; returns STATUS. */
locus_status locus_error_set(locus_error *err, locus_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears ERR (may be NULL); returns LOCUS_OK. */
locus_status locus_error_clear(locus_error *err);

#ifdef __cplusplus
}
#endif

#endif
