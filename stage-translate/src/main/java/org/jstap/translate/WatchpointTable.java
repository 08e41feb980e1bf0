package org.jstap.translate;

import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/** {@code kernel.data(ADDRESS|"SYMBOL")[.length(N)].write|.rw}: hardware watchpoints (jst_hwbkpt.c). */
final class WatchpointTable extends SiteTable {
    WatchpointTable() {
        super("jst_hwbkpt_probe", "jt_hwbkpts", "hwbkpts", "nhwbkpts", "JST_NEED_HWBKPT", false);
    }

    void add(IrProbe p, IrSite.Watchpoint w) {
        rows.add("{ .probe = " + desc(p) + ", .symbol = " + (w.symbol() == null ? "NULL" : CNames.str(w.symbol()))
                + ", .address = 0x" + Long.toHexString(w.address()) + "UL, .length = " + w.length()
                + ", .rw = " + (w.read() ? 1 : 0) + ", .optional = " + optional(p) + " }");
    }
}
