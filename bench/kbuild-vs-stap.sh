#!/usr/bin/env bash
# Passes 3-4 side by side (benchmark, not a test): jstap against SystemTap on the same scripts.
# For each script and tool it prints
#   C gen     lines of C the translator wrote for the script (jstap: jstap-script.c; stap: stap_*.c, stap_common.h)
#   C+rt      lines of every C file outside the kernel tree that the compiler read (script + runtime, from kbuild's
#             .*.o.cmd dependency lists)
#   ko KB     module size: as linked (debug info kept) / after `strip --strip-debug` (same strip for both tools)
# and, for three cache states, the median over N runs of pass 3 and pass 4 wall ms (the tools' own -v lines) and of
# the whole process's wall and CPU (user+sys of the process tree, so kbuild's compilers count) ms:
#   cold      nothing cached: fresh cache dirs, so per-kernel probes (jstap: BTF index, jst_autoconf.h; stap:
#             stapconf_*.h, tracepoint query modules) are rebuilt too
#   uncached  per-kernel caches warm, the script's own passes all run: jstap --disable-cache; stap with a fresh
#             -D per run (stap never caches passes 1-2, and a new -D misses its module cache but keeps stapconf)
#   cached    the whole module comes out of the tool's cache
#
#   bench/kbuild-vs-stap.sh [N]          (default 3; or BENCH_RUNS=N)
#   BENCH_SCRIPTS="hello trace"          only these scripts (hello tapset vfs trace)
#   BENCH_MODES="uncached cached"        only these cache states (default: uncached cold cached)
#   BENCH_COLD_RUNS=N                    runs in the cold state (default 1: stap's cold tapset run takes minutes)
#   STAP_RUNTIME=DIR                     stap's runtime to copy (default /usr/share/systemtap/runtime)
#
# jstap runs from a snapshot of this tree's launcher and jars (copied at start), so another developer's
# `mvn install` during the benchmark neither changes the compiler under test nor misses the cached state.
#
# stap 4.8 does not build against this Debian 6.1 kernel as shipped: the kernel backported the task_work_cancel()
# change (it now takes a callback_head and returns bool; the old "cancel by function" is task_work_cancel_func()).
# For MEASUREMENT ONLY this script copies stap's runtime into its temporary directory, points the copy's
# stp_task_work.c at task_work_cancel_func (type and kallsyms name; two sed lines, only when the kernel headers
# declare it; bench/stap-runtime.sh, shared with conformance-tests/oracle/) and runs `stap -R <copy>`. Nothing of
# stap's is kept: the copy is deleted on exit.
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-${BENCH_RUNS:-3}}"
cold_runs="${BENCH_COLD_RUNS:-1}"
scripts=(${BENCH_SCRIPTS:-hello tapset vfs trace})
modes=(${BENCH_MODES:-uncached cold cached})
work="$(mktemp -d /tmp/kbuild-vs-stap.XXXXXX)"
kept=""   # the build directory a -k run left (the first of a script and tool; removed when done with it)
trap 'rm -rf "$work" ${kept:+"$kept"}' EXIT
unset JSTAP_CACHE_DIR SYSTEMTAP_DIR

# ---- jstap: a snapshot of bin/jstap and its jars ----------------------------------------------------------------
"$root/bin/jstap" -p1 -e 'probe begin {}' >/dev/null 2>&1 || true   # builds the jars if there are none
mkdir -p "$work/jstap/bin" "$work/jstap/cli/target" "$work/jstap/lib"
cp "$root/bin/jstap" "$work/jstap/bin/"
for f in "$root"/cli/target/cli-*.jar; do
  [[ "$f" == *-sources.jar || "$f" == *-tests.jar ]] || cp "$f" "$work/jstap/cli/target/"
