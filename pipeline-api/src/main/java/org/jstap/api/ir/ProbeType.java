package org.jstap.api.ir;

/**
 * What {@code probe_type()} returns: the kind of probe as SystemTap's runtime names its probe groups ("begin_end",
 * "hrtimer", "kprobe", ...), from the derived probe's site, so every backend answers alike.
 */
public final class ProbeType implements IrSite.Visitor<String> {
    private static final ProbeType INSTANCE = new ProbeType();

    private ProbeType() {}

    public static String of(IrSite site) {
        return site.accept(INSTANCE);
    }

    @Override public String visitBegin(IrSite.Begin s) { return "begin_end"; }
    @Override public String visitEnd(IrSite.End s) { return "begin_end"; }
    @Override public String visitError(IrSite.Error s) { return "begin_end"; }
    @Override public String visitTimer(IrSite.Timer s) { return s.jiffies() > 0 ? "timer" : "hrtimer"; }
    @Override public String visitProfile(IrSite.Profile s) { return "perf_event"; }  // stap 4.8 builds timer.profile on perf
    @Override public String visitKernelFunction(IrSite.KernelFunction s) { return s.isReturn() ? "kretprobe" : "kprobe"; }
    @Override public String visitKprobe(IrSite.Kprobe s) { return s.isReturn() ? "kretprobe" : "kprobe"; }
    @Override public String visitTracepoint(IrSite.Tracepoint s) { return "kernel_tracepoint"; }
    @Override public String visitProcess(IrSite.Process s) { return s.isReturn() ? "uretprobe" : "uprobe"; }
    @Override public String visitProcessLife(IrSite.ProcessLife s) { return "utrace"; }
    @Override public String visitProcfs(IrSite.Procfs s) { return "procfs"; }
    @Override public String visitPerf(IrSite.Perf s) { return "perf_event"; }
    @Override public String visitWatchpoint(IrSite.Watchpoint s) { return "hardware_data_breakpoint"; }
}
