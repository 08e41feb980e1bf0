package org.jstap.translate;

import org.jstap.api.ir.IrSite;
import org.jstap.api.spi.Backend;

/** The default backend: a C kernel module built by kbuild and run locally or in the test VM. */
public final class KmodBackend implements Backend {
    public static final String NAME = Backend.KMOD;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Linux kernel module (default)";
    }

    /**
     * Every kind of site, each with its table emitter in pass 3 ({@link SiteTables}), except the tracefs syscall
     * events, which have no tracepoint to register on.
     */
    private static final IrSite.Visitor<Boolean> SITES = new IrSite.Visitor<>() {
        @Override public Boolean visitBegin(IrSite.Begin s) { return true; }
        @Override public Boolean visitEnd(IrSite.End s) { return true; }
        @Override public Boolean visitError(IrSite.Error s) { return true; }
        @Override public Boolean visitTimer(IrSite.Timer s) { return true; }
        @Override public Boolean visitProfile(IrSite.Profile s) { return true; }
        @Override public Boolean visitKernelFunction(IrSite.KernelFunction s) { return true; }
        @Override public Boolean visitKprobe(IrSite.Kprobe s) { return true; }
        @Override public Boolean visitTracepoint(IrSite.Tracepoint s) { return !s.syscallEvent(); }
        @Override public Boolean visitProcess(IrSite.Process s) { return true; }
        @Override public Boolean visitProcessLife(IrSite.ProcessLife s) { return true; }
        @Override public Boolean visitProcfs(IrSite.Procfs s) { return true; }
        @Override public Boolean visitPerf(IrSite.Perf s) { return true; }
        @Override public Boolean visitWatchpoint(IrSite.Watchpoint s) { return true; }
    };

    @Override
    public boolean supports(IrSite site) {
        return site.accept(SITES);
    }

    @Override
    public boolean runsEmbeddedC() {
        return true;
    }
}
