package org.jstap.translate;

import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/**
 * {@code kernel.function}, {@code module("m").function} and {@code kprobe.*} (jst_kprobes.c): a kprobe or
 * kretprobe by symbol ({@code module:symbol} for a module's, armed when the module loads); a return probe with
 * {@code @entry} values also names its entry handler and the size of what it saves.
 */
final class KprobeTable extends SiteTable {
    KprobeTable() {
        super("jst_kprobe", "jt_kprobes", "kprobes", "nkprobes", "JST_NEED_KPROBES", true);
    }

    void add(IrProbe p, IrSite.KernelFunction k) {
        String sym = k.module() == null ? k.function() : k.module() + ":" + k.function();
        rows.add(row(p, sym, 0, k.isReturn(), k.maxActive()));
    }

    void add(IrProbe p, IrSite.Kprobe k) {
        String sym = k.module() == null ? k.symbol() : k.module() + ":" + k.symbol();
        rows.add(row(p, sym, k.offset(), k.isReturn(), k.maxActive()));
    }

    private static String row(IrProbe p, String sym, long offset, boolean ret, Integer maxActive) {
        StringBuilder b = new StringBuilder("{ .probe = " + desc(p) + ", .symbol = " + CNames.str(sym));
        if (offset != 0) b.append(", .offset = 0x").append(Long.toHexString(offset));
        b.append(", .is_return = ").append(ret ? 1 : 0).append(", .optional = ").append(optional(p));
        if (maxActive != null) b.append(", .maxactive = ").append(maxActive);
        if (ret && !p.entrySaves().isEmpty()) {
            String m = ModuleGenerator.probeMember(p);
            b.append(", .entry_size = sizeof(struct jent_").append(m).append("), .entry_body = je_").append(m);
        }
        return b.append(" }").toString();
    }
}
