#!/usr/bin/env bash
# Probe-overhead benchmark in the test VM (not a test). Prints:
#   boot-to-ready of the persistent VM (jstap vm start), per-run round trip of a tiny module in it,
#   and the cost a probe on ksys_read adds to a one-byte read(2): a static C workload doing N reads of /dev/zero
#   (bench/overhead-readloop.c, sent with --vm-file) timed in the guest, unprobed vs
#     A: probe kernel.function("ksys_read") { n++ }
#     B: global r; probe kernel.function("ksys_read") { r[pid()] <<< $count }
#   as ns per call added (median of RUNS runs each). TCG (no KVM here): absolute numbers are emulation-slow.
#   bench/overhead.sh [RUNS] [N]      (defaults 3 and 1000000)
# Uses its own VM state dir (XDG_RUNTIME_DIR) so it neither needs nor disturbs yours.
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-3}"
n="${2:-1000000}"
jstap="$root/bin/jstap"
work="$(mktemp -d)"
export XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_RUNTIME_DIR"
trap '"$jstap" vm stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

bin="$work/readloop"
gcc -static -O2 -o "$bin" "$root/bench/overhead-readloop.c"

now_ms() { date +%s%3N; }
t0=$(now_ms)
"$jstap" vm start --vm-file "$bin" >"$work/start.txt"
t1=$(now_ms)
boot=$(grep -o 'ready after [0-9]*' "$work/start.txt" | grep -o '[0-9]*')
echo "boot-to-ready: ${boot} ms (agent PONG; 'jstap vm start' wall $((t1 - t0)) ms)"

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

cat >"$work/hello.stp" <<'STP'
probe begin { printf("hi\n"); exit() }
STP
"$jstap" "$work/hello.stp" >/dev/null   # warm the cache (passes 1-4)
rts=()
for i in $(seq 5); do
  rt=$("$jstap" -v "$work/hello.stp" 2>&1 >/dev/null | grep -o 'Pass 5: run on vm: .* \([0-9]*\) ms' | grep -o '[0-9]* ms$' | grep -o '[0-9]*')
  rts+=("$rt")
done
echo "module round trip in the persistent VM (send, load, begin, unload, verdict; 5 runs): $(printf '%s\n' "${rts[@]}" | median) ms median (${rts[*]})"

cat >"$work/none.stp" <<'STP'
global t
probe begin { t = 1 }
probe end { if (t) printf("") }
STP
cat >"$work/count.stp" <<'STP'
global n
probe kernel.function("ksys_read") { n++ }
probe end { printf("probe hits: %d\n", n) }
STP
cat >"$work/stats.stp" <<'STP'
global r
probe kernel.function("ksys_read") { r[pid()] <<< $count }
probe end { foreach (p in r) if (@count(r[p]) > 1000) printf("probe hits: %d\n", @count(r[p])) }
STP

measure() {  # script -> median ns_per_read
  local s="$1" out vals=()
  for i in $(seq "$runs"); do
    out=$("$jstap" "$s" -c "$bin $n" 2>&1)
    vals+=("$(grep -o 'ns_per_read=[0-9.]*' <<<"$out" | cut -d= -f2)")
    echo "  $(basename "$s"): $(tr '\n' ' ' <<<"$out")" >&2
  done
  printf '%s\n' "${vals[@]}" | median
}
base=$(measure "$work/none.stp")
a=$(measure "$work/count.stp")
b=$(measure "$work/stats.stp")
echo "one-byte read(2), $n calls, median of $runs runs (TCG):"
echo "  unprobed (module loaded, no kprobe):                     ${base} ns/call"
awk -v x="$a" -v b="$base" 'BEGIN { printf "  kernel.function(\"ksys_read\") { n++ }:                   %s ns/call (+%.0f ns)\n", x, x - b }'
awk -v x="$b" -v b="$base" 'BEGIN { printf "  kernel.function(\"ksys_read\") { r[pid()] <<< $count }:  %s ns/call (+%.0f ns)\n", x, x - b }'
