#!/usr/bin/env bash
# Shell completion: bash completes each program's options (those of --help's option lines, and
# no word of its prose), the values of --format, --sort, --color, --lang and --measure, written
# after a space or an '=' (as bash splits --sort=-d), file names with spaces as one word, and
# is registered to quote file names and end folders with '/'; the zsh and fish files parse
# (checked when those shells are installed). Usage: completion_test.sh BIN_DIR SOURCE_DIR
bin=$1
top=$2
export PATH="$bin:$PATH"
failed=0
# shellcheck source=/dev/null
source "$top/scripts/completions/locus.bash"
complete_words() {  # what bash would offer for the words "$@" (the last is being typed)
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _locus
  printf '%s\n' "${COMPREPLY[@]}"
}
expect() {  # NAME WANTED WORDS...: WANTED among the offers
  local name=$1 want=$2
  shift 2
  if ! complete_words "$@" | grep -qx -- "$want"; then
    echo "FAIL $name: '$want' not offered for: $*"
    failed=$((failed + 1))
  fi
}
refuse() {  # NAME UNWANTED WORDS...: UNWANTED not among the offers
  local name=$1 unwanted=$2
  shift 2
  if complete_words "$@" | grep -qx -- "$unwanted"; then
    echo "FAIL $name: '$unwanted' offered for: $*"
    failed=$((failed + 1))
  fi
}
for prog in locus-index locus-search locus-eval; do
  for opt in $("$bin/$prog" --help | sed -n 's/^ \{1,\}\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p' | sort -u); do
    expect "$prog options" "$opt" "$prog" "${opt:0:4}"
  done
done
refuse "prose is no option" --batch locus-eval --ba
expect "sort value after =" -date locus-search --sort = -
refuse "sort value after =" --sort locus-search --sort = -
expect "sort value after = unsplit" -date locus-search --sort=-
expect "sort value d" date locus-search --sort = d
expect "color values" never locus-search --color = ""
expect "lang values" french locus-search --lang fr
expect "lang values" japanese locus-search --lang = ja
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
touch "$scratch/a release.txt"
mkdir "$scratch/a folder"
expect "a file name with a space is one word" "$scratch/a release.txt" locus-index "$scratch/a r"
expect "a folder name with a space is one word" "$scratch/a folder" locus-index "$scratch/a f"
if ! complete -p locus-index | grep -q -- '-o filenames'; then
  echo "FAIL not registered with -o filenames (quoting, '/' after folders)"
  failed=$((failed + 1))
fi
expect "format values" vimgrep locus-search --format v
expect "sort values" -date locus-search --sort -
expect "languages" french locus-index -L fr
expect "languages" none locus-index --language n
expect "measures" ndcg10 locus-eval --measure nd
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$top/scripts/completions/_locus" || { echo "FAIL zsh syntax"; failed=$((failed + 1)); }
fi
if command -v fish >/dev/null 2>&1; then
  fish -n "$top/scripts/completions/locus.fish" || { echo "FAIL fish syntax"; failed=$((failed + 1)); }
fi
echo "$failed failed"
[ "$failed" -eq 0 ]
