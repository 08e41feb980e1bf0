package org.jstap.backend.bpf;

/**
 * The tapset's embedded-C {@code addr()} and {@code uaddr()} in a kernel probe (registers.stp), over the probe's
 * context: {@code ctxKind} as BpfCWriter's ("regs" kprobe/uprobe pt_regs, "perf" a perf event's, others none).
 */
final class AddrFunctions {
    private AddrFunctions() {}

    /** addr(): the probed address at a kprobe's entry, else the registers' ip; 0 without registers, as kmod. */
    static String addr(String ctxKind, boolean kprobeEntry) {
        return switch (ctxKind) {
            case "regs" -> kprobeEntry ? "(s64t)bpf_get_func_ip(ctx)" : "(s64t)ctx->ip";
            case "perf" -> "(s64t)ctx->regs.ip";
            default -> "0LL";
        };
    }

    /**
     * uaddr(): the current task's user registers saved on kernel entry (a uprobe's and a user-mode tick's registers
     * are those very ones); 0 for a kernel thread (no mm, or PF_KTHREAD), as kmod.
     */
    static String uaddr() {
        return "({ struct task_struct *ut = bpf_get_current_task_btf(); s64t r = 0; "
                + "if (BPF_CORE_READ(ut, mm) && !(BPF_CORE_READ(ut, flags) & 0x00200000)) { "
                + "struct pt_regs *ur = (struct pt_regs *)bpf_task_pt_regs(ut); r = (s64t)BPF_CORE_READ(ur, ip); } r; })";
    }
}
