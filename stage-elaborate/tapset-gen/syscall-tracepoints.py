# Adds the bpf form to syscall/*.stp aliases that have only the kprobe one (idempotent: files that already test
# `runtime == "bpf"` are left alone). Run after syscalls.py:
#   python3 syscall-tracepoints.py ../src/main/resources/tapset/syscall
# Each point kernel.function("__x64_sys_Y") / kprobe.function(...) becomes
#   %( runtime == "bpf" %? kernel.trace("syscalls:sys_enter_Y") %: <the kprobe point> %)   (.return: sys_exit_Y)
# and each argument $regs->REG (or @cast(__regs, "struct pt_regs")->REG) @__sc_arg($FIELD, ...), FIELD being the
# trace event's field in that register's position (named after the syscall's parameter); $return and
# register("ax") become @__sc_arg($ret, ...). A syscall without both trace events gets an optional
# kernel.trace(...) ? on bpf and keeps its register-reading body (syscall.* then skips it on such a kernel).
# The events' fields come from syscall-events.txt, a snapshot of a tracefs, so the output is the same on every
# machine (GeneratedTapsetTest compares it with the checked-in files); --tracefs reads this machine's
# /sys/kernel/tracing instead and rewrites the snapshot with the events it looked up.
import os, re, sys, glob

T = "/sys/kernel/tracing/events/syscalls"
SNAPSHOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "syscall-events.txt")
REGS = ["di", "si", "dx", "r10", "r8", "r9"]
FROM_TRACEFS = False
LOOKED_UP = {}


def tracefs_fields(ev):
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


def load_snapshot():
    """Event name -> its fields after __syscall_nr; an event the snapshot does not list is one the kernel lacks."""
    out = {}
    for l in open(SNAPSHOT):
        if l.startswith("#") or not l.strip():
            continue
        name, _, rest = l.rstrip("\n").partition(":")
        out[name] = rest.split()
    return out


def fields(ev):
    f = tracefs_fields(ev) if FROM_TRACEFS else SNAPSHOT_EVENTS.get(ev)
    LOOKED_UP[ev] = f
    return f


def write_snapshot():
    with open(SNAPSHOT, "w") as out:
        out.write("# syscall trace events and their fields after __syscall_nr, as syscall-tracepoints.py --tracefs read them\n"
                  "# from /sys/kernel/tracing/events/syscalls (events it looked up and found; the others are absent)\n")
        for ev in sorted(e for e, f in LOOKED_UP.items() if f is not None):
            out.write(f"{ev}:{''.join(' ' + x for x in LOOKED_UP[ev])}\n")


def optional_form(s, y):
    """The bpf form of a syscall whose trace events the snapshot's kernel lacks: optional, body unchanged."""
    s = re.sub(r'^probe (syscall\.[a-z0-9_]+(\.return)?) = (k(?:ernel|probe)\.function\("__x64_sys_' + y + r'"\)(?:\.return)?)\s*$',
               lambda a: f'probe {a.group(1)} = %( runtime == "bpf" %? kernel.trace("syscalls:sys_{"exit" if a.group(2) else "enter"}_{y}") ? %: {a.group(3)} %)',
               s, flags=re.M)
    return insert_comment(s, f"// On bpf (no kprobes): the trace events syscalls:sys_enter_{y} / sys_exit_{y} if the kernel has them (the build\n"
                             f"// host's had none, so the body still reads registers); optional, so syscall.* skips it where they are missing.")


def insert_comment(s, comment):
    lines = s.split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith("//"):
        i += 1
    lines.insert(i, comment)
    return "\n".join(lines)


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
        open(path, "w").write(optional_form(s, y))
        return "optional"
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
    s = insert_comment(s, f"// On bpf (no kprobes): the syscall trace events syscalls:sys_enter_{y} / sys_exit_{y}, same locals; their\n"
                          f"// fields are named after the parameters ({', '.join(ent) if ent else 'none'}; ret), see @__sc_arg in syscalls.stpm.")
    open(path, "w").write(s)
    return "converted"


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--tracefs"]:
        FROM_TRACEFS = True
        args = args[1:]
    SNAPSHOT_EVENTS = {} if FROM_TRACEFS else load_snapshot()
    counts = {}
    for f in sorted(glob.glob(os.path.join(args[0], "*.stp"))):
        r = convert(f)
        counts[r] = counts.get(r, 0) + 1
        if r not in ("done", "converted", "optional", "no point"):
            print(f"{os.path.basename(f)}: {r}")
    print(counts)
    if FROM_TRACEFS:
        write_snapshot()
