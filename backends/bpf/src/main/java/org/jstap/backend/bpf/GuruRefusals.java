package org.jstap.backend.bpf;

import java.util.Map;
import org.jstap.api.ir.IrFunction;

/**
 * The tapset's guru functions no BPF program can do, refused at pass 3 by name with the reason (a BPF program may
 * only do what a helper lets it, in a run time the verifier bounds), instead of the generic "cannot compile". The
 * public set_*_arg functions are refused at the script's call, not inside arguments.stp.
 */
final class GuruRefusals {
    private GuruRefusals() {}

    private static final String DELAY = "a BPF program cannot busy-wait a chosen time (the kernel gives it no delay"
            + " helper, and the verifier bounds how long a program may run)";
    private static final String KERNEL_WRITE = "a BPF program cannot write kernel memory (a helper writes user memory"
            + " only)";
    private static final String ARG_WRITE = "a BPF tracing program cannot change the probed function's registers or"
            + " stack arguments";

    /** name/arity to the reason */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("mdelay/1", DELAY),
            Map.entry("udelay/1", DELAY),
            Map.entry("panic/1", "a BPF program cannot halt the kernel (no helper panics it)"),
            Map.entry("printk/2", "a BPF program cannot write the kernel log (bpf_trace_printk writes to the trace"
                    + " buffer only)"),
            Map.entry("dump_stack/0", "a BPF program cannot write the kernel log (print_backtrace() prints the same"
                    + " stack to the script's output)"),
            Map.entry("set_kernel_char/2", KERNEL_WRITE),
            Map.entry("set_kernel_short/2", KERNEL_WRITE),
            Map.entry("set_kernel_int/2", KERNEL_WRITE),
            Map.entry("set_kernel_long/2", KERNEL_WRITE),
            Map.entry("set_kernel_pointer/2", KERNEL_WRITE),
            Map.entry("set_kernel_string/2", KERNEL_WRITE),
            Map.entry("set_kernel_string_n/3", KERNEL_WRITE),
            Map.entry("set_int_arg/2", ARG_WRITE),
            Map.entry("set_uint_arg/2", ARG_WRITE),
            Map.entry("set_s32_arg/2", ARG_WRITE),
            Map.entry("set_u32_arg/2", ARG_WRITE),
            Map.entry("set_long_arg/2", ARG_WRITE),
            Map.entry("set_ulong_arg/2", ARG_WRITE),
            Map.entry("set_longlong_arg/2", ARG_WRITE),
            Map.entry("set_ulonglong_arg/2", ARG_WRITE),
            Map.entry("set_pointer_arg/2", ARG_WRITE),
            Map.entry("set_s64_arg/2", ARG_WRITE),
            Map.entry("set_u64_arg/2", ARG_WRITE),
            Map.entry("__jst_set_arg/3", ARG_WRITE));

    static boolean handles(IrFunction f) {
        return f.library() && REFUSED.containsKey(key(f));
    }

    /** The pass-3 refusal of a call of {@code f} in a kernel probe. */
    static String why(IrFunction f) {
        return "the bpf backend cannot run " + f.name() + "() in a kernel probe: " + REFUSED.get(key(f));
    }

    private static String key(IrFunction f) {
        return f.name() + "/" + f.params().size();
    }
}