done
IFS=: read -r -a entries <"$root/cli/target/classpath.txt" || true   # (no newline at its end)
snap=()
for e in "${entries[@]}"; do
  if [[ -f "$e" && ( "$e" == */org/jstap/* || "$e" == "$root"/* ) ]]; then
    cp "$e" "$work/jstap/lib/" && snap+=("$work/jstap/lib/$(basename "$e")")
  else
    snap+=("$e")
  fi
done
(IFS=:; printf '%s' "${snap[*]}") >"$work/jstap/cli/target/classpath.txt"
jstap="$work/jstap/bin/jstap"

# ---- the scripts ------------------------------------------------------------------------------------------------
mkdir -p "$work/s"
cat >"$work/s/hello.stp" <<'STP'
probe begin { println("hello"); exit() }
STP
cat >"$work/s/tapset.stp" <<'STP'
global io
probe syscall.read, syscall.write { io[execname(), pid()] <<< count }
probe timer.s(1) {
  foreach ([name, p] in io- limit 10)
    printf("%-16s %6d %6d %10d\n", name, p, @count(io[name, p]), @sum(io[name, p]))
  delete io
  exit()
}
STP
cat >"$work/s/vfs.stp" <<'STP'
global asked, got, calls
probe kernel.function("vfs_read") { calls++; asked <<< $count }
probe kernel.function("vfs_read").return { if ($return > 0) got <<< $return }
probe timer.s(1) {
  printf("%d calls, asked avg %d, got sum %d\n", calls, @avg(asked), @sum(got))
  exit()
}
STP
cat >"$work/s/trace.stp" <<'STP'
global switches
probe kernel.trace("sched:sched_switch") { switches[$next->comm$, $next->pid]++ }
probe timer.s(1) {
  foreach ([c, p] in switches- limit 5) printf("%-16s %6d %d\n", c, p, switches[c, p])
  exit()
}
STP

# ---- the kernel: the newest release with a build tree (linux-headers-*), found now ---------------------------
rel="$(for d in /lib/modules/*/build; do [[ -d "$d" ]] && basename "$(dirname "$d")"; done | sort -V | tail -n1)"
[[ -n "$rel" ]] || { echo "bench: no /lib/modules/*/build (install linux-headers-cloud-amd64)" >&2; exit 1; }
kbuild="$(readlink -f "/lib/modules/$rel/build")"

# ---- stap's runtime, copied and patched for this kernel (measurement only) ------------------------------------
have_stap=0
stap_notes=()
. "$root/bench/stap-runtime.sh"
if command -v stap >/dev/null; then
  if note="$(stap_runtime_copy "${STAP_RUNTIME:-/usr/share/systemtap/runtime}" "$work/stap-runtime" "$rel")"; then
    [[ -n "$note" ]] && stap_notes+=("$note")
    have_stap=1
  fi
fi

# ---- one run ----------------------------------------------------------------------------------------------------
# cmd TOOL MODE SCRIPT RUN -> the command line (an array named c)
cmd() {
  local tool=$1 mode=$2 s="$work/s/$3.stp" i=$4
  case "$tool/$mode" in
    jstap/cold)     c=(env XDG_CACHE_HOME="$work/jcold-$3-$i" "$jstap" -r "$rel" -p4 -v --disable-cache "$s") ;;
    jstap/uncached) c=(env XDG_CACHE_HOME="$work/jwarm" "$jstap" -r "$rel" -p4 -v -k --disable-cache "$s") ;;
    jstap/cached)   c=(env XDG_CACHE_HOME="$work/jwarm" "$jstap" -r "$rel" -p4 -v "$s") ;;
    stap/cold)      c=(env SYSTEMTAP_DIR="$work/scold-$3-$i" stap -R "$work/stap-runtime" -r "$rel" -p4 -v
                       --disable-cache "$s") ;;
    stap/uncached)  c=(env SYSTEMTAP_DIR="$work/swarm" stap -R "$work/stap-runtime" -r "$rel" -p4 -v -k
                       -DJSTAP_BENCH_RUN="$i$RANDOM" "$s") ;;
    stap/cached)    c=(env SYSTEMTAP_DIR="$work/swarm" stap -R "$work/stap-runtime" -r "$rel" -p4 -v "$s") ;;
  esac
}

# run TOOL MODE SCRIPT RUN: appends "p1 p2 p3 p4 wall cpu" (ms; "-" for a pass from the cache) to $work/runs;
# returns 1 (with the first error line in $work/why) when the tool fails. Sets $kept to the first -k directory.
run() {
  local c k
  cmd "$@"
  mkdir -p "$work/jwarm" "$work/swarm"
  # from inside $work: stap -p4 copies the module into the current directory
  if ! (cd "$work" && /usr/bin/time -f '%e %U %S' -o "$work/time" "${c[@]}" >/dev/null 2>"$work/err"); then
    grep -m1 -E 'error|ERROR|failed' "$work/err" | cut -c1-110 >"$work/why" || echo "failed" >"$work/why"
    k=$(sed -nE 's/^Keeping temporary directory "(.*)"$/\1/p' "$work/err" | tail -n1)   # -k keeps it on failure too
    [[ -n "$k" ]] && rm -rf "$k"
    return 1
  fi
  local pass='in [0-9]+usr/[0-9]+sys/([0-9]+)real ms'
  local n p line=""
  for n in 1 2 3 4; do
    p=$(sed -nE "s#^Pass $n: .* ${pass}\..*#\1#p" "$work/err" | tail -n1)
    line+="${p:--} "
  done
  echo "$line$(awk '{ printf "%d %d", $1 * 1000, ($2 + $3) * 1000 }' "$work/time")" >>"$work/runs"
  k=$(sed -nE 's/^Keeping temporary directory "(.*)"$/\1/p' "$work/err" | tail -n1)
  if [[ -n "$k" ]]; then
    # kept where it is: kbuild's .cmd files name absolute paths
    if [[ -z "$kept" ]]; then kept="$k"; else rm -rf "$k"; fi
  fi
  return 0
}

