#!/bin/sh
# Ranking guard: on each judged set here -- Cranfield (../shared/data/cranfield), Reuters-21578's
# topic categories (scripts/reuters-topics over ../shared/data/reuters21578) and the questions on
# the White House releases (tests/eval/whitehouse over ../shared/data/real-releases/whitehouse) --
# nDCG@10 of locus's default ranking must not fall more than 0.005 below the level reached
# (tests/eval_level), nor, on the White House questions, the share whose first passage answers
# (success@1). A set whose data is absent is skipped with a message; skipped as a whole when
# none is here. Raise a level when ranking improves.
# Usage: eval_guard.sh BIN_DIR SOURCE_DIR
bin=$1
top=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset LOCUS_RANK
ran=0
bad=0
for set in cranfield reuters-topics whitehouse; do
  case $set in
    cranfield)
      coll="$top/../shared/data/cranfield"
      if [ ! -f "$coll/cranqrel" ]; then echo "skipped cranfield: no collection at $coll"; continue; fi
      "$top/scripts/smart2locus" "$coll" "$work/$set" 2>/dev/null || { echo "conversion failed"; exit 1; } ;;
    reuters-topics)
      coll="$top/../shared/data/reuters21578"
      if [ ! -f "$coll/reut2-000.sgm" ]; then echo "skipped reuters-topics: no collection at $coll"; continue; fi
      "$top/scripts/reuters-topics" "$coll" "$work/$set" 2>/dev/null || { echo "conversion failed"; exit 1; } ;;
    whitehouse)
      coll="$top/../shared/data/real-releases/whitehouse"
      if [ ! -d "$coll" ]; then echo "skipped whitehouse: no releases at $coll"; continue; fi
      mkdir -p "$work/$set"
      ln -s "$coll" "$work/$set/docs"
      cp "$top/tests/eval/whitehouse/questions.tsv" "$work/$set/queries.tsv"
      python3 "$top/scripts/eval-passages.py" qrels "$top/tests/eval/whitehouse/answers.tsv" >"$work/$set/qrels" ||
        { echo "judgments unreadable"; exit 1; } ;;
  esac
  "$bin/locus-index" -q -d "$work/$set.index" "$work/$set/docs" || { echo "indexing $set failed"; exit 1; }
  out=$("$bin/locus-eval" "$work/$set/qrels" --queries "$work/$set/queries.tsv" -d "$work/$set.index") || exit 1
  echo "$set:"
  echo "$out"
  level=$(awk -v s="$set" '$1 == s { print $2 }' "$top/tests/eval_level")
  [ -n "$level" ] || { echo "no level for $set in tests/eval_level"; exit 1; }
  echo "$out" | awk -v level="$level" -v set="$set" '
    $1 == "ndcg10" { found = 1; if ($2 + 0.005 < level) { printf "%s: nDCG@10 %s fell below the level %s\n", set, $2, level; bad = 1 } }
    END { exit (!found || bad) }' || bad=1
  if [ $set = whitehouse ]; then  # the passage shown first
    "$bin/locus-search" -d "$work/$set.index" --batch "$work/$set/queries.tsv" --json -n 3 >"$work/hits.jsonl"
    shown=$(python3 "$top/scripts/eval-passages.py" score-jsonl "$top/tests/eval/whitehouse/answers.tsv" "$work/hits.jsonl") || exit 1
    echo "$shown"
    level=$(awk '$1 == "whitehouse-success1" { print $2 }' "$top/tests/eval_level")
    [ -n "$level" ] || { echo "no level for whitehouse-success1 in tests/eval_level"; exit 1; }
    echo "$shown" | awk -v level="$level" '
      $1 == "success1" { found = 1; if ($2 + 0.005 < level) { printf "whitehouse: success@1 %s fell below the level %s\n", $2, level; bad = 1 } }
      END { exit (!found || bad) }' || bad=1
  fi
  ran=$((ran + 1))
  rm -rf "$work/$set" "$work/$set.index"
done
[ $ran -gt 0 ] || exit 77
[ $bad -eq 0 ]
