package org.jstap.translate;

import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/**
 * {@code process("PATH").function/.statement/.mark/.plt} (jst_uprobes.c): a uprobe or uretprobe at a file offset,
 * with a marker's semaphore and the one process of {@code process(PID)}.
 */
final class UprobeTable extends SiteTable {
    UprobeTable() {
        super("jst_uprobe", "jt_uprobes", "uprobes", "nuprobes", "JST_NEED_UPROBES", true);
    }

    void add(IrProbe p, IrSite.Process pr) {
        rows.add("{ .probe = " + desc(p) + ", .path = " + CNames.str(pr.path()) + ", .offset = 0x"
                + Long.toHexString(pr.offset()) + ", .is_return = " + (pr.isReturn() ? 1 : 0) + ", .optional = "
                + optional(p) + (pr.semaphore() != 0 ? ", .ref_ctr_offset = 0x" + Long.toHexString(pr.semaphore()) : "")
                + (pr.pid() != 0 ? ", .pid = " + pr.pid() : "") + entry(p, pr) + " }");
    }

    /** A uretprobe's @entry() values: saved by a handler at the function's entry (jst_uprobes.c pairs the two). */
    private static String entry(IrProbe p, IrSite.Process pr) {
        if (!pr.isReturn() || p.entrySaves().isEmpty()) return "";
        String m = ModuleGenerator.probeMember(p);
        return ", .entry_size = sizeof(struct jent_" + m + "), .entry_body = je_" + m;
    }
}
