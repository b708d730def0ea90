#!/usr/bin/env bash
# SIGTERM is honoured within a second wherever locus-index is: reading a PDF that poppler would
# take minutes over, reading a large Markdown release, writing the passages of a large release,
# merging the parts of a first build, compacting. Each run gets SIGTERM in that phase and must
# end with status 143 (or 0 when it finished first: a merge shorter than the 0.9 s the program
# gives itself completes) within 1.5 s (0.9 s is the program's own bound; the rest is this
# machine's scheduling under load); the index, or the parts of the first build, must then be
# whole: the next run finishes and --check passes. With LOCUS_LONG=1 the first build has 16,000
# releases, so that its merge outlasts the 0.9 s and is cut short.
# Usage: signal_test.sh BIN_DIR SHAPE_COST
set -u
bin=$1
shapes=$2
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
now() { date +%s.%N; }

# term PHASE WAIT-CONDITION ARGS...: starts locus-index ARGS, waits until WAIT-CONDITION (a shell
# test) holds or 20 s passed, sends SIGTERM and measures the time to its exit.
term() {
  local phase=$1 cond=$2
  shift 2
  "$bin/locus-index" "$@" 2>"$work/err" &
  local pid=$! t0
  for _ in $(seq 1 400); do eval "$cond" && break; sleep 0.05; done
  t0=$(now)
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  local s=$? dt
  dt=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
  if [ "$s" -ne 143 ] && [ "$s" -ne 0 ]; then
    fail "$phase: exit $s, want 143: $(cat "$work/err")"
  elif awk -v d="$dt" 'BEGIN { exit !(d > 1.5) }'; then
    fail "$phase: exited $dt s after SIGTERM"
  else
    echo "$phase: exit $s ($([ "$s" = 0 ] && echo "it finished first" || echo interrupted)), $dt s after SIGTERM"
  fi
}

# a PDF whose one page draws the same line 40,000 times over (about 2 KB): minutes of poppler
mkdir -p "$work/pdf"
"$shapes" --write pdf-bomb 2500000 "$work/pdf/bomb.pdf"
term "reading a PDF" "sleep 0.5; true" -d "$work/pdf-db" "$work/pdf"
"$bin/locus-index" -q --check -d "$work/pdf-db" >/dev/null 2>&1
[ $? -le 2 ] || fail "reading a PDF: the index left is damaged"

# one Markdown release of 20 MB: a hundred thousand paragraphs to read, then to write
mkdir -p "$work/big"
awk 'BEGIN { for (i = 0; i < 125000; i++) printf "## Part %d\n\nParagraph %d on spectrum, cables and data flows across borders, item %d of the list.\n\n", i, i, i }' >"$work/big/big.md"
term "reading a large Markdown release" "sleep 0.4; true" -d "$work/big-db" "$work/big"
term "writing the passages of a large release" "sleep 3; true" -d "$work/big-db2" "$work/big"
"$bin/locus-index" -q -d "$work/big-db2" "$work/big" 2>/dev/null
"$bin/locus-index" -q --check -d "$work/big-db2" >/dev/null || fail "the large release after SIGTERM: inconsistent"

# a first build of 4,000 releases (16,000 with LOCUS_LONG=1): SIGTERM once the parts are merged
mkdir -p "$work/many"
n=4000
[ "${LOCUS_LONG:-0}" = 1 ] && n=16000
awk -v dir="$work/many" -v n=$n 'BEGIN { for (i = 0; i < n; i++) { f = sprintf("%s/r%04d.txt", dir, i)
  printf "2024-01-02 Release %d\n\n", i > f
  for (p = 0; p < 12; p++) printf "Paragraph %d of release %d on spectrum and cables, %d.\n\n", p, i, i * p > f
  close(f) } }'
term "merging a first build's parts" "[ -e '$work/many-db/bulk.tmp/merged' ]" -d "$work/many-db" "$work/many"
"$bin/locus-index" -q -d "$work/many-db" "$work/many" || fail "the run after a merge was stopped"
"$bin/locus-index" -q --check -d "$work/many-db" >/dev/null || fail "merge stopped: inconsistent after the next run"

# compacting: the copy is written beside the index
term "compacting" "ls -d '$work'/many-db.locus-compact >/dev/null 2>&1" --compact -d "$work/many-db"
"$bin/locus-index" -q --check -d "$work/many-db" >/dev/null || fail "compaction stopped: inconsistent"
"$bin/locus-index" -q -d "$work/many-db" "$work/many" || fail "the run after a compaction was stopped"
ls -d "$work"/many-db.locus-compact >/dev/null 2>&1 && fail "a stopped compaction's copy was left"

echo "$((failed == 0 ? 1 : 0)) passed, $failed failed"
[ "$failed" -eq 0 ]
