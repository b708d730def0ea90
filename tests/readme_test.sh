#!/usr/bin/env bash
# Every shell line of README.md runs as written, in README order, in one shell (so `export` and
# `cd` carry over) from a copy of the checkout, and what its comment claims is checked:
# tests/readme_claims holds, for each line (verbatim, after "$ "), the checks below. A README
# line with no entry there, or an entry no README line has, fails the test: a README edit must
# say what the new line does, and a claim cannot outlive its line.
#   exit N            the line's exit status (default 0)
#   out RE | err RE   stdout | stderr (colours removed) has a line matching the Perl regex RE
#   not RE | noerr RE no stdout | stderr line matches
#   raw RE            stdout as written, colours kept, has a line matching
#   count N RE        exactly N stdout lines match
#   each SEL => RE    there are lines matching SEL, and every one matches RE too
#   order asc|desc RE the values RE captures, one per line where it matches, are in that order
#   atmost N RE       no value RE captures comes from more than N lines
#   file PATH         the line made PATH (relative to the checkout; /tmp/ as below)
#   sample            stdout begins with the README's sample hit (the block after "looks like
#                     this"), its "..." standing for any text
#   before CMD        a helper run first (wait_ports P...: until servers listen)
#   skip REASON       not run (scripts that build or install everything; said why)
#   shared            needs ../shared: the line and its checks are skipped when it is absent
#   needs CMD         needs the program CMD (not a dependency of locus): skipped without it
# So that no run touches the real /tmp, every "/tmp/" of a line becomes a private folder, and
# the ports 8600-8602 free ones; HOME is private, no LOCUS_* or XDG_* variable comes in.
# Usage: readme_test.sh BIN_DIR SOURCE_DIR
set -u
bin=$(cd "$1" && pwd)
top=$(cd "$2" && pwd)
claims=$top/tests/readme_claims
work=$(mktemp -d)
[ -n "${README_TEST_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/checkout/build" "$work/tmp" "$work/home" "$work/out" "$work/checkout/tests/tools"
cp -r "$top/corpus" "$work/checkout/corpus"
ln -s "$top/scripts" "$work/checkout/scripts"
ln -s "$bin" "$work/checkout/build/release"
cp "$top/tests/tools/api_example.c" "$work/checkout/tests/tools/"
have_shared=0
if [ -d "$top/../shared/data" ]; then
  ln -s "$(cd "$top/../shared" && pwd)" "$work/shared"
  have_shared=1
else
  echo "note: ../shared is absent: the README lines that read it are skipped"
fi
# three free ports in a row for the README's xapian-tcpsrv lines (a port that answers is taken)
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 50); do
  port=$((20000 + RANDOM % 30000))
  port_taken $port || port_taken $((port + 1)) || port_taken $((port + 2)) || break
done

