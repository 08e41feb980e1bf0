package org.jstap.backend.bpf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrCodec;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.backend.interp.UserSpaceEngine;

/**
 * Pass 5 of the bpf backend. Loads the object with {@code jstapbpf}, attaches every kernel-side probe (an
 * attach failure is a pass-5 error, a {@code ?} probe is skipped), then runs the session on interp's engine:
 * begin probes, kernel probes armed, timers, until exit()/^C/-c exit/an error, kernel probes disarmed and
 * drained, end (or error) probes. Globals are synced with the maps around every user-space handler.
 */
public final class BpfRunStage implements Stage<ModuleArtefact, BpfResult> {
    private final java.util.Set<org.jstap.api.spi.RunTarget> targets;

    /** Without run targets: the loader runs on this machine only. */
    public BpfRunStage() {
        this(java.util.Set.of());
    }

    /**
     * {@code --target=NAME} naming a {@link org.jstap.api.spi.HelperHost} (the test VM): the loader runs there,
     * shipped as a static binary with the same object, while begin/end/timer probes, the maps' user-space side and
     * the printf engine stay here, on interp's one engine, talking to the loader over the target's channel.
     */
    @com.google.inject.Inject
    public BpfRunStage(java.util.Set<org.jstap.api.spi.RunTarget> targets) {
        this.targets = targets;
    }

    /** The host the loader runs on for {@code --target}, or null: this machine. */
    private org.jstap.api.spi.HelperHost helperHost(SessionOptions o, StageContext ctx) throws StageFailedException {
        String t = o.target();
        if (t == null || t.equals("local")) return null;
        for (org.jstap.api.spi.RunTarget r : targets) {
            if (r.name().equals(t) && r instanceof org.jstap.api.spi.HelperHost h) return h;
        }
        throw fail(ctx, "--runtime=bpf cannot run on --target=" + t + " (it runs here, or where a target can start its loader: vm)", null);
    }
    @Override public Pass pass() { return Pass.RUN; }

    @Override public String name() { return "bpf-run"; }

    @Override public String version() { return "1"; }

    @Override public String backend() { return BpfBackend.NAME; }

    @Override public Class<ModuleArtefact> inputType() { return ModuleArtefact.class; }

    @Override public Class<BpfResult> outputType() { return BpfResult.class; }

    /**
     * One host of a {@code --remote} fleet: its loader runs on {@code host} (an ssh-backed one), its session has
     * {@code remote_id()} {@code id} and {@code remote_uri()} {@code uri}; {@code onEngine} gets, once the session
     * exists, what ends it as {@code exit()} does (another host ended, Ctrl-C); {@code started} runs once its begin
     * probes ran and its kernel probes are armed. Each host has an engine of its own: its globals are its own, as
     * each kmod host runs a module of its own.
     */
    public record Remote(org.jstap.api.spi.HelperHost host, long id, String uri, java.util.function.Consumer<Runnable> onEngine,
                         Runnable started) {}

    /** The private globals behind {@code remote_id()}/{@code remote_uri()} on bpf (tapset remote.stp). */
    static final String REMOTE_ID = "__jst_remote_id", REMOTE_URI = "__jst_remote_uri";

    @Override
    public BpfResult run(ModuleArtefact m, StageContext ctx) throws StageFailedException {
        return run(m, ctx, null);
    }

