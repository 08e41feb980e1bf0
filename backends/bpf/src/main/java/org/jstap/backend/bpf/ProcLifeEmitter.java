package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/**
 * {@code process[("PATH")|(PID)][.thread].begin/.end} on bpf, with kmod's rules (runtime-c jst_proclife.c): each
 * probe's body is an inline function (BpfCWriter writes it without a section), run by four raw tracepoint programs
 * written here:
 * <ul>
 * <li>{@code sched_process_fork} (in the parent) marks the new task pending;</li>
 * <li>{@code raw_syscalls:sys_exit} in a pending task is its first return to user space (a new task leaves the kernel
 *     through the syscall exit): its begin runs there, in its own context, where kmod's task_work runs it;</li>
 * <li>{@code sched_process_exec}, in the exec'ing process: the first sight of a process older than the session is
 *     its begin; otherwise path probes of the old image end and the new image's begin;</li>
 * <li>{@code sched_process_exit}: thread end for every thread but the group leader, process end once, when the
 *     group's last thread goes (signal->live 0; the first caller claims it in jst_pl_procs).</li>
 * </ul>
 * A PATH is matched by the executable's device and inode, which the loader finds on the running machine (an
 * {@code inode} line of the manifest fills jst_pl_inodes before the tracepoints attach).
 */
final class ProcLifeEmitter {
    private ProcLifeEmitter() {}

    /** One bit per probe in a process's mask, as kmod's JST_PROCLIFE_MAX. */
    static final int MAX = 64;

    private record Pl(IrProbe probe, IrSite.ProcessLife site, int bit) {}

