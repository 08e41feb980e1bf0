package org.jstap.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.spi.CtrlC;

/** Runs the module on this machine's kernel with {@code jstaprun}. Needs root and a kernel that loads modules. */
public final class LocalTarget implements KmodTarget {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public int preference() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return whyUnavailable() == null;
    }

    @Override
    public String whyUnavailable() {
        if (!Files.exists(Paths.get("/proc/modules"))) return "this kernel has no module support (/proc/modules missing)";
        String disabled = read("/proc/sys/kernel/modules_disabled");
        if (disabled == null || !disabled.equals("0")) return "module loading is disabled (kernel.modules_disabled)";
        if (!isRoot()) return "loading kernel modules needs root";
        String rel = runningRelease();
        if (rel == null || !Files.isDirectory(Paths.get("/lib/modules", rel, "build"))) {
            return "no build directory for the running kernel " + rel + " (/lib/modules/" + rel + "/build)";
        }
        return null;
    }

    static String runningRelease() {
        return read("/proc/sys/kernel/osrelease");
    }

    static boolean isRoot() {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (l.startsWith("Uid:")) return l.split("\\s+")[2].equals("0"); // effective uid
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static String read(String f) {
        try {
            return Files.readString(Paths.get(f)).strip();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public RunResult run(ModuleArtefact m, StageContext ctx) throws StageFailedException {
        String why = whyUnavailable();
        if (why != null) throw VmTarget.failed(ctx, "cannot run on this host: " + why + " (try --target=vm)");
        String rel = VmTarget.moduleRelease(m), running = runningRelease();
        if (!rel.equals(running)) {
            String msg = "module " + m.manifest().moduleName() + " was built for kernel " + rel + ", this host runs " + running;
            ctx.diagnostics().report(Diagnostic.error(Codes.RUN_KERNEL_MISMATCH, Span.NONE, msg)
                    .withHint("rebuild without -r, or run it with --target=vm"));
            throw new StageFailedException(Pass.RUN, msg);
        }
        Optional<Path> loader = Loader.find();
        if (loader.isEmpty()) throw VmTarget.failed(ctx, "the jstaprun loader is not available (set JSTAP_LOADER)");
        SessionOptions o = ctx.options();
        String name = m.manifest().moduleName();
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jstap-run");
            Path ko = dir.resolve(name + ".ko");
            Files.write(ko, m.ko());
            List<String> cmd = loaderCommand(loader.get(), ko, o);
            long taint0 = taint();
            Process p = new ProcessBuilder(cmd).start();
            if (InputForwarder.wanted(m.manifest().probes())) { // input.char / input.line: the loader reads our stdin
                InputStream in = org.jstap.api.ScriptInput.open(o);
                Thread t = new Thread(() -> {
                    try (OutputStream to = p.getOutputStream()) { // buffered: flushed as the input comes
                        byte[] b = new byte[4096];
                        int n;
                        while ((n = in.read(b)) > 0) {
                            to.write(b, 0, n);
                            to.flush();
                        }
                    } catch (IOException ignored) {
                        // the loader ended
                    }
                }, "jstap-loader-input");
                t.setDaemon(true);
                t.start();
            } else {
                p.getOutputStream().close();
            }
            // Ctrl-C reaches the loader too (same process group): let it run the end probes, drain and unload
            // before the JVM goes away
            Thread waitForLoader = new Thread(() -> {
                try {
                    p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
            }, "jstap-loader-wait");
            Runtime.getRuntime().addShutdownHook(waitForLoader);
            List<String> errLines = new ArrayList<>();
            Thread errPump = pump(p.getErrorStream(), ctx.err(), errLines);
            Thread outPump = pump(p.getInputStream(), ctx.out(), null);
            int rc;
            try (CtrlC ctrlC = CtrlC.install(() -> { })) { // ^C reaches the loader, which ends the run; we wait for it
                rc = p.waitFor();
                outPump.join();
                errPump.join();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(waitForLoader);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
            boolean unloaded = !Files.readString(Paths.get("/proc/modules")).contains(name + " ");
            return new RunResult(rc, name(), name, null, unloaded, taint0, taint(), false, false, false, false,
                    List.of(), errLines, VmTarget.millis(t0), null);
        } catch (IOException e) {
            throw VmTarget.failed(ctx, "cannot run the loader: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VmTarget.failed(ctx, "interrupted");
        } finally {
            if (dir != null) VmTarget.deleteTree(dir);
        }
    }

    /**
     * The loader's command line: {@code -o FILE}, {@code -c CMD} (the loader ends it if the script ends first),
     * {@code -x PID} (a host pid here), the module, its parameters.
     */
    static List<String> loaderCommand(Path loader, Path ko, SessionOptions o) {
        List<String> cmd = new ArrayList<>(List.of(loader.toString()));
        if (o.outputFile() != null) cmd.addAll(List.of("-o", o.outputFile().toString()));
        if (o.stap().outputSizeMb() != null) {
            cmd.addAll(List.of("-S", o.stap().outputSizeMb() + (o.stap().outputFiles() != null ? "," + o.stap().outputFiles() : "")));
        }
        if (o.command() != null) cmd.addAll(List.of("-c", o.command()));
        if (o.targetPid() != null) cmd.addAll(List.of("-x", o.targetPid().toString()));
        cmd.add(ko.toString());
        for (String p : RunOptions.moduleParams(o).split("\\s+")) if (!p.isEmpty()) cmd.add(p);
        return cmd;
    }

    private static long taint() {
        String t = read("/proc/sys/kernel/tainted");
        return t == null ? -1 : Long.parseLong(t);
    }

    private static Thread pump(InputStream in, PrintStream to, List<String> lines) {
        Thread t = new Thread(() -> {
            try (in) {
                if (lines == null) {
                    OutputStream o = to;
                    byte[] b = new byte[8192];
                    int n;
                    while ((n = in.read(b)) > 0) {
                        o.write(b, 0, n);
                        o.flush();
                    }
                } else {
                    var r = new java.io.BufferedReader(new java.io.InputStreamReader(in));
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                        to.println(l);
                    }
                }
            } catch (IOException ignored) {
                // the loader ended
            }
        }, "jstap-loader-io");
        t.start();
        return t;
    }
}
