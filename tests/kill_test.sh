#!/usr/bin/env bash
# Kills locus-index with SIGKILL at random moments while it indexes a changing corpus. After
# every kill the index must open, be consistent (each release has exactly the passages its stamp
# records; no passage without a release) and answer searches; at the end a plain re-run must
# converge to exactly the passages of a clean build. Then $LOCUS_EARLY_KILLS (20) kills in the
# first milliseconds of creating an index: the next run must complete it.
# Usage: kill_test.sh BIN_DIR SOURCE_DIR [KILLS]   (KILLS defaults to $LOCUS_KILLS or 12)
set -u
bin=$1
top=$2
kills=${3:-${LOCUS_KILLS:-12}}
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
corpus="$work/corpus"
mkdir -p "$corpus"
for i in $(seq 1 30); do
  for f in "$top"/corpus/*.txt; do
    { cat "$f"; printf '\nExtra paragraph %d of the copy, about cables, spectrum and policy in round %d.\n' "$i" "$i"; } \
      >"$corpus/$i-$(basename "$f")"
  done
done
index="$work/index"
# every passage: path, lines, section, text (the score and rank do not say what is stored)
dump() { "$bin/locus-search" -d "$1" --format=tsv -n 1000000 -- -zzzzzqqq | cut -f3- | sort; }

RANDOM=$$
failed=0
for k in $(seq 1 "$kills"); do
  # change the corpus a little: update some releases, remove one, bring another back
  for j in 1 2 3; do
    f=$(ls "$corpus" | sed -n "$((RANDOM % 420 + 1))p")
    [ -n "$f" ] && printf 'Change %d of round %d on export controls.\n' "$j" "$k" >>"$corpus/$f"
  done
  victim=$(ls "$corpus" | sed -n "$((RANDOM % 400 + 1))p")
  [ -n "$victim" ] && mv "$corpus/$victim" "$work/$victim.away"
  for back in "$work"/*.away; do
    [ -e "$back" ] && [ "$back" != "$work/$victim.away" ] && mv "$back" "$corpus/$(basename "$back" .away)"
  done
  [ $((k % 4)) -eq 1 ] && rm -rf "$index"   # sometimes from nothing
  # every third run with batches smaller than a release: each release is then written in
  # several commits under a hidden version and shown whole at the end
  batch=40
  [ $((k % 3)) -eq 0 ] && batch=3
  "$bin/locus-index" -q --batch-size $batch --lock-wait 5 -d "$index" "$corpus" 2>"$work/err" &
  pid=$!
  sleep "0.$((RANDOM % 60))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ ! -e "$index" ]; then
    echo "kill $k: before the index folder existed"
    continue
  fi
  if [ ! -e "$index/iamglass" ]; then   # killed while creating it: the next run completes it
    if ! "$bin/locus-index" -q -d "$index" "$corpus" 2>"$work/err"; then
      echo "kill $k: killed while creating; the next run FAILED: $(cat "$work/err")"
      failed=$((failed + 1))
      continue
    fi
  fi
  if ! out=$("$bin/locus-index" --check -d "$index" 2>&1); then
    echo "kill $k: INCONSISTENT: $out"
    failed=$((failed + 1))
    continue
  fi
  "$bin/locus-search" -d "$index" -c cables >/dev/null 2>"$work/serr"
  s=$?
  if [ $s -gt 1 ]; then
    echo "kill $k: search failed ($s): $(cat "$work/serr")"
    failed=$((failed + 1))
    continue
  fi
  echo "kill $k: $out"
done

# Kills in the first milliseconds of creating an index, when Xapian has written some of its
# files but not yet "iamglass": the next run must complete the index, never refuse the folder.
early=${LOCUS_EARLY_KILLS:-20}
early_failed=0
for k in $(seq 1 "$early"); do
  rm -rf "$work/early"
  "$bin/locus-index" -q -d "$work/early" "$top/corpus" 2>/dev/null &
  pid=$!
  sleep "0.00$((k % 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  left=$(ls "$work/early" 2>/dev/null | tr '\n' ' ')
  if ! "$bin/locus-index" -q -d "$work/early" "$top/corpus" 2>"$work/err" ||
     ! "$bin/locus-index" --check -d "$work/early" >/dev/null 2>>"$work/err"; then
    echo "early kill $k (left: ${left:-nothing}): the next run FAILED: $(cat "$work/err")"
    early_failed=$((early_failed + 1))
  fi
done
echo "early kills: $early, the next run completed the index after $((early - early_failed))"
failed=$((failed + early_failed))

for back in "$work"/*.away; do [ -e "$back" ] && mv "$back" "$corpus/$(basename "$back" .away)"; done
"$bin/locus-index" -q -d "$index" "$corpus" || { echo "the re-run failed"; failed=$((failed + 1)); }
"$bin/locus-index" -q -d "$work/clean" "$corpus" || { echo "the clean build failed"; failed=$((failed + 1)); }
if cmp -s <(dump "$index") <(dump "$work/clean"); then
  echo "converged: the re-run holds the same $(dump "$index" | wc -l) passages as a clean build"
else
  echo "NOT converged:"
  diff <(dump "$index") <(dump "$work/clean") | head -10
  failed=$((failed + 1))
fi
echo "$((kills + early + 1 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
