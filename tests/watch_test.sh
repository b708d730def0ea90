#!/usr/bin/env bash
# locus-index --watch keeps an index current: a file added, changed, renamed, removed, a new
# subfolder, 1,000 files copied in at once (all indexed, in one round), each with its line on
# stderr; between rounds the writers' lock is free (a one-off run and --check work); SIGTERM
# ends it cleanly (exit 0); a kill -9 in the middle of a round leaves an index the next run
# brings level with a clean build; an index it cannot write is an error at once (exit 2).
# Usage: watch_test.sh BIN_DIR SOURCE_DIR
set -u
bin=$(cd "$1" && pwd)
top=$(cd "$2" && pwd)
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
cd "$work" || exit 2
mkdir src
cp "$top/corpus/2022-02-07-japan-eu-ict-policy-dialogue.txt" src/
search() { "$bin/locus-search" -d db "$@" 2>/dev/null; }
# until "$@" holds, at most 30 s (the sanitizer build is slow)
until_true() {
  local t
  for t in $(seq 300); do "$@" && return 0; sleep 0.1; done
  return 1
}
has_release() { search -l -- -zzzzqqq | grep -qx "$1"; }
no_release() { ! search -l -- -zzzzqqq | grep -qx "$1"; }
count_is() { [ "$(search -c "$2")" = "$1" ]; }  # count_is N QUERY: N passages match
start() {
  "$bin/locus-index" --watch -d db src >>log 2>&1 &
  pid=$!
  until_true grep -q "watching 1 path for changes" log || fail "the watch did not start: $(cat log)"
}
start
has_release src/2022-02-07-japan-eu-ict-policy-dialogue.txt || fail "the first run did not index: $(cat log)"

cp "$top/corpus/2024-06-03-japan-eu-digital-partnership.txt" src/
until_true has_release src/2024-06-03-japan-eu-digital-partnership.txt || fail "an added file was not indexed"
grep -q "added src/2024-06-03-japan-eu-digital-partnership.txt" log || fail "no line for the added file: $(cat log)"

printf '\nA late paragraph on zebrafish telemetry.\n' >>src/2022-02-07-japan-eu-ict-policy-dialogue.txt
until_true count_is 1 zebrafish || fail "a change was not indexed ($(search -c zebrafish) passages hold it)"
grep -q "updated src/2022-02-07-japan-eu-ict-policy-dialogue.txt" log || fail "no line for the change"

mv src/2024-06-03-japan-eu-digital-partnership.txt src/partnership.txt
until_true has_release src/partnership.txt || fail "a renamed file was not indexed under its new name"
until_true no_release src/2024-06-03-japan-eu-digital-partnership.txt || fail "a renamed file kept its old name"

rm src/partnership.txt
until_true no_release src/partnership.txt || fail "a removed file stayed"
grep -q "removed src/partnership.txt" log || fail "no line for the removal: $(cat log)"

mkdir -p src/new/deeper
cp "$top/corpus/japan-us-ict-policy-talks.html" src/new/deeper/
until_true has_release src/new/deeper/japan-us-ict-policy-talks.html || fail "a file in a new subfolder was not indexed"

# the lock is free between rounds
"$bin/locus-index" -q --lock-wait 10 -d db src || fail "a one-off run could not take the lock while watching"
"$bin/locus-index" --check -d db >/dev/null || fail "--check while watching"

# 1,000 files at once: all indexed, in one round (one summary line adds them all)
mkdir many
for i in $(seq 1000); do printf 'June 3, 2024 Note %d\n\nThe note number %d on spectrum quokkas.\n' "$i" "$i" >"many/n$i.txt"; done
cp -r many src/
until_true count_is 1000 quokkas || fail "of 1,000 files copied in, $(search -c quokkas) were indexed"
grep -q "1000 added, 0 updated" log || fail "the 1,000 files took more than one round: $(grep "added, " log | tail -4)"

kill -TERM "$pid"
wait "$pid"
status=$?
pid=
[ $status = 0 ] || fail "SIGTERM: exit $status, not 0"
grep -q "stopped watching (signal 15)" log || fail "no word on stopping: $(tail -2 log)"

# a kill -9 in the middle of a round: the next run converges
start
for i in $(seq 1001 1600); do printf 'June 3, 2024 Note %d\n\nThe note number %d on spectrum quokkas.\n' "$i" "$i" >"src/many/n$i.txt"; done
until_true grep -q "added src/many/n1" <(tail -n 300 log)
sleep 0.2
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=
"$bin/locus-index" -q -d db src || fail "the run after a kill -9 failed"
"$bin/locus-index" -q -d clean src
[ "$(search -l -- -zzzzqqq | sort)" = "$("$bin/locus-search" -d clean -l -- -zzzzqqq | sort)" ] ||
  fail "after a kill -9 and one run, the index differs from a clean build"
"$bin/locus-index" --check -d db >/dev/null || fail "--check after the kill -9"

# bad use is refused
"$bin/locus-index" --watch -d db 2>err && fail "--watch without a PATH was accepted"
grep -q "no PATH" err || fail "--watch without a PATH: $(cat err)"
# an index it cannot write at all: said at once, exit 2, no watch
timeout 20 "$bin/locus-index" --watch -d src/2022-02-07-japan-eu-ict-policy-dialogue.txt/db src >out 2>&1
status=$?
[ $status = 2 ] && ! grep -q watching out || fail "--watch on an index it cannot create: exit $status, $(cat out)"
[ $failed -eq 0 ] || { echo "$failed failed"; tail -20 log; exit 1; }
echo "1 passed, 0 failed"
