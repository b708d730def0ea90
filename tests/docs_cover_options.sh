#!/bin/sh
# Every long option that --help lists is in the man page, and the man pages are valid roff.
# Usage: docs_cover_options.sh BIN_DIR SOURCE_DIR
bin=$1
top=$2
failed=0
for prog in locus-index locus-search locus-eval; do
  page="$top/docs/man/$prog.1"
  for opt in $("$bin/$prog" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
    if ! grep -q -- "$esc" "$page"; then
      echo "$prog: $opt is in --help but not in $page"
      failed=$((failed + 1))
    fi
  done
done
if command -v man >/dev/null 2>&1; then
  for page in "$top"/docs/man/*.[17]; do
    warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    [ -z "$warnings" ] || { echo "$page: $warnings"; failed=$((failed + 1)); }
  done
fi
echo "$((failed == 0 ? 1 : 0)) passed, $failed failed"
[ "$failed" -eq 0 ]
