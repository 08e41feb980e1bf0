#!/usr/bin/env bash
# Output oracle (a tool, not a test; CI must not depend on it): runs scripts under the real SystemTap 4.8 in a
# one-shot QEMU TCG VM and reports what stap printed.
#
#   stap-vm.sh SCRIPT.stp                 stap's stdout and stderr as they came, then exits with staprun's status
#                                         (or 125 when stap could not build the module: its messages on stderr)
#   stap-vm.sh -o DIR SCRIPT.stp...       every script in ONE VM boot; per script DIR/NAME.out .err .rc, or
#                                         DIR/NAME.buildfail (stap's pass 1-4 messages) when stap fails to build it
#
# Options from a corpus header line `#! jstap -p5 -DNAME=V ...` (-D, -g, -u, -d/PATH, --ldd, -T N, --skip-badvars,
# --suppress-handler-errors, --suppress-time-limits, --compatible=V) are passed to stap as well; its -G VAR=VALUE
# words go to staprun, as stap -G does.
# A `# cmd: COMMAND` line (as in the run/ corpus) runs COMMAND in the guest under the module (staprun -c); a
# `# staprun: WORDS` line adds WORDS to staprun's command line (module parameters as stap -G passes them: x=5);
# `# staprun-opts: WORDS` puts WORDS before the module (staprun's own options: -o /tmp/out/f -S 1,2).
# `# output-files: NAME [SIZE[,N]]` (as in the run/ corpus) runs staprun -o DIR/NAME [-S SIZE[,N]] in an empty
# guest directory and appends to stdout a listing of the files left there, as the corpus runners print it
# ("== NAME (SIZE bytes)", then the text, or its first and last line above 2048 bytes). A file NAME.stdin beside
# the script is fed to staprun's standard input through a pipe once the module is up, with staprun -i (stapio
# forwards stdin only then; stap passes it for a script with input probes), else /dev/null.
# Environment: ORACLE_FILES (host files copied into the guest at the same paths, e.g. a test binary), ORACLE_DISK
# (non-empty: a 64 MB scratch disk as the guest's /dev/vda, as in jstap's test VM),
# ORACLE_TIMEOUT (seconds per module in the guest, default 30; SIGINT then), ORACLE_CACHE (default
# ${XDG_CACHE_HOME:-~/.cache}/jstap-oracle), STAP_RUNTIME (default /usr/share/systemtap/runtime).
#
# stap 4.8 cannot build modules against this Debian 6.1 kernel as shipped: its runtime is copied into the cache
# and the copy patched for task_work_cancel_func (bench/stap-runtime.sh); nothing of stap's enters this repository.
# Built modules (or stap's build errors) are cached by a hash of script text, options, kernel release and stap
# version, so reruns skip the ~5 s builds and boot the VM (~3 s + run time) only.
set -euo pipefail
here="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
outdir=""
if [[ "${1:-}" == -o ]]; then outdir=$2; shift 2; fi
(($# > 0)) || { echo "usage: stap-vm.sh [-o DIR] SCRIPT.stp..." >&2; exit 2; }
command -v stap >/dev/null || { echo "stap-vm: no stap on PATH" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "stap-vm: no qemu-system-x86_64" >&2; exit 2; }

# the kernel: the newest release with both a build tree and a /boot image
rel=""
for d in /lib/modules/*/build; do
  r="$(basename "$(dirname "$d")")"
  [[ -d "$d" && -f "/boot/vmlinuz-$r" ]] && rel="$(printf '%s\n%s\n' "$rel" "$r" | sort -V | tail -n1)"
done
[[ -n "$rel" ]] || { echo "stap-vm: no kernel with /lib/modules/R/build and /boot/vmlinuz-R" >&2; exit 2; }
[[ -r "/boot/vmlinuz-$rel" ]] || { echo "stap-vm: /boot/vmlinuz-$rel is not readable" >&2; exit 2; }

cache="${ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jstap-oracle}"
mkdir -p "$cache/ko"
stapver="$(stap -V 2>&1 | head -n1)"
rt="$cache/stap-runtime-$rel"
if [[ ! -d "$rt" ]]; then
  . "$root/bench/stap-runtime.sh"
  stap_runtime_copy "${STAP_RUNTIME:-/usr/share/systemtap/runtime}" "$rt.tmp.$$" "$rel" >&2 \
    || { echo "stap-vm: no stap runtime to copy" >&2; exit 2; }
  mv "$rt.tmp.$$" "$rt"
fi

work="$(mktemp -d /tmp/stap-vm.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# ---- build (or take from the cache) every module -----------------------------------------------------------------
names=() mods=() built=() cmds=() sargs=() popts=() fdirs=() stdins=()
for s in "$@"; do
  [[ -f "$s" ]] || { echo "stap-vm: no such file: $s" >&2; exit 2; }
  name="$(basename "$s" .stp)"
  abs="$(readlink -f "$s")"
  opts=() gsets=""
  hdr="$(head -n1 "$s")"
  if [[ "$hdr" == '#!'* ]]; then
    prev=""
    for t in $hdr; do
      case "$prev" in
        -G) gsets+=" $t" ;;
        -T) opts+=(-T "$t") ;;
      esac
      case "$t" in -D*|-g|-u|-d/*|--ldd|--skip-badvars|--suppress-handler-errors|--suppress-time-limits|--compatible=*) opts+=("$t") ;; esac
      prev="$t"
    done
  fi
  key="$( { printf '%s\n' "$stapver" "$rel" "${opts[*]:-}"; cat "$s"; } | sha256sum | cut -c1-16)"
  mod="o_$key"
  d="$cache/ko/$key"
  if [[ ! -f "$d/$mod.ko" && ! -f "$d/build.err" ]]; then
    mkdir -p "$d.tmp.$$"
    if (cd "$d.tmp.$$" && SYSTEMTAP_DIR="$cache/systemtap" stap -R "$rt" -r "$rel" -p4 -m "$mod" ${opts[@]+"${opts[@]}"} \
          "$abs" >stap.out 2>stap.err); then
      :
    else
      cp "$d.tmp.$$/stap.err" "$d.tmp.$$/build.err"
    fi
    rm -rf "$d"; mv "$d.tmp.$$" "$d"
  fi
  names+=("$name") mods+=("$mod")
  cmds+=("$(sed -n 's/^# cmd: //p' "$s" | head -n1)")
  sargs+=("$(sed -n 's/^# staprun: //p' "$s" | head -n1)$gsets")
  popts+=("$(sed -n 's/^# staprun-opts: //p' "$s" | head -n1)")
  fdirs+=("$(sed -n 's/^# output-files: //p' "$s" | head -n1)")
  if [[ -f "${s%.stp}.stdin" ]]; then stdins+=("$(readlink -f "${s%.stp}.stdin")"); else stdins+=(""); fi
  if [[ -f "$d/$mod.ko" ]]; then built+=("$d/$mod.ko"); else built+=(""); fi
done

# ---- one VM boot for every module that built --------------------------------------------------------------------
r="$work/root"
mkdir -p "$r"/{bin,proc,sys,dev,tmp,m,usr/bin,usr/lib/systemtap,lib64,etc}
cp /bin/busybox "$r/bin/busybox"
cp /usr/bin/staprun "$r/usr/bin/"; chmod 755 "$r/usr/bin/staprun"
cp /usr/lib/systemtap/stapio "$r/usr/lib/systemtap/"
for lib in $(ldd /usr/bin/staprun /usr/lib/systemtap/stapio | grep -oE '/[^ ]+\.so[^ ]*' | sort -u); do
  mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"
done
echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"; echo 'root:x:0:' >"$r/etc/group"
: >"$r/m/list"
for f in ${ORACLE_FILES:-}; do mkdir -p "$r$(dirname "$f")"; cp -L "$f" "$r$f"; done
# ORACLE_DISK=1: a 64 MB sparse scratch disk as the guest's /dev/vda (virtio-blk), as jstap's test VM has
disk_args=() disk_mods=""
if [[ -n "${ORACLE_DISK:-}" ]]; then
  mkdir -p "$r/lib/oracle"
  for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk; do
    f="$(find "/lib/modules/$rel/kernel/drivers" -name "$m.ko*" | head -n1)"
    [[ -n "$f" ]] || continue
    case "$f" in *.xz) xz -dc "$f" ;; *.zst) zstd -dc "$f" ;; *.gz) gzip -dc "$f" ;; *) cat "$f" ;; esac >"$r/lib/oracle/$m.ko"
    disk_mods="$disk_mods $m"
  done
  truncate -s 64M "$work/disk.img"
  disk_args=(-drive "file=$work/disk.img,if=virtio,format=raw")
fi
n_run=0
for i in "${!names[@]}"; do
  [[ -n "${built[$i]}" ]] || continue
  cp "${built[$i]}" "$r/m/"; echo "${mods[$i]}" >>"$r/m/list"; n_run=$((n_run + 1))
  [[ -z "${cmds[$i]}" ]] || printf '%s\n' "${cmds[$i]}" >"$r/m/${mods[$i]}.cmd"
  printf '%s\n' "${sargs[$i]}" >"$r/m/${mods[$i]}.args"
  printf '%s\n' "${popts[$i]}" >"$r/m/${mods[$i]}.opts"
  [[ -z "${fdirs[$i]}" ]] || printf '%s\n' "${fdirs[$i]}" >"$r/m/${mods[$i]}.files"
  if [[ -n "${stdins[$i]}" ]]; then cp "${stdins[$i]}" "$r/m/${mods[$i]}.stdin"; else : >"$r/m/${mods[$i]}.stdin"; fi
done
tmo="${ORACLE_TIMEOUT:-30}"
cat >"$r/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
# not over ORACLE_FILES put under /tmp (the initramfs root is writable anyway)
[ -z "\$(ls -A /tmp)" ] && mount -t tmpfs tmpfs /tmp
echo 1 >/proc/sys/kernel/printk 2>/dev/null
for m in $disk_mods; do insmod /lib/oracle/\$m.ko; done
[ -z "$disk_mods" ] || for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 0.5; done
# staprun's stdin: a NAME.stdin file comes through a pipe once the module is up (stapio forwards what it reads
# while the probes run), and the pipe closes at once after it
feed() {
  if [ -s /m/\$m.stdin ]; then sleep 2; cat /m/\$m.stdin; fi
}
{
  echo "@@@ORACLE UP \$(uname -r)"
  for m in \$(cat /m/list); do
    echo "@@@ORACLE BEGIN \$m"
    t0=\$(date +%s)
    fd= fo= si=
    [ -s /m/\$m.stdin ] && si=-i   # stapio forwards its stdin to input.char/input.line only with -i
    if [ -s /m/\$m.files ]; then
      set -- \$(cat /m/\$m.files); fd=/tmp/outfiles; fo="-o \$fd/\$1"; [ -z "\$2" ] || fo="\$fo -S \$2"
      rm -rf \$fd; mkdir -p \$fd
    fi
    if [ -f /m/\$m.cmd ]; then
      feed | timeout -s INT $tmo /usr/bin/staprun \$fo \$si \$(cat /m/\$m.opts) -c "\$(cat /m/\$m.cmd)" /m/\$m.ko \$(cat /m/\$m.args) >/tmp/o 2>/tmp/e; rc=\$?
    else
      feed | timeout -s INT $tmo /usr/bin/staprun \$fo \$si \$(cat /m/\$m.opts) /m/\$m.ko \$(cat /m/\$m.args) >/tmp/o 2>/tmp/e; rc=\$?
    fi
    [ ! -s /m/\$m.stdin ] || echo "(oracle: the run took \$((\$(date +%s) - t0)) s)" >>/tmp/e
    if [ -n "\$fd" ]; then
      for f in \$(ls "\$fd"); do
        n=\$(wc -c <"\$fd/\$f"); echo "== \$f (\$n bytes)" >>/tmp/o
        if [ \$n -le 2048 ]; then cat "\$fd/\$f" >>/tmp/o
        else echo "first: \$(head -n1 "\$fd/\$f")" >>/tmp/o; echo "last: \$(tail -n1 "\$fd/\$f")" >>/tmp/o; fi
      done
    fi
    echo "@@@ORACLE STDOUT"; base64 /tmp/o
    echo "@@@ORACLE STDERR"; base64 /tmp/e
    echo "@@@ORACLE RC \$rc"
  done
  echo "@@@ORACLE DONE"
} >/dev/ttyS1 2>&1
poweroff -f
EOF
chmod +x "$r/init"
raw="$work/serial.txt"
if ((n_run > 0)); then
  (cd "$r" && find . | cpio -o -H newc --quiet) | gzip -1 >"$work/initramfs.cpio.gz"
  timeout $((60 + n_run * (tmo + 15))) qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 512 -nographic -no-reboot \
    -nodefaults -no-user-config -kernel "/boot/vmlinuz-$rel" -initrd "$work/initramfs.cpio.gz" \
    -append "console=ttyS0 quiet panic=-1" -serial "file:$work/console.txt" -serial "file:$raw" "${disk_args[@]}" \
    >/dev/null 2>&1 || true
  grep -q '^@@@ORACLE DONE' "$raw" 2>/dev/null \
    || { echo "stap-vm: the VM did not finish; console tail:" >&2; tail -n 20 "$work/console.txt" >&2 || true; }
fi

# ---- split the guest's output -------------------------------------------------------------------------------------
# part MOD WHAT: the base64 block WHAT (STDOUT/STDERR) of module MOD, decoded; RC: the status line's number
part() {
  tr -d '\r' <"$raw" | awk -v m="$1" -v w="$2" '
    $0 == "@@@ORACLE BEGIN " m { in_m = 1; next }
    in_m && /^@@@ORACLE / { if (w == "RC" && $2 == "RC") { print $3; exit } sec = $2; if ($2 == "RC") exit; next }
    in_m && sec == w { print }' | { if [[ $2 == RC ]]; then cat; else base64 -d; fi; }
}
status=0
for i in "${!names[@]}"; do
  n="${names[$i]}" m="${mods[$i]}" d="$cache/ko/${mods[$i]#o_}"
  if [[ -z "${built[$i]}" ]]; then
    if [[ -n "$outdir" ]]; then cp "$d/build.err" "$outdir/$n.buildfail"; else cat "$d/build.err" >&2; status=125; fi
    continue
  fi
  rc="$(part "$m" RC || true)"
  [[ -n "$rc" ]] || rc=124   # no status line: the VM stopped (or timed out) before the module finished
  if [[ -n "$outdir" ]]; then
    part "$m" STDOUT >"$outdir/$n.out" || true
    part "$m" STDERR >"$outdir/$n.err" || true
    echo "$rc" >"$outdir/$n.rc"
  else
    part "$m" STDOUT || true
    part "$m" STDERR >&2 || true
    status=$rc
  fi
done
exit "$status"
