#!/usr/bin/env bash
# The per-hit cost of =~ in a bpf kernel probe, with and without matched() (not a test; run as root), in
# bench/bpf-overhead.sh's style: a C loop of N openat(2)s of one path (ENOENT: no file) under each body on
# syscalls:sys_enter_openat. The number is the probe program's own run time per hit, from the kernel's BPF run-time
# statistics (kernel.bpf_stats_enabled, on for the runs; bpftool prog show's run_time_ns / run_cnt of the program,
# read by the workload after its loop): an openat's wall time varies by microseconds on a loaded machine, more than
# the regex costs. Median of RUNS runs; the wall-clock ns per openat is shown beside it. Bodies:
#   s = user_string($filename); n++                 the string read alone (the baseline of the rows below)
#   ... if (s =~ RE) n++                             =~ alone: the DFA, one bpf_loop step per byte
#   ... if (s =~ RE) { n++; g = matched(2) }          =~ and matched(): the DFA, then the Pike VM over the string
#   ... if (s =~ RE) n++ (matched() elsewhere)        =~ in a program that calls matched() in another probe
# for a matching subject; and the same three for a subject that does not match (the DFA says no: no VM walk).
# bpftrace 0.17 has no regex operator (no =~, no captures): its row is str(args->filename) and @n++ only.
#   bench/bpf-regex.sh [RUNS] [N]      (defaults 5 and 200000)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-5}"
n="${2:-200000}"
jstap="$root/bin/jstap"
[ "$(id -u)" = 0 ] || { echo "run as root (BPF)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export JSTAP_CACHE_DIR="$work/cache"

cat >"$work/openloop.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	const char *path = argc > 2 ? argv[2] : "/tmp/jstre-none";
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);
		if (fd >= 0) close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	const char *after = getenv("JSTRE_AFTER");     /* bpftool prog show, while the probes are still loaded */
	if (after && system(after) != 0) return 1;
	double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("opens=%ld ns_per_open=%.1f\n", n, ns / n);
	return 0;
}
C
bin="$work/openloop"
gcc -O2 -o "$bin" "$work/openloop.c"
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ns_of() { grep -o 'ns_per_open=[0-9.]*' | cut -d= -f2; }

tp='syscalls:sys_enter_openat'
re='^/usr/(lib|share)/([^/]+)/(.*)\.so(\.[0-9]+)*$'
rs="${re//\\/\\\\}"   # in a stap string literal: each backslash doubled
hit=/usr/lib/x86_64-linux-gnu/libjstre.so.1.2
miss=/tmp/jstre-libz.so.1.2
body() {  # NAME CODE -> the script
  cat >"$work/$1.stp" <<STP
global n, g
probe kernel.trace("$tp") { if (pid() != target()) next; s = user_string(\$filename); $2 }
probe end { printf("hits %d %s\n", n, g) }
STP
}
body read 'n++'
body dfa "if (s =~ \"$rs\") n++"
body groups "if (s =~ \"$rs\") { n++; g = matched(2) }"
body elsewhere "if (s =~ \"$rs\") n++ }
probe kernel.trace(\"syscalls:sys_enter_close\") { if (pid() == target() && \"x\" =~ \"(x)\") g = matched(1)"
bt="tracepoint:$tp /pid == cpid/ { @s = str(args->filename); @n++ } END { clear(@s); clear(@n); }"

# "PROG_NS WALL_NS": the newest loaded program named $1 that ran at least N times (ours: the workload's openats)
prog_ns() {
  python3 - "$1" "$n" "$work/progs.json" <<'PY'
import json, sys
name, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ps = [p for p in json.load(open(path)) if p.get("name", "").startswith(name) and p.get("run_cnt", 0) >= n]
p = max(ps, key=lambda p: p["id"]) if ps else None
print("%.1f" % (p["run_time_ns"] / p["run_cnt"]) if p else "")
PY
}
export JSTRE_AFTER="bpftool prog show -j > $work/progs.json"
run_jstap() {
  "$jstap" --runtime=bpf "$1" -c "$bin $n $2" 2>"$work/err" >"$work/out" || true
  echo "$(prog_ns probe_0) $(ns_of <"$work/out" || true)"
}
run_bt() {
  bpftrace -e "$bt" -c "$bin $n $1" 2>"$work/bterr" >"$work/out" || true
  echo "$(prog_ns sys_enter_opena) $(ns_of <"$work/out" || true)"
}
old_stats=$(cat /proc/sys/kernel/bpf_stats_enabled)
trap 'echo "$old_stats" >/proc/sys/kernel/bpf_stats_enabled; rm -rf "$work"' EXIT
echo 1 >/proc/sys/kernel/bpf_stats_enabled
for b in read dfa groups elsewhere; do "$jstap" --runtime=bpf -p4 "$work/$b.stp" >/dev/null; done  # warm the cache

echo "openat(2) of a missing path, probe on $tp, regex \"$re\", median of $runs runs of $n"
echo "  (BPF run time per hit of the openat program, from the kernel's BPF statistics; wall ns per openat beside it)"
for subj in "$hit" "$miss"; do
  base=(); for i in $(seq "$runs"); do base+=("$(JSTRE_AFTER= "$bin" "$n" "$subj" | ns_of)"); done
  b=$(printf '%s\n' "${base[@]}" | median)
  echo "subject $subj ($( [ "$subj" = "$hit" ] && echo matches || echo "does not match")); unprobed $b ns per openat (wall)"
  rows=(read dfa groups elsewhere)
  labels=("user_string only" "=~ (DFA)" "=~ then matched(2)" "=~, matched() in another probe")
  first=""
  for k in 0 1 2 3; do
    body=${rows[$k]}
    p=(); w=(); for i in $(seq "$runs"); do read -r pn wn <<<"$(run_jstap "$work/$body.stp" "$subj")"; p+=("$pn"); w+=("$wn"); done
    if [ -z "${p[0]}" ]; then echo "  ${labels[$k]}: no number: $(grep -m1 -i error "$work/err" || true)"; continue; fi
    pm=$(printf '%s\n' "${p[@]}" | median); wm=$(printf '%s\n' "${w[@]}" | median)
    [ -z "$first" ] && first=$pm
    awk -v l="${labels[$k]} (jstap-bpf)" -v p="$pm" -v f="$first" -v w="$wm" -v b="$b" 'BEGIN {
      printf "  %-46s %8.1f ns per hit (+%.0f over the string read)   wall %8.1f ns per openat (+%.0f)\n", l, p, p - f, w, w - b }'
  done
  if command -v bpftrace >/dev/null; then
    p=(); w=(); for i in $(seq "$runs"); do read -r pn wn <<<"$(run_bt "$subj")"; p+=("$pn"); w+=("$wn"); done
    if [ -n "${p[0]}" ]; then
      awk -v p="$(printf '%s\n' "${p[@]}" | median)" -v w="$(printf '%s\n' "${w[@]}" | median)" -v b="$b" 'BEGIN {
        printf "  %-46s %8.1f ns per hit\n", "str() only (bpftrace 0.17: no regex)", p }'
    else
      echo "  bpftrace: no number: $(grep -m1 -i error "$work/bterr" || true)"
    fi
  fi
done
