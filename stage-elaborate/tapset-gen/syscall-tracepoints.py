# Adds the bpf form to syscall/*.stp aliases that have only the kprobe one (idempotent: files that already test
# `runtime == "bpf"` are left alone). Run after syscalls.py, on a machine whose tracefs has the syscall events:
#   python3 syscall-tracepoints.py ../src/main/resources/tapset/syscall
# Each point kernel.function("__x64_sys_Y") / kprobe.function(...) becomes
#   %( runtime == "bpf" %? kernel.trace("syscalls:sys_enter_Y") %: <the kprobe point> %)   (.return: sys_exit_Y)
# and each argument $regs->REG (or @cast(__regs, "struct pt_regs")->REG) @__sc_arg($FIELD, ...), FIELD being the
# trace event's field in that register's position (named after the syscall's parameter); $return and
# register("ax") become @__sc_arg($ret, ...). A file whose syscall has no trace event is reported and left alone.
import os, re, sys, glob

T = "/sys/kernel/tracing/events/syscalls"
REGS = ["di", "si", "dx", "r10", "r8", "r9"]


def fields(ev):
    p = f"{T}/{ev}/format"
    if not os.path.exists(p):
        return None
    out = []
    for l in open(p):
        l = l.strip()
        if not l.startswith("field:"):
            continue
        decl = l[6:l.index(";")]
        if "common_" in decl:
            continue
        out.append(decl.split()[-1].replace("*", ""))
    return out[1:]  # after __syscall_nr


def convert(path):
    s = open(path).read()
    if 'runtime == "bpf"' in s:
        return "done"
    m = re.search(r'^probe syscall\.[a-z0-9_]+ = k(?:ernel|probe)\.function\("__x64_sys_([a-z0-9_]+)"\)\s*$', s, re.M)
    if not m:
        return "no point"
    y = m.group(1)
    ent, ext = fields("sys_enter_" + y), fields("sys_exit_" + y)
    if ent is None or ext is None:
        return f"no trace event sys_enter/exit_{y}"
    regs = set(re.findall(r'(?:\$regs|@cast\(__regs, "struct pt_regs"\))->([a-z0-9]+)', s))
    if any(REGS.index(r) >= len(ent) for r in regs):
        return f"reads {sorted(regs)} beyond the event's fields {ent}"
    s = re.sub(r'(\$regs|@cast\(__regs, "struct pt_regs"\))->([a-z0-9]+)',
               lambda a: f"@__sc_arg(${ent[REGS.index(a.group(2))]}, {a.group(1)}->{a.group(2)})", s)
    s = s.replace("    __regs = register(\"di\")\n", "    %( runtime != \"bpf\" %? __regs = register(\"di\") %)\n")
    s = s.replace("= $return\n", "= @__sc_arg($ret, $return)\n").replace("= register(\"ax\")\n", "= @__sc_arg($ret, register(\"ax\"))\n")
    s = re.sub(r'^probe (syscall\.[a-z0-9_]+(\.return)?) = (k(?:ernel|probe)\.function\("__x64_sys_' + y + r'"\)(?:\.return)?)\s*$',
               lambda a: f'probe {a.group(1)} = %( runtime == "bpf" %? kernel.trace("syscalls:sys_{"exit" if a.group(2) else "enter"}_{y}") %: {a.group(3)} %)',
               s, flags=re.M)
    lines = s.split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith("//"):
        i += 1
    lines.insert(i, f"// On bpf (no kprobes): the syscall trace events syscalls:sys_enter_{y} / sys_exit_{y}, same locals; their\n"
                    f"// fields are named after the parameters ({', '.join(ent) if ent else 'none'}; ret), see @__sc_arg in syscalls.stpm.")
    open(path, "w").write("\n".join(lines))
    return "converted"


if __name__ == "__main__":
    counts = {}
    for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.stp"))):
        r = convert(f)
        counts[r] = counts.get(r, 0) + 1
        if r not in ("done", "converted", "no point"):
            print(f"{os.path.basename(f)}: {r}")
    print(counts)
