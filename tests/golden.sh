#!/bin/sh
# Golden tests: each line of golden/cases runs locus-search against an index of corpus/ and
# compares its stdout, stderr and exit status with golden/NAME.out.
# LOCUS_UPDATE_GOLDEN=1 rewrites the .out files instead (review the diff before committing).
# Usage: golden.sh BIN_DIR SOURCE_DIR
set -u
bin=$1
top=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top" || exit 2
"$bin/locus-index" -q -d "$work/index" corpus || { echo "indexing failed"; exit 1; }
failed=0
total=0
tab=$(printf '\t')
while IFS="$tab" read -r name args; do
  case "$name" in ''|'#'*) continue ;; esac
  total=$((total + 1))
  out="$work/$name.out"
  # shellcheck disable=SC2086  # the arguments are split as a shell would
  eval "set -- $args"
  # shellcheck disable=SC2086  # the wrapper is words (e.g. valgrind and its options)
  NO_COLOR="" ${LOCUS_TEST_WRAPPER:-} "$bin/locus-search" -d "$work/index" "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
  { echo "--- stdout"; cat "$work/stdout"; echo "--- stderr"; grep -v '^==[0-9]*==' "$work/stderr"; echo "--- exit $status"; } \
    | sed "s|$work/index|INDEX|g" >"$out"
  expected="tests/golden/$name.out"
  if [ "${LOCUS_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$out" "$expected"
  elif ! cmp -s "$out" "$expected"; then
    echo "FAIL $name: locus-search $args"
    diff -u "$expected" "$out" | head -40
    failed=$((failed + 1))
  fi
done < tests/golden/cases
echo "$((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
