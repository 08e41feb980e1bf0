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

# "WALL CPU" milliseconds of one command (CPU = user + system of the process tree), output discarded
ms() {
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/err" \
    || { echo "bench: failed: $*" >&2; cat "$work/err" >&2; return 1; }
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time"
}

# "WALL CPU" medians (each taken separately) of N runs; the function gets the run number
median() {
  local n=$1; shift
  local i
  for ((i = 1; i <= n; i++)); do "$@" "$i"; done >"$work/runs"
  w=$(cut -d' ' -f1 "$work/runs" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  c=$(cut -d' ' -f2 "$work/runs" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  echo "$w/$c"
}

cold()   { ms "$jstap" -p4 --poison-cache "$work/$script.stp"; }
dchange(){ ms "$jstap" -p4 -DJSTAP_BENCH_RUN="$1$RANDOM" "$work/$script.stp"; }
hot()    { ms "$jstap" -p4 "$work/$script.stp"; }

"$jstap" -p1 -e 'probe begin {}' >/dev/null 2>&1 || true   # jars and CDS archive exist before timing
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; times are median wall/CPU ms (cold, -D: 3 runs; hot: $runs)"
printf '%-8s %14s %16s %12s\n' script "cold" "-D (p3-4 only)" "hot (p1-4)"
for script in hello tapset; do
  c=$(median 3 cold)
  d=$(median 3 dchange)
  "$jstap" -p4 "$work/$script.stp" >/dev/null 2>&1    # make sure the plain key is cached
  h=$(median "$runs" hot)
  printf '%-8s %14s %16s %12s\n' "$script" "$c" "$d" "$h"
done
echo "hot-run check (a stage jar reinstalled meanwhile makes its pass miss):"
"$jstap" -v -p4 "$work/hello.stp" 2>&1 >/dev/null | grep -E '^Pass' || true
b=$(median "$runs" ms "$jstap" -p1 --disable-cache -e 'probe begin {}')
echo "reference: jstap -p1 --disable-cache of 'probe begin {}': $b"
echo "cache size: $(du -sh "$JSTAP_CACHE_DIR" | cut -f1)"

# Cached -p4 beside stap's cached -p4, in pairs (bench/pairs.sh). stap builds here only from a patched copy of its
# runtime (bench/stap-runtime.sh says why); its first build fills its cache.
# shellcheck source=bench/pairs.sh
source "$root/bench/pairs.sh"
# shellcheck source=bench/stap-runtime.sh
source "$root/bench/stap-runtime.sh"
rel="$(pairs_kernel_release)"
if command -v stap >/dev/null && [[ -n "$rel" ]] && stap_runtime_copy /usr/share/systemtap/runtime "$work/stap-runtime" "$rel" >/dev/null \
    && stap -R "$work/stap-runtime" -r "$rel" -p4 "$work/hello.stp" >/dev/null 2>"$work/err"; then
  "$jstap" -r "$rel" -p4 "$work/hello.stp" >/dev/null 2>&1
  pairs "$runs" "jstap -p4 hello (cached)" "$jstap -r $rel -p4 $work/hello.stp" \
    "stap -p4 hello (cached)" "stap -R $work/stap-runtime -r $rel -p4 $work/hello.stp"
else
  echo "stap -p4 hello: not compared ($(grep -m1 -E 'failed|ERROR|error' "$work/err" 2>/dev/null || echo 'no stap or no kernel build tree'))"
fi
