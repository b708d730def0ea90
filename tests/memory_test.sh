#!/usr/bin/env bash
# Memory stays bounded by what the limits accept (run by scripts/test --long; skipped otherwise).
# - indexing one release of 64 MiB - 1 made of short paragraphs (the largest file accepted)
#   succeeds under a 1.2 GB address-space limit (it once needed 2.76 GB of memory);
# - `locus-search -n 1000000` over its ~56,000 passages succeeds under a 150 MB limit (results
#   stream a page at a time; it once held every hit);
# - SIGINT while that release is being written stops the run within 2 s, the index consistent.
# Usage: memory_test.sh BIN_DIR [WORK_DIR]
set -u
bin=$1
if [ "${LOCUS_LONG:-0}" != 1 ]; then
  echo "skipped: the memory test runs with scripts/test --long (LOCUS_LONG=1)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk 'BEGIN {
  srand(2); split("policy spectrum cables satellite dialogue research security network digital trust data flow ministry cooperation", w, " ");
  limit = 64 * 1024 * 1024 - 1; head = "2024-01-02 Short paragraphs\n\n"; printf "%s", head; n = length(head);
  while (1) { line = w[int(rand() * 14) + 1] " " w[int(rand() * 14) + 1] "\n\n";
              if (n + length(line) > limit) break; printf "%s", line; n += length(line) }
  while (n < limit) { printf "x"; n++ } }' >"$work/big.txt"
failed=0
size=$(stat -c %s "$work/big.txt")
echo "a release of $size bytes"
if (ulimit -v 1200000; "$bin/locus-index" -q -d "$work/index" "$work/big.txt"); then
  echo "indexed under a 1.2 GB address-space limit"
else
  echo "FAILED: indexing needed more than 1.2 GB"; failed=$((failed + 1))
fi
passages=$("$bin/locus-search" -d "$work/index" -c policy)
lines=$( (ulimit -v 150000; "$bin/locus-search" -d "$work/index" --json -n 1000000 policy) |
        grep -c '"type":"hit"')
if [ "$lines" -eq "$passages" ] && [ "$passages" -gt 10000 ]; then
  echo "all $lines hits printed under a 150 MB limit"
else
  echo "FAILED: $lines of $passages hits printed under a 150 MB limit"; failed=$((failed + 1))
fi
rm -rf "$work/index2"
"$bin/locus-index" -q -d "$work/index2" "$work/big.txt" 2>/dev/null &
pid=$!
sleep 4
start=$(date +%s%N)
kill -INT "$pid"
wait "$pid"
status=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$status" -eq 130 ] && [ "$ms" -le 2000 ] && "$bin/locus-index" --check -d "$work/index2" >/dev/null; then
  echo "SIGINT took effect in $ms ms; the index is consistent"
else
  echo "FAILED: SIGINT: exit $status after $ms ms"; failed=$((failed + 1))
fi
echo "$((3 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
