package org.jstap.backend.interp;

import org.jstap.api.ir.IrSite;
import org.jstap.api.spi.Backend;

/** {@code --runtime=interp}: the script runs in the jstap process; begin, end, error and timer probes only. */
public final class InterpBackend implements Backend {
    public static final String NAME = "interp";

    /** The sites the interpreter fires: begin, end, error and the periodic timers (not timer.profile). */
    private static final IrSite.Visitor<Boolean> SITES = new IrSite.Visitor<>() {
        @Override public Boolean visitBegin(IrSite.Begin s) { return true; }
        @Override public Boolean visitEnd(IrSite.End s) { return true; }
        @Override public Boolean visitError(IrSite.Error s) { return true; }
        @Override public Boolean visitTimer(IrSite.Timer s) { return true; }
        // no scheduler tick in a JVM: an emulation would fire at a made-up rate
        @Override public Boolean visitProfile(IrSite.Profile s) { return false; }
        @Override public Boolean visitKernelFunction(IrSite.KernelFunction s) { return false; }
        @Override public Boolean visitKprobe(IrSite.Kprobe s) { return false; }
        @Override public Boolean visitTracepoint(IrSite.Tracepoint s) { return false; }
        @Override public Boolean visitProcess(IrSite.Process s) { return false; }
        @Override public Boolean visitProcessLife(IrSite.ProcessLife s) { return false; }
        // input.char / input.line (procfs("__stdin").write): jstap's own standard input (StdinFeed)
        @Override public Boolean visitProcfs(IrSite.Procfs s) { return StdinFeed.reads(s); }
        @Override public Boolean visitPerf(IrSite.Perf s) { return false; }
        @Override public Boolean visitWatchpoint(IrSite.Watchpoint s) { return false; }
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "run the script in-process, no kernel module (begin, end, error, timer and input probes)";
    }

    @Override
    public boolean supports(IrSite site) {
        return fires(site);
    }

    /** {@link #supports}, for the interpreter's own loader. */
    static boolean fires(IrSite site) {
        return site.accept(SITES);
    }
}
