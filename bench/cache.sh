#!/usr/bin/env bash
# Per-stage cache benchmark (not a test): whole-process wall time of `jstap -p4` ("module ready") for
#   cold       every pass runs (--poison-cache: rebuild and overwrite)
#   -D change  passes 1-2 from the cache, 3-4 rebuilt (a fresh -D value each run)
#   hot        passes 1-4 from the cache
# for a hello script and a tapset script (syscall alias + kprobe), beside `stap -p4` where stap can build here.
# Uses a private cache (JSTAP_CACHE_DIR) so it neither reads nor spoils yours.
#   bench/cache.sh [RUNS]   (default 5 for hot runs; slow cases run 3 times)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-5}"
jstap="$root/bin/jstap"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export JSTAP_CACHE_DIR="$work/cache"

cat >"$work/hello.stp" <<'STP'
probe begin { printf("hello world\n"); exit() }
STP
cat >"$work/tapset.stp" <<'STP'
global opens
probe syscall.openat { opens[execname()]++ }
probe timer.s(1) { foreach (n in opens- limit 5) printf("%s %d\n", n, opens[n]); exit() }
STP

# milliseconds of one command (wall), output discarded; fails loudly if the command fails
ms() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>"$work/err" || { echo "bench: failed: $*" >&2; cat "$work/err" >&2; return 1; }
  e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
}

# median of N runs of a command; the command may use $i (run number) through the function given
median() {
  local n=$1; shift
  local t=() i
  for ((i = 1; i <= n; i++)); do t+=("$("$@" "$i")"); done
  printf '%s\n' "${t[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

cold()   { ms "$jstap" -p4 --poison-cache "$work/$script.stp"; }
dchange(){ ms "$jstap" -p4 -DJSTAP_BENCH_RUN="$1$RANDOM" "$work/$script.stp"; }
hot()    { ms "$jstap" -p4 "$work/$script.stp"; }

"$jstap" -p1 -e 'probe begin {}' >/dev/null 2>&1 || true   # jars and CDS archive exist before timing
printf '%-8s %10s %12s %10s %s\n' script "cold ms" "-D ms (p3-4)" "hot ms" "(median wall; hot: $runs runs)"
for script in hello tapset; do
  c=$(median 3 cold)
  d=$(median 3 dchange)
  "$jstap" -p4 "$work/$script.stp" >/dev/null 2>&1    # make sure the plain key is cached
  h=$(median "$runs" hot)
  printf '%-8s %10s %12s %10s\n' "$script" "$c" "$d" "$h"
done
echo "hot-run check:"; "$jstap" -v -p4 "$work/hello.stp" 2>&1 >/dev/null | grep -E '^Pass' || true
echo "cache size: $(du -sh "$JSTAP_CACHE_DIR" | cut -f1)"

if command -v stap >/dev/null; then
  rel="$(ls -1 /lib/modules 2>/dev/null | while read -r r; do [[ -d "/lib/modules/$r/build" ]] && echo "$r"; done | sort -V | tail -n1)"
  for script in hello tapset; do
    s=$(date +%s%N)
    if stap -r "$rel" -p4 "$work/$script.stp" >/dev/null 2>"$work/err"; then
      e=$(date +%s%N); first=$(( (e - s) / 1000000 ))
      s=$(date +%s%N); stap -r "$rel" -p4 "$work/$script.stp" >/dev/null 2>&1; e=$(date +%s%N)
      echo "stap -p4 $script: first ${first} ms, cached $(( (e - s) / 1000000 )) ms"
    else
      e=$(date +%s%N)
      echo "stap -p4 $script: fails here after $(( (e - s) / 1000000 )) ms ($(grep -m1 -E 'failed|ERROR|error' "$work/err" || echo 'see stap -v'))"
    fi
  done
fi
