/* hash.c - locus_content_hash (<locus/text.h>): 64-bit FNV-1a over bytes. In a file of its own so
 * that a program which only hashes (locus-search, through the record schema) does not link the
 * readers and their libraries. */
#include <locus/text.h>

uint64_t locus_content_hash(const char *buf, size_t len) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
    return h;
}
