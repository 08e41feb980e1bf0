package org.jstap.translate;

import java.util.List;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/** {@code process[(PATH|PID)][.thread].begin/.end} (jst_proclife.c): at most {@link #MAX} per module. */
final class ProcLifeTable extends SiteTable {
    /** Most process/thread begin/end probes one module has (runtime-c JST_PROCLIFE_MAX: one bit each). */
    static final int MAX = 64;

    private IrProbe firstOverLimit;

    ProcLifeTable() {
        super("jst_proclife", "jt_proclifes", "proclifes", "nproclifes", "JST_NEED_PROCLIFE", false);
    }

    void add(IrProbe p, IrSite.ProcessLife pl) {
        if (rows.size() == MAX) firstOverLimit = p;
        rows.add("{ .probe = " + desc(p) + ", .path = " + (pl.path() == null ? "NULL" : CNames.str(pl.path()))
                + ", .pid = " + pl.pid() + ", .thread = " + (pl.thread() ? 1 : 0) + ", .end = " + (pl.end() ? 1 : 0) + " }");
    }

    @Override
    void check(ModuleGenerator gen) {
        if (firstOverLimit != null) gen.unsupported(firstOverLimit.span(), "more than " + MAX + " process begin/end probes");
    }

    @Override
    List<String> rows() {
        return rows.size() > MAX ? rows.subList(0, MAX) : rows;
    }
}
