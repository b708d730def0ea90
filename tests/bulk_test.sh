#!/usr/bin/env bash
# A new index built in parallel parts (locus-index --jobs, bulk build) holds exactly what an
# index built release by release holds, is consistent, and is then updated like any index:
# changed, new and removed releases, also a release larger than a batch (written under a
# hidden version: version numbers of the parts must not collide). An interrupted bulk build
# commits what it did, and the next run completes it.
# Usage: bulk_test.sh BIN_DIR SOURCE_DIR
set -u
bin=$1
top=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus"
mkdir -p "$corpus"
for i in $(seq 1 8); do
  for f in "$top"/corpus/*.txt; do
    { cat "$f"; printf '\nCopy %d adds a paragraph on cables and spectrum.\n' "$i"; } >"$corpus/$i-$(basename "$f")"
  done
done
n=$(ls "$corpus" | wc -l)
# every passage: path, lines, section, text
dump() { "$bin/locus-search" -d "$1" --format=tsv -n 1000000 -- -zzzzzqqq | cut -f3- | sort; }
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# the reference: one release first (an index exists), then the rest release by release
"$bin/locus-index" -q -d "$work/ref" "$corpus/1-$(ls "$top"/corpus/*.txt | head -1 | xargs basename)" || fail "reference start"
"$bin/locus-index" -q -d "$work/ref" "$corpus" || fail "reference build"
"$bin/locus-index" -d "$work/bulk" --jobs 3 "$corpus" 2>"$work/err" || fail "bulk build: $(cat "$work/err")"
grep -q "$n added" "$work/err" || fail "bulk build summary: $(cat "$work/err")"
[ -e "$work/bulk/bulk.tmp" ] && fail "bulk build left its parts"
"$bin/locus-index" --check -d "$work/bulk" >/dev/null || fail "bulk index inconsistent"
[ "$(dump "$work/ref")" = "$(dump "$work/bulk")" ] || fail "bulk index differs from the reference"
a=$("$bin/locus-search" -d "$work/ref" --format=tsv -n 5 submarine cables | cut -f2)
b=$("$bin/locus-search" -d "$work/bulk" --format=tsv -n 5 submarine cables | cut -f2)
[ "$a" = "$b" ] || fail "scores differ: $a / $b"

# updates: a change, a removal, and a big release written in batches under a hidden version
printf '\nA change about satellites.\n' >>"$corpus/2-$(ls "$top"/corpus/*.txt | sed -n 2p | xargs basename)"
rm "$corpus/3-$(ls "$top"/corpus/*.txt | sed -n 3p | xargs basename)"
big="$corpus/4-$(ls "$top"/corpus/*.txt | sed -n 4p | xargs basename)"
for k in $(seq 1 30); do printf '\nParagraph %d of a longer release on undersea cables.\n' "$k" >>"$big"; done
for idx in ref bulk; do
  "$bin/locus-index" -q --batch-size 5 -d "$work/$idx" "$corpus" || fail "update of $idx"
done
"$bin/locus-index" --check -d "$work/bulk" >/dev/null || fail "bulk index inconsistent after updates"
[ "$(dump "$work/ref")" = "$(dump "$work/bulk")" ] || fail "after updates the bulk index differs from the reference"

# interrupted: no index, no parts left behind after the next run, which builds it
"$bin/locus-index" -q -d "$work/int" "$corpus" &
pid=$!
sleep 0.05
kill -TERM "$pid" 2>/dev/null
wait "$pid"
s=$?
# SIGTERM: what was indexed before is committed (a consistent index), or none yet
if [ "$s" -ne 0 ] && [ -e "$work/int/iamglass" ]; then
  "$bin/locus-index" --check -d "$work/int" >/dev/null || fail "an interrupted bulk build left an inconsistent index"
fi
"$bin/locus-index" -q -d "$work/int" "$corpus" || fail "the run after an interrupted build"
[ -e "$work/int/bulk.tmp" ] && fail "parts left after the run that followed an interruption"
[ "$(dump "$work/ref")" = "$(dump "$work/int")" ] || fail "the index built after an interruption differs"

echo "$((failed == 0 ? 1 : 0)) passed, $failed failed"
[ "$failed" -eq 0 ]
