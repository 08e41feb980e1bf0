package org.jstap.backend.bpf;

/** The tapset's embedded-C {@code uaddr()} in a kernel probe (registers.stp; {@code addr()} is BpfStacks'). */
final class AddrFunctions {
    private AddrFunctions() {}

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
