#!/usr/bin/env bash
# Scale benchmark: how passes 2-4 grow with the script. For scripts of 1, 10, 100 and 300 probes (the first N of
# `jstap -l 'syscall.*'`, each `probe syscall.NAME { n++ }`; 300 = all `syscall.*` and `syscall.*.return`) and a
# generated 10,000-line script (functions calling each other, one begin probe), prints pass 2, 3 and 4 wall time
# (jstap's own -v lines, --disable-cache so every pass runs; the BTF index and autoconf stay cached), the whole
# process's CPU time, the lines of generated C and the shipped (stripped) .ko size, and the per-probe cost.
#   bench/scale.sh [RUNS]   (default 1; medians when more)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-1}"
jstap="$root/bin/jstap"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$jstap" -l 'syscall.*' 2>/dev/null | sed -n 's/^syscall\.\([a-z0-9_]*\)$/\1/p' >"$work/names"
for n in 1 10 100; do
  { echo "global n"; head -n "$n" "$work/names" | sed 's/.*/probe syscall.& { n++ }/'; } >"$work/p$n.stp"
done
printf 'global n\nprobe syscall.* { n++ }\nprobe syscall.*.return { n++ }\n' >"$work/p300.stp"
# 10,000 lines: 1,000 functions of 10 lines, each calling the one before it, and a begin probe calling the last
{
  echo "global acc"
  echo "function f0(x) { return x + 1 }"
  for ((i = 1; i < 1000; i++)); do
    printf 'function f%d(x) {\n  y = x * 3\n  if (y %% 2 == 0)\n    y = y / 2\n  else\n    y = y + 1\n  acc <<< y\n  z = f%d(y %% 97)\n  return z + %d\n}\n' \
      "$i" "$((i - 1))" "$i"
  done
  echo 'probe begin { println(f999(7)); exit() }'
} >"$work/lines10k.stp"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : "-") }'; }

# "P2 P3 P4 CPU" ms of one uncached -p4 run
one() {
  /usr/bin/time -f '%U %S' -o "$work/time" "$jstap" -v -p4 --disable-cache "$1" >"$work/ko" 2>"$work/err" \
    || { echo "scale: failed: $1" >&2; tail -3 "$work/err" >&2; return 1; }
  local p
  for p in 2 3 4; do
    sed -n "s/^Pass $p: .*\/\([0-9]*\)real ms\.$/\1/p" "$work/err" | head -n1
  done | tr '\n' ' '
  awk '{ printf "%d\n", ($1 + $2) * 1000 }' "$work/time"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $runs run(s) each, medians; times in ms (wall per pass, CPU of the whole process)"
printf '%-10s %7s %6s %6s %6s %7s %8s %8s %10s %10s\n' script probes "p2" "p3" "p4" "CPU" "C lines" "ko KB" "p2/probe" "p4/probe"
for s in p1 p10 p100 p300 lines10k; do
  f="$work/$s.stp"
  : >"$work/rows"
  for ((i = 0; i < runs; i++)); do one "$f" >>"$work/rows"; done
  p2=$(cut -d' ' -f1 "$work/rows" | median); p3=$(cut -d' ' -f2 "$work/rows" | median)
  p4=$(cut -d' ' -f3 "$work/rows" | median); cpu=$(cut -d' ' -f4 "$work/rows" | median)
  # the "# probes" section of -p2: one line per probe point after wildcard and alias expansion
  probes=$("$jstap" -p2 "$f" 2>/dev/null | awk '/^# probes/ { f = 1; next } /^# / { f = 0 } f && NF { c++ } END { print c + 0 }')
  clines=$("$jstap" -p3 "$f" 2>/dev/null | wc -l)
  ko=$(stat -c %s "$(tail -n1 "$work/ko")" 2>/dev/null || echo 0)
  awk -v s="$s" -v n="$probes" -v p2="$p2" -v p3="$p3" -v p4="$p4" -v cpu="$cpu" -v c="$clines" -v ko="$ko" 'BEGIN {
    printf "%-10s %7d %6s %6s %6s %7s %8d %8.1f %10.2f %10.2f\n", s, n, p2, p3, p4, cpu, c, ko / 1024, (n ? p2 / n : 0), (n ? p4 / n : 0) }'
done
