#!/usr/bin/env bash
# Per-hit cost of a probe on ksys_read in guest instructions (benchmark, not a test). One QEMU boot of the test VM's
# kernel with `-accel tcg -icount shift=0`: the guest clock then advances one ns per guest instruction, so the
# guest-timed ns of a read(2) IS its instruction count (deterministic: equal between runs and boots to ~0.1).
# In that one boot, R rounds, each running bench/overhead-readloop.c (N one-byte reads of /dev/zero) under:
#   base        nothing loaded
#   floor_kp    bench/floor/floor_kp.ko: a bare kprobe whose handler is one atomic64 increment
#   floor_krp   bench/floor/floor_krp.ko: a bare kretprobe (entry kprobe + return trampoline), same handler
#   fn          global n; probe kernel.function("ksys_read") { n++ }
#   kp          global n; probe kprobe.function("ksys_read") { n++ }
#   stat        global r; probe kernel.function("ksys_read") { r[pid()] <<< $count }
#   ret         global n; probe kernel.function("ksys_read").return { n++ }
# each script as jstap's module (this tree's bin/jstap, or $JSTAP) and as stap 4.8's (built through the patched
# runtime copy of bench/stap-runtime.sh; skipped with a note when stap cannot build it), interleaved.
# Prints, per read(2), the instructions each adds to base, the ratios jstap/stap and jstap/floor, and the host CPU
# time of QEMU's vCPU thread per read (sampled at "@@@LOOP" markers the workload prints: noisy on a shared host).
#
#   bench/icount.sh [N [R]]     (defaults 200000 reads, 2 rounds)
#   ICOUNT_CASES="fn stat"      only these scripts (default: fn kp stat ret); ICOUNT_NO_STAP=1: jstap and floor only
#   JSTAP=path/to/bin/jstap     the jstap under test (default: this tree's)
#   ICOUNT_SMP=N                guest CPUs (default 1)
# Needs qemu-system-x86_64, the VM kernel's /boot image and /lib/modules/REL/build, busybox, gcc, libc.a.
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${1:-200000}"
rounds="${2:-2}"
cases=(${ICOUNT_CASES:-fn kp stat ret})
jstap="${JSTAP:-$root/bin/jstap}"
smp="${ICOUNT_SMP:-1}"

