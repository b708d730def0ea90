#!/usr/bin/env bash
# Indexing onto a full filesystem fails with a clear error and leaves the last committed index
# intact and searchable. Uses a small tmpfs when this user may mount one (root), else a
# file-size limit (ulimit -f) that makes the writes fail the same way.
# Usage: disk_full_test.sh BIN_DIR SOURCE_DIR
set -u
bin=$1
top=$2
work=$(mktemp -d)
mnt="$work/mnt"
mkdir -p "$mnt" "$work/big"
cleanup() { mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"; rm -rf "$work"; }
trap cleanup EXIT
# a corpus far too large for the space: 600 releases with long paragraphs
for i in $(seq 1 600); do
  { printf '2024-01-%02d Release %d on spectrum\n\n' $((i % 28 + 1)) "$i"
    for p in 1 2 3 4; do
      printf 'Paragraph %d of release %d: ' "$p" "$i"
      for w in $(seq 1 60); do printf 'word%d%d ' "$i" "$w"; done
      printf '\n\n'
    done; } >"$work/big/r$i.txt"
done
mode="ulimit"
if mount -t tmpfs -o size=600k tmpfs "$mnt" 2>/dev/null; then mode=tmpfs; fi
index="$mnt/index"
run_limited() {  # the command under the file-size limit (tmpfs needs none)
  if [ $mode = tmpfs ]; then "$@"; else (trap '' XFSZ; ulimit -f 600; exec "$@"); fi
}
failed=0
run_limited "$bin/locus-index" -q -d "$index" "$top/corpus" || { echo "the small corpus did not fit ($mode)"; exit 1; }
before=$("$bin/locus-search" -d "$index" -c policy)
run_limited "$bin/locus-index" -d "$index" "$work/big" 2>"$work/err"
status=$?
echo "indexing onto the full disk ($mode): exit $status: $(tail -n 1 "$work/err")"
[ $status -eq 2 ] || { echo "FAIL: want exit 2"; failed=$((failed + 1)); }
grep -q "$index" "$work/err" || { echo "FAIL: the message does not name the index"; failed=$((failed + 1)); }
if [ "$(wc -l <"$work/err")" -gt 3 ]; then echo "FAIL: too many lines"; cat "$work/err"; failed=$((failed + 1)); fi
"$bin/locus-index" --check -d "$index" || { echo "FAIL: inconsistent after the failure"; failed=$((failed + 1)); }
after=$("$bin/locus-search" -d "$index" -c policy)
[ "$before" = "$after" ] || { echo "FAIL: 'policy' matched $before passages before, $after after"; failed=$((failed + 1)); }
"$bin/locus-search" -d "$index" -q DFFT || { echo "FAIL: the committed seed is gone"; failed=$((failed + 1)); }
echo "$((5 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
