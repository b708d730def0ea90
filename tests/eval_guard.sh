#!/bin/sh
# Ranking guard: on the Cranfield collection (../shared/data/cranfield), nDCG@10 of locus's
# default ranking must not fall more than 0.005 below the level reached (tests/eval_level).
# Skipped, with a message, when the collection is absent. Raise the level when ranking improves.
# Usage: eval_guard.sh BIN_DIR SOURCE_DIR
bin=$1
top=$2
coll="$top/../shared/data/cranfield"
if [ ! -f "$coll/cranqrel" ]; then
  echo "skipped: no Cranfield collection at $coll"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$top/scripts/smart2locus" "$coll" "$work/c" 2>/dev/null || { echo "conversion failed"; exit 1; }
"$bin/locus-index" -q -d "$work/index" "$work/c/docs" || { echo "indexing failed"; exit 1; }
unset LOCUS_RANK
out=$("$bin/locus-eval" "$work/c/qrels" --queries "$work/c/queries.tsv" -d "$work/index") || exit 1
echo "$out"
level=$(cat "$top/tests/eval_level")
echo "$out" | awk -v level="$level" '
  $1 == "ndcg10" { found = 1; if ($2 + 0.005 < level) { printf "nDCG@10 %s fell below the level %s\n", $2, level; bad = 1 } }
  END { exit (!found || bad) }'
