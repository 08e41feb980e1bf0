#!/usr/bin/env bash
# Per-hit cost of user stacks on jstap's bpf backend, beside bpftrace's ustack (not a test; run as root). One
# syscall tracepoint (syscalls:sys_enter_read) under a static workload doing N one-byte read()s
# (bench/overhead-readloop.c, built -static -O2: no frame pointers, so the stack needs its .eh_frame), as ns per
# read added over the unprobed loop (median of RUNS runs), for:
#   jstap n++                         the probe's fixed cost
#   jstap s = ucallers(-1)            the walk (CFA rows of the -d binary, jstap_ustacks.h)
#   jstap s = sprint_ubacktrace()     the walk and every frame's symbol
#   bpftrace @[ustack] = count()      bpf_get_stackid with BPF_F_USER_STACK (frame pointers only)
# and the frames each finds at one read (jstap's print_ubacktrace, bpftrace's ustack).
#   bench/bpf-ustack.sh [RUNS] [N]      (defaults 5 and 500000)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-5}"
n="${2:-500000}"
jstap="$root/bin/jstap"
[ "$(id -u)" = 0 ] || { echo "run as root (BPF)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin="$work/readloop"
gcc -static -O2 -o "$bin" "$root/bench/overhead-readloop.c"
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ns_of() { grep -o 'ns_per_read=[0-9.]*' | cut -d= -f2; }
body() { printf 'global n, s\nprobe kernel.trace("syscalls:sys_enter_read") { if (pid() == target()) { %s } }\nprobe end { printf("hits %%d\\n", n >= 0) }\n' "$1" >"$work/$2.stp"; }
body 'n++' count
body 's = ucallers(-1)' walk
body 's = sprint_ubacktrace()' syms
for s in count walk syms; do "$jstap" --runtime=bpf -d "$bin" -p4 "$work/$s.stp" >/dev/null; done # cache warm
declare -A all
for r in $(seq "$runs"); do
    all[base]+="$("$bin" "$n" | ns_of) "
    for s in count walk syms; do
        all[$s]+="$("$jstap" --runtime=bpf -d "$bin" "$work/$s.stp" -c "$bin $n" 2>/dev/null | ns_of) "
    done
    if command -v bpftrace >/dev/null; then
        all[bt]+="$(bpftrace -e 'tracepoint:syscalls:sys_enter_read /pid == cpid/ { @[ustack] = count(); } END { clear(@); }' \
            -c "$bin $n" 2>/dev/null | ns_of) "
    fi
done
base="$(echo ${all[base]} | tr ' ' '\n' | median)"
echo "unprobed: $base ns per read (N=$n, median of $runs)"
for k in count walk syms bt; do
    [ -n "${all[$k]:-}" ] || continue
    m="$(echo ${all[$k]} | tr ' ' '\n' | median)"
    printf '%-10s %8s ns per read, +%s\n' "$k" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.1f", a - b }')"
done
echo "frames at one read: jstap"
printf 'global d\nprobe kernel.trace("syscalls:sys_enter_read") { if (pid() == target() && !d++) print_ubacktrace() }\n' >"$work/one.stp"
"$jstap" --runtime=bpf -d "$bin" "$work/one.stp" -c "$bin 10" 2>/dev/null | grep -v ns_per_read
if command -v bpftrace >/dev/null; then
    echo "frames at one read: bpftrace"
    bpftrace -e 'tracepoint:syscalls:sys_enter_read /pid == cpid && @d++ == 0/ { printf("%s\n", ustack); } END { clear(@d); }' \
        -c "$bin 10" 2>/dev/null | grep -v 'ns_per_read\|Attaching' || true
fi
