#!/usr/bin/env bash
# Ctrl-C reliability of VM runs (issue 11 item 10): N times, start a jstap --target=vm run of a script that prints
# every 50 ms, wait until its output flows, wait a random 0-500 ms more, send SIGINT, and check the run ends by
# itself within 30 s with exit status 0 and its end probe's line last. Prints one line per failure and a summary
# "ctrl-c: OK/N ended cleanly"; exit status 1 when any did not.
#
#   bench/vm-ctrlc.sh [N]        (default 100)
# Uses the persistent VM of JSTAP_VM_DIR (or the default one) when it runs, else each run boots a private VM.
set -uo pipefail
set -m   # job control: background jobs keep SIGINT (a non-interactive shell starts them with it ignored)
here="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jstap="${JSTAP:-$here/../bin/jstap}"
n=${1:-100}
work="$(mktemp -d /tmp/jstap-ctrlc.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cat > "$work/s.stp" <<'STP'
global n
probe timer.ms(50) { n++; printf("tick %d\n", n) }
probe end { printf("end after %s\n", n > 0 ? "ticks" : "none") }
STP
"$jstap" -p4 "$work/s.stp" > /dev/null || { echo "vm-ctrlc: the script does not build" >&2; exit 2; }
ok=0
for ((i = 1; i <= n; i++)); do
  out="$work/out.$i"
  "$jstap" --target=vm "$work/s.stp" > "$out" 2> "$out.err" &
  pid=$!
  for ((w = 0; w < 600; w++)); do grep -q '^tick' "$out" 2>/dev/null && break; kill -0 $pid 2>/dev/null || break; sleep 0.05; done
  sleep "0.$(printf '%03d' $((RANDOM % 500)))"
  kill -INT $pid 2>/dev/null
  for ((w = 0; w < 300; w++)); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then
    echo "run $i: still running 30 s after SIGINT (Ctrl-C lost)"
    kill -TERM $pid; sleep 5; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
    continue
  fi
  wait $pid; rc=$?
  last="$(tail -n1 "$out")"
  if [[ $rc == 0 && "$last" == "end after ticks" ]]; then ok=$((ok + 1)); rm -f "$out" "$out.err"
  else echo "run $i: exit status $rc, last line '$last', stderr: $(head -c 300 "$out.err")"; fi
done
echo "ctrl-c: $ok/$n ended cleanly"
[[ $ok == "$n" ]]
