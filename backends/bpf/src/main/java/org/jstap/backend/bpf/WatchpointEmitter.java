package org.jstap.backend.bpf;

import java.util.List;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/**
 * {@code kernel.data(ADDRESS|"SYMBOL")[.length(N)].write|.rw} on bpf: a perf event of type
 * PERF_TYPE_BREAKPOINT on every CPU (the kernel's wide hardware breakpoint, no module) with the probe as its
 * perf_event program, so the body sees the accessing instruction's registers as a perf probe does. The loader
 * ({@code bp}) looks a symbol up in the running kernel's {@code /proc/kallsyms} (the guest's, with
 * {@code --target=vm}: KASLR moves it every boot) and rounds the length up to 1, 2, 4 or 8 as kmod's runtime.
 * Attached after the begin probes, as kmod registers them: a refused watchpoint ends the run after begin, and a
 * symbol the kernel lacks is skipped with stap's warning.
 */
final class WatchpointEmitter {
    private WatchpointEmitter() {}

    /** The loader's attach line: {@code bp PROG ADDRESS SYMBOL LEN RW OPT} ({@code -} for no symbol). */
    static BpfManifest.Attach attach(IrProbe p, IrSite.Watchpoint w) {
        return new BpfManifest.Attach(p.id(), p.point(), KIND,
                List.of("0x" + Long.toHexString(w.address()), w.symbol() == null ? "-" : w.symbol(),
                        Long.toString(w.length()), w.read() ? "1" : "0"), p.optional());
    }

    static final String KIND = "bp";

    /** The reply text of a watchpoint whose symbol the kernel lacks (the loader's skip, not an error). */
    static final String INVALID_SYMBOL = "invalid symbol ";

    /** stap 4.8's line for a skipped watchpoint, from the loader's reply. */
    static String skippedWarning(BpfManifest.Attach a, String reply) {
        return "WARNING: Probe " + a.point() + " registration skipped: " + reply;
    }
}
