#!/bin/sh
# The installed library works for other programs: `cmake --install` into a fresh prefix, then a
# small C program (tests/tools/api_example.c) is compiled with nothing but the installed headers
# and `pkg-config --cflags --libs locus`, and run against an index of corpus/.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
build=$1
top=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null || { echo "install failed"; exit 1; }
echo "installed:"
(cd "$work/prefix" && find . -type f -o -type l | sort | grep -v -e /man/ -e completion -e fish -e zsh)
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
flags=$(pkg-config --cflags --libs locus) || { echo "pkg-config does not know locus"; exit 1; }
echo "pkg-config --cflags --libs locus: $flags"
# the public API needs only its own headers: no reader library's include folders
cflags=$(pkg-config --cflags locus)
# shellcheck disable=SC2086  # the flags are words
set -- $cflags
[ $# -eq 1 ] && [ "$(cd "${1#-I}" && pwd -P)" = "$(cd "$work/prefix/include" && pwd -P)" ] ||
  { echo "pkg-config --cflags locus names more than locus's headers: $cflags"; exit 1; }
# shellcheck disable=SC2086  # the flags are words
cc -std=c17 -Wall -Wextra -Werror -o "$work/api_example" "$top/tests/tools/api_example.c" $flags ||
  { echo "the example does not build against the installed files"; exit 1; }
"$work/prefix/bin/locus-index" -q -d "$work/index" "$top/corpus" || { echo "indexing failed"; exit 1; }
out=$(LD_LIBRARY_PATH="$work/prefix/lib" "$work/api_example" "$work/index" DFFT) || { echo "the example failed"; exit 1; }
echo "api_example DFFT: $out"
case "$out" in
  *2022-02-07-japan-eu-ict-policy-dialogue.txt:18*"2. Regulatory reform"*) echo "1 passed" ;;
  *) echo "unexpected answer"; exit 1 ;;
esac
