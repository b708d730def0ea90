/* fuzz.h - what every fuzz harness defines: libFuzzer's entry point. The harnesses stop the
 * process (FUZZ_CHECK) when an invariant of the code under test breaks. */
#ifndef LOCUS_FUZZ_H
#define LOCUS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                          \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                              \
        }                                                                         \
    } while (0)

#endif
