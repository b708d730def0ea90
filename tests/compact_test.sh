#!/usr/bin/env bash
# Compaction: an index that updates have grown is compacted by itself (or by --compact) into
# the same passages and the same scores, consistent and smaller; a search that opened the index
# before the swap still reads it; what a killed compaction leaves beside the index goes with the
# next writer; a compaction killed at random moments never loses the index.
# Usage: compact_test.sh BIN_DIR SOURCE_DIR
set -u
bin=$1
top=$2
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
corpus="$work/corpus"
mkdir -p "$corpus"
for i in $(seq 1 6); do
  for f in "$top"/corpus/*.txt; do
    { cat "$f"; printf '\nCopy %d adds a paragraph on cables and spectrum.\n' "$i"; } >"$corpus/$i-$(basename "$f")"
  done
done
dump() { "$bin/locus-search" -d "$1" --format=tsv -n 1000000 -- -zzzzzqqq | cut -f3- | sort; }
scores() { "$bin/locus-search" -d "$1" --format=tsv -n 5 submarine cables | cut -f1,2; }
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

db=$work/db
"$bin/locus-index" -q -d "$db" "$corpus" || fail "build"
# updates until the index has doubled: the run that sees it compacts it
compacted=0
for round in $(seq 1 12); do
  for f in "$corpus"/*.txt; do printf '\nRound %d adds a line on satellites.\n' "$round" >>"$f"; done
  "$bin/locus-index" -d "$db" "$corpus" 2>"$work/err" || fail "update $round: $(cat "$work/err")"
  if grep -q "compacted .*MB -> " "$work/err"; then compacted=1; break; fi
done
[ $compacted = 1 ] || fail "12 rounds of updates and no compaction ($(du -sb "$db" | cut -f1) bytes)"
# "compacted DB: 2.5 MB -> 1.3 MB in 0.02 s": smaller
read -r from to <<<"$(sed -n 's/.*compacted .*: \([0-9.]*\) MB -> \([0-9.]*\) MB.*/\1 \2/p' "$work/err")"
awk -v a="${from:-0}" -v b="${to:-0}" 'BEGIN { exit !(b > 0 && b < a) }' || fail "compaction message: $(cat "$work/err")"
"$bin/locus-index" --check -d "$db" >/dev/null || fail "inconsistent after compaction"
"$bin/locus-index" -q -d "$work/ref" "$corpus" || fail "reference build"
[ "$(dump "$db")" = "$(dump "$work/ref")" ] || fail "the compacted index differs from a fresh one"
[ "$(scores "$db")" = "$(scores "$work/ref")" ] || fail "scores differ: $(scores "$db") / $(scores "$work/ref")"

# --compact by hand, whatever the growth: same passages
want=$(dump "$db")
"$bin/locus-index" --compact -d "$db" 2>"$work/err" || fail "--compact: $(cat "$work/err")"
grep -q "compacted .*MB -> " "$work/err" || fail "--compact said: $(cat "$work/err")"
[ "$(dump "$db")" = "$want" ] || fail "--compact changed the passages"
"$bin/locus-index" -q --compact -d "$work/none" 2>"$work/err"
[ $? = 2 ] || fail "--compact of a missing index should exit 2"
grep -q "no index" "$work/err" || fail "--compact of a missing index said: $(cat "$work/err")"

# a search open across the swap: queries from a pipe, one before and one after --compact
mkfifo "$work/q"
"$bin/locus-search" -d "$db" --format=tsv -n 3 --batch "$work/q" >"$work/batch.out" 2>&1 &
reader=$!
exec 3>"$work/q"
echo "submarine cables" >&3
sleep 0.5
"$bin/locus-index" -q --compact -d "$db" || fail "--compact with a search open"
echo "submarine cables" >&3
exec 3>&-
wait $reader || fail "the open search failed: $(cat "$work/batch.out")"
[ "$(wc -l <"$work/batch.out")" = 6 ] || fail "the open search answered: $(cat "$work/batch.out")"
[ "$(head -3 "$work/batch.out" | cut -f2-)" = "$(tail -3 "$work/batch.out" | cut -f2-)" ] || fail "answers differ across the swap"

# what a killed compaction left beside the index goes with the next writer
mkdir -p "$db.locus-compact" && echo junk >"$db.locus-compact/postlist.glass"
"$bin/locus-index" -q -d "$db" "$corpus" || fail "run after a left copy"
[ -e "$db.locus-compact" ] && fail "the copy a killed compaction left is still there"

# SIGKILL at random moments of --compact: the index is always whole and the same
for k in $(seq 1 8); do
  "$bin/locus-index" -q --compact -d "$db" &
  pid=$!
  sleep "0.0$((RANDOM % 9))"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  "$bin/locus-index" --check -d "$db" >/dev/null || fail "inconsistent after a killed compaction ($k)"
  [ "$(dump "$db")" = "$want" ] || fail "a killed compaction changed the passages ($k)"
done

[ $failed = 0 ] && echo "compact: all passed"
exit $((failed > 0))
