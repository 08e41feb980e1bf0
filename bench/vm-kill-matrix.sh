#!/usr/bin/env bash
# Kill matrix for VM runs (issue 11, "how it is checked"): jstap --target=vm is interrupted in every phase and the
# VM must stay usable with nothing left behind.
#   persistent VM: SIGINT x N mid-run (each must end cleanly: status 0, end probe ran), SIGTERM mid-run, SIGKILL
#                  in pass 1, 2, 3, 4, before the run's output (pass 5 connecting) and mid-run; after each kill a
#                  normal run must pass
#   private VM:    SIGKILL while it boots and mid-run, SIGTERM mid-run; then a normal private run must pass
# Afterwards: no QEMU or jstap-vm-PID-* directory of a killed client, no build-PID-* directory of a killed pass 4,
# no jstap module left loaded in the persistent VM.
#
#   bench/vm-kill-matrix.sh [N]     N: how many SIGINTs (default 5)
# Boots its own persistent VM in a temporary JSTAP_VM_DIR (never touches the shared one) and stops it at the end.
# Prints one line per step and "kill matrix: OK" or the failures; exit status 1 on any failure.
set -uo pipefail
set -m   # job control: background jobs keep SIGINT (a non-interactive shell starts them with it ignored)
here="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jstap="${JSTAP:-$here/../bin/jstap}"
nint=${1:-5}
work="$(mktemp -d /tmp/jstap-killmatrix.XXXXXX)"
export JSTAP_VM_DIR="$work/vm"
fails=0
killed=()
tmpd="${TMPDIR:-/tmp}"
cleanup() { JSTAP_VM_DIR="$work/vm" "$jstap" vm stop > /dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
t0=$SECONDS

# a script of its own (no stage-cache hit: every pass runs); TAG makes it unique
script() {  # TAG
  cat > "$work/$1.stp" <<STP
# $1 $RANDOM$RANDOM
global n
probe timer.ms(50) { n++; printf("tick %d\n", n) }
probe end { printf("end after %s\n", n > 0 ? "ticks" : "none") }
STP
  echo "$work/$1.stp"
}

# starts jstap -v in the background: PID in $pid, stdout $work/$tag.out, stderr $work/$tag.err
start() {  # TAG [jstap args...]
  local tag=$1; shift
  "$jstap" -v --target=vm "$@" > "$work/$tag.out" 2> "$work/$tag.err" &
  pid=$!
}

# waits until WHAT (run: the first output line; passN: the "Pass N:" line) or the process is gone; 0 if seen
await() {  # WHAT TAG
  local f pat
  case "$1" in run) f="$work/$2.out"; pat='^tick' ;; pass*) f="$work/$2.err"; pat="^Pass ${1#pass}:" ;; boot) f="$work/$2.err"; pat='^Pass 4:' ;; esac
  for ((w = 0; w < 1800; w++)); do
    grep -q "$pat" "$f" 2>/dev/null && return 0
    kill -0 $pid 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# waits up to SECONDS for $pid to exit; its status in $rc (124: still running, then killed)
reap() {  # SECONDS
  for ((w = 0; w < $1 * 10; w++)); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then kill -KILL $pid; wait $pid 2>/dev/null; rc=124; return; fi
  wait $pid; rc=$?
}

# a normal run must pass: its output ends with the end probe's line (the warm script: its module is cached)
normal() {  # LABEL [jstap args...]
  local label=$1; shift
  if ! timeout 300 "$jstap" --target=vm "$@" -c 'sleep 0.5' "$s" > "$work/n.out" 2> "$work/n.err"; then
    fail "$label: the next normal run failed: $(tail -n3 "$work/n.err" | tr '\n' ' ')"
  elif [[ "$(tail -n1 "$work/n.out")" != "end after ticks" ]]; then
    fail "$label: the next normal run printed '$(tail -n1 "$work/n.out")' last"
  else echo "ok: $label, then a normal run passes"; fi
}

# ---- the persistent VM
"$jstap" vm start > "$work/vmstart.log" 2>&1 || { cat "$work/vmstart.log"; echo "kill matrix: cannot start a VM"; exit 2; }
s=$(script warm)
"$jstap" -p4 "$s" > /dev/null || { echo "kill matrix: the script does not build"; exit 2; }

