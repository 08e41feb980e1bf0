#!/usr/bin/env bash
# No lost counts across CPUs (a check run by hand, not a CI test): one boot of the VM kernel with -smp 2 under
# multi-threaded TCG (two host threads really run the two vCPUs at once), two read loops on different CPUs at the
# same time, N one-byte reads each, under jstap modules that count them in one global:
#   counter   if (execname() == "readloop") n++          (a counter: one atomic add, no lock)
#   locked    the same plus a read of n in the probe    (n takes its lock on every hit)
#   stat      if (execname() == "readloop") r <<< 1     (per-CPU statistic, summed at the end)
#   keyed     if (execname() == "readloop") a[1] <<< $count   (an array of statistics: per-CPU maps, the inline path)
# Each must print exactly 2N, or, when it reports skipped hits (a lock wait past MAXTRYLOCK skips a hit, as under
# stap, and says so; the count includes other processes' reads, e.g. the loader's), at most 2N and at least 2N less
# the skipped ones. Prints PASS/FAIL per module; exits 1 on any FAIL.
#   bench/smp-counts.sh [N]     (default 300000)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${1:-300000}"
jstap="${JSTAP:-$root/bin/jstap}"
rel=""
for d in /lib/modules/*/build; do
  r="$(basename "$(dirname "$d")")"
  [[ -d "$d" && -f "/boot/vmlinuz-$r" ]] && rel="$(printf '%s\n%s\n' "$rel" "$r" | sort -V | tail -n1)"
done
[[ -n "$rel" ]] || { echo "smp-counts: no kernel with /lib/modules/R/build and /boot/vmlinuz-R" >&2; exit 2; }
work="$(mktemp -d /tmp/smp-counts.XXXXXX)"
trap 'rm -rf "$work"' EXIT
r="$work/root"
mkdir -p "$r"/{bin,proc,sys,dev,tmp,m}
gcc -static -O2 -o "$r/bin/readloop" "$root/bench/overhead-readloop.c"
gcc -static -O2 -pthread -o "$r/bin/jstaprun" "$root/runtime-c/src/main/c/jstaprun/jstaprun.c"
cp /bin/busybox "$r/bin/busybox"
cat >"$work/counter.stp" <<'STP'
global n
probe kernel.function("ksys_read") { if (execname() == "readloop") n++ }
probe end { printf("n %d\n", n) }
STP
cat >"$work/locked.stp" <<'STP'
global n, big
probe kernel.function("ksys_read") { if (execname() == "readloop") { n++; if (n < 0) big++ } }
probe end { printf("n %d\n", n + big) }
STP
cat >"$work/stat.stp" <<'STP'
global r
probe kernel.function("ksys_read") { if (execname() == "readloop") r <<< 1 }
probe end { printf("n %d\n", @count(r)) }
STP
cat >"$work/keyed.stp" <<'STP'
global a
probe kernel.function("ksys_read") { if (execname() == "readloop") a[1] <<< $count }
probe end { printf("n %d\n", @sum(a[1])) }
STP
mods=(counter locked stat keyed)
for m in "${mods[@]}"; do
  (cd "$work" && "$jstap" -p4 -r "$rel" -m "smp_$m" "$m.stp" >/dev/null)
  cp "$work/smp_$m.ko" "$r/m/"
done
cat >"$r/bin/two" <<EOF
#!/bin/sh
taskset -c 0 /bin/readloop $n >/tmp/a & taskset -c 1 /bin/readloop $n >/tmp/b & wait
EOF
chmod +x "$r/bin/two"
cat >"$r/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; mount -t tmpfs tmpfs /tmp
echo 1 >/proc/sys/kernel/printk 2>/dev/null
{
  echo "@@@UP cpus \$(nproc)"
  for m in ${mods[*]}; do echo "@@@CASE \$m"; /bin/jstaprun -c /bin/two /m/smp_\$m.ko </dev/null; echo "@@@RC \$?"; done
  echo "@@@DONE"
} >/dev/ttyS1 2>&1
poweroff -f
EOF
chmod +x "$r/init"
(cd "$r" && find . | cpio -o -H newc --quiet) | gzip -1 >"$work/initramfs.cpio.gz"
timeout 900 qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 512 -display none -no-reboot -nodefaults \
  -no-user-config -kernel "/boot/vmlinuz-$rel" -initrd "$work/initramfs.cpio.gz" -append "console=ttyS0 quiet panic=-1" \
  -serial "file:$work/console.txt" -serial "file:$work/serial.txt" >/dev/null 2>&1 || true
out="$(tr -d '\r' <"$work/serial.txt")"
grep -q '^@@@DONE' <<<"$out" || { echo "smp-counts: the VM did not finish" >&2; tail -n 20 "$work/console.txt" >&2; exit 1; }
echo "$(grep '^@@@UP' <<<"$out"), 2 x $n reads at once"
fail=0
for m in "${mods[@]}"; do
  got="$(awk -v m="$m" '$1 == "@@@CASE" { c = $2 } c == m && $1 == "n" { print $2 }' <<<"$out")"
  warn="$(awk -v m="$m" '$1 == "@@@CASE" { c = $2 } c == m && /WARNING|ERROR/' <<<"$out" | tr '\n' ' ')"
  skipped="$(grep -o 'skipped probes: [0-9]*' <<<"$warn" | grep -o '[0-9]*$' || echo 0)"
  if [[ -n "$got" ]] && ((got <= 2 * n && got + skipped >= 2 * n)); then echo "PASS $m: $got (+ $skipped skipped) $warn"
  else echo "FAIL $m: got '${got}' + $skipped skipped, want $((2 * n)) $warn"; fail=1; fi
done
exit "$fail"
