#!/usr/bin/env bash
# --remote at scale on this machine (issue 17): N targets simulated by N dropbear servers on 127.0.0.1 ports, driven
# by the same Fleet code as `jstap --remote` (master connections, the kernel query, the loader check/ship cached by
# hash, the module ship, the run, the merge, the stop and the cleanup). The "loader" shipped is a stand-in of the
# real loader's size that prints LINES lines and exits (this kernel loads no modules); every target is this machine,
# so the remote side's CPU competes with the client's on the same cores.
#
#   bench/remote-fanout.sh [N] [LINES]     N targets (default 50), LINES lines per target in the output round
#                                          (default 20000)
# Prints one row per round (stage-run's FleetBench): wall time of connect (master + kernel query), run (ship + run
# + merge + stop + cleanup) and close; CPU of the client JVM itself and of its ssh children; peak threads, open
# file descriptors and child processes of the client; lines merged (checked: none lost). Then the merge path alone
# (LineMerger in memory, no ssh).
#
# Isolation: the servers run in a private mount namespace whose /root is a tmpfs holding only the bench's
# authorized key; the client's ssh is a wrapper on PATH (-F a generated config: the bench's identity and
# known_hosts, nothing of ~/.ssh). Everything listens on 127.0.0.1 only. A trap stops every server and removes the
# temporary directory and the loader the rounds cached in /var/tmp/jstap.
set -euo pipefail
here="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$here/.."
n=${1:-50}
lines=${2:-20000}
for tool in /usr/sbin/dropbear /usr/bin/dropbearkey ssh ssh-keygen unshare; do
  command -v "$tool" > /dev/null || { echo "remote-fanout: $tool is missing (dropbear-bin, openssh-client, util-linux)" >&2; exit 1; }
done
[[ $(id -u) -eq 0 ]] || { echo "remote-fanout: needs root (a mount namespace for the servers' /root)" >&2; exit 1; }

work="$(mktemp -d /tmp/jstap-fanout.XXXXXX)"
loader_hash=""
cleanup() {
  local f
  for f in "$work"/pid.*; do
    [[ -s "$f" ]] && kill "$(cat "$f")" 2> /dev/null || true
  done
  [[ -n "$loader_hash" ]] && rm -f "/var/tmp/jstap/jstaprun-$loader_hash" && rmdir /var/tmp/jstap 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd "$root" && mvn -o -q -B package -DskipTests -Djacoco.skip=true -pl cli -am > "$work/build.log" 2>&1 \
  && mvn -o -q -B test-compile -Djacoco.skip=true -pl stage-run >> "$work/build.log" 2>&1) \
  || { cat "$work/build.log" >&2; echo "remote-fanout: the build failed" >&2; exit 1; }

