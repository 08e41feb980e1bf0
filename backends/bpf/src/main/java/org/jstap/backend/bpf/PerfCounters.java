package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/**
 * {@code perf.sw|hw.NAME[.process("PATH")].counter("NAME")} and {@code @perf("NAME")} on bpf. Each counter is a
 * counting perf event on every CPU (no sample period, no program), its fds in a perf event array the loader fills
 * ({@code pcount}); {@code @perf} reads this CPU's with {@code bpf_perf_event_read_value}, as kmod reads this CPU's
 * counter. A {@code .process("PATH")} counter is kmod's per-task counter of the task that runs PATH, kept here
 * from the CPU counters: three raw tracepoint programs start it when the task execs PATH (or, for a process older
 * than the session, when it is first switched in), add what the CPU counted while the task ran at each switch
 * out, and drop it at exit or an exec of another image; {@code @perf} in that process is its sum plus what this
 * CPU counted since it was switched in (0 in a process that runs no counted PATH). PATH is matched by device and
 * inode, which the loader finds ({@code inode}). No program runs at a counter's overflow: the probe's body is
 * never run, as kmod's.
 */
final class PerfCounters {
    private record Counter(int index, IrProbe probe, IrSite.Perf site, int procIndex) {}

    private final List<Counter> counters = new ArrayList<>();
    private int nproc;

    static boolean isCounter(IrSite s) {
        return s instanceof IrSite.Perf p && p.counter() != null;
    }

    PerfCounters(List<IrProbe> probes) {
        for (IrProbe p : probes) {
            if (p.site() instanceof IrSite.Perf pf && pf.counter() != null) {
                counters.add(new Counter(counters.size(), p, pf, pf.process() != null ? nproc++ : -1));
            }
        }
    }

    /** {@code @perf("NAME")} in a probe: the C expression of its value; null for a name no counter has. */
    String read(String name) {
        for (Counter c : counters) {
            if (!c.site().counter().equals(name)) continue;
            if (c.procIndex() < 0) return "jst_pc_now(&jst_pc" + c.index() + ")";
            return "({ __u64 pt = bpf_get_current_pid_tgid(); __u64 key = ((pt >> 32) << 8) | " + c.procIndex()
                    + "; struct jst_pcv *e = bpf_map_lookup_elem(&jst_pct, &key); s64t r = 0; if (e) { r = e->acc;"
                    + " if (e->on && (__u32)pt == (__u32)(pt >> 32)) r += jst_pc_now(&jst_pc" + c.index() + ") - e->start; } r; })";
        }
        return null;
    }

    /** The maps, the process programs and the loader's lines ({@code pcount}, {@code inode}, {@code raw}). */
    void emit(StringBuilder decls, StringBuilder code, List<BpfManifest.Attach> attach) {
        if (counters.isEmpty()) return;
        StringBuilder d = new StringBuilder("/* perf counters (PerfCounters) */\n");
        for (Counter c : counters) {
            // max_entries 0: libbpf makes one slot per possible CPU
            d.append("struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(__u32));"
                    + " __uint(value_size, sizeof(__u32)); } jst_pc").append(c.index()).append(" SEC(\".maps\");\n");
            attach.add(new BpfManifest.Attach("jst_pc" + c.index(), c.probe().point(), "pcount",
                    List.of(Long.toString(c.site().type()), Long.toString(c.site().config())), c.probe().optional()));
        }
        d.append("""
                /* this CPU's count of a counter (0 where it has none) */
                static __always_inline s64t jst_pc_now(void *map) {
                \tstruct bpf_perf_event_value v = {};
                \tif (bpf_perf_event_read_value(map, BPF_F_CURRENT_CPU, &v, sizeof(v))) return 0;
                \treturn (s64t)v.counter;
                }
                """);
        if (nproc > 0) {
            d.append("struct jst_pcv { s64t acc; s64t start; s64t on; };\n");
            d.append("struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 32768); __type(key, __u64);"
                    + " __type(value, struct jst_pcv); } jst_pct SEC(\".maps\");\n");
            d.append("struct jst_pc_inode { __u64 dev, ino; };\n");
            d.append("struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, ").append(nproc)
                    .append("); __type(key, __u32); __type(value, struct jst_pc_inode); } jst_pc_inodes SEC(\".maps\");\n");
            processPrograms(code);
            for (Counter c : counters) {
                if (c.procIndex() < 0) continue;
                attach.add(0, new BpfManifest.Attach("jst_pc_inodes", c.probe().point(), "inode",
                        List.of(Integer.toString(c.procIndex()), c.site().process()), c.probe().optional()));
            }
            String first = counters.get(0).probe().point();
            attach.add(new BpfManifest.Attach("jst_pc_exec", first, "raw", List.of("sched_process_exec"), false));
            attach.add(new BpfManifest.Attach("jst_pc_switch", first, "raw", List.of("sched_switch"), false));
            attach.add(new BpfManifest.Attach("jst_pc_exit", first, "raw", List.of("sched_process_exit"), false));
        }
        decls.append(d).append('\n');
    }

