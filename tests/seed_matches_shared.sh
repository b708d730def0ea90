#!/bin/sh
# The seed release in corpus/ must be the one in ../shared/seeds, byte for byte.
top=$1
shared="$top/../shared/seeds"
if [ ! -d "$shared" ]; then
  echo "skipped: $shared is absent (the shared material is not beside this checkout)"
  exit 77
fi
seed=$(ls "$shared"/*.txt 2>/dev/null | head -n 1)
[ -n "$seed" ] || { echo "no seed release in $shared"; exit 1; }
if cmp "$seed" "$top/corpus/2022-02-07-japan-eu-ict-policy-dialogue.txt"; then
  echo "corpus seed matches $seed"
else
  echo "corpus/2022-02-07-japan-eu-ict-policy-dialogue.txt differs from $seed"
  exit 1
fi
