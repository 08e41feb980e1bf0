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

    /** One handler per probe, the body called directly (JST_KPROBE_HANDLER in jst_probes.h): no indirect call. */
    private record Handler(String name, boolean ret, IrProbe probe) {}
    private final java.util.List<Handler> handlers = new java.util.ArrayList<>();
    /** Probes whose bodies take a global's lock (ids). */
    private final java.util.Set<String> locking = new java.util.HashSet<>();

    /**
     * The probe's body takes a global's lock: its handler keeps interrupts off for the hit (the _LOCKED macros), so
     * no interrupt lengthens the time other CPUs wait for the lock (up to MAXTRYLOCK x TRYLOCKDELAY, then a skipped
     * hit). Bodies without locks run with interrupts on, as stap's do.
     */
    void takesLocks(IrProbe p) {
        locking.add(p.id());
    }

    @Override
    void writePrelude(CWriter out) {
        for (Handler h : handlers) {
            out.line((h.ret() ? "JST_KRETPROBE_HANDLER" : "JST_KPROBE_HANDLER") + (locking.contains(h.probe().id()) ? "_LOCKED(" : "(")
                    + h.name() + ", " + ModuleGenerator.probeDesc(h.probe()) + ", " + ModuleGenerator.probeName(h.probe()) + ")");
        }
    }

    void add(IrProbe p, IrSite.KernelFunction k) {
        String sym = k.module() == null ? k.function() : k.module() + ":" + k.function();
        rows.add(row(p, sym, 0, k.isReturn(), k.maxActive()));
    }

    void add(IrProbe p, IrSite.Kprobe k) {
        String sym = k.module() == null ? k.symbol() : k.module() + ":" + k.symbol();
        rows.add(row(p, sym, k.offset(), k.isReturn(), k.maxActive()));
    }

    private String row(IrProbe p, String sym, long offset, boolean ret, Integer maxActive) {
        String m = ModuleGenerator.probeMember(p);
        String h = (ret ? "jt_krh_" : "jt_kph_") + m;
        if (handlers.stream().noneMatch(x -> x.name().equals(h))) handlers.add(new Handler(h, ret, p));
        StringBuilder b = new StringBuilder("{ .probe = " + desc(p) + ", .symbol = " + CNames.str(sym));
        if (offset != 0) b.append(", .offset = 0x").append(Long.toHexString(offset));
        b.append(", .is_return = ").append(ret ? 1 : 0).append(", .optional = ").append(optional(p));
        if (maxActive != null) b.append(", .maxactive = ").append(maxActive);
        b.append(ret ? ", .ret = " : ", .pre = ").append(h);
        if (ret && !p.entrySaves().isEmpty()) {
            b.append(", .entry_size = sizeof(struct jent_").append(m).append("), .entry_body = je_").append(m);
        }
        return b.append(" }").toString();
    }
}
