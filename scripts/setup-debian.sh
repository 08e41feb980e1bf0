#!/usr/bin/env bash
# Installs what jstap needs on Debian 12 (bookworm). Safe to run again: installs only what is missing.
#   scripts/setup-debian.sh          JDK 17, Maven, python3 (the tapset generators GeneratedTapsetTest runs): build, passes 1-3, the tests
#   scripts/setup-debian.sh --full   also gcc, make, dwarves (pahole: @cast header types), QEMU, Debian's cloud kernel and headers, busybox, cpio, lz4,
#                                    systemtap-sdt-dev (<sys/sdt.h>, the marker test binary): passes 4-5 in the built-in test VM (and stap, hyperfine if available);
#                                    dropbear-bin and openssh-client: the fleet test VMs (jstap vm start --name) and --remote;
#                                    clang, llvm, libbpf-dev (libelf-dev, zlib1g-dev), bpftool: the bpf backend (--runtime=bpf) and its tests
set -euo pipefail

base=(openjdk-17-jdk-headless maven python3)
full=(gcc make dwarves qemu-system-x86 linux-image-cloud-amd64 linux-headers-cloud-amd64 busybox-static cpio lz4 systemtap-sdt-dev
      dropbear-bin openssh-client clang llvm libbpf-dev bpftool)
optional=(systemtap hyperfine bpftrace)

want=("${base[@]}")
with_optional=0
for arg in "$@"; do
  case "$arg" in
    --full) want+=("${full[@]}"); with_optional=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "setup-debian: unknown argument '$arg' (use --full or nothing)" >&2; exit 1 ;;
  esac
done

sudo=()
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null || { echo "setup-debian: run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in "${want[@]}"; do installed "$p" || missing+=("$p"); done
missing_optional=()
if [[ "$with_optional" == 1 ]]; then
  for p in "${optional[@]}"; do installed "$p" || missing_optional+=("$p"); done
fi

export DEBIAN_FRONTEND=noninteractive
if (( ${#missing[@]} + ${#missing_optional[@]} > 0 )); then
  "${sudo[@]}" apt-get update -q
fi
if (( ${#missing[@]} > 0 )); then
  echo "setup-debian: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
for p in "${missing_optional[@]}"; do
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "$p" || echo "setup-debian: optional $p not installed" >&2
done

# Maven must run on 17 even where another JDK is the default.
if ! java -version 2>&1 | grep -q 'version "17'; then
  jdk="$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -n1 || true)"
  [[ -n "$jdk" ]] && echo "setup-debian: the default java is not 17; use: export JAVA_HOME=$jdk" >&2
fi
echo "setup-debian: ready ($(java -version 2>&1 | head -n1); $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g'))" >&2
