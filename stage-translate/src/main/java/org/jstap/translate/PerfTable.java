package org.jstap.translate;

import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/**
 * {@code perf.sw/hw.NAME}, {@code perf.type(T).config(C)} with {@code .sample(N)}, {@code .process("PATH")},
 * {@code .counter("NAME")} (jst_perf.c). Rows in probe order: {@link ModuleGenerator#perfCounterIndex} relies on it.
 */
final class PerfTable extends SiteTable {
    PerfTable() {
        super("jst_perf_probe", "jt_perfs", "perfs", "nperfs", "JST_NEED_PERF", false);
    }

    void add(IrProbe p, IrSite.Perf pe) {
        rows.add("{ .probe = " + desc(p) + ", .type = " + pe.type() + ", .config = " + pe.config() + "ULL, .sample = "
                + pe.sample() + "ULL, .optional = " + optional(p)
                + (pe.process() != null ? ", .process = " + CNames.str(pe.process()) : "")
                + (pe.counter() != null ? ", .counter = " + CNames.str(pe.counter()) : "") + " }");
    }
}
