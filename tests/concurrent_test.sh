#!/usr/bin/env bash
# Searches never fail while locus-index rewrites the index: 150 searches run while the index
# is rebuilt over and over in small batches; each must exit 0 or 1, never 2.
# Usage: concurrent_test.sh BIN_DIR SOURCE_DIR
set -u
bin=$1
top=$2
work=$(mktemp -d)
trap 'touch "$work/stop"; wait; rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
for i in $(seq 1 10); do
  for f in "$top"/corpus/*.txt; do cp "$f" "$work/corpus/$i-$(basename "$f")"; done
done
"$bin/locus-index" -q -d "$work/index" "$work/corpus" || exit 1
( while [ ! -e "$work/stop" ]; do
    "$bin/locus-index" -q --rebuild --batch-size 10 -d "$work/index" "$work/corpus" || exit 1
  done ) &
failed=0
queries=("DFFT" "6G joint research" '"joint research" -quantum' "cables OR satellite" "regul*")
for i in $(seq 1 150); do
  q=${queries[$((i % ${#queries[@]}))]}
  "$bin/locus-search" -d "$work/index" --json -n 5 "$q" >/dev/null 2>"$work/err"
  s=$?
  if [ $s -gt 1 ]; then
    echo "search $i ($q) failed with $s: $(cat "$work/err")"
    failed=$((failed + 1))
  fi
done
echo "$((150 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
