package org.jstap.backend.bpf;

import java.util.List;
import org.jstap.api.ir.IrProbe;

/**
 * {@code timer.profile} on bpf: kmod runs a pinned hrtimer per CPU every tick (TICK_NSEC) and hands the body the
 * interrupted registers. Here the same tick is a software cpu-clock perf event on every CPU (an hrtimer in the
 * kernel too, whose overflow passes the interrupted registers), sampling once per tick: the loader finds the
 * running kernel's HZ (the artefact runs on any kernel), so the attach line's period is 0, "one tick".
 */
final class ProfileEmitter {
    private ProfileEmitter() {}

    static final long PERF_TYPE_SOFTWARE = 1, PERF_COUNT_SW_CPU_CLOCK = 0;

    static BpfManifest.Attach attach(IrProbe p) {
        return new BpfManifest.Attach(p.id(), p.point(), "perf",
                List.of(Long.toString(PERF_TYPE_SOFTWARE), Long.toString(PERF_COUNT_SW_CPU_CLOCK), "0"), p.optional());
    }

    /**
     * {@code probefunc()} at a tick: the interrupted kernel function's name ({@code %ps}, its " [module]" cut off),
     * "" when the tick interrupted user space, as kmod's. {@code slot} is the string slot it is written to,
     * {@code fmt} the {@code "%ps"} constant.
     */
    static String probefunc(int slot, String fmt) {
        String s = "h->s[" + slot + "]";
        return "({ u64t cs = *(volatile u64t *)((char *)ctx + __builtin_offsetof(struct bpf_perf_event_data, regs)"
                + " + __builtin_offsetof(struct pt_regs, cs)); " + s + "[0] = 0; if ((cs & 3) != 3) { __u64 fa[1] = {(__u64)ctx->regs.ip}; "
                + "bpf_snprintf(" + s + ", JST_MAXSTR, " + fmt + ", fa, 8); "
                + "for (int i = 0; i < 128 && i < JST_MAXSTR; i++) { if (" + s + "[i] == ' ' || " + s + "[i] == 0) { " + s + "[i] = 0; break; } } } "
                + "(char *)" + s + "; })";
    }
}
