package org.jstap.translate;

import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/** {@code kernel.trace("NAME")} (jst_tracepoints.c): looked up by name, module ones when the module loads. */
final class TracepointTable extends SiteTable {
    TracepointTable() {
        super("jst_tracepoint", "jt_tracepoints", "tracepoints", "ntracepoints", "JST_NEED_TRACEPOINTS", true);
    }

    void add(IrProbe p, IrSite.Tracepoint t) {
        rows.add("{ .probe = " + desc(p) + ", .name = " + CNames.str(t.name()) + ", .nargs = " + t.args().size()
                + ", .optional = " + optional(p) + " }");
    }
}
