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
     * Every kind of site (pass 3's site visitor has an emitter for each: a new kind does not compile without one)
     * except the tracefs syscall events, which have no tracepoint to register on.
     */
    @Override
    public boolean supports(IrSite site) {
        return !(site instanceof IrSite.Tracepoint t && t.syscallEvent());
    }

    @Override
    public boolean runsEmbeddedC() {
        return true;
    }
}
