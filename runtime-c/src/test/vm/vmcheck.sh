#!/bin/sh
# vmcheck.sh - builds the example modules and jstaprun, boots the installed Debian cloud kernel
# under QEMU (TCG) with a busybox initramfs, runs checks/*.sh in the guest and verifies the
# output. Usage: src/test/vm/vmcheck.sh [smp]   (from runtime-c/; needs qemu, busybox-static,
# cpio, gcc, static libc, kernel headers). Not part of `mvn test` (about 30 s of TCG).
set -e
SMP=${1:-2}
HERE=$(cd "$(dirname "$0")" && pwd); RT=$HERE/../../main/resources/runtime; KMOD=$HERE/../kmod
KV=$(ls /lib/modules | head -1); KDIR=/lib/modules/$KV/build; KERNEL=/boot/vmlinuz-$KV
W=$(mktemp -d); trap 'rm -rf $W' EXIT
mkdir -p $W/kb $W/root/bin $W/root/proc $W/root/sys $W/root/dev $W/root/tmp $W/root/checks
cp -r $RT/* $W/kb/; cp $KMOD/Kbuild $KMOD/*.c $W/kb/
make -s -C $KDIR M=$W/kb modules 2>&1 | grep -v 'Skipping BTF' || true
make -s -C $HERE/../../main/c/jstaprun OUT=$W/root/jstaprun
gcc -static -O2 -o $W/root/uprog $HERE/uprog.c
python3 - $W/root/uprog > $W/root/uprog.off <<'PY'
import subprocess, sys
f = sys.argv[1]
va = int([l.split()[0] for l in subprocess.check_output(['nm', f], text=True).splitlines() if l.endswith(' jst_target_fn')][0], 16)
for l in subprocess.check_output(['readelf', '-lW', f], text=True).splitlines():
    x = l.split()
    if x and x[0] == 'LOAD':
        off, vaddr, fsz = int(x[1], 16), int(x[2], 16), int(x[4], 16)
        if vaddr <= va < vaddr + fsz: print(hex(va - vaddr + off))
PY
cp $W/kb/jst_example.ko $W/kb/jst_all.ko $W/root/
cp /bin/busybox $W/root/bin/busybox; cp $HERE/guest-init $W/root/init; chmod +x $W/root/init
cp $HERE/checks/*.sh $W/root/checks/
(cd $W/root && find . | cpio -o -H newc --quiet) | gzip -1 > $W/initrd.gz
T0=$(date +%s)
timeout 300 qemu-system-x86_64 -accel tcg -cpu max -smp $SMP -m 512 -nographic -no-reboot -nodefaults \
  -no-user-config -kernel $KERNEL -initrd $W/initrd.gz -append "console=ttyS0 quiet panic=-1" \
  -serial file:$W/console.txt -serial file:$W/out.txt || true
echo "qemu: $(( $(date +%s) - T0 )) s"
cat $W/out.txt
fail=0
expect() { if grep -qE -- "$1" $W/out.txt; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
expect '^total [0-9]+'
expect '^begin mode=0 target=[0-9]+ pp=begin pid>0 1'
expect '^reader '
expect '^ERROR: division by 0 near operator'
expect '^mode1 rc=1'
expect 'registration error \(rc -2\)'
expect '^mode4 rc=1'
expect '^ERROR: kernel read fault at 0x0000000000000000'
expect '^ERROR: MAXACTION exceeded'
expect '^error probe ran'
expect '^mode3 rc=0'
expect '^timer: exit\(\)'
expect '^sigterm rc=0'
expect '^xpid rc=0'
expect '^missing rc=1'
expect "^ERROR: Couldn't insert module"
expect '^flood rc=0 lines=[0-9]+'
expect '^stress rc=0 lines=2000[0-9]'
expect '^uprobe hit'
expect '^direct before=1'
expect '^direct after=0'
expect '^shell before=1'
expect '^shell after=0'
expect '^=== modules left: 0'
expect '^=== oops: 0'
exit $fail
