# Sourced, not run (bench/startup.sh, bench/cache.sh, bench/scale.sh).
#
# pairs N LABEL_A CMD_A LABEL_B CMD_B: runs CMD_A and CMD_B (shell strings, output discarded) one after the other
# N times (A B A B ..., after one warm-up run of each), timing each whole process with /usr/bin/time (wall, and
# user+system CPU of the process and its children), then prints each one's median wall/CPU and the median of the
# per-pair ratios A/B: pairs taken close together keep a ratio honest on a shared machine whose speed drifts.
# The load average is printed before and after. Each run's exit status is reported when it is not 0.
pairs_one() { # CMD -> "WALL_MS CPU_MS" on stdout
  local t
  t="$(mktemp)"
  /usr/bin/time -f '%e %U %S' -o "$t" bash -c "$1" >/dev/null 2>&1 || echo "pairs: exit $? from: $1" >&2
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$t"
  rm -f "$t"
}

pairs_median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

pairs() {
  local n=$1 la=$2 ca=$3 lb=$4 cb=$5 i a b
  local aw=() ac=() bw=() bc=() rw=() rc=()
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $n pairs"
  pairs_one "$ca" >/dev/null
  pairs_one "$cb" >/dev/null
  for ((i = 0; i < n; i++)); do
    read -r -a a <<<"$(pairs_one "$ca")"
    read -r -a b <<<"$(pairs_one "$cb")"
    aw+=("${a[0]}"); ac+=("${a[1]}"); bw+=("${b[0]}"); bc+=("${b[1]}")
    rw+=("$(awk -v x="${a[0]}" -v y="${b[0]}" 'BEGIN { printf "%.3f", (y > 0 ? x / y : 0) }')")
    rc+=("$(awk -v x="${a[1]}" -v y="${b[1]}" 'BEGIN { printf "%.3f", (y > 0 ? x / y : 0) }')")
  done
  printf '%-34s wall %6s ms   CPU %6s ms (medians)\n' "$la" "$(printf '%s\n' "${aw[@]}" | pairs_median)" \
    "$(printf '%s\n' "${ac[@]}" | pairs_median)"
  printf '%-34s wall %6s ms   CPU %6s ms (medians)\n' "$lb" "$(printf '%s\n' "${bw[@]}" | pairs_median)" \
    "$(printf '%s\n' "${bc[@]}" | pairs_median)"
  printf '%-34s wall %6s      CPU %6s    (median of the pair ratios)\n' "ratio" \
    "$(printf '%s\n' "${rw[@]}" | pairs_median)" "$(printf '%s\n' "${rc[@]}" | pairs_median)"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# The newest installed kernel release with a build tree (stap needs one even for pass 1), or nothing.
pairs_kernel_release() {
  ls -1 /lib/modules 2>/dev/null | while read -r r; do [[ -d "/lib/modules/$r/build" ]] && echo "$r"; done | sort -V | tail -n1
}