# keys: one host key for every server, one client identity
/usr/bin/dropbearkey -t ed25519 -f "$work/hostkey" > /dev/null 2>&1
hostpub="$(/usr/bin/dropbearkey -y -f "$work/hostkey" | grep '^ssh-')"
ssh-keygen -q -t ed25519 -N '' -f "$work/id" -C jstap-fanout
ports=()
while (( ${#ports[@]} < n )); do  # free ports: bound and released by python-free means (bash's /dev/tcp probe)
  p=$(( 20000 + RANDOM % 30000 ))
  (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null && continue
  [[ " ${ports[*]} " == *" $p "* ]] && continue
  ports+=("$p")
done
: > "$work/known_hosts"
for p in "${ports[@]}"; do echo "[127.0.0.1]:$p $hostpub" >> "$work/known_hosts"; done
printf '%s\n' "${ports[@]}" > "$work/ports"

# the servers, all in one private mount namespace (the mounts never reach this machine's)
{
  echo "mount --make-rprivate / && mount -t tmpfs -o mode=0700 jstap-fanout /root && mkdir -m 700 /root/.ssh && cp '$work/id.pub' /root/.ssh/authorized_keys || exit 1"
  for p in "${ports[@]}"; do
    echo "/usr/sbin/dropbear -s -m -E -j -k -r '$work/hostkey' -p 127.0.0.1:$p -P '$work/pid.$p' 2>> '$work/dropbear.log'"
  done
} > "$work/servers.sh"
unshare -m sh "$work/servers.sh"
for p in "${ports[@]}"; do
  for ((w = 0; w < 100; w++)); do [[ -s "$work/pid.$p" ]] && break; sleep 0.05; done
done

# the client's ssh: the bench's identity and known hosts only
cat > "$work/ssh_config" << EOF
Host 127.0.0.1
  IdentityFile $work/id
  IdentitiesOnly yes
  UserKnownHostsFile $work/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
EOF
mkdir "$work/bin"
if [[ -n "${FANOUT_TRACE:-}" ]]; then  # FANOUT_TRACE=FILE: one line per ssh call (start, end, status, arguments)
  printf '#!/bin/sh\ns=$(date +%%s.%%N); /usr/bin/ssh -F %s "$@"; r=$?; echo "$s $(date +%%s.%%N) $r $*" >> %s; exit $r\n' \
    "$work/ssh_config" "$FANOUT_TRACE" > "$work/bin/ssh"
else
  printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$work/ssh_config" > "$work/bin/ssh"
fi
chmod +x "$work/bin/ssh"

# the stand-in loader: prints as many lines as the first line of its module file says (FleetBench writes it),
# padded to the real
# loader's size so that shipping costs what it would; an INT (another host ended) does not cut it short
real_size=1213152
{
  printf '#!/bin/sh\ntrap "" INT\n'
  printf 'n=$(head -n 1 "$1")\n'
  printf 'yes "probe output line with a number 1234567890 and some text" | head -n "$n"\nexit 0\n'
} > "$work/loader"
head -c $(( real_size - $(stat -c %s "$work/loader") )) /dev/urandom >> "$work/loader"
chmod +x "$work/loader"
loader_hash="$(sha256sum "$work/loader" | cut -c1-16)"

if [[ "${FANOUT_RUNTIME:-kmod}" == bpf ]]; then
  # the real thing on this kernel: bin/jstap --runtime=bpf --remote to every server (all of them this machine), its
  # static loader shipped to /var/tmp/jstap once then cached, one BPF object loaded per target, one engine per target
  # in the client; each target prints up to LINES kernel-side printf records (syscall.read hits of the whole
  # machine: every target is the same kernel) and ends itself after 2 s. /usr/bin/time: the client's wall and CPU
  # (the JVM and its ssh children; the servers and loaders are not its children).
  [[ -x /usr/bin/time ]] || { echo "remote-fanout: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
  echo "remote-fanout (bpf): $n dropbear targets on 127.0.0.1, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-5s %-8s %-8s %8s %9s %9s %8s %6s\n' hosts lines/h loader wall user sys merged lost
  bpf_round() {  # HOSTS LINES
    local k=$1 l=$2 args=() p i=0 first
    first=$(ls /var/tmp/jstap/jstapbpf-* 2> /dev/null | head -n 1 || true)
    while read -r p; do (( i++ < k )) && args+=(--remote "root@127.0.0.1:$p"); done < "$work/ports"
    local script="global c; probe syscall.read { if (c < $l) { c++; printf(\"probe output line with a number %d and some text\\n\", c) } } probe timer.s(2) { exit() }"
    PATH="$work/bin:$PATH" /usr/bin/time -f '%e %U %S' -o "$work/time" "$root/bin/jstap" --runtime=bpf -s 1 "${args[@]}" \
      --remote-prefix -e "$script" > "$work/out" 2> "$work/err" || { cat "$work/err" >&2; echo "remote-fanout: the bpf round failed" >&2; return 1; }
    read -r wall user sys < <(tail -n 1 "$work/time")
    printf '%-5s %-8s %-8s %7ss %8ss %8ss %8s %6s\n' "$k" "$l" "$([[ -n $first ]] && echo cached || echo shipped)" \
      "$wall" "$user" "$sys" "$(grep -c 'probe output line' "$work/out")" "$(grep -c 'transport failures' "$work/err")"
  }
  loader_hash=""  # the bpf loader is kept in /var/tmp/jstap after the rounds, as a real run keeps it
  rm -f /var/tmp/jstap/jstapbpf-*  # the first round ships it (every target is this machine: one path for all)
  # the object (one for every target), outside the rounds: the same cache entry as the fleet's build
  "$root/bin/jstap" --runtime=bpf -r "$(uname -r)" -p4 -e "global c; probe syscall.read { if (c < 0) { c++; printf(\"probe output line with a number %d and some text\\n\", c) } } probe timer.s(2) { exit() }" > /dev/null
  for spec in "$n:0" "1:0" "1:0" "10:0" "$n:0" "$n:0" "$n:$lines" "$n:$lines"; do bpf_round "${spec%%:*}" "${spec##*:}"; done
  exit 0
fi

cp="$(< "$root/cli/target/classpath.txt"):$root/stage-run/target/test-classes"
echo "remote-fanout: $n dropbear targets on 127.0.0.1, stand-in loader $(stat -c %s "$work/loader") bytes, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
PATH="$work/bin:$PATH" java -cp "$cp" org.jstap.run.FleetBench "$work/ports" "$work/loader" \
  "$n:0" "$n:0" "$n:0" "1:0" "1:0" "10:0" "$n:$lines" "$n:$lines" "$n:$lines"
