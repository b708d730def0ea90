#include <locus/status.h>

#include <stdarg.h>
#include <stdio.h>

const char *locus_status_string(locus_status status) {
    switch (status) {
    case LOCUS_OK: return "ok";
    case LOCUS_ERR_INVALID: return "invalid argument";
    case LOCUS_ERR_IO: return "input/output error";
    case LOCUS_ERR_FORMAT: return "not a release";
    case LOCUS_ERR_QUERY: return "query error";
    case LOCUS_ERR_NO_MEMORY: return "out of memory";
    case LOCUS_ERR_NO_INDEX: return "no index";
    case LOCUS_ERR_LOCKED: return "index locked";
    case LOCUS_ERR_INCOMPATIBLE: return "incompatible index";
    case LOCUS_ERR_INDEX: return "index error";
    case LOCUS_ERR_PERMISSION: return "permission denied";
    case LOCUS_ERR_INTERRUPTED: return "interrupted";
    }
    return "unknown status";
}

locus_status locus_error_set(locus_error *err, locus_status status, const char *fmt, ...) {
    if (err) {
        err->status = status;
        err->column = 0;
        err->filter = 0;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

locus_status locus_error_clear(locus_error *err) {
    if (err) {
        err->status = LOCUS_OK;
        err->column = 0;
        err->message[0] = '\0';
    }
    return LOCUS_OK;
}
