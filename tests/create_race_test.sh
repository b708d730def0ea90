#!/usr/bin/env bash
# Two locus-index runs racing to create the same new index: the second must wait for the
# writers' lock and then find the index made, never refuse the half-made folder ("holds other
# files and no index"). ROUNDS times (default $LOCUS_RACES or 30).
# Usage: create_race_test.sh BIN_DIR SOURCE_DIR [ROUNDS]
set -u
bin=$1
top=$2
rounds=${3:-${LOCUS_RACES:-30}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for k in $(seq 1 "$rounds"); do
  rm -rf "$work/index"
  "$bin/locus-index" -q -d "$work/index" "$top/corpus" 2>"$work/err.a" &
  pid=$!
  "$bin/locus-index" -q -d "$work/index" "$top/corpus" 2>"$work/err.b"
  b=$?
  wait "$pid"
  a=$?
  if [ $a -ne 0 ] || [ $b -ne 0 ]; then
    echo "round $k: exits $a and $b: $(cat "$work/err.a" "$work/err.b")"
    failed=$((failed + 1))
  elif ! out=$("$bin/locus-index" --check -d "$work/index" 2>&1); then
    echo "round $k: $out"
    failed=$((failed + 1))
  fi
done
echo "$((rounds - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
