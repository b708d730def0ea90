#!/usr/bin/env bash
# Documents laid out as real ones are (tests/data/documents: a Japanese page whose title carries
# the site name, a white paper dated by its edition, an English page with a site name; and the
# working paper PDF of tests/data/pdf with running headers, hyphens and superscripts): each
# question of questions.tsv puts a passage of the right file and section first, Japanese typed
# without spaces included; the titles and dates are the documents' own.
# Usage: documents_test.sh BIN_DIR SOURCE_DIR READER_STATS
set -euo pipefail
bin=$1
src=$2
stats=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docs=$src/tests/data/documents
"$bin/locus-index" -q -d "$work/index" "$docs" "$src/tests/data/pdf/rural-spectrum-working-paper.pdf"
failed=0
while IFS=$'\t' read -r query file section; do
  case $query in ''|'#'*) continue ;; esac
  got=$("$bin/locus-search" -d "$work/index" -n 1 --format=tsv -- "$query" | head -n 1)
  got_file=$(printf '%s' "$got" | cut -f3)
  got_section=$(printf '%s' "$got" | cut -f8)
  if [ "${got_file##*/}" != "$file" ] || [ "$got_section" != "$section" ]; then
    echo "FAIL '$query': first is ${got_file##*/} [$got_section], want $file [$section]"
    failed=$((failed + 1))
  fi
done < "$docs/questions.tsv"
# titles and dates: none is a site name, a running header or a file name
"$stats" --titles "$docs" "$src/tests/data/pdf/rural-spectrum-working-paper.pdf" \
  | grep -v '^[0-9]* releases' | cut -f1,2 | sort > "$work/titles"
sort > "$work/want" <<'WANT'
2024-01-01	令和6年版 情報通信白書の概要
2025-02-10	ローカル５Ｇ導入の手引きを公表
2025-03-18	Spectrum Sharing for Rural Broadband: Lessons from Pilot Licences
2025-05-20	What the NIS2 rules mean for small providers
WANT
if ! diff "$work/want" "$work/titles"; then
  echo "FAIL: titles and dates (above: - wanted, + got)"
  failed=$((failed + 1))
fi
[ $failed -eq 0 ] && echo "documents: every question answered first, titles and dates right"
[ $failed -eq 0 ]
