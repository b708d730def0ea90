#!/bin/sh
# scripts/smart2locus reads the judgment forms of the SMART collections other than Cranfield:
# CACM's "01 0002 0 0" and CISI's "1 28 0 0.000000" list the relevant pairs, with leading zeros
# on the ids; a query without .W is its .T; a document without .W is its title. Each small
# collection (tests/data/smart, written for this test) converts to the judgments below, and
# locus ranks every relevant document of it first (MAP 1), so ids line up end to end. A line
# that is no judgment stops the conversion, naming the file and line.
# Usage: smart2locus_test.sh BIN_DIR SOURCE_DIR
bin=$1
top=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$top/scripts/smart2locus" "$top/tests/data/smart/cacm" "$work/cacm" 2>/dev/null || fail "cacm: conversion failed"
printf '1 0 1 1\n2 0 2 1\n2 0 4 1\n' | cmp -s - "$work/cacm/qrels" || fail "cacm judgments: $(cat "$work/cacm/qrels")"
[ -f "$work/cacm/docs/4.txt" ] || fail "cacm: document .I 0004 is not 4.txt: $(ls "$work/cacm/docs")"
head -1 "$work/cacm/docs/2.txt" | grep -qx 'Undersea cable landing stations and their permits' ||
  fail "cacm: the title-only document lost its title"

"$top/scripts/smart2locus" "$top/tests/data/smart/cisi" "$work/cisi" 2>/dev/null || fail "cisi: conversion failed"
printf '1 0 1 1\n2 0 2 1\n' | cmp -s - "$work/cisi/qrels" || fail "cisi judgments: $(cat "$work/cisi/qrels")"
printf '1\tmoving personal data across borders with trust\n2\trural broadband licences\n' |
  cmp -s - "$work/cisi/queries.tsv" || fail "cisi queries: $(cat "$work/cisi/queries.tsv")"

for c in cacm cisi; do
  "$bin/locus-index" -q -d "$work/$c.index" "$work/$c/docs" 2>/dev/null || fail "$c: indexing failed"
  out=$("$bin/locus-eval" "$work/$c/qrels" --queries "$work/$c/queries.tsv" -d "$work/$c.index") ||
    fail "$c: locus-eval failed"
  echo "$out" | grep -qx 'map        1.0000' || fail "$c: not every relevant document first: $out"
done

mkdir "$work/bad"
cp "$top/tests/data/smart/cisi/CISI.ALL" "$top/tests/data/smart/cisi/CISI.QRY" "$work/bad/"
printf '1 1 0 0.0\n1 2 0 0 extra\n' >"$work/bad/CISI.REL"
if err=$("$top/scripts/smart2locus" "$work/bad" "$work/badout" 2>&1); then fail "a bad judgment line was accepted"; fi
echo "$err" | grep -q 'CISI.REL:2: not a judgment' || fail "the error does not name the line: $err"
echo "ok"