    /** The dispatcher programs and their maps for the program's proclife probes (none: nothing). */
    static void emit(List<IrProbe> all, StringBuilder code, List<BpfManifest.Attach> attach) {
        List<Pl> pls = new ArrayList<>();
        for (IrProbe p : all) {
            if (p.site() instanceof IrSite.ProcessLife s) {
                if (pls.size() == MAX) throw new BpfCWriter.Unsupported(p.span(), "more than " + MAX + " process begin/end probes");
                pls.add(new Pl(p, s, pls.size()));
            }
        }
        if (pls.isEmpty()) return;
        StringBuilder c = new StringBuilder("/* process and thread begin/end (ProcLifeEmitter) */\n");
        c.append("#define JST_PL_NOT_USER (0x00200000 | 0x00000010) /* PF_KTHREAD | PF_IO_WORKER */\n");
        c.append("#define JST_PL_EXITING 0x00000004\n");
        c.append("struct jst_pl_proc { __u64 paths; __u64 dead; };\n");
        c.append("struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 32768); __type(key, __u32); __type(value, struct jst_pl_proc); } jst_pl_procs SEC(\".maps\");\n");
        c.append("struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 32768); __type(key, __u32); __type(value, __u32); } jst_pl_pending SEC(\".maps\");\n");
        c.append("struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, s64t); } jst_pl_npending SEC(\".maps\");\n");
        c.append("struct jst_pl_inode { __u64 dev, ino; };\n");
        c.append("struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, ").append(pls.size())
                .append("); __type(key, __u32); __type(value, struct jst_pl_inode); } jst_pl_inodes SEC(\".maps\");\n\n");
        // which path probes an executable matches
        c.append("static __always_inline __u64 jst_pl_match(struct inode *in) {\n\tif (!in) return 0;\n")
                .append("\t__u64 ino = BPF_CORE_READ(in, i_ino), dev = BPF_CORE_READ(in, i_sb, s_dev), m = 0;\n");
        for (Pl pl : pls) {
            if (pl.site().path() == null) continue;
            c.append("\t{ __u32 k = ").append(pl.bit()).append("; struct jst_pl_inode *e = bpf_map_lookup_elem(&jst_pl_inodes, &k); ")
                    .append("if (e && e->ino && e->ino == ino && e->dev == dev) m |= 1ULL << ").append(pl.bit()).append("; }\n");
        }
        c.append("\treturn m;\n}\n\n");
        c.append("""
                static __always_inline __u64 jst_pl_current_paths(void) {
                \tstruct task_struct *t = bpf_get_current_task_btf();
                \treturn jst_pl_match(BPF_CORE_READ(t, mm, exe_file, f_inode));
                }

                /* records what a process's image matches: 1 and the previous mask in *old if it was known */
                static __always_inline int jst_pl_set(__u32 tgid, __u64 paths, __u64 *old) {
                \tstruct jst_pl_proc *e = bpf_map_lookup_elem(&jst_pl_procs, &tgid);
                \t*old = 0;
                \tif (e && e->dead) { e->paths = paths; e->dead = 0; return 0; } /* a reused tgid: a new process */
                \tif (e) { *old = e->paths; e->paths = paths; return 1; }
                \tstruct jst_pl_proc n = { paths, 0 };
                \tbpf_map_update_elem(&jst_pl_procs, &tgid, &n, BPF_NOEXIST);
                \treturn 0;
                }

                /* process end for a thread group: 1 (and its mask in *paths) for the first caller only */
                static __always_inline int jst_pl_claim_end(__u32 tgid, __u64 *paths) {
                \tstruct jst_pl_proc n = { 0, 1 };
                \t*paths = 0;
                \tstruct jst_pl_proc *e = bpf_map_lookup_elem(&jst_pl_procs, &tgid);
                \tif (!e && bpf_map_update_elem(&jst_pl_procs, &tgid, &n, BPF_NOEXIST) == 0) return 1;
                \tif (!e) e = bpf_map_lookup_elem(&jst_pl_procs, &tgid);
                \tif (!e) return 0;
                \t*paths = e->paths;
                \treturn __sync_val_compare_and_swap(&e->dead, 0, 1) == 0;
                }

                static __always_inline __u64 jst_pl_get(__u32 tgid) {
                \tstruct jst_pl_proc *e = bpf_map_lookup_elem(&jst_pl_procs, &tgid);
                \treturn e ? e->paths : 0;
                }

                static __always_inline s64t *jst_pl_npend(void) { __u32 k = 0; return bpf_map_lookup_elem(&jst_pl_npending, &k); }

                """);
        for (boolean thread : new boolean[] {false, true}) {
            for (boolean end : new boolean[] {false, true}) {
                c.append("static __always_inline void jst_pl_run_").append(thread ? "t" : "p").append(end ? "e" : "b")
                        .append("(void *ctx, __u32 tgid, __u64 paths) {\n");
                for (Pl pl : pls) {
                    if (pl.site().thread() != thread || pl.site().end() != end) continue;
                    c.append("\tif (").append(filter(pl)).append(") ").append(pl.probe().id()).append("(ctx);\n");
                }
                c.append("}\n");
            }
        }
        c.append("""

                SEC("raw_tp")
                int jst_pl_fork(struct bpf_raw_tracepoint_args *ctx) {
                \tstruct task_struct *ch = (struct task_struct *)ctx->args[1];
                \tif (!jst_running() || (BPF_CORE_READ(ch, flags) & JST_PL_NOT_USER)) return 0;
                \t__u32 tid = BPF_CORE_READ(ch, pid), one = 1;
                \ts64t *np = jst_pl_npend();
                \tif (np && bpf_map_update_elem(&jst_pl_pending, &tid, &one, BPF_NOEXIST) == 0) __sync_fetch_and_add(np, 1);
                \treturn 0;
                }

                SEC("raw_tp")
                int jst_pl_ret(struct bpf_raw_tracepoint_args *ctx) {
                \ts64t *np = jst_pl_npend();
                \tif (!np || *np <= 0) return 0; /* nothing pending: every other syscall exit stops here */
                \t__u64 pt = bpf_get_current_pid_tgid();
                \t__u32 tid = (__u32)pt, tgid = pt >> 32;
                \tif (!bpf_map_lookup_elem(&jst_pl_pending, &tid) || bpf_map_delete_elem(&jst_pl_pending, &tid)) return 0;
                \t__sync_fetch_and_add(np, -1);
                \tstruct task_struct *t = bpf_get_current_task_btf();
                \tif (!jst_running() || (BPF_CORE_READ(t, flags) & JST_PL_EXITING)) return 0;
                \t__u64 paths = jst_pl_current_paths(), old;
                \tif (tid != tgid) { jst_pl_run_tb(ctx, tgid, paths); return 0; }
                \tjst_pl_set(tgid, paths, &old);
                \tjst_pl_run_pb(ctx, tgid, paths);
                \treturn 0;
                }

                SEC("raw_tp")
                int jst_pl_exec(struct bpf_raw_tracepoint_args *ctx) {
                \tstruct task_struct *p = (struct task_struct *)ctx->args[0];
                \tstruct linux_binprm *b = (struct linux_binprm *)ctx->args[2];
                \tif (!jst_running() || (BPF_CORE_READ(p, flags) & JST_PL_NOT_USER)) return 0;
                \t__u32 tgid = BPF_CORE_READ(p, tgid);
                \t__u64 paths = jst_pl_match(BPF_CORE_READ(b, file, f_inode)), old;
                \tif (!jst_pl_set(tgid, paths, &old)) { jst_pl_run_pb(ctx, tgid, paths); return 0; } /* first sight */
                """);
        // an exec into another image: the old image's path probes end, the new one's begin
        for (boolean end : new boolean[] {true, false}) {
            for (Pl pl : pls) {
                IrSite.ProcessLife s = pl.site();
                if (s.thread() || s.path() == null || s.end() != end) continue;
                String bit = "(1ULL << " + pl.bit() + ")";
                c.append("\tif (").append(s.pid() > 0 ? "tgid == " + s.pid() + " && " : "")
                        .append(end ? "(old & " + bit + ") && !(paths & " + bit + ")" : "!(old & " + bit + ") && (paths & " + bit + ")")
                        .append(") ").append(pl.probe().id()).append("(ctx);\n");
            }
        }
        c.append("""
                \treturn 0;
                }

                SEC("raw_tp")
                int jst_pl_exit(struct bpf_raw_tracepoint_args *ctx) {
                \tstruct task_struct *p = (struct task_struct *)ctx->args[0];
                \t__u32 tid = BPF_CORE_READ(p, pid), tgid = BPF_CORE_READ(p, tgid);
                \ts64t *np = jst_pl_npend();
                \tif (np && bpf_map_delete_elem(&jst_pl_pending, &tid) == 0) __sync_fetch_and_add(np, -1); /* died before its begin */
                \tif (!jst_running() || (BPF_CORE_READ(p, flags) & JST_PL_NOT_USER)) return 0;
                \tif (tid != tgid) jst_pl_run_te(ctx, tgid, jst_pl_get(tgid));
                \t/* do_exit counts this thread out of signal->live before the tracepoint */
                \t__u64 paths;
                \tif (BPF_CORE_READ(p, signal, live.counter) == 0 && jst_pl_claim_end(tgid, &paths)) jst_pl_run_pe(ctx, tgid, paths);
                \treturn 0;
                }

                """);
        code.append(c);
        IrProbe first = pls.get(0).probe();
        for (Pl pl : pls) {
            if (pl.site().path() != null) {
                attach.add(new BpfManifest.Attach("jst_pl_inodes", pl.probe().point(), "inode",
                        List.of(Integer.toString(pl.bit()), pl.site().path()), pl.probe().optional()));
            }
        }
        attach.add(new BpfManifest.Attach("jst_pl_fork", first.point(), "raw", List.of("sched_process_fork"), false));
        attach.add(new BpfManifest.Attach("jst_pl_ret", first.point(), "raw", List.of("sys_exit"), false));
        attach.add(new BpfManifest.Attach("jst_pl_exec", first.point(), "raw", List.of("sched_process_exec"), false));
        attach.add(new BpfManifest.Attach("jst_pl_exit", first.point(), "raw", List.of("sched_process_exit"), false));
    }

    /** The probe's pid and path filters over the process (tgid) and the image's mask. */
    private static String filter(Pl pl) {
        String f = "1";
        if (pl.site().pid() > 0) f += " && tgid == " + pl.site().pid();
        if (pl.site().path() != null) f += " && (paths & (1ULL << " + pl.bit() + "))";
        return f;
    }
}
