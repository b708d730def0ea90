#!/usr/bin/env bash
# Readers never fail while locus-index rewrites the index. While the index is rebuilt over and
# over in batches of 10 passages, READERS processes run every read path in turn: a plain
# search, --explain, a batch holding a wildcard, a search in each output format, --check and
# --dry-run. Searches must exit 0 or 1 and --check/--dry-run 0, never 2 (no "database corrupt",
# no "modified" about a healthy index); --check never reports damage that is not there (it
# once compared the stamps of one revision with the passages of the next: it runs twice a
# round, to catch that).
# Usage: concurrent_test.sh BIN_DIR SOURCE_DIR [READERS [ROUNDS]]
#   (defaults: $LOCUS_READERS or 8 readers, $LOCUS_ROUNDS or 10 rounds each)
set -u
bin=$1
top=$2
readers=${3:-${LOCUS_READERS:-8}}
rounds=${4:-${LOCUS_ROUNDS:-10}}
work=$(mktemp -d)
trap 'touch "$work/stop"; wait; rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
for i in $(seq 1 20); do
  for f in "$top"/corpus/*.txt; do cp "$f" "$work/corpus/$i-$(basename "$f")"; done
done
"$bin/locus-index" -q -d "$work/index" "$work/corpus" || exit 1
( while [ ! -e "$work/stop" ]; do
    "$bin/locus-index" -q --rebuild --batch-size 10 --lock-wait 60 -d "$work/index" "$work/corpus" ||
      { echo "the writer failed"; touch "$work/writer-failed"; }
  done ) &
writer=$!
printf 'q1\tregul*\nq2\tDFFT\nq3\tcyber* policy\n' >"$work/batch"

# one reader: ROUNDS rounds of every read path; each failure is a line in $work/fail.R
reader() {
  local r=$1 k s
  for k in $(seq 1 "$rounds"); do
    for what in $paths; do
      case $what in
        search) "$bin/locus-search" -d "$work/index" -n 5 '6G joint research' >/dev/null 2>"$work/err.$r"; s=$?
                [ $s -le 1 ] ;;
        explain) "$bin/locus-search" -d "$work/index" --explain --json -n 20 'cables OR satellite' >/dev/null 2>"$work/err.$r"; s=$?
                 [ $s -le 1 ] ;;
        batch) "$bin/locus-search" -d "$work/index" --batch "$work/batch" -n 3 >/dev/null 2>"$work/err.$r"; s=$?
               [ $s -le 1 ] ;;
        formats) s=0
                 : >"$work/err.$r"  # every run's messages kept: the one that failed says why
                 for fmt in tsv vimgrep trec; do
                   "$bin/locus-search" -d "$work/index" --format=$fmt -n 50 policy >/dev/null 2>>"$work/err.$r" ||
                     { s=$?; echo "(--format=$fmt)" >>"$work/err.$r"; }
                 done
                 "$bin/locus-search" -d "$work/index" -l policy >/dev/null 2>>"$work/err.$r" ||
                   { s=$?; echo "(-l)" >>"$work/err.$r"; }
                 "$bin/locus-search" -d "$work/index" -c --group policy >/dev/null 2>>"$work/err.$r" ||
                   { s=$?; echo "(-c --group)" >>"$work/err.$r"; }
                 [ $s -le 1 ] ;;
        check) "$bin/locus-index" --check -d "$work/index" >/dev/null 2>"$work/err.$r"; s=$?
               [ $s -eq 0 ] ;;
        dry-run) "$bin/locus-index" --dry-run -d "$work/index" "$work/corpus" >/dev/null 2>"$work/err.$r"; s=$?
                 [ $s -eq 0 ] ;;
      esac || echo "$what: exit $s: $(head -c 300 "$work/err.$r")" >>"$work/fail.$r"
    done
  done
}
pids=()
paths="search check explain batch formats check dry-run"
for r in $(seq 1 "$readers"); do reader "$r" & pids+=($!); done
wait "${pids[@]}"
touch "$work/stop"
wait "$writer"

runs=$((readers * rounds * $(echo $paths | wc -w)))
failed=$(cat "$work"/fail.* 2>/dev/null | wc -l)
cat "$work"/fail.* 2>/dev/null | sort | uniq -c | sort -rn | head -20
for what in search explain batch formats check dry-run; do
  n=$(cat "$work"/fail.* 2>/dev/null | grep -c "^$what:")
  echo "$what: $n of $((readers * rounds * $(echo " $paths " | grep -o " $what " | wc -l))) failed"
done
[ -e "$work/writer-failed" ] && { echo "the writer failed"; failed=$((failed + 1)); }
echo "$((runs - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
