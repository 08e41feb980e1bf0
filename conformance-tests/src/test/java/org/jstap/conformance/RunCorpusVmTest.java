package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jstap.api.KernelInfo;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.run.GuestKernel;
import org.jstap.run.Initramfs;
import org.jstap.run.Loader;
import org.jstap.run.RunResult;
import org.jstap.run.RunStage;
import org.jstap.run.ScriptFailedException;
import org.jstap.run.VmInstance;
import org.jstap.run.VmTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs every {@code run/} script through passes 1-5 of the kmod backend in ONE private test VM (booted once for
 * the class, stopped after it) and checks:
 * <ul>
 * <li>{@code runOnVm}: stdout against {@code NAME.expected} / {@code NAME.expected-regex}, the exit status against
 * {@code # exit: N}; after every run the module is gone from /proc/modules, no taint bit beyond O+E appeared and
 * the kernel log of the run has no oops or WARN.</li>
 * <li>{@code kmodMatchesInterp}: every script whose probes are only begin/end/error/never/timer runs on the interp
 * backend too; stdout and exit status must be identical.</li>
 * </ul>
 * A script may name a command for {@code -c} with a {@code # cmd: ...} line, a guest pid for {@code -x} with
 * {@code # x: PID}, and modules of the VM kernel to put into the VM with {@code # vm-module: NAME...}. Modules are built two at a time ahead
 * of the runs (the machine has 2 cores). Skipped, with the reason, when qemu, a bootable kernel, busybox-static,
 * the kernel headers or the loader are missing. {@code -Djstap.vmtests=false} skips it outright.
 */
@Tag("vm")
class RunCorpusVmTest {
    static final String BACKEND = "kmod";
    /** Fixed host path of the uprobe test binary; scripts name it, the VM gets it at the same path. */
    static final Path UPROBE_BIN = Path.of("/tmp/jstap-corpus-bin/uprobe_target");
    /** How UPROBE_BIN is built, here and by the bpf runner: static (the stacks the scripts expect), with lines. */
    static final List<String> UPROBE_FLAGS = List.of("-static", "-O1", "-g", "-fno-omit-frame-pointer");
    /** The static-marker test binary (bin/sdt_target.c + bin/sdt_guarded.c, needs <sys/sdt.h>). */
    static final Path SDT_BIN = Path.of("/tmp/jstap-corpus-bin/sdt_target");
    /** How SDT_BIN is built, here and by the bpf runner. */
    static final List<String> SDT_FLAGS = List.of("-static", "-O2");
    /** A dynamically linked test binary (bin/plt_target.c), for .plt and .library probes; libc goes with it. */
    static final Path PLT_BIN = Path.of("/tmp/jstap-corpus-bin/plt_target");
    /** What a dynamic x86-64 binary needs in the guest, at the paths its PT_INTERP and the default search use. */
    static final List<Path> DYNAMIC_RUNTIME = List.of(Path.of("/lib64/ld-linux-x86-64.so.2"),
            Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6"));
    /** The real CPython 3.11 (static markers, for tapset/python3.stp) and the least it needs to start in the VM. */
    static final Path PYTHON = Path.of("/usr/bin/python3.11");
    static final List<Path> PYTHON_RUNTIME = List.of(PYTHON, Path.of("/usr/lib/x86_64-linux-gnu/libm.so.6"),
            Path.of("/usr/lib/x86_64-linux-gnu/libz.so.1"), Path.of("/usr/lib/x86_64-linux-gnu/libexpat.so.1"),
            Path.of("/usr/lib/python3.11/encodings/__init__.py"), Path.of("/usr/lib/python3.11/encodings/aliases.py"),
            Path.of("/usr/lib/python3.11/encodings/utf_8.py"));
    static final Pattern PURE_PROBES = Pattern.compile("\\bprobe\\s+(?!begin\\b|end\\b|error\\b|never\\b|timer\\.)");

    private static VmInstance vm;
    private static Path vmDir;
    private static String skipReason;
    private static KernelInfo kernel;
    private static ExecutorService builders;
    private static final Map<Path, Future<Built>> builds = new LinkedHashMap<>();
    private static final Map<Path, Ran> runs = new LinkedHashMap<>();

    record Built(ModuleArtefact module, String failure) {}

    record Ran(String out, String err, int status, RunResult result, String failure) {}

    /** {@code -Djstap.vmcorpus=SUBSTRING[,SUBSTRING...]}: only scripts whose path under run/ contains one of them. */
    static List<Path> scripts() {
        String[] only = System.getProperty("jstap.vmcorpus", "").split(",");
        return Corpus.filesDeep("run").stream().filter(p -> {
            String rel = Corpus.root().resolve("run").relativize(p).toString();
            for (String o : only) if (rel.contains(o)) return true;
            return false;
        }).toList();
    }

    @TestFactory
    Stream<DynamicTest> runOnVm() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> scripts = scripts();
        startBuilds(scripts.stream().filter(p -> unmetNeed(p) == null).toList());
        for (Path p : scripts) {
            String unmet = unmetNeed(p);
            tests.add(DynamicTest.dynamicTest("vm " + Corpus.root().resolve("run").relativize(p), () -> {
                org.junit.jupiter.api.Assumptions.assumeTrue(unmet == null, unmet);
                checkExpected(p);
            }));
        }
        return tests.stream();
    }

    /**
     * {@code # needs-file: PATH} (a glob in its last component allowed): the script needs a file on this machine that
     * CI need not have (the kernel's -dbg package for source-line probes); the reason it is skipped, null when present.
     */
    static String unmetNeed(Path script) {
        String need;
        try {
            need = directive(read(script), "# needs-file:");
        } catch (RuntimeException e) {
            return null;
        }
        if (need == null) return null;
        Path f = Path.of(need);
        Path dir = f.getParent();
        String glob = f.getFileName().toString();
        try (var ds = Files.newDirectoryStream(dir, glob)) {
            if (ds.iterator().hasNext()) return null;
        } catch (IOException e) {
            // no such directory
        }
        return "needs " + need + " (not on this machine)";
    }

    @TestFactory
    Stream<DynamicTest> kmodMatchesInterp() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> scripts = scripts().stream().filter(RunCorpusVmTest::onlyPureProbes).toList();
        startBuilds(scripts);
        for (Path p : scripts) {
            tests.add(DynamicTest.dynamicTest("diff " + Corpus.root().resolve("run").relativize(p), () -> checkSame(p)));
        }
        return tests.stream();
    }

    static final Path EXAMPLES = Corpus.root().toAbsolutePath().getParent().resolve("examples");
    static final String DD_DISK = "dd if=/dev/zero of=/dev/vda bs=4096 count=256 conv=fsync 2>/dev/null";
    static final Map<String, String> EXAMPLE_COMMANDS = Map.of("kprobebio.stp", DD_DISK, "rwblock.stp", DD_DISK);

    /** The repository's examples, end to end with real numbers: 256 writes of 4096 bytes to the VM's disk. */
    @TestFactory
    Stream<DynamicTest> examples() {
        List<Path> ex = List.of(EXAMPLES.resolve("hello.stp"), EXAMPLES.resolve("kprobebio.stp"), EXAMPLES.resolve("rwblock.stp"));
        startBuilds(ex.stream().map(p -> p.toAbsolutePath()).toList());
        return Stream.of(
                DynamicTest.dynamicTest("example hello.stp", () -> {
                    Ran r = ran(ex.get(0));
                    assertEquals("hello from jstap\n", r.out());
                    assertEquals(0, r.status());
                }),
                DynamicTest.dynamicTest("example kprobebio.stp -c dd", () -> {
                    Ran r = ran(ex.get(1));
                    var m = Pattern.compile("submit_bio_noacct: (\\d+) calls").matcher(r.out());
                    assertTrue(m.find(), r.out() + r.err());
                    long calls = Long.parseLong(m.group(1));
                    assertTrue(calls >= 256 && calls < 100_000, "implausible count " + calls);
                    assertEquals(0, r.status(), r.err());
                }),
                DynamicTest.dynamicTest("example rwblock.stp -c dd", () -> {
                    Ran r = ran(ex.get(2));
                    var m = Pattern.compile("(?m)^write\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(r.out());
                    assertTrue(m.find(), r.out() + r.err());
                    long calls = Long.parseLong(m.group(1)), bytes = Long.parseLong(m.group(2)), avg = Long.parseLong(m.group(3));
                    assertTrue(calls >= 256, "write calls " + calls);
                    assertTrue(bytes >= 256L * 4096, "write bytes " + bytes);
                    assertEquals(bytes / calls, avg, 1, "average");
                    var rd = Pattern.compile("(?m)^read\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(r.out());
                    assertTrue(rd.find(), r.out());
                    assertTrue(Long.parseLong(rd.group(1)) >= 256, "dd reads 256 blocks of /dev/zero");
                    assertEquals(0, r.status(), r.err());
                }));
    }

    /** Only begin/end/error/never/timer probes (what the interp backend runs), and no -c command or -x pid. */
    static boolean onlyPureProbes(Path p) {
        String raw = read(p);
        return !PURE_PROBES.matcher(stripComments(raw)).find() && command(raw) == null && directive(raw, "# x:") == null;
    }

    private static String stripComments(String t) {
        return t.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)(//|#).*$", " ");
    }

    private static void checkExpected(Path script) throws Exception {
        String base = script.getFileName().toString().replaceFirst("\\.stp$", "");
        Path exact = script.resolveSibling(base + ".expected");
        Path regex = script.resolveSibling(base + ".expected-regex");
        Ran r = ran(script);           // also without an expected file: the output lands in target/run-vm/
        if (!Files.exists(exact) && !Files.exists(regex)) {
            throw new TestAbortedException("no " + exact.getFileName() + " or .expected-regex (the differential "
                    + "test compares it with interp)");
        }
        String why = "stderr:\n" + r.err();
        if (Files.exists(exact)) {
            assertEquals(Files.readString(exact, StandardCharsets.ISO_8859_1), r.out(), why);
        } else {
            String re = Files.readString(regex, StandardCharsets.UTF_8);
            assertTrue(Pattern.compile(re, Pattern.DOTALL).matcher(r.out()).matches(),
                    "output does not match " + regex.getFileName() + ":\n" + r.out() + "\n" + why);
        }
        int status = RunCorpusInterpTest.expectedStatus(read(script));
        assertEquals(status, r.status(), "exit status; " + why);
        // the loader's verdict on stderr, as stap prints it: a runtime error names itself and is counted;
        // `# stderr: TEXT` lines instead name what stderr must contain (a failed -c command is no script error)
        List<String> wantErr = directives(read(script), "# stderr:");
        if (!wantErr.isEmpty()) {
            for (String w : wantErr) assertTrue(r.err().contains(w), "stderr lacks '" + w + "'; " + why);
        } else if (status != 0) {
            assertTrue(r.err().contains("ERROR: ") && Pattern.compile("WARNING: Number of errors: [1-9]\\d*, skipped probes: \\d+")
                    .matcher(r.err()).find(), "no ERROR / error count on stderr; " + why);
        } else {
            assertTrue(!r.err().contains("ERROR: "), "unexpected ERROR on stderr; " + why);
        }
    }

    private static void checkSame(Path script) throws Exception {
        CorpusScript s = CorpusScript.load(script);
        SessionOptions o = RunCorpusInterpTest.withStdin(script, s.header().toOptions().toBuilder()
                .runtime(RunCorpusInterpTest.BACKEND).lastPass(5).rawDiagnostics(false).build());
        RunCorpusInterpTest.Result interp = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> RunCorpusInterpTest.run(s.displayName(), s.text(), o), "interp run");
        Ran kmod = ran(script);
        String why = "\ninterp stderr:\n" + interp.err() + "\nkmod stderr:\n" + kmod.err();
        assertEquals(interp.out(), kmod.out(), "stdout interp (expected) vs kmod (actual)" + why);
        assertEquals(interp.status(), kmod.status(), "exit status interp vs kmod" + why);
    }

    /** The kmod run of a script (once per class, shared by both test factories). */
    private static Ran ran(Path script) throws Exception {
        synchronized (runs) {
            Ran done = runs.get(script);
            if (done == null) {
                long t0 = System.nanoTime();
                done = runOnce(script);
                runs.put(script, done);
                record(script, done, (System.nanoTime() - t0) / 1_000_000);
            }
            if (done.failure() != null) throw new AssertionError(done.failure());
            return done;
        }
    }

    private static Ran runOnce(Path script) throws Exception {
        ensureVm();
        Future<Built> f;
        synchronized (builds) {
            f = builds.get(script);
        }
        if (f == null) throw new IllegalStateException("no build for " + script);
        Built b = f.get(10, TimeUnit.MINUTES);
        if (b.failure() != null) return new Ran("", "", -1, null, b.failure());
        String text = read(script);
        if (text.contains(UPROBE_BIN.toString()) && !Files.isExecutable(UPROBE_BIN)) {
            throw new TestAbortedException("the uprobe test binary could not be built (gcc -static)");
        }
        if (text.contains(PLT_BIN.toString()) && !(Files.isExecutable(PLT_BIN) && DYNAMIC_RUNTIME.stream().allMatch(Files::isRegularFile))) {
            throw new TestAbortedException("the dynamic test binary could not be built (gcc) or there is no " + DYNAMIC_RUNTIME);
        }
        if (text.contains(PYTHON.toString()) && !PYTHON_RUNTIME.stream().allMatch(Files::isRegularFile)) {
            throw new TestAbortedException("no " + PYTHON + " (with its libraries and encodings) on this machine");
        }
        if (text.contains(SDT_BIN.toString()) && !Files.isExecutable(SDT_BIN)) {
            throw new TestAbortedException("the marker test binary could not be built (gcc -static, <sys/sdt.h> from systemtap-sdt-dev)");
        }
        SessionOptions o = RunCorpusInterpTest.withStdin(script, Job.of(script).options());
        OutputFiles files = OutputFiles.of(text); // "# output-files:": -o into a temporary directory, listed after stdout
        if (files != null) o = files.apply(o);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        StageContext ctx = new StageContext(o, new Diagnostics(false, false), new SourceTexts(), () -> kernel, po, pe);
        int status;
        RunResult rr = null;
        try { // through pass 5 itself: the status is jstap's, not only the loader's
            rr = new RunStage(List.of(new VmTarget(vm, Loader::find))).run(b.module(), ctx);
            status = 0;
        } catch (ScriptFailedException e) {
            rr = e.result();
            status = 1;
        } catch (StageFailedException e) {
            status = 1;
        }
        po.flush();
        pe.flush();
        StringBuilder diags = new StringBuilder(err.toString(StandardCharsets.UTF_8));
        DiagnosticRenderer dr = new DiagnosticRenderer(ctx.sources(), false);
        for (Diagnostic d : ctx.diagnostics().all()) diags.append(dr.render(d));
        String failure = null;
        if (rr == null) failure = "pass 5 failed:\n" + diags;
        else if (rr.kernelProblem() != null) failure = "kernel after the run: " + rr.kernelProblem() + "\n" + String.join("\n", rr.kernelLog());
        else if ((rr.taintAfter() & ~rr.taintBefore() & ~RunResult.EXPECTED_TAINT) != 0) failure = "new taint bits " + rr.taintAfter();
        return new Ran(out.toString(StandardCharsets.ISO_8859_1) + (files == null ? "" : files.listing()), diags.toString(),
                status, rr, failure);
    }

    /** Keeps every run's output in target/run-vm/ (for writing .expected files and for looking at failures). */
    private static void record(Path script, Ran r, long millis) {
        try {
            Path rel = script.startsWith(EXAMPLES) ? Path.of("examples").resolve(script.getFileName())
                    : Corpus.root().resolve("run").relativize(script);
            Path dir = Path.of("target", "run-vm");
            Path out = dir.resolve(rel.toString().replaceFirst("\\.stp$", ".out"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, r.out(), StandardCharsets.ISO_8859_1);
            Files.writeString(out.resolveSibling(out.getFileName().toString().replaceFirst("\\.out$", ".err")),
                    "status " + r.status() + "\n" + (r.failure() == null ? "" : "FAILURE " + r.failure() + "\n") + r.err());
            Files.writeString(dir.resolve("times.txt"), rel + " " + millis + " ms" + (r.result() == null ? ""
                    : " (round trip " + r.result().roundTripMillis() + " ms)") + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // only a convenience
        }
    }

    static SessionOptions options(CorpusScript s) {
        String x = directive(s.text(), "# x:");
        return s.header().toOptions().toBuilder().runtime(BACKEND).lastPass(5).rawDiagnostics(false)
                .command(command(s.text())).targetPid(x == null ? null : Integer.valueOf(x))
                .runTimeout(java.time.Duration.ofSeconds(60)).build();
    }

    /** The rest of every line starting with {@code prefix}. */
    static List<String> directives(String text, String prefix) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            String st = l.strip();
            if (st.startsWith(prefix)) out.add(st.substring(prefix.length()).strip());
        }
        return out;
    }

    /** The rest of the first line starting with {@code prefix}, or null. */
    static String directive(String text, String prefix) {
        for (String l : text.split("\n")) {
            String st = l.strip();
            if (st.startsWith(prefix)) return st.substring(prefix.length()).strip();
        }
        return null;
    }

    /**
     * {@code # vm-module: NAME...} lines of the run corpus: those modules of the VM kernel go into the VM at their
     * /lib/modules path (a script's -c command loads them with insmod).
     */
    static List<Path> vmModules(String release) {
        List<Path> out = new ArrayList<>();
        for (Path p : scripts()) {
            String names = directive(read(p), "# vm-module:");
            if (names == null) continue;
            for (String n : names.split("\\s+")) {
                Path dep = Path.of("/lib/modules", release, "modules.dep");
                try {
                    for (String l : Files.readAllLines(dep)) {
                        String f = l.substring(0, Math.max(0, l.indexOf(':')));
                        String base = f.substring(f.lastIndexOf('/') + 1);
                        if (base.equals(n + ".ko")) out.add(Path.of("/lib/modules", release).resolve(f));
                    }
                } catch (IOException e) {
                    // the script fails with the module missing in the VM
                }
            }
        }
        return out.stream().distinct().toList();
    }

    /** {@code # cmd: COMMAND} → the {@code -c} command. */
    static String command(String text) {
        for (String l : text.split("\n")) {
            String st = l.strip();
            if (st.startsWith("# cmd:")) return st.substring("# cmd:".length()).strip();
        }
        return null;
    }

    // ---- set-up: availability, the uprobe binary, builds ahead of runs, the VM ----

    private static synchronized void checkAvailable() {
        if (skipReason != null) throw new TestAbortedException(skipReason);
        if (kernel != null) return;
        String why = null;
        if (!Boolean.parseBoolean(System.getProperty("jstap.vmtests", "true"))) why = "-Djstap.vmtests=false";
        else if (!onPath("qemu-system-x86_64")) why = "qemu-system-x86_64 is not installed";
        else if (Initramfs.findBusybox().isEmpty()) why = "busybox-static is not installed";
        else if (GuestKernel.installed().isEmpty()) why = "no bootable kernel (/boot/vmlinuz-<rel> + virtio modules)";
        KernelInfo k = null;
        if (why == null) {
            Pipeline.assumeStages(5, BACKEND);
            k = Pipeline.kernel(null);
            if (k.buildDir() == null) why = "no kernel headers (/lib/modules/" + k.release() + "/build)";
            else if (GuestKernel.find(k.release()).isEmpty()) why = "kernel " + k.release() + " has headers but cannot boot in the VM";
            else if (Loader.find().isEmpty()) why = "the jstaprun loader cannot be built (gcc, static libc)";
        }
        if (why != null) {
            skipReason = "VM corpus skipped: " + why;
            throw new TestAbortedException(skipReason);
        }
        kernel = k;
        buildUprobeBinary();
    }

    private static void startBuilds(List<Path> scripts) {
        checkAvailable();
        synchronized (builds) {
            if (builders == null) builders = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "corpus-build");
                t.setDaemon(true);
                return t;
            });
            for (Path p : scripts) builds.computeIfAbsent(p, x -> builders.submit(() -> build(x)));
        }
    }

    /** A script to build and run: corpus scripts, and the repository's examples with their own options. */
    record Job(String name, String text, SessionOptions options) {
        static Job of(Path script) {
            if (script.startsWith(EXAMPLES)) {
                String text = read(script);
                return new Job("examples/" + script.getFileName(), text, SessionOptions.builder().lastPass(5)
                        .runtime(BACKEND).command(EXAMPLE_COMMANDS.get(script.getFileName().toString()))
                        .runTimeout(java.time.Duration.ofSeconds(60)).build());
            }
            CorpusScript s = CorpusScript.load(script);
            return new Job(s.displayName(), s.text(), RunCorpusVmTest.options(s));
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1); // scripts are bytes; directives are ASCII
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Built build(Path script) {
        Job s = Job.of(script);
        SessionOptions o = s.options();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        StageContext ctx = new StageContext(o, new Diagnostics(o.suppressWarnings(), o.warningsAreErrors()),
                new SourceTexts(), () -> kernel, quiet, quiet);
        ctx.sources().put(s.name(), s.text());
        Object data = new ScriptSource(s.name(), s.text());
        for (int p = 1; p <= 4; p++) {
            Stage<Object, Object> st = (Stage<Object, Object>) Pipeline.registry().stage(Pass.of(p), BACKEND).orElseThrow();
            try {
                data = st.run(data, ctx);
            } catch (StageFailedException | RuntimeException e) {
                data = null;
                if (e instanceof RuntimeException) ctx.diagnostics().error(org.jstap.api.diag.Codes.INTERNAL, org.jstap.api.diag.Span.NONE, e.toString());
            }
            if (data == null || ctx.diagnostics().hasErrors()) {
                DiagnosticRenderer r = new DiagnosticRenderer(ctx.sources(), false);
                StringBuilder b = new StringBuilder();
                for (Diagnostic d : ctx.diagnostics().all()) if (d.isError()) b.append(r.render(d));
                return new Built(null, "pass " + p + " failed:\n" + b + sink.toString(StandardCharsets.UTF_8));
            }
        }
        return new Built((ModuleArtefact) data, null);
    }

    private static synchronized void ensureVm() throws IOException {
        if (vm != null && vm.isRunning()) return;
        if (vm == null) {
            vmDir = Files.createTempDirectory("jstap-corpus-vm");
            vm = new VmInstance(vmDir);
            VmInstance v = vm;
            Runtime.getRuntime().addShutdownHook(new Thread(v::kill));
        }
        List<Path> files = new ArrayList<>(vmModules(kernel.release()));
        if (Files.isExecutable(UPROBE_BIN)) files.add(UPROBE_BIN);
        if (Files.isExecutable(SDT_BIN)) files.add(SDT_BIN);
        if (Files.isExecutable(PLT_BIN) && DYNAMIC_RUNTIME.stream().allMatch(Files::isRegularFile)) {
            files.add(PLT_BIN);
            files.addAll(DYNAMIC_RUNTIME);
            if (PYTHON_RUNTIME.stream().allMatch(Files::isRegularFile)) files.addAll(PYTHON_RUNTIME);
        }
        vm.start(new VmInstance.Config(GuestKernel.find(kernel.release()).orElseThrow(), Loader.find().orElseThrow(),
                files, 1, 512), Duration.ofSeconds(180));
    }

    /** The static test binaries: a few named functions for process(...).function probes, markers for .mark(). */
    static void buildUprobeBinary() {
        buildTestBinary(UPROBE_BIN, UPROBE_FLAGS, "uprobe_target.c");
        buildTestBinary(SDT_BIN, SDT_FLAGS, "sdt_target.c", "sdt_guarded.c");
        buildTestBinary(PLT_BIN, List.of("-O0", "-fno-builtin", "-Wl,-rpath,/usr/lib/x86_64-linux-gnu"), "plt_target.c");
    }

    /**
     * gcc FLAGS SOURCES (from run/kernel/bin) into out, unless out is newer than every source and was built by the
     * same command (recorded beside it in out.cmd: the path is shared by every checkout on the machine, and a binary
     * another checkout built with other flags, e.g. not -static, changes the stacks the scripts expect).
     */
    static void buildTestBinary(Path out, List<String> flags, String... sources) {
        try {
            List<String> cmd = new ArrayList<>(List.of("gcc"));
            cmd.addAll(flags);
            Path stamp = out.resolveSibling(out.getFileName() + ".cmd");
            boolean fresh = Files.isExecutable(out);
            for (String s : sources) {
                Path src = Corpus.root().resolve("run/kernel/bin/" + s);
                if (fresh && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(src)) <= 0) fresh = false;
                cmd.add(src.toString());
            }
            // the sources' digest too: worktrees of one machine share the binary, and another's older source can be
            // built after this one's was last touched (its mtime then says fresh)
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (String s : sources) md.update(Files.readAllBytes(Corpus.root().resolve("run/kernel/bin/" + s)));
            String recipe = String.join(" ", flags) + " " + String.join(" ", sources) + " "
                    + java.util.HexFormat.of().formatHex(md.digest()) + "\n";
            if (fresh && Files.exists(stamp) && Files.readString(stamp).equals(recipe)) return;
            Files.createDirectories(out.getParent());
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            cmd.addAll(List.of("-o", tmp.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(stamp, recipe);
            }
        } catch (IOException | InterruptedException | java.security.NoSuchAlgorithmException e) {
            // the scripts that need it are skipped
        }
    }

    @AfterAll
    static void stopVm() {
        if (builders != null) builders.shutdownNow();
        if (vm != null) {
            vm.stop();
            try (var s = Files.walk(vmDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp leftovers
            }
        }
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }
}
