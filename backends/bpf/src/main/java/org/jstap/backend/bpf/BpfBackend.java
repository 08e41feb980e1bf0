package org.jstap.backend.bpf;

import org.jstap.api.ir.IrSite;
import org.jstap.api.spi.Backend;

/** {@code --runtime=bpf}: kernel-side probes as BPF programs on this kernel (BTF, no module); the rest in Java. */
public final class BpfBackend implements Backend {
    public static final String NAME = "bpf";

    /**
     * What pass 2 lets through to this backend: begin, end, error and the periodic timers (in user space, on the
     * interpreter's engine) and kernel tracepoints, BTF or syscall events; timer.profile as a cpu-clock perf
     * event per CPU at the tick. Uprobes ({@code process(PATH).function/.statement}, uprobe/uretprobe programs) and perf
     * events (one perf_event program attached on every CPU) run in the kernel, as do kernel.function and
     * kprobe.function (kprobe/kretprobe programs by symbol: where the kernel has kprobes, e.g. the test VM's).
     * kernel.data watchpoints are breakpoint perf events ({@link WatchpointEmitter}).
     */
    private static final IrSite.Visitor<Boolean> SITES = new IrSite.Visitor<>() {
        @Override public Boolean visitBegin(IrSite.Begin s) { return true; }
        @Override public Boolean visitEnd(IrSite.End s) { return true; }
        @Override public Boolean visitError(IrSite.Error s) { return true; }
        @Override public Boolean visitTimer(IrSite.Timer s) { return true; }
        @Override public Boolean visitProfile(IrSite.Profile s) { return true; }
        // module("NAME").function too: a kprobe on the module's symbol once the module is loaded
        @Override public Boolean visitKernelFunction(IrSite.KernelFunction s) { return !s.inline(); }
        @Override public Boolean visitKprobe(IrSite.Kprobe s) { return true; }
        @Override public Boolean visitTracepoint(IrSite.Tracepoint s) { return true; }
        @Override public Boolean visitProcess(IrSite.Process s) { return true; }
        @Override public Boolean visitProcessLife(IrSite.ProcessLife s) { return true; }
        // input.char / input.line: user-space probes on jstap's stdin (interp's StdinFeed)
        @Override public Boolean visitProcfs(IrSite.Procfs s) { return org.jstap.backend.interp.StdinFeed.reads(s); }
        // .process("PATH") alone samples in that process: not yet; .counter(...) with or without it (PerfCounters)
        @Override public Boolean visitPerf(IrSite.Perf s) { return s.process() == null || s.counter() != null; }
        @Override public Boolean visitWatchpoint(IrSite.Watchpoint s) { return true; } // breakpoint perf events
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "run kernel probes as eBPF programs on this kernel (needs BTF and root), no kernel module";
    }

    /** One CO-RE object runs on every kernel with BTF: {@code @defined(member)} is the running kernel's question. */
    @Override
    public boolean decidesDefinedAtLoad() {
        return true;
    }

    @Override
    public boolean supports(IrSite site) {
        return site.accept(SITES);
    }

    /**
     * procfs: the file /proc/systemtap/MODULE/NAME and its read and write handlers are kernel code a module adds;
     * BPF has no program type or helper that creates a /proc entry or answers its reads and writes (a pinned BPF
     * iterator is a read-only file under bpffs, at another path, with no write side), so it is refused, not faked.
     */
    @Override
    public String whyUnsupported(IrSite site) {
        if (site instanceof IrSite.Procfs) {
            return "a /proc/systemtap file needs kernel code (a procfs entry with read and write handlers), which a"
                    + " BPF program cannot add; only the kmod backend makes it (input.char/input.line do run on bpf)";
        }
        if (site instanceof IrSite.Perf p && p.process() != null && p.counter() == null) {
            return "a perf event sampling in one program's processes (.process(\"PATH\") without .counter) is not on bpf"
                    + " yet; .process(\"PATH\").counter(\"NAME\") read with @perf is, as is sampling on every CPU";
        }
        return null;
    }
}
