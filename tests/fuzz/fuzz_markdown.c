/* The Markdown reader on any bytes (any charset): fuzz_reader.h's invariants. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_reader("fuzz.md", data, size);
    return 0;
}
