#!/usr/bin/env bash
# Front-end scaling: CPU seconds (user+sys) of `jstap -pN` against input size, for each input shape that used to be
# superlinear (issue 11 item 14), beside `stap -pN` on the same file.
#   bench/front-scaling.sh [PASS] [SHAPE...]      PASS 1 or 2 (default 2); shapes: plus calls warnings digits macro
# Environment: BENCH_TIMEOUT (seconds per run, default 300), BENCH_NO_STAP=1 (jstap only).
# jstap runs with --disable-cache, so every run does the work; stap never caches passes 1-2.
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
pass="${1:-2}"
shift || true
shapes=("$@")
[[ ${#shapes[@]} -gt 0 ]] || shapes=(plus calls warnings digits macro)
timeout_s="${BENCH_TIMEOUT:-300}"
work="$(mktemp -d "${TMPDIR:-/tmp}/front-scaling.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The script of a shape at a size, written to a file; prints its path.
make_script() {
  local shape=$1 n=$2 f="$work/$1-$2.stp"
  python3 - "$shape" "$n" "$f" <<'EOF'
import sys
shape, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if shape == "plus":       # x = 1+1+...+1
    s = "probe begin { x = 1" + "+1" * (n - 1) + "; println(x); exit() }\n"
elif shape == "calls":    # f(f(...f(1)...)) n deep
    s = "function f(x) { return x }\nprobe begin { println(" + "f(" * n + "1" + ")" * n + "); exit() }\n"
elif shape == "warnings": # n unused globals: n warnings
    s = "".join(f"global g{i}\n" for i in range(n)) + "probe begin { exit() }\n"
elif shape == "digits":   # one n-digit number (refused as out of range, by both)
    s = "probe begin { x = " + "1" * n + "; println(x); exit() }\n"
elif shape == "macro":    # a macro doubling itself n times: 2^n tokens (jstap refuses past its budget)
    s = "@define m0 %( 1 %)\n" + "".join(f"@define m{i} %( @m{i-1} + @m{i-1} %)\n" for i in range(1, n + 1))
    s += f"probe begin {{ println(@m{n}); exit() }}\n"
else:
    sys.exit("unknown shape " + shape)
open(path, "w").write(s)
EOF
  echo "$f"
}

# CPU seconds of one run (user+sys), or "timeout"/"oom"-style notes; the exit status is shown beside it.
cpu() {
  local out rc
  out="$(mktemp "$work/time.XXXXXX")"
  rc=0
  timeout "$timeout_s" /usr/bin/time -f '%U %S %M' -o "$out" "$@" >/dev/null 2>&1 || rc=$?
  if [[ $rc -eq 124 ]]; then echo "  >${timeout_s}s"; return; fi
  awk -v rc="$rc" '{ printf "%6.2fs %4dMB rc=%d", $1 + $2, $3 / 1024, rc }' "$out"
}

sizes() {
  case $1 in
    plus) echo 10000 20000 40000 100000 ;;
    calls) echo 2500 5000 10000 40000 ;;
    warnings) echo 10000 20000 40000 ;;
    digits) echo 100000 1000000 ;;
    macro) echo 16 18 20 40 ;;
  esac
}

jstap="$root/bin/jstap"
"$jstap" --version >/dev/null 2>&1 || true # builds the jars once, outside the measurements
printf '%-9s %8s   %-24s %-24s\n' shape size "jstap -p$pass" "stap -p$pass"
for shape in "${shapes[@]}"; do
  for n in $(sizes "$shape"); do
    f="$(make_script "$shape" "$n")"
    j="$(cpu "$jstap" -p"$pass" --disable-cache "$f")"
    s="-"
    if [[ -z "${BENCH_NO_STAP:-}" ]] && command -v stap >/dev/null; then
      if [[ $shape == macro && $n -gt 22 ]]; then s="(skipped: 2^$n tokens)"; else s="$(cpu stap -p"$pass" "$f")"; fi
    fi
    printf '%-9s %8s   %-24s %-24s\n' "$shape" "$n" "$j" "$s"
  done
done
