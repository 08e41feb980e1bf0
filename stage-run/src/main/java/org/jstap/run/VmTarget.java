package org.jstap.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.Pass;
import org.jstap.api.artefact.ModInfo;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.spi.CtrlC;

/**
 * Runs modules in the built-in QEMU test VM. Uses the persistent VM ({@code jstap vm start}, state dir
 * {@link VmInstance#defaultStateDir()}) when it runs, else boots a private one for this run. After each module it
 * checks the kernel (module gone, taint, oops/WARN) and restarts a persistent VM that is no longer clean.
 */
public final class VmTarget implements KmodTarget, org.jstap.api.spi.HelperHost {
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** After a timeout, how long the guest gets to end the run cleanly on INT before the VM is killed. */
    static final Duration INT_GRACE = Duration.ofSeconds(5);

    private final VmInstance persistent;
    private final java.util.function.Supplier<Optional<Path>> loader;

    public VmTarget() {
        this(new VmInstance(VmInstance.defaultStateDir()));
    }

    /** With another state dir for the persistent VM (tests). */
    public VmTarget(VmInstance persistent) {
        this(persistent, Loader::find);
    }

    /** With a given loader for VMs this target boots itself ({@code Optional.empty()}: insmod/rmmod). */
    public VmTarget(VmInstance persistent, java.util.function.Supplier<Optional<Path>> loader) {
        this.persistent = persistent;
        this.loader = loader;
    }

    @Override
    public String name() {
        return "vm";
    }

    @Override
    public int preference() {
        return 20;
    }

    @Override
    public boolean isAvailable() {
        return whyUnavailable() == null;
    }

    @Override
    public String whyUnavailable() {
        if (persistent.isRunning()) return null;
        if (GuestKernel.installed().isEmpty()) {
            return "no bootable kernel: need /boot/vmlinuz-<release> with virtio modules in /lib/modules/<release>";
        }
        if (Initramfs.findBusybox().isEmpty()) return "busybox-static is not installed";
        if (!onPath("qemu-system-x86_64")) return "qemu-system-x86_64 is not installed";
        return null;
    }

    /**
     * The running persistent VM's kernel, else the newest bootable kernel that has headers (what a private VM
     * boots for a module built against it).
     */
    @Override
    public Optional<String> kernelRelease() {
        if (persistent.isRunning() && persistent.release() != null) return Optional.of(persistent.release());
        List<GuestKernel> k = GuestKernel.installed();
        for (int i = k.size() - 1; i >= 0; i--) {
            if (Files.isDirectory(k.get(i).modulesDir().resolve("build"))) return Optional.of(k.get(i).release());
        }
        return Optional.empty();
    }

    /** The bpf backend's loader in the test VM ({@link VmHelper}). */
    @Override
    public Helper start(byte[] program, String programHash, byte[] file, String fileSuffix, List<String> args,
                        java.io.PrintStream err) throws IOException {
        return VmHelper.start(persistent, loader, program, programHash, file, fileSuffix, args, List.of(), err);
    }