for ((i = 1; i <= nint; i++)); do
  start int$i "$s"
  if ! await run int$i; then fail "SIGINT $i: the run did not start: $(tail -n2 "$work/int$i.err" | tr '\n' ' ')"; continue; fi
  sleep "0.$(printf '%03d' $((RANDOM % 500)))"
  kill -INT $pid
  reap 30
  last="$(tail -n1 "$work/int$i.out")"
  if [[ $rc != 0 || "$last" != "end after ticks" ]]; then fail "SIGINT $i: status $rc, last line '$last'"; fi
done
echo "ok: SIGINT x $nint mid-run ($((SECONDS - t0)) s)"

start term "$s"
await run term && { kill -TERM $pid; reap 30; [[ $rc == 124 ]] && fail "SIGTERM mid-run: jstap still running 30 s later"; }
normal "SIGTERM mid-run"

for phase in pass1 pass2 pass3 pass4 boot run; do
  case "$phase" in pass*) s2=$(script "kill-$phase") ;; *) s2=$s ;; esac   # a new script: its passes run
  start "k$phase" "$s2"
  case "$phase" in
    pass1) sleep 0.3 ;;                       # the JVM is up, pass 1 is running
    pass2) await pass1 "k$phase" ;;           # pass 1 done: pass 2 runs
    pass3) await pass2 "k$phase" ;;
    pass4) await pass3 "k$phase"; sleep 1 ;;  # make is building
    boot) await boot "k$phase" ;;             # pass 4 done: connecting to the VM, sending the module
    run) await run "k$phase" ;;
  esac
  kill -KILL $pid; wait $pid 2>/dev/null
  killed+=($pid)
  normal "SIGKILL in $phase"
done

# no module of a killed run left in the persistent VM (the normal run's own module is the only one)
left=$(timeout 120 "$jstap" --target=vm -c 'cat /proc/modules' -e 'probe begin { printf("") }' 2>&1 | grep -c '^jstap_')
[[ "$left" == 1 ]] || fail "persistent VM: $left jstap modules loaded during a run (expected only the run's own)"
"$jstap" vm stop > /dev/null 2>&1
echo "ok: persistent VM part ($((SECONDS - t0)) s)"

# ---- private VMs (no persistent VM runs now)
export JSTAP_VM_DIR="$work/none"
for phase in boot run term; do
  start "p$phase" "$s"
  case "$phase" in
    boot) for ((w = 0; w < 600; w++)); do ls -d "$tmpd"/jstap-vm-$pid-* > /dev/null 2>&1 && break; sleep 0.05; done; sleep 1
          kill -KILL $pid; wait $pid 2>/dev/null ;;
    run) await run "p$phase"; kill -KILL $pid; wait $pid 2>/dev/null ;;
    term) await run "p$phase"; kill -TERM $pid; reap 30; [[ $rc == 124 ]] && fail "private SIGTERM: jstap still running 30 s later" ;;
  esac
  killed+=($pid)
  sleep 2   # QEMU gets its parent-death signal
  for p in $(pgrep -f "qemu-system.*jstap-vm-$pid-" || true); do fail "private $phase: QEMU $p of killed client $pid still runs"; done
done
normal "private VM kills"

# what killed clients left: private VM directories (cleaned by the next private VM), build directories (cleaned
# by the next build), and no QEMU of theirs
for p in "${killed[@]}"; do
  ls -d "$tmpd"/jstap-vm-$p-* > /dev/null 2>&1 && fail "directory $(ls -d "$tmpd"/jstap-vm-$p-*) of killed client $p is left"
  ls -d "$tmpd"/jstap-build-*/build-$p-* > /dev/null 2>&1 && fail "build directory of killed client $p is left"
  pgrep -f "qemu-system.*jstap-vm-$p-" > /dev/null && fail "a QEMU of killed client $p runs"
done
echo "kill matrix: $([[ $fails == 0 ]] && echo OK || echo "$fails failures") in $((SECONDS - t0)) s"
[[ $fails == 0 ]]
