#!/usr/bin/env bash
# Tapset coverage against SystemTap 4.8 (a benchmark-style report, not a gating test): public functions that
# resolve in pass 2, probe aliases resolved of those whose kernel functions/tracepoints exist, and `-l` counts
# per family, jstap vs stap. stap may be absent: its numbers then come from ../shared/checklists when there.
# Usage: bench/tapset-coverage.sh [KERNEL_RELEASE]   (default: the cloud kernel in /boot)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
rel=${1:-$(ls /boot/vmlinuz-*cloud* 2>/dev/null | head -n 1 | sed 's|/boot/vmlinuz-||')}
[ -n "$rel" ] || { echo "no kernel release (pass one)"; exit 1; }
jstap() { bin/jstap -r "$rel" "$@"; }
checklists=""
for d in ../shared/checklists ../../shared/checklists; do [ -d "$d" ] && checklists=$(cd "$d" && pwd) && break; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. functions
if [ -f "$checklists/stap-4.8-functions.txt" ]; then
  python3 - "$checklists/stap-4.8-functions.txt" > "$tmp/calls.stp" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r'([A-Za-z_0-9]+):(\w+) \((.*?)\)', line)
    if not m: continue
    name, ret, args = m.groups()
    a = ['"x"' if p.split(':')[-1].strip() == 'string' else '0' for p in args.split(',') if p.strip()]
    call = f'{name}({", ".join(a)})'
    print(f'probe begin {{ {call} }}' if ret == 'unknown' else f'probe begin {{ x_{name} = {call} }}')
PY
  total=$(grep -c . "$tmp/calls.stp")
  missing=$(jstap -g -p2 "$tmp/calls.stp" 2>&1 >/dev/null | grep -oE "unresolved function '[^']+'" | sort -u | wc -l)
  echo "functions: $((total - missing)) / $total of stap 4.8's public functions resolve in pass 2"
fi

# 2. aliases: stap's list (live stap, else a saved dump), the kernel's functions and tracepoints, jstap's aliases
dump=${STAP_ALIAS_DUMP:-$tmp/aliases.txt}
if [ ! -s "$dump" ] && command -v stap >/dev/null; then
  timeout 600 stap -r "$rel" --dump-probe-aliases > "$dump" 2>/dev/null
fi
jstap -l 'kernel.function("*")' 2>/dev/null | sed 's/^kernel.function("\(.*\)")$/\1/' > "$tmp/kfuncs"
jstap -l 'kernel.trace("*")' 2>/dev/null | sed 's/^kernel.trace("\(.*\)")$/\1/' > "$tmp/ktraces"
families="vfs tcp udp socket netdev scheduler signal kprocess vm ioblock ioscheduler scsi irq_handler softirq tcpmib ipmib linuxmib tty workqueue netfilter nfs nfsd sunrpc syscall nd_syscall"
heads="$families ioblock_trace ioscheduler_trace generic syscall_any"
for f in $heads; do jstap -l "$f.**" 2>/dev/null; done | sort -u > "$tmp/jaliases"
jstap -l 'syscall_any' 2>/dev/null >> "$tmp/jaliases"; jstap -l 'syscall_any.return' 2>/dev/null >> "$tmp/jaliases"
if [ -s "$dump" ]; then
  python3 - "$dump" "$tmp/kfuncs" "$tmp/ktraces" "$tmp/jaliases" <<'PY'
import re, sys
dump, kf, kt, ja = sys.argv[1:]
kfuncs = set(open(kf).read().split()); ktraces = set(open(kt).read().split()); jal = set(open(ja).read().split())
fams = None
resolvable = resolved = 0
missing = []
for line in open(dump):
    if ' = ' not in line: continue
    name, targets = line.rstrip('\n').split(' = ', 1)
    name = name.split(' ')[0]
    head = name.split('.')[0]
    if name.startswith('_') or head.startswith(('dw_', 'nd1_', 'nd2_', 'tp_', 'kprobe_', '__')): continue
    names = re.findall(r'kernel\.function\("([^"@]*)', targets) + re.findall(r'module\("[^"]*"\)\.function\("([^"@]*)', targets)
    traces = re.findall(r'kernel\.trace\("([^"]*)', targets)
    if not names and not traces:
        ok = name in jal   # built on other aliases: count it when jstap has it
        if not ok: continue
    else:
        ok = any(n in kfuncs for n in names) or any(t in ktraces for t in traces)
    if not ok: continue
    resolvable += 1
    if name in jal: resolved += 1
    else: missing.append(name)
print(f"aliases: {resolved} / {resolvable} of stap's aliases whose kernel functions or tracepoints exist resolve")
if missing:
    print("  not yet: " + " ".join(sorted(missing)[:40]) + (" ..." if len(missing) > 40 else ""))
PY
else
  echo "aliases: no stap and no STAP_ALIAS_DUMP: resolvable count unknown; jstap has $(grep -c . "$tmp/jaliases") aliases"
fi

# 3. -l per family
printf '\n%-16s %6s %6s\n' family jstap stap
for f in $families; do
  j=$(jstap -l "$f.*" 2>/dev/null | wc -l)
  s=""
  if [ -n "${STAP_LIVE:-}" ] && command -v stap >/dev/null; then s=$(timeout 300 stap -r "$rel" -l "$f.*" 2>/dev/null | wc -l)
  elif [ -f "$checklists/stap-4.8-l-counts.txt" ]; then s=$(awk -v k="$f.*" '$1 == k { print $2 }' "$checklists/stap-4.8-l-counts.txt"); fi
  mark=""; [ -n "$s" ] && [ "$j" -lt "$s" ] && mark="  <"
  printf '%-16s %6s %6s%s\n' "$f.*" "$j" "${s:--}" "$mark"
done
