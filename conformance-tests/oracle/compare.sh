#!/usr/bin/env bash
# Compares the checked-in expected output of run/ corpus scripts with what the real SystemTap 4.8 prints for them
# (stap-vm.sh: stap builds the module, a QEMU TCG VM runs it with staprun). A tool, not a test: CI must not
# depend on it.
#
#   compare.sh [FILES...]          default: conformance-tests/run/*.stp and run/both/*.stp
#   compare.sh --jstap [FILES...]  compare with what `bin/jstap --runtime=interp` prints now (stdout and status)
#                                  instead of the .expected files; default: oracle/probes/*.stp
#
# Per script one line: same | differs (stdout and/or exit status; a unified diff follows, expected -> stap) |
# stap-fails (stap could not build it: its first error line). Compared as RunCorpusInterpTest does: stdout with
# NAME.expected (exact) or NAME.expected-regex (whole output), the exit status with the `# exit: N` line (0 without).
# Modules run ORACLE_BATCH (default 20) to a VM boot. stap's raw stdout/stderr/status stay in ORACLE_RESULTS
# (default ${XDG_CACHE_HOME:-~/.cache}/jstap-oracle/results) for a closer look.
set -euo pipefail
here="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ct="$(cd "$here/.." && pwd)"
res="${ORACLE_RESULTS:-${XDG_CACHE_HOME:-$HOME/.cache}/jstap-oracle/results}"
batch="${ORACLE_BATCH:-20}"
against=expected
if [[ "${1:-}" == --jstap ]]; then against=jstap; shift; (($# > 0)) || set -- "$here"/probes/*.stp; fi
if (($# == 0)); then set -- "$ct"/run/*.stp "$ct"/run/both/*.stp; fi
rm -rf "$res"; mkdir -p "$res"

# stap-vm.sh names its results by the script's base name: give duplicates distinct names through symlinks
declare -A seen=()
scripts=() labels=()
mkdir -p "$res/scripts"
for f in "$@"; do
  b="$(basename "$f" .stp)"
  if [[ -n "${seen[$b]:-}" ]]; then b="${b}__$(basename "$(dirname "$f")")"; fi
  seen[$b]=1
  ln -sf "$(readlink -f "$f")" "$res/scripts/$b.stp"
  scripts+=("$res/scripts/$b.stp") labels+=("$f")
done

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); ${#scripts[@]} scripts, batches of $batch" >&2
for ((i = 0; i < ${#scripts[@]}; i += batch)); do
  echo "batch $((i / batch + 1)): scripts $((i + 1))-$((i + batch < ${#scripts[@]} ? i + batch : ${#scripts[@]})) ..." >&2
  "$here/stap-vm.sh" -o "$res" "${scripts[@]:i:batch}" || true
done

if [[ $against == jstap ]]; then
  # jstap's interp output (header -D options passed on, as stap-vm.sh does) stands in for .expected / `# exit:`
  for s in "${scripts[@]}"; do
    n="$(basename "$s" .stp)" opts=()
    hdr="$(head -n1 "$s")"
    if [[ "$hdr" == '#!'* ]]; then for t in $hdr; do case "$t" in -D*|-g|-u) opts+=("$t") ;; esac; done; fi
    rc=0
    "$ct/../bin/jstap" --runtime=interp ${opts[@]+"${opts[@]}"} "$s" >"$res/$n.jstap" 2>"$res/$n.jstap-err" || rc=$?
    echo "$rc" >"$res/$n.jstap-rc"
  done
fi

python3 - "$res" "$against" "${labels[@]}" <<'PY'
import difflib, os, re, sys
res, against, labels = sys.argv[1], sys.argv[2], sys.argv[3:]
counts = {"same": 0, "differs": 0, "stap-fails": 0}
names = sorted(os.listdir(os.path.join(res, "scripts")))
by_target = {os.path.realpath(os.path.join(res, "scripts", n)): n[:-4] for n in names}
def rd(p, enc="latin-1"):
    with open(p, encoding=enc, errors="replace") as f: return f.read()
for label in labels:
    src = os.path.realpath(label)
    n = by_target[src]
    base = src[:-4]
    text = rd(src)
    m = re.search(r"^\s*# exit:\s*(\d+)", text, re.M)
    want_rc = int(m.group(1)) if m else 0
    exp_file = base + ".expected"
    if against == "jstap":
        exp_file = os.path.join(res, n + ".jstap")
        want_rc = int(rd(os.path.join(res, n + ".jstap-rc")).strip())
    rel = src.split("/conformance-tests/", 1)[-1]
    bf = os.path.join(res, n + ".buildfail")
    if os.path.exists(bf):
        lines = [l for l in rd(bf).splitlines() if re.search(r"error|ERROR|failed", l)] or rd(bf).splitlines() or ["?"]
        print(f"stap-fails  {rel}: {lines[0]}")
        counts["stap-fails"] += 1
        continue
    out = rd(os.path.join(res, n + ".out"))
    err = rd(os.path.join(res, n + ".err"))
    rc = int(rd(os.path.join(res, n + ".rc")).strip() or 124)
    problems = []
    if os.path.exists(exp_file):
        exp = rd(exp_file)
        same_out = exp == out
        if not same_out:
            d = difflib.unified_diff(exp.splitlines(True), out.splitlines(True), "jstap" if against == "jstap" else "expected", "stap")
            problems.append("".join(l if l.endswith("\n") else l + "\n\\ no newline\n" for l in d))
    elif os.path.exists(base + ".expected-regex"):
        rx = rd(base + ".expected-regex", "utf-8")
        if not re.fullmatch(rx, out, re.S):
            problems.append("stdout does not match the .expected-regex; stap printed:\n" + out)
    else:
        problems.append("no .expected or .expected-regex")
    if rc != want_rc:
        problems.append(f"exit status: expected {want_rc}, stap {rc}" + (f" (124: timed out / VM stopped)" if rc == 124 else ""))
    if problems:
        counts["differs"] += 1
        print(f"differs     {rel}")
        for p in problems:
            for l in p.rstrip("\n").split("\n"): print("    " + l)
        if err.strip(): print("    stap stderr: " + " | ".join(err.strip().splitlines()[:4]))
    else:
        counts["same"] += 1
        print(f"same        {rel}")
print(f"\nsummary: {counts['same']} same, {counts['differs']} differs, {counts['stap-fails']} stap-fails "
      f"(of {len(labels)})")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
