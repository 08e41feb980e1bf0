package org.jstap.translate;

import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/** {@code procfs("NAME").read/.write} (jst_procfs.c): a file under /proc/systemtap/MODULE. */
final class ProcfsTable extends SiteTable {
    ProcfsTable() {
        super("jst_procfs_probe", "jt_procfses", "procfses", "nprocfses", "JST_NEED_PROCFS", false);
    }

    void add(IrProbe p, IrSite.Procfs pf) {
        rows.add("{ .probe = " + desc(p) + ", .name = " + CNames.str(pf.name()) + ", .write = " + (pf.write() ? 1 : 0)
                + ", .maxsize = " + pf.maxSize() + ", .umask = " + pf.umask() + " }");
    }
}
