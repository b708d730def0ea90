#!/usr/bin/env bash
# Shell completion: bash completes each program's options (all of --help's), --format and
# --sort values and the stemming languages; the zsh and fish files parse (checked when those
# shells are installed). Usage: completion_test.sh BIN_DIR SOURCE_DIR
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
for prog in locus-index locus-search locus-eval; do
  for opt in $("$bin/$prog" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    expect "$prog options" "$opt" "$prog" "${opt:0:4}"
  done
done
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
