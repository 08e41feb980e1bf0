#!/usr/bin/env bash
# Start-up benchmark: whole-process wall and CPU time of `jstap -p1` of a hello script (served from jstap's cache,
# as every repeated run is) beside `stap -p1` of the same script, in pairs (bench/pairs.sh).
#   bench/startup.sh [PAIRS]       (default 10)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=bench/pairs.sh
source "$root/bench/pairs.sh"
n="${1:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo 'probe begin { println("hello"); exit() }' >"$work/hello.stp"
jstap="$root/bin/jstap"

# The jars, the class-data archive and the cache entry exist before timing (the first launches make them).
"$jstap" -p1 "$work/hello.stp" >/dev/null 2>&1 || true
"$jstap" -p1 "$work/hello.stp" >/dev/null 2>&1 || true

rel="$(pairs_kernel_release)"
if ! command -v stap >/dev/null || [[ -z "$rel" ]]; then
  echo "startup: no stap or no kernel build tree; timing jstap only" >&2
  pairs "$n" "jstap -p1 hello" "$jstap -p1 $work/hello.stp" "jstap -p1 hello (again)" "$jstap -p1 $work/hello.stp"
  exit 0
fi
pairs "$n" "jstap -p1 hello" "$jstap -p1 $work/hello.stp" "stap -p1 hello" "stap -r $rel -p1 $work/hello.stp"
