package org.jstap.api.ir;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Where a derived probe fires, fully resolved: no wildcards, no aliases, every number in its final unit.
 * {@link #family()} is the provider family that produced it (also the key of the backend support table).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "site")
public sealed interface IrSite {
    String family();

    <R> R accept(Visitor<R> v);

    /** {@code begin}, {@code begin(N)}: runs once at start, lower priority first (ties in program order). */
    record Begin(long priority) implements IrSite {
        public String family() { return "begin"; }
        public <R> R accept(Visitor<R> v) { return v.visitBegin(this); }
    }

    /** {@code end}, {@code end(N)}. */
    record End(long priority) implements IrSite {
        public String family() { return "end"; }
        public <R> R accept(Visitor<R> v) { return v.visitEnd(this); }
    }

    /** {@code error}, {@code error(N)}: runs after a runtime error, before the end probes. */
    record Error(long priority) implements IrSite {
        public String family() { return "error"; }
        public <R> R accept(Visitor<R> v) { return v.visitError(this); }
    }

    /**
     * {@code timer.s/ms/us/ns/hz(N)} as {@code periodNs}, or {@code timer.jiffies(N)} as {@code jiffies} &gt; 0
     * (then {@code periodNs} is 0 and the backend converts with its HZ). {@code randomizeNs} (or, for jiffies,
     * {@code randomizeJiffies}) is the {@code .randomize(N)} spread: each period is drawn from
     * {@code period ± randomize}.
     */
    record Timer(long periodNs, long randomizeNs, long jiffies, long randomizeJiffies) implements IrSite {
        public String family() { return "timer"; }
        public <R> R accept(Visitor<R> v) { return v.visitTimer(this); }
    }

    /** {@code timer.profile}: every scheduler tick on every CPU. */
    record Profile() implements IrSite {
        public String family() { return "timer"; }
        public <R> R accept(Visitor<R> v) { return v.visitProfile(this); }
    }

    /**
     * {@code kernel.function("f")[.call|.return|.inline]} or {@code module("m").function("f")}: a kprobe (or
     * kretprobe when {@code isReturn}) registered by symbol name {@code function} ({@code module} null for the
     * kernel). {@code params} are the function's parameters in order with their C types (where each one lives follows the x86-64
     * SysV classification: see {@link TargetAccess.Source.Arg} and {@link TargetAccess.Source.StackArg}); {@code returnType} is the C return type.
     * {@code maxActive} is {@code .maxactive(N)} or null.
     */
    record KernelFunction(String function, String module, boolean isReturn, boolean inline, Integer maxActive,
                          List<Param> params, String returnType) implements IrSite {
        public KernelFunction { params = List.copyOf(params); }
        public String family() { return module == null ? "kernel.function" : "module.function"; }
        public <R> R accept(Visitor<R> v) { return v.visitKernelFunction(this); }
    }

    /**
     * {@code kprobe.function("sym")[.return]}, {@code kprobe.module("m").function("sym")}: a raw kprobe by symbol,
     * no debug info, no {@code $vars} (only {@code register()}-style builtins).
     */
    record Kprobe(String symbol, String module, long offset, boolean isReturn, Integer maxActive) implements IrSite {
        public String family() { return "kprobe"; }
        public <R> R accept(Visitor<R> v) { return v.visitKprobe(this); }
    }

    /**
     * {@code kernel.trace("name")}: a kernel tracepoint, attached by name (kmod: {@code for_each_kernel_tracepoint}
     * lookup + {@code tracepoint_probe_register}). {@code args} are the probe function's arguments after the
     * leading {@code void *__data}, in order.
     */
    record Tracepoint(String name, List<Param> args) implements IrSite {
        public Tracepoint { args = List.copyOf(args); }
        public String family() { return "kernel.trace"; }

        /**
         * A tracefs syscall event ({@code syscalls:sys_enter_*}, {@code sys_exit_*}) rather than a BTF tracepoint:
         * it has no tracepoint a module could register on (bpf attaches to the event).
         */
        public boolean syscallEvent() { return name.startsWith("syscalls:"); }
        public <R> R accept(Visitor<R> v) { return v.visitTracepoint(this); }
    }

    /**
     * {@code process("path").function("sym")[.return]} (uprobe at {@code symbol}+{@code offset}, where
     * {@code offset} is the symbol's file offset from the ELF symtab) or {@code process("path").statement(ADDR)}
     * ({@code symbol} null, {@code offset} the file offset of ADDR), or {@code process(...).mark("NAME")} (a static
     * marker: {@code offset} the file offset of its address). {@code path} is absolute: the file the uprobe is in
     * (a library for {@code .library("LIB")} points). {@code semaphore} is the file offset in {@code path} of the
     * marker's semaphore, 0 when it has none: the kernel increments it in every process mapping the file while the
     * probe is attached ({@code uprobe_register_refctr}). The probe fires only in process {@code pid} when it is
     * not 0 ({@code process(PID)}). A library point fires in every process that maps the library, as stap 4.8's do.
     */
    record Process(String path, String symbol, long address, long offset, boolean isReturn, long semaphore, long pid)
            implements IrSite {
        public Process(String path, String symbol, long address, long offset, boolean isReturn) {
            this(path, symbol, address, offset, isReturn, 0, 0);
        }

        public String family() { return "process"; }
        public <R> R accept(Visitor<R> v) { return v.visitProcess(this); }
    }

    /**
     * {@code process[("PATH")|(PID)][.thread].begin|.end}: a process (or, with {@code thread}, a thread other than
     * the group leader) starting or ending. {@code path} (absolute, symlinks resolved) is null for any executable,
     * {@code pid} 0 for any process. kmod: over the sched_process_fork/exec/exit tracepoints; begin runs in the new
     * process's context (fork: from a task_work before it first returns to user space; exec: right after it).
     */
    record ProcessLife(String path, long pid, boolean thread, boolean end) implements IrSite {
        public String family() { return "process"; }
        public <R> R accept(Visitor<R> v) { return v.visitProcessLife(this); }
    }

    /**
     * {@code procfs("NAME").read/.write[.maxsize(N)]} ({@code procfs} alone names {@code "command"}): the file
     * {@code /proc/systemtap/MODULE/NAME}. A read runs the read probe, whose {@code $value} is what the reader gets;
     * a write runs the write probe with {@code $value} holding what was written. {@code maxSize} is the buffer
     * size in bytes (0: the backend's default). {@code umask} ({@code .umask(N)}, -1 when not given) masks the
     * file's permission bits, as stap: with it a read probe makes the file 0444 & ~umask, a write probe
     * 0222 & ~umask; without it 0400 / 0200 (owner only).
     */
    record Procfs(String name, boolean write, long maxSize, long umask) implements IrSite {
        public Procfs(String name, boolean write, long maxSize) {
            this(name, write, maxSize, -1);
        }

        public String family() { return "procfs"; }
        public <R> R accept(Visitor<R> v) { return v.visitProcfs(this); }
    }

    /**
     * {@code perf.sw.NAME}, {@code perf.hw.NAME}, {@code perf.type(T).config(C)}, each with {@code .sample(N)}: a
     * perf event counter per online CPU ({@code type}/{@code config} as in {@code perf_event_attr}) whose overflow
     * every {@code sample} events runs the probe with the interrupted registers. {@code event} names it for
     * messages ({@code "sw.cpu_clock"}).
     * <p>{@code .process("PATH")} ({@code process} the resolved executable, else null): the counter counts each
     * process running PATH (one per-task counter, made when the process execs it) instead of each CPU.
     * {@code .counter("NAME")} ({@code counter}, else null): a counting-only event ({@code sample} 0, the body never
     * runs) whose current value {@code @perf("NAME")} reads in a process probe.
     */
    record Perf(long type, long config, long sample, String event, String process, String counter) implements IrSite {
        public Perf(long type, long config, long sample, String event) {
            this(type, config, sample, event, null, null);
        }

        public String family() { return "perf"; }
        public <R> R accept(Visitor<R> v) { return v.visitPerf(this); }
    }

    /**
     * {@code kernel.data(ADDRESS)[.length(N)].write|.rw}, {@code kernel.data("SYMBOL").write|.rw}: a hardware
     * watchpoint (a debug register on every CPU) on {@code length} bytes at {@code address}, or at the kernel symbol
     * {@code symbol} (non-null: its address is looked up when the session starts, KASLR moves it every boot).
     * {@code read}: {@code .rw}, accesses that read too; else writes only. The probe runs after the accessing
     * instruction with its registers. The runtime watches 1, 2, 4 or 8 bytes ({@code length} rounded up, as stap).
     */
    record Watchpoint(String symbol, long address, long length, boolean read) implements IrSite {
        public String family() { return "kernel.data"; }
        public <R> R accept(Visitor<R> v) { return v.visitWatchpoint(this); }
    }

    /** A typed parameter or tracepoint argument: name, C type spelling, size in bytes, signedness, pointer-ness. */
    record Param(String name, String cType, int size, boolean signed, boolean pointer) {}

    interface Visitor<R> {
        R visitBegin(Begin s);
        R visitEnd(End s);
        R visitError(Error s);
        R visitTimer(Timer s);
        R visitProfile(Profile s);
        R visitKernelFunction(KernelFunction s);
        R visitKprobe(Kprobe s);
        R visitTracepoint(Tracepoint s);
        R visitProcess(Process s);
        R visitProcessLife(ProcessLife s);
        R visitProcfs(Procfs s);
        R visitPerf(Perf s);
        R visitWatchpoint(Watchpoint s);
    }
}
