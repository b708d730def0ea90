#!/usr/bin/env bash
# Every hostile input shape of tests/tools/shape_cost.c (one huge word, one huge line, no white
# space, digits, Japanese without sentence ends, a heading per line, an acronym per sentence,
# deeply nested HTML and Markdown, unclosed Markdown emphasis, a long table, a PDF that draws
# one line over and over) costs time and memory no worse than linear: 1 MiB and 4 MiB of each,
# measured as benchmarks are (CPU time and peak RSS of locus-index). Slow, so only with
# LOCUS_LONG=1 (scripts/test --long); skipped (77) otherwise.
# In the sanitizer build (a third argument, --sanitized) growth must still be linear, but no
# bound per input byte holds under AddressSanitizer's shadow memory and quarantine.
# Usage: shapes_test.sh BIN_DIR SHAPE_COST [--sanitized]
if [ "${LOCUS_LONG:-0}" != 1 ]; then
  echo "shapes: skipped (scripts/test --long runs it)"
  exit 77
fi
"$2" "$1/locus-index" --base 1048576 --factor 4 ${3:+"$3"}
s=$?
[ $s -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $s
