package org.jstap.translate;

import java.util.List;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/**
 * Every probe to its family's table ({@link SiteTable}), by its site: an {@link IrSite.Visitor}, so a new kind of
 * site does not compile until the kmod backend has an emitter for it. Then the switches, the tables and
 * {@code struct jst_module}'s members, each family in a fixed order (the order the output has always had).
 */
final class SiteTables implements IrSite.Visitor<Void> {
    private final BeginEndTable be = new BeginEndTable();
    private final TimerTable timers = new TimerTable();
    private final ProfileTable profiles = new ProfileTable();
    private final KprobeTable kprobes = new KprobeTable();
    private final TracepointTable tracepoints = new TracepointTable();
    private final UprobeTable uprobes = new UprobeTable();
    private final ProcLifeTable proclifes = new ProcLifeTable();
    private final ProcfsTable procfses = new ProcfsTable();
    private final PerfTable perfs = new PerfTable();
    private final WatchpointTable watchpoints = new WatchpointTable();

    /** Tables and jst_module members, in this order. */
    private final List<SiteTable> tables = List.of(be, timers, profiles, kprobes, tracepoints, uprobes, proclifes,
            procfses, perfs, watchpoints);
    /** {@code JST_NEED_*} switches, in this order. */
    private final List<SiteTable> switches = List.of(kprobes, timers, profiles, tracepoints, uprobes, proclifes,
            procfses, perfs, watchpoints);

    private IrProbe probe;
    private int index;

    SiteTables(List<IrProbe> probes) {
        for (int i = 0; i < probes.size(); i++) {
            probe = probes.get(i);
            index = i;
            probe.site().accept(this);
        }
        probe = null;
    }

    /** The probe's body takes a global's lock (see {@link KprobeTable#takesLocks}). */
    void takesLocks(IrProbe p) {
        kprobes.takesLocks(p);
    }

    void writeSwitches(CWriter out) {
        for (SiteTable t : switches) t.writeSwitch(out);
    }

    void writeTables(CWriter out, ModuleGenerator gen) {
        for (SiteTable t : tables) t.check(gen);
        for (SiteTable t : tables) t.writeTable(out);
    }

    void writeModuleFields(CWriter out) {
        for (SiteTable t : tables) t.writeModuleField(out);
    }

    /** Whether the site is a return probe ({@code is_return()}, {@code jt_is_return[]}). */
    static boolean isReturn(IrSite s) {
        return s.accept(RETURNS);
    }

    @Override public Void visitBegin(IrSite.Begin s) { be.add(probe, index, BeginEndTable.BEGIN, s.priority()); return null; }
    @Override public Void visitEnd(IrSite.End s) { be.add(probe, index, BeginEndTable.END, s.priority()); return null; }
    @Override public Void visitError(IrSite.Error s) { be.add(probe, index, BeginEndTable.ERROR, s.priority()); return null; }
    @Override public Void visitTimer(IrSite.Timer s) { timers.add(probe, s); return null; }
    @Override public Void visitProfile(IrSite.Profile s) { profiles.add(probe); return null; }
    @Override public Void visitKernelFunction(IrSite.KernelFunction s) { kprobes.add(probe, s); return null; }
    @Override public Void visitKprobe(IrSite.Kprobe s) { kprobes.add(probe, s); return null; }
    @Override public Void visitTracepoint(IrSite.Tracepoint s) { tracepoints.add(probe, s); return null; }
    @Override public Void visitProcess(IrSite.Process s) { uprobes.add(probe, s); return null; }
    @Override public Void visitProcessLife(IrSite.ProcessLife s) { proclifes.add(probe, s); return null; }
    @Override public Void visitProcfs(IrSite.Procfs s) { procfses.add(probe, s); return null; }
    @Override public Void visitPerf(IrSite.Perf s) { perfs.add(probe, s); return null; }
    @Override public Void visitWatchpoint(IrSite.Watchpoint s) { watchpoints.add(probe, s); return null; }

    /**
     * Whether the site's only caller of the probe body is a handler of the probe's own (JST_KPROBE_HANDLER /
     * JST_KRETPROBE_HANDLER): the body is then inlined into it and its descriptor names no body.
     */
    static boolean ownHandler(IrSite s) {
        return s.accept(OWN_HANDLER);
    }

    private static final IrSite.Visitor<Boolean> OWN_HANDLER = new IrSite.Visitor<>() {
        @Override public Boolean visitBegin(IrSite.Begin s) { return false; }
        @Override public Boolean visitEnd(IrSite.End s) { return false; }
        @Override public Boolean visitError(IrSite.Error s) { return false; }
        @Override public Boolean visitTimer(IrSite.Timer s) { return false; }
        @Override public Boolean visitProfile(IrSite.Profile s) { return false; }
        @Override public Boolean visitKernelFunction(IrSite.KernelFunction s) { return true; }
        @Override public Boolean visitKprobe(IrSite.Kprobe s) { return true; }
        @Override public Boolean visitTracepoint(IrSite.Tracepoint s) { return false; }
        @Override public Boolean visitProcess(IrSite.Process s) { return false; }
        @Override public Boolean visitProcessLife(IrSite.ProcessLife s) { return false; }
        @Override public Boolean visitProcfs(IrSite.Procfs s) { return false; }
        @Override public Boolean visitPerf(IrSite.Perf s) { return false; }
        @Override public Boolean visitWatchpoint(IrSite.Watchpoint s) { return false; }
    };

    private static final IrSite.Visitor<Boolean> RETURNS = new IrSite.Visitor<>() {
        @Override public Boolean visitBegin(IrSite.Begin s) { return false; }
        @Override public Boolean visitEnd(IrSite.End s) { return false; }
        @Override public Boolean visitError(IrSite.Error s) { return false; }
        @Override public Boolean visitTimer(IrSite.Timer s) { return false; }
        @Override public Boolean visitProfile(IrSite.Profile s) { return false; }
        @Override public Boolean visitKernelFunction(IrSite.KernelFunction s) { return s.isReturn(); }
        @Override public Boolean visitKprobe(IrSite.Kprobe s) { return s.isReturn(); }
        @Override public Boolean visitTracepoint(IrSite.Tracepoint s) { return false; }
        @Override public Boolean visitProcess(IrSite.Process s) { return s.isReturn(); }
        @Override public Boolean visitProcessLife(IrSite.ProcessLife s) { return false; }
        @Override public Boolean visitProcfs(IrSite.Procfs s) { return false; }
        @Override public Boolean visitPerf(IrSite.Perf s) { return false; }
        @Override public Boolean visitWatchpoint(IrSite.Watchpoint s) { return false; }
    };
}