    private void processPrograms(StringBuilder code) {
        StringBuilder c = new StringBuilder("/* per-process perf counters from the CPU counters (PerfCounters) */\n");
        c.append("static __always_inline __u64 jst_pc_match(struct inode *in) {\n\tif (!in) return 0;\n")
                .append("\t__u64 ino = BPF_CORE_READ(in, i_ino), dev = BPF_CORE_READ(in, i_sb, s_dev), m = 0;\n");
        for (Counter k : counters) {
            if (k.procIndex() < 0) continue;
            c.append("\t{ __u32 i = ").append(k.procIndex()).append("; struct jst_pc_inode *e = bpf_map_lookup_elem(&jst_pc_inodes, &i);")
                    .append(" if (e && e->ino && e->ino == ino && e->dev == dev) m |= 1ULL << ").append(k.procIndex()).append("; }\n");
        }
        c.append("\treturn m;\n}\n\n");
        // start (what matches), or drop (what does not), every process counter of tgid
        c.append("static __always_inline void jst_pc_set(__u32 tgid, __u64 m, int restart) {\n");
        for (Counter k : counters) {
            if (k.procIndex() < 0) continue;
            c.append("\t{ __u64 key = ((__u64)tgid << 8) | ").append(k.procIndex()).append("; if (m & (1ULL << ").append(k.procIndex())
                    .append(")) { if (restart || !bpf_map_lookup_elem(&jst_pct, &key)) { struct jst_pcv v = { 0, jst_pc_now(&jst_pc")
                    .append(k.index()).append("), 1 }; bpf_map_update_elem(&jst_pct, &key, &v, BPF_ANY); } }")
                    .append(" else bpf_map_delete_elem(&jst_pct, &key); }\n");
        }
        c.append("}\n\n");
        c.append("SEC(\"raw_tp\")\nint jst_pc_exec(struct bpf_raw_tracepoint_args *ctx) {\n")
                .append("\tstruct task_struct *p = (struct task_struct *)ctx->args[0];\n")
                .append("\tstruct linux_binprm *b = (struct linux_binprm *)ctx->args[2];\n")
                .append("\tif (!jst_running()) return 0;\n")
                .append("\t__u32 tgid = BPF_CORE_READ(p, tgid);\n")
                .append("\t__u64 m = jst_pc_match(BPF_CORE_READ(b, file, f_inode));\n")
                // an exec of PATH again keeps the counts, as kmod keeps that process's counters
                .append("\tjst_pc_set(tgid, m, 0);\n\treturn 0;\n}\n\n");
        c.append("SEC(\"raw_tp\")\nint jst_pc_switch(struct bpf_raw_tracepoint_args *ctx) {\n")
                .append("\tstruct task_struct *prev = (struct task_struct *)ctx->args[1], *next = (struct task_struct *)ctx->args[2];\n")
                .append("\t__u32 ptgid = BPF_CORE_READ(prev, tgid), ntgid = BPF_CORE_READ(next, tgid);\n")
                .append("\tint pmain = BPF_CORE_READ(prev, pid) == ptgid, nmain = BPF_CORE_READ(next, pid) == ntgid, seen = 0;\n");
        for (Counter k : counters) {
            if (k.procIndex() < 0) continue;
            c.append("\tif (pmain) { __u64 key = ((__u64)ptgid << 8) | ").append(k.procIndex())
                    .append("; struct jst_pcv *e = bpf_map_lookup_elem(&jst_pct, &key); if (e && e->on) { e->acc += jst_pc_now(&jst_pc")
                    .append(k.index()).append(") - e->start; e->on = 0; } }\n");
            c.append("\tif (nmain) { __u64 key = ((__u64)ntgid << 8) | ").append(k.procIndex())
                    .append("; struct jst_pcv *e = bpf_map_lookup_elem(&jst_pct, &key); if (e) { e->start = jst_pc_now(&jst_pc")
                    .append(k.index()).append("); e->on = 1; seen = 1; } }\n");
        }
        // a process older than the session: counted from the first time it is switched in
        c.append("\tif (nmain && !seen && jst_running() && !(BPF_CORE_READ(next, flags) & 0x00200000)) {\n")
                .append("\t\t__u64 m = jst_pc_match(BPF_CORE_READ(next, mm, exe_file, f_inode));\n")
                .append("\t\tif (m) jst_pc_set(ntgid, m, 1);\n\t}\n\treturn 0;\n}\n\n");
        c.append("SEC(\"raw_tp\")\nint jst_pc_exit(struct bpf_raw_tracepoint_args *ctx) {\n")
                .append("\tstruct task_struct *p = (struct task_struct *)ctx->args[0];\n")
                .append("\tif (BPF_CORE_READ(p, pid) == BPF_CORE_READ(p, tgid)) jst_pc_set(BPF_CORE_READ(p, tgid), 0, 0);\n")
                .append("\treturn 0;\n}\n\n");
        code.append(c);
    }
}