    /** Pass 5 for one {@code --remote} host ({@code remote} non-null), else as {@link #run(ModuleArtefact, StageContext)}. */
    public BpfResult run(ModuleArtefact m, StageContext ctx, Remote remote) throws StageFailedException {
        long start = System.nanoTime();
        SessionOptions o = ctx.options();
        byte[] obj = m.ko();
        IrProgram ir;
        BpfManifest stored;
        try {
            byte[] irb = ElfSections.section(obj, BpfFiles.SECTION_IR).orElseThrow(() -> new IOException("no " + BpfFiles.SECTION_IR + " section"));
            byte[] mf = ElfSections.section(obj, BpfFiles.SECTION_MANIFEST).orElseThrow(() -> new IOException("no " + BpfFiles.SECTION_MANIFEST + " section"));
            ir = IrCodec.IR.read(new java.io.ByteArrayInputStream(irb)).program();
            stored = BpfFiles.JSON.readValue(mf, BpfManifest.class);
        } catch (IOException | RuntimeException | org.jstap.api.artefact.ArtefactException e) {
            throw fail(ctx, "not a jstap bpf object (" + m.manifest().koFile() + "): " + e.getMessage(), null);
        }
        Map<String, String> defines = new HashMap<>();
        for (String opt : m.manifest().options()) {
            int eq = opt.indexOf('=');
            if (opt.startsWith("-D") && eq > 2) defines.put(opt.substring(2, eq), opt.substring(eq + 1));
        }
        BpfCWriter.Result layout = new BpfCWriter(ir, defines).write();
        if (!layout.manifest().equals(stored)) throw fail(ctx, "the object's manifest does not match its IR (a damaged or foreign artefact)", null);
        org.jstap.api.spi.HelperHost host = remote != null ? remote.host() : helperHost(o, ctx);
        if (host == null) preflight(ctx);
        Path loader;
        try {
            loader = host == null ? LoaderBinary.get() : LoaderBinary.portable();
        } catch (IOException e) {
            throw fail(ctx, e.getMessage(), null);
        }
        List<IrProbe> user = new ArrayList<>();
        for (IrProbe p : ir.probes()) if (BpfCWriter.userSide(p.site())) user.add(p);
        // only the functions the user-space probes reach: one only a kernel probe calls may use what the user-space
        // engine cannot run (a target variable: pexecname()'s @cast(...)->comm)
        java.util.Set<String> userFns = org.jstap.irtools.CallGraph.of(ir).reachableFrom(user);
        List<org.jstap.api.ir.IrFunction> fns = ir.functions().stream().filter(f -> userFns.contains(f.id())).toList();
        IrProgram userPart = new IrProgram(ir.script(), ir.globals(), fns, user, ir.embeds(), ir.guru(), ir.elided());
        // nothing loads there: a @defined(member) value is this build's answer, as before it was decided at load
        userPart = org.jstap.irtools.CoreExistence.answeredAtBuild(userPart);
        try { // -G VAR=VALUE: set in user space, pushed into the maps with the other initial values
            userPart = org.jstap.irtools.GlobalSettings.apply(userPart, o.stap().globalSettings(),
                    UserSpaceEngine.maxStringLen(o.defines()));
        } catch (org.jstap.irtools.GlobalSettings.BadSetting e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.RUN_BAD_GLOBAL_SETTING, Span.NONE, e.getMessage()));
            throw new StageFailedException(Pass.RUN, "-G");
        }
        if (remote != null) userPart = withRemote(userPart, remote);
        Path tmp = null;
        RecordHandler records = new RecordHandler(stored, layout.printNodes(), ctx.err());
        java.io.PrintStream out = null; // the script's output: -o FILE, -S SIZE[,N], switch_file() (ScriptOutput)
        try {
            out = org.jstap.api.ScriptOutput.of(o, ctx.out()).printStream();
            tmp = Files.createTempFile("jstap", BpfFiles.OBJECT_SUFFIX);
            Files.write(tmp, obj);
            // -c here: started (held stopped) before the load, as before; on another host the loader starts it there,
            // next to the probes, once the object is loaded
            UserSpaceEngine[] engine = {host == null ? engine(ctx, o, userPart, null, true, out) : null};
            // a fleet host is running once its begin probes ran and its -c command (if any) was released
            Runnable[] started = {remote == null ? () -> { } : remote.started()};
            try (LoaderSession ls = host == null ? new LoaderSession(loader, tmp, records, ringBytes(o))
                    : new LoaderSession(host.start(Files.readAllBytes(loader), loader.getFileName().toString(), obj,
                            BpfFiles.OBJECT_SUFFIX, List.of(Long.toString(ringBytes(o))), probedModules(ir), ctx.err()),
                            records)) {
                LoaderSession.Reply r = ls.loaded();
                if (r.type() != LoaderSession.FR_OK) throw refused(ctx, r.text(), layout);
                if (engine[0] == null) {
                    // -c CMD, or -x PID (a process of that host: watched there, its end ends the run as kmod's)
                    UserSpaceEngine.CommandProcess cmd = o.command() != null && !o.command().isBlank()
                            ? GuestCommand.start(ls, o.command(), ctx.out(), ctx.err())
                            : o.targetPid() != null ? GuestCommand.watch(ls, o.targetPid(), ctx.out(), ctx.err()) : null;
                    if (cmd instanceof GuestCommand g) {
                        g.afterResume = started[0];
                        started[0] = () -> { };
                    }
                    engine[0] = engine(ctx, o, userPart, cmd, false, out);
                }
                records.engine(engine[0]);
                UserSpaceEngine running = engine[0];
                // a loader (or its host, or the channel to it) gone mid-run ends the session, timers and all
                ls.onLost = () -> running.kernelError("ERROR: the bpf loader ended during the run");
                if (remote != null) {
                    running.leaveCtrlCToCaller(); // the fleet's handler ends every host's engine
                    remote.onEngine().accept(running::requestExit);
                }
                return session(ctx, o, stored, layout, engine[0], ls, start, host != null, started[0]);
            } finally {
                if (engine[0] != null) engine[0].abandon(); // a refused load or attach: a -c command held stopped must not outlive us
            }
        } catch (IOException e) {
            throw fail(ctx, e.getMessage(), null);
        } finally {
            if (out != null) out.close();
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }

    private BpfResult session(StageContext ctx, SessionOptions o, BpfManifest stored, BpfCWriter.Result layout,
                              UserSpaceEngine engine, LoaderSession ls, long start, boolean elsewhere, Runnable running)
            throws IOException, StageFailedException {
        HostFacts facts = elsewhere ? HostFacts.of(ls) : HostFacts.local();
        ctl(ls, 1, facts.realtimeOffset());
        ctl(ls, 2, engine.target());
        List<BpfManifest.Attach> watchpoints = new ArrayList<>(); // armed after begin, as kmod (WatchpointEmitter)
        for (BpfManifest.Attach a : stored.attach()) {
            if (a.kind().equals(WatchpointEmitter.KIND)) {
                watchpoints.add(a);
                continue;
            }
            String cmd = a.kind() + " " + a.program() + " " + String.join(" ", a.args()) + " " + (a.optional() ? 1 : 0);
            LoaderSession.Reply ar = ls.call(cmd);
            if (ar.type() == LoaderSession.FR_ERROR) throw fail(ctx, "probe " + a.point() + ": " + ar.text(), null);
            if (ar.type() == LoaderSession.FR_SKIPPED && o.verbosity() > 0) {
                ctx.err().println("WARNING: optional probe " + a.point() + " skipped: " + ar.text());
            }
        }
        MapSync sync = new MapSync(ls, engine, stored.maps(), facts.ncpus());
        sync.push(); // the globals' initial values (global n = 41) into the maps before anything reads them
        int status = engine.run(new UserSpaceEngine.Hooks() {
            @Override public String started() {
                try {
                    for (BpfManifest.Attach a : watchpoints) {
                        LoaderSession.Reply ar = ls.call(a.kind() + " " + a.program() + " " + String.join(" ", a.args())
                                + " " + (a.optional() ? 1 : 0));
                        if (ar.type() == LoaderSession.FR_ERROR) return "ERROR: probe " + a.point() + ": " + ar.text();
                        if (ar.type() == LoaderSession.FR_SKIPPED && !a.optional()) {
                            ctx.err().println(WatchpointEmitter.skippedWarning(a, ar.text()));
                        }
                    }
                    sync.push();
                    ctl(ls, 0, 1);
                    running.run();
                    return null;
                } catch (IOException e) {
                    return "ERROR: cannot start the kernel probes: " + e.getMessage();
                }
            }

            @Override public void beforeProbe() {
                try {
                    sync.pull();
                } catch (IOException e) {
                    engine.kernelError("ERROR: cannot read the BPF maps: " + e.getMessage());
                }
            }

            @Override public void afterProbe() {
                try {
                    sync.push();
                } catch (IOException e) {
                    engine.kernelError("ERROR: cannot write the BPF maps: " + e.getMessage());
                }
            }

            @Override public long skippedProbes() {
                return perCpuSum(ls, "jst_skipped");
            }

            @Override public void stopping() {
                try {
                    LoaderSession.Reply st = ls.call("get jst_ctl");
                    long state = st.type() == LoaderSession.FR_OK ? st.buffer().getLong(12 + 4) : 0;
                    if (state == 1) ctl(ls, 0, 2);
                    ls.call("detach");
                } catch (IOException e) {
                    // the loader is gone: nothing left to drain
                }
            }
        });
        long lost = lost(ls);
        if (lost > 0) {
            // kmod's line (a record here is one printf's output, there one transport write)
            ctx.err().println("WARNING: There were " + lost + " transport failures. Try stap -s to increase the buffer size from "
                    + (ringBytes(o) >> 20) + ".");
        }
        BpfResult res = new BpfResult(status, lost, (System.nanoTime() - start) / 1_000_000);
        if (status != 0) throw new StageFailedException(Pass.RUN, "the script ended with status " + status);
        return res;
    }

    /** The kernel modules {@code module("NAME")} probes name, {@code -} spelt {@code _}: the target loads them first. */
    static List<String> probedModules(IrProgram ir) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (IrProbe p : ir.probes()) {
            String m = p.site() instanceof org.jstap.api.ir.IrSite.KernelFunction kf ? kf.module()
                    : p.site() instanceof org.jstap.api.ir.IrSite.Kprobe kp ? kp.module() : null;
            if (m != null) out.add(m.replace('-', '_'));
        }
        return List.copyOf(out);
    }

    /** The program with this host's {@code remote_id()} and {@code remote_uri()} as those globals' initial values. */
    static IrProgram withRemote(IrProgram p, Remote r) {
        List<org.jstap.api.ir.IrGlobal> gs = new ArrayList<>();
        for (org.jstap.api.ir.IrGlobal g : p.globals()) {
            org.jstap.api.ir.IrConst v = g.name().equals(REMOTE_ID) ? org.jstap.api.ir.IrConst.of(r.id())
                    : g.name().equals(REMOTE_URI) ? org.jstap.api.ir.IrConst.of(r.uri()) : null;
            gs.add(v == null ? g : new org.jstap.api.ir.IrGlobal(g.span(), g.name(), g.mangled(), g.type(), g.keyTypes(),
                    g.maxEntries(), g.wrap(), v, g.isPrivate(), g.histograms(), g.statFns(), g.written(), g.read()));
        }
        return new IrProgram(p.script(), gs, p.functions(), p.probes(), p.embeds(), p.guru(), p.elided());
    }

    /** Why BPF cannot run here (not root: CAP_BPF + CAP_PERFMON; no BTF), or null. Tests skip with it. */
    public static String unavailable() {
        if (!Files.isReadable(VmlinuxHeader.BTF)) return "this kernel has no BTF (" + VmlinuxHeader.BTF + ")";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(l.substring(7).trim(), 16);
                    boolean admin = (caps & (1L << 21)) != 0, bpf = (caps & (1L << 39)) != 0, perfmon = (caps & (1L << 38)) != 0;
                    if (!admin && !(bpf && perfmon)) return "loading BPF programs needs root (CAP_BPF and CAP_PERFMON)";
                }
            }
        } catch (IOException | RuntimeException e) {
            // let the load itself say
        }
        return null;
    }

    private static void preflight(StageContext ctx) throws StageFailedException {
        String why = unavailable();
        if (why != null) throw fail(ctx, why, null);
    }

    private static void ctl(LoaderSession ls, int slot, long v) throws IOException {
        java.nio.ByteBuffer k = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, slot);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, v);
        LoaderSession.Reply r = ls.call("put jst_ctl " + MapSync.hex(k.array()) + " " + MapSync.hex(b.array()));
        if (r.type() != LoaderSession.FR_OK) throw new IOException(r.text());
    }

    /** interp's engine for the user-space part; {@code local}: with a -c command of this machine, else {@code cmd}. */
    private static UserSpaceEngine engine(StageContext ctx, SessionOptions o, IrProgram userPart,
                                          UserSpaceEngine.CommandProcess cmd, boolean local, java.io.PrintStream out)
            throws IOException, StageFailedException {
        try {
            Long pid = o.targetPid() == null ? null : o.targetPid().longValue();
            UserSpaceEngine e = local
                    ? UserSpaceEngine.create(userPart, o.defines(), out, ctx.err(), o.command(), pid,
                            o.stap().suppressHandlerErrors(), o.stap().suppressTimeLimits())
                    : UserSpaceEngine.create(userPart, o.defines(), out, ctx.err(), cmd, pid,
                            o.stap().suppressHandlerErrors(), o.stap().suppressTimeLimits());
            e.readInputFrom(() -> org.jstap.api.ScriptInput.open(o)); // input.char / input.line, in user space
            return e;
        } catch (IllegalArgumentException e) {
            if (cmd != null) cmd.kill();
            throw fail(ctx, "the bpf backend cannot run " + e.getMessage(), null);
        }
    }

    /** What the user-space side needs to know of the machine the loader runs on. */
    record HostFacts(int ncpus, long realtimeOffset) {
        static HostFacts local() {
            return new HostFacts(MapSync.possibleCpus(), localRealtimeOffset());
        }

        /** Asked of the loader ({@code info}), for a loader on another host. */
        static HostFacts of(LoaderSession ls) throws IOException {
            LoaderSession.Reply r = ls.call("info");
            if (r.type() != LoaderSession.FR_OK) throw new IOException("the bpf loader does not answer 'info': " + r.text());
            int n = 1;
            long off = 0;
            for (String kv : r.text().trim().split(" ")) {
                if (kv.startsWith("ncpus=")) n = Integer.parseInt(kv.substring(6));
                else if (kv.startsWith("realtime_offset=")) off = Long.parseLong(kv.substring(16));
            }
            return new HostFacts(Math.max(1, n), off);
        }
    }

    private static long localRealtimeOffset() {
        // CLOCK_REALTIME - CLOCK_BOOTTIME: boot time is /proc/uptime's first field (close enough: 10 ms)
        java.time.Instant now = java.time.Instant.now();
        long rt = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        try {
            String up = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
            long boot = new java.math.BigDecimal(up).movePointRight(9).longValue();
            return rt - boot;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long lost(LoaderSession ls) {
        return perCpuSum(ls, "jst_lost");
    }

    /** The event ring buffer: {@code -s MB} rounded up to a power of two (BPF's rule), 4 MB by default. */
    static long ringBytes(SessionOptions o) {
        long mb = o.bufferSizeMb() != null && o.bufferSizeMb() > 0 ? Math.min(o.bufferSizeMb(), 1024) : 4;
        return Long.highestOneBit(mb * 2 - 1) << 20;
    }

    /** The sum over CPUs of a one-slot per-CPU counter map (records lost, hits skipped); 0 when unreadable. */
    private static long perCpuSum(LoaderSession ls, String map) {
        try {
            LoaderSession.Reply r = ls.call("get " + map);
            if (r.type() != LoaderSession.FR_OK) return 0;
            ByteBuffer b = r.buffer();
            int ks = b.getInt(), vs = b.getInt(), n = b.getInt();
            long sum = 0;
            for (int i = 0; i < n; i++) {
                int base = b.position() + ks;
                for (int c = 0; c + 8 <= vs; c += 8) sum += b.getLong(base + c);
                b.position(base + vs);
            }
            return sum;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The verifier refused a program: a pass-5 error at the script statement it was checking (pass 3 marks each
     * C line with its script position), naming the probe and the verifier's complaint; the whole log behind -v.
     */
    private static StageFailedException refused(StageContext ctx, String log, BpfCWriter.Result layout) {
        if (log.startsWith("args: ")) { // the loader could not place a kernel function's parameter (ArgSlots)
            String msg = "cannot load the probes: " + log.substring(6);
            ctx.diagnostics().report(Diagnostic.error(Codes.RUN_FAILED, Span.NONE, msg)
                    .withHint("pass 2 read another kernel's prototype (this machine's BTF); run where it matches"));
            return new StageFailedException(Pass.RUN, msg);
        }
        VerifierLog v = VerifierLog.parse(log);
        String what = v.program() == null ? "the kernel refused the BPF object" : "the kernel's BPF verifier refused " + probePoint(layout, v.program());
        String core = v.coreFailure();
        if (core != null && v.program() != null) what = "cannot load " + probePoint(layout, v.program());
        String msg = what + (core != null ? ": " + core + " (the object reads kernel types by name, CO-RE; libbpf: "
                + v.reason() + ")" : v.reason() == null ? "" : ": " + v.reason());
        String hint = core != null ? "pass 2 read a kernel that has it (this machine's BTF); run where it exists" : null;
        if (ctx.options().verbosity() == 0) hint = hint == null ? "-v shows the verifier's log" : hint + "; -v shows the verifier's log";
        Span at = core != null && v.coreSite(layout.c()) != null ? v.coreSite(layout.c()) : v.at();
        ctx.diagnostics().report(Diagnostic.error(Codes.RUN_FAILED, at == null ? Span.NONE : at, msg).withHint(hint));
        if (ctx.options().verbosity() > 0) ctx.err().print(log.endsWith("\n") ? log : log + "\n");
        return new StageFailedException(Pass.RUN, msg);
    }

    private static String probePoint(BpfCWriter.Result layout, String program) {
        for (BpfManifest.Attach a : layout.manifest().attach()) if (a.program().equals(program)) return "probe " + a.point();
        return "program " + program;
    }

    private static StageFailedException fail(StageContext ctx, String msg, String detail) {
        ctx.diagnostics().report(Diagnostic.error(Codes.RUN_FAILED, Span.NONE, msg));
        if (detail != null) ctx.err().print(detail.endsWith("\n") ? detail : detail + "\n");
        return new StageFailedException(Pass.RUN, msg);
    }

    @Override
    public void printResult(BpfResult r, StageContext ctx) {
        if (ctx.options().verbosity() >= 1) ctx.err().printf("Pass 5: run on bpf: exit %d, %d ms%n", r.exitStatus(), r.millis());
    }
}