# median of column N of $work/runs over the runs that have it ("-" when none has: the pass came from the cache)
med() {
  awk -v col="$1" '$col != "-" { print $col }' "$work/runs" | sort -n \
    | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else print a[int((NR + 1) / 2)] }'
}

# sizes TOOL -> "GEN RT UNSTRIPPED_KB STRIPPED_KB" from the kept build directory $kept
sizes() {
  local tool=$1 d="$kept" gen rt ko
  if [[ $tool == jstap ]]; then
    gen=$(cat "$d/jstap-script.c" | wc -l)
  else
    gen=$(cat $(ls "$d"/stap_*.c "$d"/stap_common.h 2>/dev/null | grep -v '\.mod\.c$') | wc -l)
  fi
  # every absolute, non-kernel file in the compiler's dependency lists, counted once
  rt=$(for f in "$d"/.*.o.cmd; do
         case "$f" in *.mod.o.cmd) continue ;; esac
         sed -nE 's/^(source_[^=]*:=|) *(\/[^ \\]+).*$/\2/p' "$f"
       done | grep -v -E "^(/usr/src/|/lib/modules/|$kbuild)" | sort -u | while read -r f; do [[ -f "$f" ]] && cat "$f"; done | wc -l)
  ko=$(ls "$d"/*.ko | head -n1)
  if [[ $tool == jstap ]]; then
    # jstap strips its .ko in place; relink the unstripped one with kbuild's own recorded ld command
    local name ldcmd
    name=$(basename "$ko" .ko)
    ldcmd=$(sed -nE 's/^cmd_[^=]*:= (.*)$/\1/p' "$d/.$name.ko.cmd" | sed -E 's/; *true$//')
    ldcmd=${ldcmd/-o $ko/-o $work/unstripped.ko}
    (cd "$kbuild" && eval "$ldcmd") || cp "$ko" "$work/unstripped.ko"
  else
    cp "$ko" "$work/unstripped.ko"
  fi
  cp "$work/unstripped.ko" "$work/stripped.ko"
  strip --strip-debug "$work/stripped.ko"
  echo "$gen $rt $(( ($(stat -c %s "$work/unstripped.ko") + 512) / 1024 )) $(( ($(stat -c %s "$work/stripped.ko") + 512) / 1024 ))"
}

# ---- the table --------------------------------------------------------------------------------------------------
"$jstap" -p1 -e 'probe begin {}' >/dev/null 2>&1 || true   # the snapshot's CDS archive exists before timing
tools=(jstap); ((have_stap)) && tools+=(stap)
echo "kernel $rel; $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg); medians of $runs runs"
for n in "${stap_notes[@]}"; do echo "$n"; done
fmt='%-7s %-6s %6s %7s %12s  %-9s %6s %6s %6s %7s %8s %8s\n'
printf "$fmt" script tool "C gen" "C+rt" "ko KB un/st" mode "p1 ms" "p2 ms" "p3 ms" "p4 ms" "wall ms" "CPU ms"
for script in "${scripts[@]}"; do
  for tool in "${tools[@]}"; do
    [[ -n "$kept" ]] && rm -rf "$kept"
    kept="" failed=""
    for mode in "${modes[@]}"; do
      : >"$work/runs"
      # uncached and cached runs share warm caches: one untimed run fills them (uncached: per-kernel probes only)
      if [[ $mode != cold ]] && ! run "$tool" "$mode" "$script" 0; then failed="$(cat "$work/why")"; break; fi
      : >"$work/runs"
      ok=1
      n=$runs; [[ $mode == cold ]] && n=$cold_runs
      for ((i = 1; i <= n; i++)); do run "$tool" "$mode" "$script" "$i" || { ok=0; break; }; done
      if ((!ok)); then failed="$mode: $(cat "$work/why")"; break; fi
      gen="" rt="" ko=""
      if [[ $mode == uncached && -n "$kept" ]]; then
        read -r gen rt kun kst <<<"$(sizes "$tool")"
        ko="$kun/$kst"
      fi
      printf "$fmt" "$script" "$tool" "$gen" "$rt" "$ko" "$mode" "$(med 1)" "$(med 2)" "$(med 3)" "$(med 4)" "$(med 5)" "$(med 6)"
      if [[ $mode == cached ]]; then
        miss=$(awk '$4 != "-"' "$work/runs" | wc -l)
        ((miss == 0)) || echo "  ($miss of $n cached runs rebuilt the module: the cache missed)"
      fi
    done
    [[ -n "$failed" ]] && printf '%-7s %-6s fails: %s\n' "$script" "$tool" "$failed"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