rel=""
for d in /lib/modules/*/build; do
  r="$(basename "$(dirname "$d")")"
  [[ -d "$d" && -f "/boot/vmlinuz-$r" ]] && rel="$(printf '%s\n%s\n' "$rel" "$r" | sort -V | tail -n1)"
done
[[ -n "$rel" ]] || { echo "icount: no kernel with /lib/modules/R/build and /boot/vmlinuz-R" >&2; exit 2; }

work="$(mktemp -d /tmp/icount.XXXXXX)"
qpid=""
trap '[[ -n "$qpid" ]] && kill "$qpid" 2>/dev/null; rm -rf "$work"' EXIT
r="$work/root"
mkdir -p "$r"/{bin,proc,sys,dev,tmp,m,usr/bin,usr/lib/systemtap,lib64,etc}

# ---- the scripts ---------------------------------------------------------------------------------------------------
script() {
  case "$1" in
    fn) printf '%s\n' 'global n' 'probe kernel.function("ksys_read") { n++ }' 'probe end { printf("hits %d\n", n) }' ;;
    kp) printf '%s\n' 'global n' 'probe kprobe.function("ksys_read") { n++ }' 'probe end { printf("hits %d\n", n) }' ;;
    stat) printf '%s\n' 'global r' 'probe kernel.function("ksys_read") { r[pid()] <<< $count }' \
      'probe end { foreach (p in r) if (@count(r[p]) > 1000) printf("hits %d\n", @count(r[p])) }' ;;
    ret) printf '%s\n' 'global n' 'probe kernel.function("ksys_read").return { n++ }' 'probe end { printf("hits %d\n", n) }' ;;
    *) echo "icount: unknown case $1" >&2; exit 2 ;;
  esac
}

# ---- build: workload, loader, floor, jstap and stap modules --------------------------------------------------------
gcc -static -O2 -o "$r/bin/readloop" "$root/bench/overhead-readloop.c"
gcc -static -O2 -pthread -o "$r/bin/jstaprun" "$root/runtime-c/src/main/c/jstaprun/jstaprun.c"
cp /bin/busybox "$r/bin/busybox"
mkdir -p "$work/floor"
cp "$root"/bench/floor/{floor_kp.c,floor_krp.c,Kbuild} "$work/floor/"
make -s -C "/lib/modules/$rel/build" M="$work/floor" modules >"$work/floor/make.log" 2>&1 \
  || { cat "$work/floor/make.log" >&2; exit 1; }
cp "$work"/floor/floor_kp.ko "$work"/floor/floor_krp.ko "$r/m/"

order=(base floor_kp)
for c in "${cases[@]}"; do
  script "$c" >"$work/$c.stp"
  (cd "$work" && "$jstap" -p4 -r "$rel" -m "j_$c" "$c.stp" >/dev/null) || { echo "icount: jstap failed on $c" >&2; exit 1; }
  cp "$work/j_$c.ko" "$r/m/"
  [[ "$c" == ret ]] && order+=(floor_krp)
  order+=("j_$c")
done

have_stap=""
if [[ -z "${ICOUNT_NO_STAP:-}" ]] && command -v stap >/dev/null && [[ -x /usr/bin/staprun ]]; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/jstap-icount"
  mkdir -p "$cache"
  rt="$cache/stap-runtime-$rel"
  if [[ ! -d "$rt" ]]; then
    . "$root/bench/stap-runtime.sh"
    stap_runtime_copy "${STAP_RUNTIME:-/usr/share/systemtap/runtime}" "$rt.tmp.$$" "$rel" >&2 && mv "$rt.tmp.$$" "$rt"
  fi
  for c in "${cases[@]}"; do
    key="$( { stap -V 2>&1 | head -n1; echo "$rel"; cat "$work/$c.stp"; } | sha256sum | cut -c1-16)"
    ko="$cache/$key/s_$c.ko"
    [[ -f "$cache/$key/failed" ]] && { echo "icount: stap cannot build $c (skipped): $(grep -m1 error "$cache/$key/stap.err")" >&2; continue; }
    if [[ ! -f "$ko" ]]; then
      mkdir -p "$cache/$key"
      (cd "$cache/$key" && SYSTEMTAP_DIR="$cache/systemtap" stap -R "$rt" -r "$rel" -p4 -m "s_$c" "$work/$c.stp" \
        >stap.out 2>stap.err) || { : >"$cache/$key/failed"
        echo "icount: stap cannot build $c (skipped): $(grep -m1 error "$cache/$key/stap.err")" >&2; continue; }
    fi
    cp "$ko" "$r/m/"
    have_stap=1
    # interleave: stap's right after jstap's
    for i in "${!order[@]}"; do [[ "${order[$i]}" == "j_$c" ]] && order=("${order[@]:0:$((i + 1))}" "s_$c" "${order[@]:$((i + 1))}"); done
  done
  if [[ -n "$have_stap" ]]; then
    cp /usr/bin/staprun "$r/usr/bin/"; cp /usr/lib/systemtap/stapio "$r/usr/lib/systemtap/"
    for lib in $(ldd /usr/bin/staprun /usr/lib/systemtap/stapio | grep -oE '/[^ ]+\.so[^ ]*' | sort -u); do
      mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"
    done
  fi
fi
echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"; echo 'root:x:0:' >"$r/etc/group"

# ---- the guest ---------------------------------------------------------------------------------------------------
cat >"$r/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
echo 1 >/proc/sys/kernel/printk 2>/dev/null
{
  echo "@@@UP \$(uname -r) cpus \$(nproc)"
  for round in \$(seq $rounds); do
    for c in ${order[*]}; do
      echo "@@@CASE \$c \$round"
      loop="/bin/readloop $n mark"
      case \$c in
        base) \$loop ;;
        floor_*) insmod /m/\$c.ko && \$loop; rmmod \$c; dmesg | grep "\$c hits" | tail -n1 ;;
        j_*) /bin/jstaprun -c "\$loop" /m/\$c.ko </dev/null ;;
        s_*) /usr/bin/staprun -c "\$loop" /m/\$c.ko </dev/null ;;
      esac
      echo "@@@RC \$?"
    done
  done
  echo "@@@DONE"
} >/dev/ttyS1 2>&1
poweroff -f
EOF
chmod +x "$r/init"
(cd "$r" && find . | cpio -o -H newc --quiet) | gzip -1 >"$work/initramfs.cpio.gz"

raw="$work/serial.txt"
: >"$raw"
qemu-system-x86_64 -name icount,debug-threads=on -accel tcg -icount shift=0 -cpu max -smp "$smp" -m 512 -display none -no-reboot -nodefaults \
  -no-user-config -kernel "/boot/vmlinuz-$rel" -initrd "$work/initramfs.cpio.gz" \
  -append "console=ttyS0 quiet panic=-1" -serial "file:$work/console.txt" -serial "file:$raw" >"$work/qemu.log" 2>&1 &
qpid=$!

# host side: the vCPU thread's CPU ns (schedstat, else utime+stime ticks) at each @@@LOOP marker
vcpu_ns() {
  local t
  for t in /proc/"$qpid"/task/*; do
    if grep -q '/TCG' "$t/comm" 2>/dev/null; then
      if [[ -r "$t/schedstat" ]]; then cut -d' ' -f1 "$t/schedstat"; else
        awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%d\n", ($12 + $13) * 1e9 / hz }' "$t/stat"; fi
      return
    fi
  done
  echo 0
}
cur="" t_start=0
: >"$work/host.txt"
limit=$((SECONDS + 600 + ${#order[@]} * rounds * 120))
while IFS= read -r line; do
  line="${line%$'\r'}"
  case "$line" in
    "@@@CASE "*) cur="${line#@@@CASE }"; cur="${cur% *}" ;;
    "@@@LOOP start") t_start=$(vcpu_ns) ;;
    "@@@LOOP end") echo "$cur $(( $(vcpu_ns) - t_start ))" >>"$work/host.txt" ;;
    "@@@DONE") break ;;
  esac
  ((SECONDS < limit)) || break
  kill -0 "$qpid" 2>/dev/null || break
done < <(tail -n +1 -F "$raw" 2>/dev/null)
wait "$qpid" 2>/dev/null || true
qpid=""
grep -q '^@@@DONE' <(tr -d '\r' <"$raw") || { echo "icount: the VM did not finish; console tail:" >&2; tail -n 20 "$work/console.txt" >&2; tr -d '\r' <"$raw" | tail -n 20 >&2; exit 1; }

# ---- report ------------------------------------------------------------------------------------------------------
tr -d '\r' <"$raw" | awk '
  /^@@@CASE / { c = $2; next }
  /ns_per_read=/ { for (i = 1; i <= NF; i++) if ($i ~ /^ns_per_read=/) { split($i, kv, "="); print c, kv[2] } }
  /^@@@RC / && $2 != 0 { print c, "rc=" $2 > "/dev/stderr" }' >"$work/guest.txt"
if [[ -n "${ICOUNT_RAW:-}" ]]; then tr -d '\r' <"$raw" >&2; fi
med() { awk -v c="$1" '$1 == c { print $2 }' "$2" | sort -n | awk '{ a[NR] = $1 } END { if (!NR) print ""; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
spread() { awk -v c="$1" '$1 == c { print $2 }' "$2" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR) printf "%.1f", hi - lo }'; }
base=$(med base "$work/guest.txt")
hbase=$(med base "$work/host.txt")
echo "icount: kernel $rel, $(nproc) host CPUs (load $(cut -d' ' -f1-3 /proc/loadavg)), guest -smp $smp, $n reads x $rounds rounds, one boot"
echo "unprobed read(2): $base guest instructions (spread $(spread base "$work/guest.txt")); vCPU thread $(awk -v h="$hbase" -v n="$n" 'BEGIN { printf "%.0f", h / n }') host ns"
add() { local v; v=$(med "$1" "$work/guest.txt"); [[ -n "$v" ]] && awk -v v="$v" -v b="$base" 'BEGIN { printf "%.0f", v - b }'; }
hadd() { local v; v=$(med "$1" "$work/host.txt"); [[ -n "$v" ]] && awk -v v="$v" -v b="$hbase" -v n="$n" 'BEGIN { printf "%.0f", (v - b) / n }'; }
ratio() { [[ -n "$1" && -n "$2" && "$2" != 0 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-42s %8s %8s %8s %8s %8s | %s\n' "added per read(2), guest instructions" jstap stap floor "j/stap" "j/floor" "host ns: jstap stap floor"
fk=$(add floor_kp) fr=$(add floor_krp)
for c in "${cases[@]}"; do
  case "$c" in
    fn) label='kernel.function("ksys_read") { n++ }' fl="$fk" hf=$(hadd floor_kp) ;;
    kp) label='kprobe.function("ksys_read") { n++ }' fl="$fk" hf=$(hadd floor_kp) ;;
    stat) label='r[pid()] <<< $count' fl="$fk" hf=$(hadd floor_kp) ;;
    ret) label='.return { n++ }' fl="$fr" hf=$(hadd floor_krp) ;;
  esac
  j=$(add "j_$c"); s=$(add "s_$c" || true)
  printf '%-42s %8s %8s %8s %8s %8s | %s %s %s\n' "$label" "+${j:-?}" "${s:++$s}" "+$fl" "$(ratio "$j" "$s")" "$(ratio "$j" "$fl")" \
    "$(hadd "j_$c")" "$(hadd "s_$c" || true)" "$hf"
done
echo "(spread between rounds, instructions: $(for c in "${order[@]}"; do printf '%s %s  ' "$c" "$(spread "$c" "$work/guest.txt")"; done))"