# The README's shell lines: inside ```sh fences, neither blank nor only a comment.
mapfile -t lines < <(awk '/^```sh$/ {f = 1; next} /^```/ {f = 0; next}
                          f && !/^[ \t]*(#|$)/' "$top/README.md")
[ ${#lines[@]} -gt 40 ] || { echo "found only ${#lines[@]} shell lines in README.md"; exit 1; }
# The sample hit: the fenced block after "looks like this".
mapfile -t sample < <(awk '/looks like this/ {s = 1} s && /^```$/ {if (f) exit; f = 1; next}
                           f' "$top/README.md")

declare -A known=()
while IFS= read -r l; do
  case $l in '$ '*) known[${l#\$ }]=1 ;; esac
done <"$claims"
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
for l in "${lines[@]}"; do
  [ -n "${known[$l]:-}" ] || fail "README line without claims in tests/readme_claims: $l"
done
declare -A inreadme=()
for l in "${lines[@]}"; do inreadme[$l]=1; done
for l in "${!known[@]}"; do
  [ -n "${inreadme[$l]:-}" ] || fail "tests/readme_claims has a line README.md does not: $l"
done
[ $failed -eq 0 ] || exit 1

# needs_met CHECKS: whether every program a "needs" check names is installed
needs_met() {
  local c
  while IFS= read -r c; do
    case $c in "needs "*) command -v "${c#needs }" >/dev/null || return 1 ;; esac
  done <<<"$1"
  return 0
}

# checks_of LINE: the check lines of its entry
checks_of() {  # the line through the environment: awk -v would turn its \n into a newline
  README_LINE="$ $1" awk '$0 == ENVIRON["README_LINE"] {f = 1; next} /^\$ / {f = 0} f && !/^[ \t]*(#|$)/' "$claims"
}
subst() {  # a README text as run here
  local s=${1//\/tmp\//$work/tmp/}
  s=${s//8600/$port}; s=${s//8601/$((port + 1))}; s=${s//8602/$((port + 2))}
  printf '%s' "$s"
}

# One script runs every line in order; each line's output, errors and status go to out/N.
script=$work/run.sh
{
  echo 'cd "$1" || exit 99'
  echo 'wait_ports() { local p t; for p; do for t in $(seq 100); do'
  echo '  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done; done; }'
  n=0
  for l in "${lines[@]}"; do
    n=$((n + 1))
    checks=$(checks_of "$l")
    if grep -q '^skip ' <<<"$checks" || { [ $have_shared = 0 ] && grep -qx 'shared' <<<"$checks"; } ||
       ! needs_met "$checks"; then
      continue
    fi
    while IFS= read -r c; do
      case $c in "before "*) subst "${c#before }"; echo ;; esac
    done <<<"$checks"
    printf '{ %s\n} >%q 2>%q </dev/null; echo $? >%q\n' "$(subst "$l")" "$work/out/$n.out" \
      "$work/out/$n.err" "$work/out/$n.rc"
  done
  # SIGKILL: xapian-tcpsrv answers SIGTERM by signalling its whole process group
  echo 'kill -KILL $(jobs -p) 2>/dev/null; wait 2>/dev/null'
} >"$script"
setsid -w env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$work/home" LANG=C.UTF-8 TERM=dumb \
  bash "$script" "$work/checkout" >"$work/script.out" 2>&1

strip() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }
n=0
ran=0
skipped=0
for l in "${lines[@]}"; do
  n=$((n + 1))
  checks=$(checks_of "$l")
  reason=$(sed -n 's/^skip //p' <<<"$checks")
  if [ -n "$reason" ]; then
    echo "skip: $l  ($reason)"; skipped=$((skipped + 1)); continue
  fi
  if [ $have_shared = 0 ] && grep -qx 'shared' <<<"$checks"; then skipped=$((skipped + 1)); continue; fi
  if ! needs_met "$checks"; then
    echo "skip: $l  (needs $(sed -n 's/^needs //p' <<<"$checks" | tr '\n' ' '))"; skipped=$((skipped + 1)); continue
  fi
  ran=$((ran + 1))
  o=$work/out/$n
  [ -f "$o.rc" ] || { fail "line $n did not finish: $l"; continue; }
  rc=$(cat "$o.rc")
  strip "$o.out" >"$o.o"
  strip "$o.err" >"$o.e"
  want=$(sed -n 's/^exit //p' <<<"$checks")
  bad=()
  [ "$rc" = "${want:-0}" ] || bad+=("exit $rc, not ${want:-0}")
  while IFS= read -r c; do
    case $c in
      "out "*) grep -qP -- "${c#out }" "$o.o" || bad+=("no output line matches /${c#out }/") ;;
      "err "*) grep -qP -- "${c#err }" "$o.e" || bad+=("no stderr line matches /${c#err }/") ;;
      "not "*) ! grep -qP -- "${c#not }" "$o.o" || bad+=("an output line matches /${c#not }/") ;;
      "noerr "*) ! grep -qP -- "${c#noerr }" "$o.e" || bad+=("a stderr line matches /${c#noerr }/") ;;
      "raw "*) grep -qP -- "${c#raw }" "$o.out" || bad+=("no output line as written matches /${c#raw }/") ;;
      "count "*)
        read -r k re <<<"${c#count }"
        got=$(grep -cP -- "$re" "$o.o")
        [ "$got" = "$k" ] || bad+=("$got output lines match /$re/, not $k") ;;
      "each "*)
        sel=${c#each }; sel=${sel%% => *}; re=${c#* => }
        grep -qP -- "$sel" "$o.o" || bad+=("no output line matches /$sel/")
        ! grep -P -- "$sel" "$o.o" | grep -qvP -- "$re" ||
          bad+=("a line matching /$sel/ does not match /$re/: $(grep -P -- "$sel" "$o.o" | grep -vP -- "$re" | head -1)") ;;
      "order "*)
        read -r way re <<<"${c#order }"
        RE=$re perl -ne 'print "$1\n" if /$ENV{RE}/' "$o.o" >"$o.v"
        flag=; [ "$way" = desc ] && flag=-r
        [ -s "$o.v" ] && LC_ALL=C sort -c $flag "$o.v" 2>/dev/null ||
          bad+=("the values of /$re/ are not in $way order: $(tr '\n' ' ' <"$o.v" | head -c 200)") ;;
      "atmost "*)
        read -r k re <<<"${c#atmost }"
        most=$(RE=$re perl -ne 'print "$1\n" if /$ENV{RE}/' "$o.o" | sort | uniq -c | sort -rn | head -1)
        [ -n "$most" ] && [ "$(awk '{print $1}' <<<"$most")" -le "$k" ] ||
          bad+=("a value of /$re/ comes more than $k times (or none does): $most") ;;
      "file "*)
        f=$(subst "${c#file }")
        case $f in "~/"*) f=$work/home/${f#"~/"} ;; /*) ;; *) f=$work/checkout/$f ;; esac
        [ -e "$f" ] || bad+=("made no ${c#file }") ;;
      sample)
        i=0
        for s in "${sample[@]}"; do
          i=$((i + 1))
          re=$(printf '%s' "$s" | sed -e 's/[][\.*^$()+?{}|]/\\&/g' -e 's/\\\.\\\.\\\./.*/g')
          sed -n "${i}p" "$o.o" | grep -qE -- "^$re\$" ||
            bad+=("line $i of the README's sample hit is not /^$re\$/ but: $(sed -n "${i}p" "$o.o")")
        done ;;
      exit*|before*|shared|needs*|"") ;;
      *) bad+=("unknown check: $c") ;;
    esac
  done <<<"$checks"
  if [ ${#bad[@]} -gt 0 ]; then
    fail "$l"
    for b in "${bad[@]}"; do echo "    $b"; done
    echo "    stdout: $(head -c 600 "$o.o")"
    echo "    stderr: $(head -c 400 "$o.e")"
  fi
done
echo "ran $ran README lines, skipped $skipped"
if [ $failed -gt 0 ]; then
  echo "$failed failed"
  [ -s "$work/script.out" ] && { echo "the script said:"; head -20 "$work/script.out"; }
  exit 1
fi
echo "1 passed, 0 failed"
