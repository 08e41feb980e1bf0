#!/usr/bin/env bash
# jstap's bpf backend beside bpftrace on this host (not a test; run as root). Prints:
#   1. per-hit overhead on one syscall tracepoint (syscalls:sys_enter_read): a C workload doing N one-byte read()s
#      of /dev/zero (bench/overhead-readloop.c) timed by itself, unprobed and under each tracer, as ns per read
#      added (median of RUNS runs; jstap and bpftrace alternate run by run), for three bodies:
#        n++                         bpftrace: @n++ (a map counter, as jstap's global)
#        a[pid()] <<< $count         bpftrace: @a[pid] = stats(args->count)
#        n = n + 1; m++              bpftrace: @n = @n + 1; @m++ (jstap takes both globals' locks, as kmod)
#        printf per hit              bpftrace: printf with the same two numbers (output to /dev/null, N/10 reads)
#   2. start-up to the first event: from starting the tracer to its first printed line (a background reader keeps
#      the tracepoint firing): jstap cold (--disable-cache: passes 1-5), jstap cached (the .bpf.o from the cache),
#      bpftrace (it compiles every time).
#   3. jstap passes 3 and 4 (from -v, --disable-cache) and the .bpf.o size, for the three scripts.
#   bench/bpf-overhead.sh [RUNS] [N]      (defaults 5 and 2000000)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-5}"
n="${2:-2000000}"
jstap="$root/bin/jstap"
command -v bpftrace >/dev/null || { echo "bpftrace is not installed (apt-get install bpftrace)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (BPF)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export JSTAP_CACHE_DIR="$work/cache"      # a private stage cache: 'cold' is cold, 'cached' is ours only

bin="$work/readloop"
gcc -O2 -o "$bin" "$root/bench/overhead-readloop.c"
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ns_of() { grep -o 'ns_per_read=[0-9.]*' | cut -d= -f2; }

tp='syscalls:sys_enter_read'
cat >"$work/count.stp" <<STP
global n
probe kernel.trace("$tp") { n++ }
probe end { printf("hits %d\n", n > 0) }
STP
cat >"$work/stats.stp" <<STP
global a
probe kernel.trace("$tp") { a[pid()] <<< \$count }
probe end { foreach (p in a) if (@count(a[p]) > 1000) printf("hits %d\n", @count(a[p]) > 0) }
STP
cat >"$work/locked.stp" <<STP
global n, m
probe kernel.trace("$tp") { n = n + 1; m++ }
probe end { printf("hits %d\n", n > 0 && m > 0) }
STP
cat >"$work/printf.stp" <<STP
probe kernel.trace("$tp") { printf("%d %d\n", pid(), \$count) }
STP
bt_count="tracepoint:$tp { @n++ } END { clear(@n); }"
bt_stats="tracepoint:$tp { @a[pid] = stats(args->count) } END { clear(@a); }"
bt_locked="tracepoint:$tp { @n = @n + 1; @m++ } END { clear(@n); clear(@m); }"
bt_printf="tracepoint:$tp { printf(\"%d %d\\n\", pid, args->count) }"

# the workload's own timing; the tracer's output (maps, printf lines) goes to a file
# (a tracer that cannot run the body gives no number; its first error line is shown instead)
run_jstap() { "$jstap" --runtime=bpf "$1" -c "$bin $2" 2>"$work/err" >"$work/out" || true; ns_of <"$work/out" || true; }
run_bt() { bpftrace -e "$1" -c "$bin $2" 2>"$work/bterr" >"$work/out" || true; ns_of <"$work/out" || true; }

"$jstap" --runtime=bpf -p4 "$work/count.stp" >/dev/null   # warm jstap's cache for the overhead runs
base=(); for i in $(seq "$runs"); do base+=("$("$bin" "$n" | ns_of)"); done
b=$(printf '%s\n' "${base[@]}" | median)
echo "one-byte read(2) of /dev/zero, probe on $tp, median of $runs runs"
printf '  %-26s %10s %14s %14s\n' "body" "reads" "jstap-bpf" "bpftrace"
printf '  %-26s %10s %11s ns %11s ns\n' "(unprobed)" "$n" "$b" "$b"
for body in count stats locked printf; do
  m=$n; [ "$body" = printf ] && m=$((n / 10))
  bt_var="bt_$body"
  js=(); bs=()
  for i in $(seq "$runs"); do
    js+=("$(run_jstap "$work/$body.stp" "$m")")
    bs+=("$(run_bt "${!bt_var}" "$m")")
  done
  label=$body; [ "$body" = count ] && label='n++'; [ "$body" = stats ] && label='a[pid()] <<< $count'; [ "$body" = printf ] && label='printf per hit'; [ "$body" = locked ] && label='n = n + 1; m++ (locks)'
  if [ -z "${js[0]}" ] || [ -z "${bs[0]}" ]; then
    why=""
    [ -z "${js[0]}" ] && why="jstap: $(grep -m1 'error' "$work/err" | sed 's/^[^ ]*: error: //' || true)"
    [ -z "${bs[0]}" ] && why="$why bpftrace: $(grep -m1 '^ERROR' "$work/bterr" || true)"
    [ -n "${bs[0]}" ] && why="$why (bpftrace: $(printf '%s\n' "${bs[@]}" | median) ns)"
    printf '  %-26s %10s   no number: %s\n' "$label" "$m" "$why"
    continue
  fi
  jm=$(printf '%s\n' "${js[@]}" | median); bm=$(printf '%s\n' "${bs[@]}" | median)
  awk -v l="$label" -v m="$m" -v j="$jm" -v t="$bm" -v b="$b" 'BEGIN { printf "  %-26s %10s %11s ns %11s ns   added: jstap +%.0f ns, bpftrace +%.0f ns\n", l, m, j, t, j - b, t - b }'
done
lost=$(grep -ho 'WARNING: [0-9]* .*lost' "$work/err" || true)
[ -n "$lost" ] && echo "  (last jstap printf run: $lost)"

# start-up to the first event
reader() { while :; do head -c 1 /dev/zero >/dev/null; done; }
reader & rpid=$!
cat >"$work/first.stp" <<STP
probe kernel.trace("$tp") { printf("first\n"); exit() }
STP
first_ms() {  # command... -> ms from start to the first line it prints
  local t0 t1
  t0=$(date +%s%N)
  "$@" 2>/dev/null | { read -r _; date +%s%N >"$work/t1"; cat >/dev/null; }
  t1=$(cat "$work/t1")
  echo $(( (t1 - t0) / 1000000 ))
}
jc=(); jw=(); bt=()
for i in $(seq "$runs"); do
  jc+=("$(first_ms "$jstap" --runtime=bpf --disable-cache "$work/first.stp")")
  jw+=("$(first_ms "$jstap" --runtime=bpf "$work/first.stp")")
  bt+=("$(first_ms bpftrace -e "tracepoint:$tp { printf(\"first\\n\"); exit(); }")")
done
kill "$rpid" 2>/dev/null || true
echo "start-up to the first event (ms, median of $runs):"
echo "  jstap-bpf cold (--disable-cache): $(printf '%s\n' "${jc[@]}" | median)   (${jc[*]})"
echo "  jstap-bpf cached .bpf.o:          $(printf '%s\n' "${jw[@]}" | median)   (${jw[*]})"
echo "  bpftrace:                         $(printf '%s\n' "${bt[@]}" | median)   (${bt[*]})"

# passes 3-4 and the artefact
pass_ms() { { grep "^Pass $1: " | grep -o '[0-9]*real ms' | grep -o '^[0-9]*'; } || echo "-"; }
echo "jstap-bpf passes 3-4 (--disable-cache -v, median of $runs) and .bpf.o size:"
cd "$work"
for body in count stats printf; do
  p3=(); p4=()
  for i in $(seq "$runs"); do
    rm -f "$work/probes.bpf.o"
    v=$("$jstap" --runtime=bpf --disable-cache -v -p4 "$work/$body.stp" 2>&1 >/dev/null || true)
    p3+=("$(pass_ms 3 <<<"$v")")
    p4+=("$(pass_ms 4 <<<"$v")")
  done
  size=$(stat -c %s "$work/probes.bpf.o" 2>/dev/null || echo "none (pass 3/4 failed)")
  printf '  %-8s pass 3 %5s ms, pass 4 %5s ms, .bpf.o %s bytes\n' "$body" "$(printf '%s\n' "${p3[@]}" | median)" "$(printf '%s\n' "${p4[@]}" | median)" "$size"
done
