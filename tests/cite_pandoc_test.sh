#!/usr/bin/env bash
# pandoc --citeproc renders a bibliography from locus-search --format=csl-json (skipped, exit 77,
# when pandoc is not installed: it is not a dependency of locus).
# Usage: cite_pandoc_test.sh BIN_DIR SOURCE_DIR
set -u
command -v pandoc >/dev/null || { echo "skip: pandoc is not installed (apt-get install pandoc)"; exit 77; }
bin=$(cd "$1" && pwd)
top=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top" || exit 2
"$bin/locus-index" -q -d "$work/index" corpus 2>/dev/null || { echo "indexing failed"; exit 1; }
"$bin/locus-search" -d "$work/index" --format=csl-json -n 3 DFFT >"$work/hits.json" || exit 1
printf -- '---\nnocite: "@*"\n---\n' >"$work/doc.md"
out=$(pandoc --citeproc --bibliography="$work/hits.json" -t plain "$work/doc.md" 2>&1) ||
  { echo "pandoc failed: $out"; exit 1; }
echo "$out"
flat=$(echo "$out" | tr '\n' ' ' | tr -s ' ')
for want in "MIC" "Result of 27th Japan-EU ICT Policy Dialogue" "2022" "https://www.soumu.go.jp/common/english_opinions.html" \
            "Outcome of the 14th Japan-U.S. Policy Talks on the Internet Economy"; do
  case $flat in *"$want"*) ;; *) echo "FAIL: the bibliography lacks '$want'"; exit 1 ;; esac
done
echo "1 passed, 0 failed"
