#!/usr/bin/env bash
# A first build (a bulk build of a new index) killed at random moments, again and again, keeps
# the parts it had committed: each next run resumes it, indexing only what is missing, and the
# index it finally makes holds exactly the passages of a clean build. Kills alternate SIGKILL
# and SIGTERM, 10% to 90% of a clean build's time into a run; after each kill a search says the
# index is being built or was interrupted (exit 2), never "no index there". When a build completes the index is
# compared with the clean one, removed, and the next build starts from nothing.
# Usage: resume_test.sh BIN_DIR [SHAPE_COST]   (kills: $LOCUS_RESUME_KILLS, else 30 with
# LOCUS_LONG=1, else 10)
set -u
bin=$1
kills=${LOCUS_RESUME_KILLS:-10}
[ "${LOCUS_LONG:-0}" = 1 ] && kills=${LOCUS_RESUME_KILLS:-30}
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
corpus="$work/corpus"
mkdir -p "$corpus"
# 3,000 releases of a few paragraphs each, different words in each
awk -v dir="$corpus" 'BEGIN {
  split("spectrum cable satellite data trust privacy cloud network research standard", w, " ")
  for (i = 0; i < 3000; i++) {
    f = sprintf("%s/r%04d.txt", dir, i)
    printf "2024-%02d-%02d Release %d on %s\n\n", i % 12 + 1, i % 28 + 1, i, w[i % 10 + 1] > f
    for (p = 0; p < 4; p++)
      printf "Paragraph %d of release %d is about %s and %s policy, item %d.\n\n", p, i,
             w[(i + p) % 10 + 1], w[(i * 7 + p) % 10 + 1], i * 4 + p > f
    close(f)
  }
}'
dump() { "$bin/locus-search" -d "$1" --format=tsv -n 1000000 -- -zzzzzqqq | cut -f3- | sort; }
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
started=$(date +%s%N)
"$bin/locus-index" -q -d "$work/clean" "$corpus" || fail "clean build"
clean_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[ "$clean_ms" -ge 50 ] || clean_ms=50
want=$(dump "$work/clean")

index="$work/index"
builds=0 resumed=0
for k in $(seq 1 "$kills"); do
  sig=KILL
  [ $((k % 2)) -eq 0 ] && sig=TERM
  "$bin/locus-index" -d "$index" "$corpus" 2>"$work/err" &
  pid=$!
  # 10% to 90% into a run as long as the clean build: a faster machine is killed sooner
  delay=$(( clean_ms * ((RANDOM % 9) + 1) / 10 ))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -$sig "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  s=$?
  grep -q "resuming the build" "$work/err" && resumed=$((resumed + 1))
  if [ -e "$index/iamglass" ]; then  # the build completed before the kill
    "$bin/locus-index" --check -d "$index" >/dev/null || fail "kill $k ($sig): inconsistent index"
    [ "$(dump "$index")" = "$want" ] || fail "kill $k ($sig): the finished index differs from a clean build"
    builds=$((builds + 1))
    rm -rf "$index"
    echo "kill $k ($sig, exit $s): the build had finished; it equals the clean build"
    continue
  fi
  "$bin/locus-search" -d "$index" spectrum >/dev/null 2>"$work/serr"
  ss=$?
  if [ -e "$index" ] && { [ $ss -ne 2 ] || ! grep -qE "being built|was interrupted|no index there" "$work/serr"; }; then
    fail "kill $k ($sig): search during a first build: exit $ss: $(cat "$work/serr")"
  fi
  if [ -e "$index/bulk.tmp/progress" ] && ! grep -qE "being built|was interrupted" "$work/serr"; then
    fail "kill $k ($sig): the build had a progress note, the search did not say so: $(cat "$work/serr")"
  fi
  echo "kill $k ($sig, exit $s): $(sed 's/^locus-search: //' "$work/serr")"
done
# the last run completes what the kills left
"$bin/locus-index" -d "$index" "$corpus" 2>"$work/err" || fail "the final run: $(cat "$work/err")"
grep -q "resuming the build" "$work/err" && resumed=$((resumed + 1))
"$bin/locus-index" --check -d "$index" >/dev/null || fail "the final index is inconsistent"
[ "$(dump "$index")" = "$want" ] || fail "the final index differs from a clean build"
[ -e "$index/bulk.tmp" ] && fail "parts left after the build finished"
# a resumed run must have reused what an earlier one did (else nothing was resumed at all)
[ "$resumed" -gt 0 ] || fail "no run resumed a build in $kills kills"

# files that change or go while a first build waits to be resumed: the parts replace and prune
# them as an index would, and the result is a clean build of the changed files
rm -rf "$index"
"$bin/locus-index" -q -d "$index" "$corpus" 2>/dev/null &
pid=$!
sleep 0.5
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ -e "$index/iamglass" ]; then
  echo "changed files: the build finished before the signal; not tried"
else
  for f in $(ls "$corpus" | head -40); do printf '\nA new paragraph on zebra crossings.\n' >>"$corpus/$f"; done
  for f in $(ls "$corpus" | sed -n 200,229p); do rm "$corpus/$f"; done
  "$bin/locus-index" -d "$index" "$corpus" 2>"$work/err" || fail "resuming with changed files: $(cat "$work/err")"
  grep -q "resuming" "$work/err" || fail "not resumed: $(cat "$work/err")"
  "$bin/locus-index" -q -d "$work/clean2" "$corpus" || fail "clean build of the changed files"
  [ "$(dump "$index")" = "$(dump "$work/clean2")" ] || fail "resumed with changed files: differs from a clean build"
  echo "changed files: $(grep -o '[0-9]* added.*removed' "$work/err")"
fi
echo "$kills kills: $builds builds finished between kills, $resumed runs resumed an interrupted build"
echo "$((failed == 0 ? 1 : 0)) passed, $failed failed"
[ "$failed" -eq 0 ]
