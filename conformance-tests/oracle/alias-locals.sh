#!/usr/bin/env bash
# Compares the locals every tapset probe alias offers in jstap with what stap 4.8 offers on the same kernel:
# `-L` of each alias family on both, then per alias the locals stap has and jstap lacks, the ones jstap has
# beyond stap's, and the ones whose types differ. Context variables ($name) are left out: they come from the
# kernel, not from the tapset. A tool, not a test: CI must not depend on it.
#
#   alias-locals.sh [-r RELEASE] [FAMILY...]   default: the families of both tools' --dump-probe-aliases
#                                              and of /work/shared/checklists/stap-4.8-l-counts.txt
#
# stap's -L of a big family builds a tracequery module (tens of seconds to minutes), so its answers are cached
# in ALIAS_LOCALS_CACHE (default /tmp/jstap-alias-locals/RELEASE) and run niced; delete a file there to redo it.
# jstap's -L runs every time (or see ALIAS_LOCALS_JSTAP_L below). Output: one line per alias that differs, then the totals.
set -euo pipefail
here="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jstap="${JSTAP:-$here/../../bin/jstap}"
rel="$(ls /lib/modules | grep -m1 cloud || uname -r)"
if [[ "${1:-}" == -r ]]; then rel="$2"; shift 2; fi
cache="${ALIAS_LOCALS_CACHE:-/tmp/jstap-alias-locals/$rel}"
mkdir -p "$cache"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

[[ -s "$cache/stap-aliases" ]] || nice stap -r "$rel" --dump-probe-aliases > "$cache/stap-aliases" 2>/dev/null || true
"$jstap" -r "$rel" --dump-probe-aliases > "$work/jstap-aliases"
if (($# == 0)); then
  checklist=/work/shared/checklists/stap-4.8-l-counts.txt
  set -- $( { awk '{print $1}' "$work/jstap-aliases" | cut -d. -f1
              [[ -r $checklist ]] && awk '$1 ~ /\.\*$/ {sub(/\.\*$/, "", $1); print $1}' "$checklist"; } | sort -u)
fi

# The -L patterns a family needs: one per number of components its aliases have (vfs.*, vfs.*.*, ...).
patterns() {
  awk -v f="$1" '{ n = split($1, c, "."); if (c[1] == f) print n }' "$cache/stap-aliases" "$work/jstap-aliases" |
    sort -un | while read -r n; do p="$1"; for ((i = 1; i < n; i++)); do p="$p.*"; done; echo "$p"; done
}

# jstap's answers first (seconds each), so a rebuild while stap's slow ones run cannot mix two versions.
# ALIAS_LOCALS_JSTAP_L=FILE: compare a listing saved before (a cache's jstap-L.last) instead.
if [[ -n "${ALIAS_LOCALS_JSTAP_L:-}" ]]; then cp "$ALIAS_LOCALS_JSTAP_L" "$work/jstap-L"
else for fam in "$@"; do for p in $(patterns "$fam"); do
  "$jstap" -r "$rel" -L "$p" >> "$work/jstap-L" 2>/dev/null || true
done; done; fi
cp "$work/jstap-L" "$cache/jstap-L.last" 2>/dev/null || true
# stap's -L of a whole syscall family fails (no output), so those go by batches of names in braces:
# syscall.{read,write,...} and syscall.{read,write,...}.return.
stap_L() { # KEY PATTERN
  [[ -e "$cache/stap-L.$1" ]] || nice stap -r "$rel" -L "$2" > "$cache/stap-L.$1" 2>/dev/null || true
  cat "$cache/stap-L.$1" >> "$work/stap-L"
}
for fam in "$@"; do
  if [[ "$fam" == *syscall ]]; then
    # the names both have (one stap does not know fails its whole batch)
    awk -v f="$fam" '{ n = split($1, c, "."); if (c[1] == f && n == 2) print FILENAME == ARGV[1] ? "S " c[2] : "J " c[2] }' \
      "$cache/stap-aliases" "$work/jstap-aliases" | awk '$1 == "S" { s[$2] = 1 } $1 == "J" && s[$2] && !seen[$2]++ { print $2 }' \
      > "$work/names.$fam"
    split -l "${ALIAS_LOCALS_BATCH:-40}" -d -a 3 "$work/names.$fam" "$work/batch.$fam."
    for b in "$work/batch.$fam."*; do
      list="$(paste -sd, "$b")"; key="$fam.$(printf '%s' "$list" | md5sum | cut -c1-12)"
      stap_L "$key" "$fam.{$list}"; stap_L "$key.return" "$fam.{$list}.return"
    done
    continue
  fi
  for p in $(patterns "$fam"); do stap_L "${p//\*/S}" "$p"; done
done
touch "$work/stap-L" "$work/jstap-L"

# Per alias the union of its lines' locals (an alias over several probe points prints a line for each).
awk '
  function load(file, side,   i, n, t, name, typ) {
    while ((getline line < file) > 0) {
      n = split(line, t, " ")
      if (n == 0 || t[1] !~ /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_*]+)+$/) continue
      alias[t[1]] = alias[t[1]] side
      for (i = 2; i <= n; i++) {
        # a type with spaces (stap: $file:struct file*) continues into the next words; $-variables come from
        # the kernel, and _-names belong to the translator (stap: __tracepoint_arg_*, _entry_tvar_*)
        if (t[i] !~ /^[$A-Za-z_][A-Za-z0-9_]*:/ || t[i] ~ /^[$_]/) continue
        name = t[i]; typ = ""
        if (index(name, ":") > 0) { typ = substr(name, index(name, ":") + 1); name = substr(name, 1, index(name, ":") - 1) }
        loc[side, t[1], name] = typ
        if (!((t[1], name) in seen)) { seen[t[1], name] = 1; order[t[1]] = order[t[1]] " " name }
      }
    }
  }
  BEGIN {
    load(ARGV[1], "S"); load(ARGV[2], "J"); ARGC = 1
    for (a in alias) names[++na] = a
    for (i = 1; i <= na; i++) for (j = i + 1; j <= na; j++) if (names[j] < names[i]) { x = names[i]; names[i] = names[j]; names[j] = x }
    for (i = 1; i <= na; i++) {
      a = names[i]
      if (alias[a] !~ /S/) { onlyj++; continue }
      if (alias[a] !~ /J/) { onlys++; print a ": not in jstap"; continue }
      both++
      miss = ""; extra = ""; types = ""
      m = split(order[a], ns, " ")
      for (k = 1; k <= m; k++) {
        n = ns[k]
        s = (("S", a, n) in loc); j = (("J", a, n) in loc)
        if (s && !j) miss = miss " " n
        else if (j && !s) extra = extra " " n
        else if (loc["S", a, n] != loc["J", a, n]) types = types " " n ":" loc["S", a, n] "/" loc["J", a, n]
      }
      if (miss == "" && types == "") same++
      if (miss == "" && types == "" && extra == "") exact++
      if (miss != "") nmiss++
      if (types != "") ntypes++
      if (miss != "" || types != "" || extra != "")
        print a ":" (miss != "" ? " missing" miss ";" : "") (types != "" ? " types(stap/jstap)" types ";" : "") (extra != "" ? " extra" extra ";" : "")
    }
    printf "aliases in both: %d; all of stap'\''s locals with its types: %d (of which no extra locals: %d); " \
           "missing locals: %d; type differences: %d; stap-only aliases: %d; jstap-only aliases: %d\n",
           both, same, exact, nmiss, ntypes, onlys, onlyj
  }' "$work/stap-L" "$work/jstap-L"
