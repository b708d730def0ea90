#!/usr/bin/env bash
# Hits carry what citing them needs: --format=cite gives one line per hit (issuer, title, date,
# section path, page, address), --format=csl-json one array of CSL items, each passage once; on
# the real White House releases (skipped without ../shared) every hit's address is the
# source_url of its file's front matter.
# Usage: citations_test.sh BIN_DIR SOURCE_DIR
set -u
bin=$(cd "$1" && pwd)
top=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
cd "$top" || exit 2
"$bin/locus-index" -q -d "$work/index" corpus 2>/dev/null || { echo "indexing corpus/ failed"; exit 1; }
s() { "$bin/locus-search" -d "$work/index" "$@"; }

got=$(s --format=cite -n 1 DFFT)
want='MIC, "Result of 27th Japan-EU ICT Policy Dialogue", 7 February 2022, § 2. Regulatory reform, <https://www.soumu.go.jp/common/english_opinions.html>'
[ "$got" = "$want" ] || fail "the seed's citation: $got"
got=$(s --format=cite -n 1 spare cable)
want='"Expert Group on Submarine Cable Resilience: Final Report", 5 March 2024, § 2. Recommendations, p. 2, corpus/submarine-cable-resilience-report.pdf:2'
[ "$got" = "$want" ] || fail "a PDF's citation (page, no address: the file): $got"
got=$(s --format=cite -n 1 'Open RAN third countries')
case $got in
  'Ministry of Internal Affairs and Communications, "Outcome of the 14th Japan-U.S. Policy Talks on the Internet Economy", 8 October 2024, § Main points of the discussion › Secure and resilient networks, <https://newsroom.example.org/en/2024/10/japan-us-policy-talks.html>') ;;
  *) fail "an HTML page's citation (publisher, canonical link): $got" ;;
esac
s --json -n 1 'Open RAN third countries' | head -1 | grep -q '"url":"https://newsroom.example.org/en/2024/10/japan-us-policy-talks.html","issuer":"Ministry of Internal Affairs and Communications"' ||
  fail "JSON lacks url and issuer: $(s --json -n 1 'Open RAN third countries' | head -c 300)"
s --color=never -n 1 DFFT | sed -n 3p | grep -qx '   https://www.soumu.go.jp/common/english_opinions.html' ||
  fail "the text output does not show the address under the title: $(s --color=never -n 1 DFFT)"

# csl-json: one array, each passage once (a batch of overlapping queries too), the fields CSL reads
printf 'DFFT\nData Free Flow with Trust\nDFFT\n' | s --format=csl-json -n 5 --batch - >"$work/items.json" ||
  fail "csl-json batch: exit $?"
python3 - "$work/items.json" <<'PY' || fail "the CSL JSON items are not as they should be"
import json, sys
items = json.load(open(sys.argv[1]))
assert isinstance(items, list) and items, "not a non-empty array"
ids = [i["id"] for i in items]
assert len(ids) == len(set(ids)), "an item twice: %s" % ids
seed = [i for i in items if i["id"] == "2022-02-07-japan-eu-ict-policy-dialogue-18"]
assert seed, "the seed's passage is missing: %s" % ids
i = seed[0]
assert i["type"] == "report" and i["title"] == "Result of 27th Japan-EU ICT Policy Dialogue", i
assert i["issued"] == {"date-parts": [[2022, 2, 7]]} and i["author"] == [{"literal": "MIC"}], i
assert i["URL"] == "https://www.soumu.go.jp/common/english_opinions.html", i
assert i["section"] == "2. Regulatory reform" and i["note"].endswith(":18"), i
for i in items:
    assert i["title"] and "issued" in i, i
PY
[ "$(s --format=csl-json zzzqqqnothing)" = "[]" ] || fail "no hit is not an empty array"

if [ -d "$top/../shared/data/real-releases/whitehouse" ]; then
  wh=$(cd "$top/../shared/data/real-releases/whitehouse" && pwd)
  "$bin/locus-index" -q -d "$work/wh" "$wh" 2>/dev/null || fail "indexing the White House releases"
  for q in "open RAN 5G" "semiconductor supply chain" "artificial intelligence safety"; do
    "$bin/locus-search" -d "$work/wh" --json -n 30 "$q"
  done >"$work/wh.jsonl"
  python3 - "$work/wh.jsonl" <<'PY' || fail "White House hits do not carry their front matter's source_url"
import json, re, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
hits = [h for h in hits if h["type"] == "hit"]
assert len(hits) >= 60, len(hits)
for h in hits:
    fm = open(h["path"], encoding="utf-8").read().split("\n---", 1)[0]
    m = re.search(r"^source_url: *['\"]?(\S+?)['\"]?$", fm, re.M)
    assert m, h["path"]
    assert h.get("url") == m.group(1), (h["path"], h.get("url"), m.group(1))
PY
else
  echo "note: ../shared is absent: the real releases' addresses are not checked"
fi
[ $failed -eq 0 ] || { echo "$failed failed"; exit 1; }
echo "1 passed, 0 failed"
