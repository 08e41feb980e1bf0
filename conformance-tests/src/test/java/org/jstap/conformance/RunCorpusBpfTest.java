package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.backend.bpf.BpfRunStage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The bpf backend on this host, passes 1-5: every {@code bpf/} script (kernel probes on this machine's kernel,
 * {@code # cmd: CMD} runs as {@code -c}) and every top-level {@code run/} script (begin/end/timer: the same output
 * as interp's {@code .expected}) through the real BPF load, attach and map sync. Skipped, with the reason, where
 * BPF cannot run (not root, no BTF). {@code -Djstap.bpfcorpus=bpf} runs only the bpf/ folder.
 */
class RunCorpusBpfTest {
    static final String BACKEND = "bpf";

    @TestFactory
    Stream<DynamicTest> runOnBpf() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> scripts = new ArrayList<>(Corpus.files("bpf"));
        if (!System.getProperty("jstap.bpfcorpus", "").equals("bpf")) scripts.addAll(Corpus.files("run"));
        for (Path p : scripts) {
            String folder = p.getParent().getFileName().toString();
            tests.add(DynamicTest.dynamicTest(folder + "/" + p.getFileName(),
                    () -> assertTimeoutPreemptively(Duration.ofSeconds(90), () -> check(p))));
        }
        return tests.stream();
    }

    private static void check(Path script) throws IOException {
        String why = BpfRunStage.unavailable();
        if (why != null) throw new TestAbortedException("BPF is not available here: " + why);
        for (String tool : List.of("clang", "llvm-objcopy", "cc")) {
            if (!onPath(tool)) throw new TestAbortedException("no " + tool + " on PATH (passes 4-5 of the bpf backend need it)");
        }
        CorpusScript s = CorpusScript.load(script);
        String base = script.getFileName().toString().replaceFirst("\\.stp$", "");
        Path exact = script.resolveSibling(base + ".expected");
        Path regex = script.resolveSibling(base + ".expected-regex");
        if (!Files.exists(exact) && !Files.exists(regex)) {
            throw new TestAbortedException("no " + exact.getFileName() + " or .expected-regex beside the script");
        }
        boolean own = script.getParent().getFileName().toString().equals("bpf");
        String cmd = RunCorpusVmTest.command(s.text());
        if (!own && (cmd != null || RunCorpusVmTest.directive(s.text(), "# x:") != null)) {
            throw new TestAbortedException("its -c command / -x pid belong to the test VM's guest (RunCorpusVmTest)");
        }
        String unmet = RunCorpusVmTest.unmetNeed(script); // "# needs-file:": python3.11, a JDK
        if (unmet != null) throw new TestAbortedException(unmet);
        if (s.text().contains(RunCorpusVmTest.SDT_BIN.toString())) {
            RunCorpusVmTest.buildTestBinary(RunCorpusVmTest.SDT_BIN, RunCorpusVmTest.SDT_FLAGS, "sdt_target.c", "sdt_guarded.c");
            if (!Files.isExecutable(RunCorpusVmTest.SDT_BIN)) {
                throw new TestAbortedException("cannot build the marker test binary (gcc -static, <sys/sdt.h> from systemtap-sdt-dev)");
            }
        }
        if (s.text().contains(JAVA_CLASSES.toString())) {
            String noJava = compileJavaPrograms();
            if (noJava != null) throw new TestAbortedException(noJava);
        }
        if (s.text().contains(RunCorpusVmTest.UPROBE_BIN.toString())) {
            RunCorpusVmTest.buildTestBinary(RunCorpusVmTest.UPROBE_BIN, RunCorpusVmTest.UPROBE_FLAGS, "uprobe_target.c");
            if (!Files.isExecutable(RunCorpusVmTest.UPROBE_BIN)) throw new TestAbortedException("cannot build the uprobe test binary (gcc -static)");
        }
        SessionOptions.Builder b = s.header().toOptions().toBuilder().runtime(BACKEND).lastPass(5).rawDiagnostics(false);
        if (cmd != null) b.command(cmd);
        RunCorpusInterpTest.Result r = run(s.displayName(), s.text(), RunCorpusInterpTest.withStdin(script, b.build()), own);
        String err = "stderr:\n" + r.err();
        RunCorpusInterpTest.assertOutput(exact, regex, r.out(), err);
        assertEquals(RunCorpusInterpTest.expectedStatus(s.text()), r.status(), "exit status; " + err);
        // A run/ script's "# stderr:" names what kmod's loader says in the VM (e.g. insmod's "Invalid parameters"):
        // the interp runner does not check it either; bpf/ scripts' own directives are checked.
        String errRe = own ? RunCorpusVmTest.directive(s.text(), "# stderr:") : null;
        if (errRe != null) {
            assertTrue(Pattern.compile(errRe, Pattern.DOTALL).matcher(r.err()).find(), "stderr lacks /" + errRe + "/; " + err);
        }
    }

    /** Where bpf/bin/*.java are compiled to, for scripts whose -c runs the JVM of this host (hotspot markers). */
    static final Path JAVA_CLASSES = Path.of("/tmp/jstap-corpus-bin/java");

    /**
     * Compiles bpf/bin/*.java with the javac beside /usr/bin/java (the JVM the scripts run, so the class files
     * suit it) unless the classes are newer than their sources; the reason to skip, or null.
     */
    static synchronized String compileJavaPrograms() {
        Path java = Path.of("/usr/bin/java");
        if (!Files.isExecutable(java)) return "no JDK here (/usr/bin/java)";
        try {
            Path javac = java.toRealPath().resolveSibling("javac");
            if (!Files.isExecutable(javac)) return "no javac beside " + java.toRealPath() + " (a JRE, not a JDK)";
            List<String> cmd = new ArrayList<>(List.of(javac.toString(), "-d", JAVA_CLASSES.toString()));
            boolean fresh = true;
            try (Stream<Path> srcs = Files.list(Corpus.root().resolve("bpf/bin"))) {
                for (Path src : srcs.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    Path cls = JAVA_CLASSES.resolve(src.getFileName().toString().replaceFirst("\\.java$", ".class"));
                    if (!Files.exists(cls) || Files.getLastModifiedTime(cls).compareTo(Files.getLastModifiedTime(src)) <= 0) fresh = false;
                    cmd.add(src.toString());
                }
            }
            if (fresh) return null;
            Files.createDirectories(JAVA_CLASSES);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : "javac failed: " + out;
        } catch (IOException e) {
            return "cannot compile bpf/bin/*.java: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    /** Passes 1-5 on bpf; a script of run/ whose probes bpf cannot run (pass 2 says so) is skipped. */
    @SuppressWarnings("unchecked")
    static RunCorpusInterpTest.Result run(String name, String text, SessionOptions given, boolean own) {
        Pipeline.assumeStages(5, BACKEND);
        OutputFiles files = OutputFiles.of(text); // "# output-files:": -o into a temporary directory, listed after stdout
        SessionOptions options = files == null ? given : files.apply(given);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        StageContext ctx = new StageContext(options, new Diagnostics(options.suppressWarnings(), options.warningsAreErrors()),
                new SourceTexts(), () -> Pipeline.kernel(System.getProperty("os.version")), po, pe);
        ctx.sources().put(name, text);
        Object data = new ScriptSource(name, text);
        int status = 0;
        for (Pass p : List.of(Pass.PARSE, Pass.ELABORATE, Pass.TRANSLATE, Pass.BUILD, Pass.RUN)) {
            Stage<Object, Object> st = (Stage<Object, Object>) Pipeline.registry().stage(p, BACKEND).orElseThrow();
            try {
                data = st.run(data, ctx);
            } catch (StageFailedException e) {
                data = null;
            }
            if (p == Pass.RUN) {
                // a runtime error or a refused probe: status 1, its message on stderr (what the test checks)
                if (data == null) status = 1;
                break;
            }
            if (data == null || ctx.diagnostics().hasErrors()) {
                List<Diagnostic> errors = ctx.diagnostics().all().stream().filter(Diagnostic::isError).toList();
                if (!own && errors.stream().anyMatch(d -> d.code().equals(Codes.SEM_BACKEND_UNSUPPORTED))) {
                    throw new TestAbortedException("probes the bpf backend cannot run");
                }
                DiagnosticRenderer r = new DiagnosticRenderer(ctx.sources(), false);
                StringBuilder sb = new StringBuilder();
                for (Diagnostic d : errors) sb.append(r.render(d));
                if (own && p.number >= 3 && RunCorpusInterpTest.expectedStatus(text) != 0) {
                    // a bpf/ case that expects a pass 3-5 refusal: its rendered diagnostics are its stderr
                    status = 1;
                    break;
                }
                throw new AssertionError("pass " + p.number + " failed:\n" + sb + err.toString(StandardCharsets.UTF_8));
            }
        }
        DiagnosticRenderer r = new DiagnosticRenderer(ctx.sources(), false);
        for (Diagnostic d : ctx.diagnostics().all()) if (d.isError()) pe.print(r.render(d));
        return new RunCorpusInterpTest.Result(out.toString(StandardCharsets.ISO_8859_1) + (files == null ? "" : files.listing()),
                err.toString(StandardCharsets.UTF_8), status);
    }
}