    /** The same with {@code module("NAME")} probes' modules loaded in the guest first, as {@link #run} does for kmod. */
    @Override
    public Helper start(byte[] program, String programHash, byte[] file, String fileSuffix, List<String> args,
                        List<String> modules, java.io.PrintStream err) throws IOException {
        return VmHelper.start(persistent, loader, program, programHash, file, fileSuffix, args, modules, err);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    @Override
    public RunResult run(ModuleArtefact m, StageContext ctx) throws StageFailedException {
        String rel = moduleRelease(m);
        if (persistent.isRunning()) {
            String vmRel = persistent.release();
            if (vmRel != null && !vmRel.equals(rel)) {
                throw mismatch(ctx, m, rel, vmRel, "the running test VM (" + persistent.stateDir() + ")");
            }
            try (FileLock lock = persistent.lock()) {
                if (persistent.isRunning()) return runIn(persistent, true, m, ctx);
            } catch (IOException e) {
                throw failed(ctx, "cannot use the test VM: " + e.getMessage());
            }
        }
        return runEphemeral(m, rel, ctx);
    }

    private RunResult runEphemeral(ModuleArtefact m, String rel, StageContext ctx) throws StageFailedException {
        String why = whyUnavailable();
        if (why != null) throw failed(ctx, "cannot run in the test VM: " + why);
        Optional<GuestKernel> k = GuestKernel.find(rel);
        if (k.isEmpty()) {
            String have = GuestKernel.installed().stream().map(GuestKernel::release).collect(Collectors.joining(", "));
            throw mismatch(ctx, m, rel, have.isEmpty() ? "none" : have, "the installed VM kernels");
        }
        SessionOptions o = ctx.options();
        Path dir = null;
        VmInstance vm = null;
        Thread cleanup = null;
        try {
            dir = PrivateVms.standard().create();
            vm = new VmInstance(dir);
            VmInstance eph = vm;
            cleanup = new Thread(eph::kill, "jstap-vm-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            VmInstance.Started s = vm.start(new VmInstance.Config(k.get(), loader.get().orElse(null), o.vmFiles(), 1, 512),
                    BOOT_TIMEOUT, true);
            if (o.verbosity() >= 1) {
                ctx.err().printf("Pass 5: test VM %s (%s) ready: initramfs %d ms, boot %d ms%n", s.release(), s.accel(),
                        s.initramfsMillis(), s.bootMillis());
            }
            return runIn(vm, false, m, ctx);
        } catch (IOException e) {
            throw failed(ctx, "test VM: " + e.getMessage());
        } finally {
            if (vm != null) vm.stop();
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
            if (dir != null) {
                if (o.keepTemp()) ctx.err().println("Keeping VM directory \"" + dir + "\"");
                else deleteTree(dir);
            }
        }
    }

    /**
     * Sends one module through the agent of a running VM. The caller holds the VM's lock. {@code -x PID} names a
     * process inside the guest (the loader watches it there and ends the run when it is gone).
     */
    RunResult runIn(VmInstance vm, boolean restartIfUnclean, ModuleArtefact m, StageContext ctx)
            throws StageFailedException {
        SessionOptions o = ctx.options();
        String name = m.manifest().moduleName();
        Duration timeout = RunOptions.timeout(o);
        AtomicBoolean interrupt = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C on the host: ask the guest to end the run (end probes, output drained) before we exit
        Thread onCtrlC = new Thread(() -> {
            interrupt.set(true);
            try {
                finished.await(INT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "jstap-vm-interrupt");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        long t0 = System.nanoTime();
        RunResult r;
        try (CtrlC ctrlC = CtrlC.install(() -> interrupt.set(true)); // ^C ends the run, jstap exits with its status
             Agent agent = connect(vm, restartIfUnclean, ctx);
             OutputStream out = output(ctx)) {
            AgentClient a = agent.client();
            AgentClient.Hello hello = agent.hello();
            checkKernel(m, hello, ctx, vm);
            if (jstapBuilt(m)) ensureLoader(vm, a, ctx);
            if (restartIfUnclean) {
                for (Path f : o.vmFiles()) {
                    a.putFile(Initramfs.guestPath(f), Files.readAllBytes(f), Files.isExecutable(f) ? 0755 : 0644,
                            CONNECT_TIMEOUT);
                }
            }
            List<String> loaded = loadProbedModules(a, m, ctx);
            long deadline = RunOptions.deadline(timeout);
            // input.char / input.line: jstap's stdin to the guest's loader while the run lasts
            try (InputForwarder in = InputForwarder.wanted(m.manifest().probes())
                    ? InputForwarder.start(org.jstap.api.ScriptInput.open(o), a) : null) {
                AgentClient.Outcome oc = a.run(name, m.ko(), o.command(), RunOptions.moduleParams(o), o.targetPid(), deadline, out,
                        ctx.err(), interrupt::get);
                r = new RunResult(oc.rc(), name(), name, oc.commandRc(), oc.unloaded(), oc.taintBefore(),
                        oc.taintAfter(), oc.oops(), oc.warn(), false, false, oc.kernelLog(), oc.stderr(), millis(t0), null);
            } catch (AgentClient.TimeoutException e) {
                r = afterTimeout(a, name, out, ctx, t0);
            }
            for (int i = loaded.size() - 1; i >= 0; i--) a.rmmod(loaded.get(i), CONNECT_TIMEOUT);
        } catch (AgentClient.LostException e) {
            r = new RunResult(1, name(), name, null, false, -1, -1, false, false, false, true, List.of(), List.of(),
                    millis(t0), null);
            ctx.diagnostics().error(Codes.RUN_FAILED, Span.NONE, "the test VM died during the run; console:\n"
                    + vm.consoleTail(25));
        } catch (IOException e) {
            throw failed(ctx, "test VM: " + e.getMessage());
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook is running
            }
        }
        return checkHealth(vm, restartIfUnclean, r, ctx);
    }

    /**
     * {@code module("NAME").function(...)} probes: NAME and what it depends on are loaded into the guest (from the
     * host's copy of the same kernel's modules) before the run, and unloaded after it; returns the ones this run
     * loaded, in load order. A VM whose agent cannot load modules (booted by an older jstap) gets a warning that
     * names the modules: those probes then wait for the module to be loaded.
     */
    private List<String> loadProbedModules(AgentClient a, ModuleArtefact m, StageContext ctx) throws IOException {
        List<String> names = GuestModules.named(m.manifest().probes());
        if (names.isEmpty()) return List.of();
        List<String> loaded = new java.util.ArrayList<>();
        for (GuestModules.Module gm : GuestModules.loadOrder(Path.of("/lib/modules", moduleRelease(m)), names)) {
            String guest = "/tmp/mods/" + gm.name() + ".ko";
            a.putFile(guest, VirtioModules.read(gm.file()), 0644, CONNECT_TIMEOUT);
            Optional<AgentClient.Insmod> r = a.insmod(guest, gm.name(), CONNECT_TIMEOUT);
            if (r.isEmpty()) {
                ctx.diagnostics().report(Diagnostic.warning(Codes.RUN_FAILED, Span.NONE, "the test VM cannot load "
                        + "module" + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
                        + " (its agent predates module loading): "
                        + (names.size() == 1 ? "it is" : "they are") + " not loaded")
                        .withHint("restart the VM with this jstap: jstap vm stop; jstap vm start"));
                return loaded;
            }
            if (r.get().error() != null) {
                ctx.diagnostics().warning(Codes.RUN_FAILED, Span.NONE, "the test VM could not load module "
                        + gm.name() + " (" + r.get().error() + "): it is not loaded");
                return loaded;
            }
            if (r.get().loaded()) loaded.add(gm.name());
        }
        return loaded;
    }

    /** A connected agent and its greeting. */
    record Agent(AgentClient client, AgentClient.Hello hello) implements java.io.Closeable {
        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /**
     * Connects to the VM's agent. A persistent VM whose agent does not answer (a killed client left it busy:
     * issue 11 item 9; agents of this version end such a run themselves, older ones never did) is restarted
     * once, with a warning, instead of failing this and every later run.
     */
    private Agent connect(VmInstance vm, boolean restartIfMute, StageContext ctx) throws IOException {
        AgentClient a = AgentClient.connect(vm.socket(), CONNECT_TIMEOUT);
        try {
            return new Agent(a, a.handshake(CONNECT_TIMEOUT));
        } catch (IOException e) {
            a.close();
            if (!restartIfMute) throw e;
            Optional<VmInstance.Config> cfg = configOf(vm);
            if (cfg.isEmpty()) throw e;
            ctx.diagnostics().warning(Codes.RUN_FAILED, Span.NONE, "the test VM's agent did not answer ("
                    + e.getMessage() + "): restarting the VM (" + vm.stateDir() + ")");
            vm.kill();
            vm.start(cfg.get(), BOOT_TIMEOUT);
            AgentClient b = AgentClient.connect(vm.socket(), CONNECT_TIMEOUT);
            try {
                return new Agent(b, b.handshake(CONNECT_TIMEOUT));
            } catch (IOException e2) {
                b.close();
                throw e2;
            }
        }
    }

    /**
     * jstap's modules need the loader (the agent's insmod fallback never starts them), and this jstap's loader:
     * a persistent VM booted by an older (or another worktree's) jstap gets the current one, once.
     */
    private void ensureLoader(VmInstance vm, AgentClient a, StageContext ctx) throws IOException, StageFailedException {
        Optional<Path> l = loader.get();
        boolean bootedWithOne = !vm.properties().getProperty("loader", "").isEmpty();
        if (l.isEmpty()) {
            if (bootedWithOne) return; // use the VM's own
            throw failed(ctx, "the jstaprun loader is not available (needs gcc and a static libc, or set JSTAP_LOADER)");
        }
        byte[] bin = Files.readAllBytes(l.get());
        String sha = VmInstance.sha256(bin);
        if (sha.equals(vm.properties().getProperty(VmInstance.LOADER_SHA))) return;
        a.putFile("/bin/jstaprun", bin, 0755, CONNECT_TIMEOUT);
        vm.setProperty(VmInstance.LOADER_SHA, sha);
    }

    /** The run overran: INT, a grace period to end cleanly, KILL, another grace period, then the VM is killed. */
    private RunResult afterTimeout(AgentClient a, String name, OutputStream out, StageContext ctx, long t0)
            throws IOException {
        try {
            a.sendLine("INT");
            AgentClient.Outcome oc = a.drain(System.nanoTime() + INT_GRACE.toNanos(), out, ctx.err());
            if (oc == null) {
                a.sendLine("KILL");
                oc = a.drain(System.nanoTime() + INT_GRACE.toNanos(), out, ctx.err());
            }
            if (oc != null) {
                return new RunResult(oc.rc(), name(), name, oc.commandRc(), oc.unloaded(), oc.taintBefore(),
                        oc.taintAfter(), oc.oops(), oc.warn(), true, false, oc.kernelLog(), oc.stderr(), millis(t0), null);
            }
        } catch (IOException e) {
            // fall through: treat as hung
        }
        ctx.diagnostics().error(Codes.RUN_FAILED, Span.NONE, "the run timed out and did not end on interrupt");
        return new RunResult(1, name(), name, null, false, -1, -1, false, false, true, false, List.of(), List.of(),
                millis(t0), null);
    }

    /** Reports kernel trouble; a persistent VM that is no longer clean is restarted (console log kept). */
    private RunResult checkHealth(VmInstance vm, boolean restart, RunResult r, StageContext ctx) {
        String problem = r.kernelProblem();
        if (problem == null) return r;
        if (!r.vmLost() && !r.timedOut()) {
            ctx.diagnostics().report(Diagnostic.warning(Codes.RUN_FAILED, Span.NONE, "after the run: " + problem)
                    .withHint(r.kernelLog().isEmpty() ? null : "kernel log:\n" + String.join("\n", tail(r.kernelLog(), 20))));
        }
        if (!restart) return r;
        Optional<VmInstance.Config> cfg = configOf(vm);
        vm.kill();
        if (cfg.isEmpty()) return r.withRestartReason(problem + " (VM stopped, not restarted)");
        try {
            vm.start(cfg.get(), BOOT_TIMEOUT);
            return r.withRestartReason(problem);
        } catch (IOException e) {
            ctx.diagnostics().warning(Codes.RUN_FAILED, Span.NONE, "test VM restart failed: " + e.getMessage());
            return r.withRestartReason(problem + " (restart failed)");
        }
    }

    /** The configuration a VM was started with, from its vm.properties. */
    static Optional<VmInstance.Config> configOf(VmInstance vm) {
        var p = vm.properties();
        Optional<GuestKernel> k = GuestKernel.find(p.getProperty("release"));
        if (k.isEmpty()) return Optional.empty();
        String loader = p.getProperty("loader", "");
        List<Path> files = p.getProperty("vmFiles", "").isEmpty() ? List.of()
                : java.util.Arrays.stream(p.getProperty("vmFiles").split("\n")).map(Path::of).toList();
        return Optional.of(new VmInstance.Config(k.get(), loader.isEmpty() ? null : Path.of(loader), files,
                Integer.parseInt(p.getProperty("smp", "1")), Integer.parseInt(p.getProperty("memoryMb", "512"))));
    }

    private void checkKernel(ModuleArtefact m, AgentClient.Hello hello, StageContext ctx, VmInstance vm)
            throws StageFailedException {
        String rel = moduleRelease(m);
        if (hello.release() != null && !hello.release().equals(rel)) {
            throw mismatch(ctx, m, rel, hello.release(), "the test VM");
        }
        String build = m.manifest().kernelBuild();
        if (build != null && hello.build() != null && !build.equals(hello.build())) {
            ctx.diagnostics().warning(Codes.RUN_KERNEL_MISMATCH, Span.NONE, "module " + m.manifest().moduleName()
                    + " was built for kernel build '" + build + "' but the VM runs '" + hello.build() + "'");
        }
    }

    /** Modules from pass 4 list their probes; hand-written test modules (insmod/rmmod is enough) list none. */
    static boolean jstapBuilt(ModuleArtefact m) {
        return !m.manifest().probes().isEmpty();
    }

    /** The release the module's own vermagic names (the manifest's if the .ko has none). */
    static String moduleRelease(ModuleArtefact m) {
        String v = ModInfo.releaseOf(m.koVermagic());
        return v != null ? v : m.manifest().kernelRelease();
    }

    private static OutputStream output(StageContext ctx) throws IOException {
        // -o, -S and switch_file() (the guest's loader marks the switches in the stream)
        return org.jstap.api.ScriptOutput.of(ctx.options(), new OutputStream() { // ctx.out() stays open
            @Override
            public void write(int b) {
                ctx.out().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                ctx.out().write(b, off, len);
            }

            @Override
            public void flush() {
                ctx.out().flush();
            }
        });
    }

    private StageFailedException mismatch(StageContext ctx, ModuleArtefact m, String rel, String have, String where) {
        String msg = "module " + m.manifest().moduleName() + " was built for kernel " + rel + ", but " + where
                + " runs " + have;
        ctx.diagnostics().report(Diagnostic.error(Codes.RUN_KERNEL_MISMATCH, Span.NONE, msg)
                .withHint("rebuild with -r " + have.split(",")[0].strip() + ", or start the VM with that kernel"));
        return new StageFailedException(Pass.RUN, msg);
    }

    static StageFailedException failed(StageContext ctx, String msg) {
        ctx.diagnostics().error(Codes.RUN_FAILED, Span.NONE, msg);
        return new StageFailedException(Pass.RUN, msg);
    }

    static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static List<String> tail(List<String> l, int n) {
        return l.subList(Math.max(0, l.size() - n), l.size());
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // leftover temp files are harmless
        }
    }
}
