#!/usr/bin/env bash
# A sharded index (locus-index --shards) answers as one index built from the same releases: the
# same lines in every output format, grouped and sorted, explained, corrected; it is updated,
# pruned, rebuilt, checked and dry-run like one; a kill never breaks it. Then the same shards
# served by xapian-tcpsrv behind a stub of "remote HOST:PORT" lines: the same answers, and a
# shard that is down or stopped is an error naming it (exit 2), within --timeout.
# Usage: sharded_test.sh BIN_DIR SOURCE_DIR
set -u
bin=$(cd "$1" && pwd)
top=$(cd "$2" && pwd)
work=$(mktemp -d)
servers=()
cleanup() {
  for p in "${servers[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
corpus=$work/corpus
cp -r "$top/corpus" "$corpus"
cd "$work"
queries=("DFFT" "6G joint research" "submarine cables" '"joint research"' "title:ICT cooperation"
         "cable* AND NOT satellite" "section:cables OR spectrum" "Data Free Flow with Trust")
# scores are sums in another order over shards: the same to 1e-9, not to the last of 17 digits
# and a JSON summary's total is Xapian's estimate, which depends on how the passages are split
digits9() { sed -E 's/([0-9]+\.[0-9]{9})[0-9]*/\1/g; /"type":"summary"/s/"total":[0-9]+,//'; }
# every way of asking: the outputs of A and B must be the same, line for line
same_answers() {
  local a=$1 b=$2 what=$3
  for q in "${queries[@]}"; do
    for args in "--color=never" "--format=tsv -n 50" "--json -n 20" "--group --format=tsv" \
                "--sort=date --format=tsv" "-l" "-c" "--explain --json -n 5" "-C 2 --json -n 5" \
                "-B 1 -A 3 -n 5 --color=never"; do
      # shellcheck disable=SC2086
      x=$("$bin/locus-search" -d "$a" $args -- "$q" 2>&1 | digits9; echo "exit ${PIPESTATUS[0]}")
      # shellcheck disable=SC2086
      y=$("$bin/locus-search" -d "$b" $args -- "$q" 2>&1 | digits9; echo "exit ${PIPESTATUS[0]}")
      [ "$x" = "$y" ] || { fail "$what: '$q' $args differs"; diff <(echo "$x") <(echo "$y") | head -6; }
    done
  done
  x=$("$bin/locus-search" -d "$a" submarinx 2>&1; echo "exit $?")
  y=$("$bin/locus-search" -d "$b" submarinx 2>&1; echo "exit $?")
  [ "$x" = "$y" ] || fail "$what: the spelling suggestion differs: $x / $y"
  echo "$y" | grep -q "did you mean: submarine" || fail "$what: no suggestion: $y"
  x=$("$bin/locus-search" -d "$a" --acronyms 2>&1)
  y=$("$bin/locus-search" -d "$b" --acronyms 2>&1)
  [ "$x" = "$y" ] || { fail "$what: the acronyms differ"; diff <(echo "$x") <(echo "$y") | head -6; }
}
dump() { "$bin/locus-search" -d "$1" --format=tsv -n 1000000 -- -zzzzzqqq | cut -f3- | sort; }

"$bin/locus-index" -q -d one "$corpus" 2>/dev/null
"$bin/locus-index" -q --shards 3 -d set "$corpus" 2>/dev/null
[ -f set/XAPIANDB ] && [ -d set/shard-2 ] || fail "--shards 3 made: $(ls set)"
"$bin/locus-index" --check -d set >"$work/out" 2>&1 || fail "--check of the set: $(cat "$work/out")"
# it says where the releases sit: a line per shard, which add up to the whole
total=$(sed -n 's/.*: consistent: \([0-9]*\) releases.*/\1/p' "$work/out")
[ "$(grep -c '^  shard [0-2] of 3: [0-9]* releases, [0-9]* passages$' "$work/out")" = 3 ] &&
  [ "$(awk '/^  shard /{n += $5} END {print n}' "$work/out")" = "$total" ] && [ "${total:-0}" -gt 0 ] ||
  fail "--check of the set does not say where its releases sit: $(cat "$work/out")"
same_answers one set "local shards"

# updates, removals, a dry run, a rebuild: still the same as one index
printf '\nA late paragraph on submarine cables and spectrum.\n' >>"$corpus/2022-09-15-japan-india-ict-working-group.txt"
rm "$corpus/2020-12-09-japan-uk-ict-dialogue.txt"
"$bin/locus-index" -q -d one "$corpus" 2>/dev/null
"$bin/locus-index" -d set "$corpus" 2>"$work/err"
grep -q "1 updated, .* 1 removed" "$work/err" || fail "update of the set said: $(cat "$work/err")"
[ "$(dump one)" = "$(dump set)" ] || fail "after updates the set differs from one index"
"$bin/locus-index" --dry-run -d set "$corpus" 2>&1 | grep -q "0 added, 0 updated, .* 0 removed" ||
  fail "a dry run of an up-to-date set: $("$bin/locus-index" --dry-run -d set "$corpus" 2>&1 | tail -1)"
"$bin/locus-index" -q --rebuild -d set "$corpus" 2>/dev/null || fail "--rebuild of the set"
[ "$(dump one)" = "$(dump set)" ] || fail "after --rebuild the set differs from one index"
"$bin/locus-index" --check -d set >/dev/null 2>&1 || fail "--check after --rebuild"
same_answers one set "local shards after updates"
"$bin/locus-index" -q --compact -d set || fail "--compact of a set"
[ "$(dump one)" = "$(dump set)" ] || fail "after --compact the set differs"

# what is refused
"$bin/locus-index" -q --shards 2 -d set "$corpus" 2>"$work/err"
[ $? = 2 ] && grep -q "has 3 shards" "$work/err" || fail "--shards 2 on a set of 3: $(cat "$work/err")"
"$bin/locus-index" -q --shards 2 -d one "$corpus" 2>"$work/err"
[ $? = 2 ] && grep -q "one piece" "$work/err" || fail "--shards on a single index: $(cat "$work/err")"
"$bin/locus-index" -q --shards 1 -d new "$corpus" 2>/dev/null
[ $? = 2 ] || fail "--shards 1 accepted"

# SIGKILL in the middle of a sharded run: the set stays whole; the next run completes it
for k in $(seq 1 4); do
  for f in "$corpus"/*.txt; do printf '\nKill round %d.\n' "$k" >>"$f"; done
  "$bin/locus-index" -q --batch-size 3 -d set "$corpus" 2>/dev/null &
  pid=$!
  sleep "0.0$((RANDOM % 8 + 1))"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  "$bin/locus-index" --check -d set >"$work/out" 2>&1 || fail "after a kill ($k): $(cat "$work/out")"
  "$bin/locus-index" -q -d set "$corpus" 2>/dev/null || fail "the run after a kill ($k)"
done
"$bin/locus-index" -q -d one "$corpus" 2>/dev/null
[ "$(dump one)" = "$(dump set)" ] || fail "after kills and a full run the set differs from one index"

# remote: the shards served read-only by xapian-tcpsrv
if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
  echo "SKIP: remote shards: xapian-tcpsrv not installed (Debian package xapian-tools)"
else
  ports=()
  for s in 0 1 2; do
    for try in $(seq 1 20); do
      port=$((20000 + RANDOM % 30000))
      # its own session: xapian-tcpsrv stopping signals its whole process group
      setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 "set/shard-$s" >/dev/null 2>&1 &
      pid=$!
      sleep 0.3
      if kill -0 $pid 2>/dev/null; then servers+=("$pid"); ports+=("$port"); break; fi
    done
  done
  if [ ${#ports[@]} != 3 ]; then fail "could not start 3 servers"; else
  printf 'remote 127.0.0.1:%s\n' "${ports[@]}" >remote.stub
  same_answers one remote.stub "remote shards"
  "$bin/locus-index" --check -d remote.stub >/dev/null 2>&1 || fail "--check of remote shards"
  "$bin/locus-index" -q -d remote.stub "$corpus" 2>"$work/err"
  [ $? = 2 ] && grep -q "is remote" "$work/err" || fail "indexing into remote shards: $(cat "$work/err")"
  # a stopped server: connected, never answers -> the timeout, naming it
  kill -STOP "${servers[1]}"
  start=$(date +%s%N)
  "$bin/locus-search" --timeout 1 -d remote.stub cables >/dev/null 2>"$work/err"
  s=$?
  took=$(( ($(date +%s%N) - start) / 1000000 ))
  [ $s = 2 ] || fail "a stopped shard: exit $s"
  grep -q "remote 127.0.0.1:${ports[1]}" "$work/err" || fail "a stopped shard is not named: $(cat "$work/err")"
  [ "$took" -lt 5000 ] || fail "a stopped shard took $took ms with --timeout 1"
  kill -CONT "${servers[1]}"
  # a server that is gone: refused at once, naming it
  kill "${servers[2]}"
  wait "${servers[2]}" 2>/dev/null
  sleep 0.2
  "$bin/locus-search" -d remote.stub cables >/dev/null 2>"$work/err"
  s=$?
  [ $s = 2 ] || fail "a shard down: exit $s"
  grep -q "remote 127.0.0.1:${ports[2]}" "$work/err" || fail "a shard down is not named: $(cat "$work/err")"
  [ "$(wc -l <"$work/err")" = 1 ] || fail "a shard down: more than one line: $(cat "$work/err")"
  fi
fi

[ $failed = 0 ] && echo "sharded: all passed"
exit $((failed > 0))
