#!/usr/bin/env bash
# Start-up benchmark: whole-process time of `jstap -p1 -e 'probe begin {}'` against `stap -p1` on the same
# script, with hyperfine. Target: jstap within 2x of stap.
#   bench/startup.sh [RUNS]       (default 20)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-20}"
script='probe begin {}'
jstap="$root/bin/jstap"

# Make sure the jars and the CDS archive exist before timing (the first launch creates them).
"$jstap" -p1 -e "$script" >/dev/null 2>&1 || true
"$jstap" -p1 -e "$script" >/dev/null 2>&1 || true

cmds=("$jstap -p1 -e '$script'")
if command -v stap >/dev/null; then
  # stap needs a kernel build tree even for pass 1: use the running kernel's, else the newest installed one.
  rel="$(uname -r)"
  if [[ ! -d "/lib/modules/$rel/build" ]]; then
    rel="$(ls -1 /lib/modules 2>/dev/null | while read -r r; do [[ -d "/lib/modules/$r/build" ]] && echo "$r"; done | sort -V | tail -n1)"
  fi
  if [[ -n "$rel" ]]; then
    cmds+=("stap -r $rel -p1 -e '$script'")
  else
    echo "startup: no kernel build tree for stap; timing jstap only" >&2
  fi
else
  echo "startup: stap is not installed; timing jstap only" >&2
fi

if command -v hyperfine >/dev/null; then
  out="$(mktemp)"
  hyperfine -N --warmup 3 --runs "$runs" -i --export-csv "$out" "${cmds[@]}" >&2
  # CSV: command,mean,stddev,median,user,system,min,max (seconds); commands have no commas here.
  awk -F, 'NR > 1 { printf "%s: mean %.0f ms, median %.0f ms, min %.0f ms, user+sys %.0f ms\n", $1, $2*1000, $4*1000, $7*1000, ($5+$6)*1000; med[NR] = $4 }
           END { if (NR == 3) printf "jstap/stap (median): %.2fx\n", med[2] / med[3] }' "$out"
  rm -f "$out"
else
  for c in "${cmds[@]}"; do
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do bash -c "$c" >/dev/null 2>&1 || true; done
    echo "$c: mean $(( ($(date +%s%N) - start) / runs / 1000000 )) ms"
  done
fi
