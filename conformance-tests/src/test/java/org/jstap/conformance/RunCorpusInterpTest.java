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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs every {@code run/} script on the interp backend (passes 1, 2 and the interp pass 5, all found with
 * {@code Registry.discover}) and compares stdout with {@code NAME.expected} (exact) or {@code NAME.expected-regex}
 * (a regular expression the whole output must match), and the exit status with the script's {@code # exit: N}
 * line (0 when there is none). Scripts whose probes the interp backend cannot run (pass 2 reports
 * {@code sem.backend.unsupported}) are skipped.
 */
class RunCorpusInterpTest {
    static final String BACKEND = "interp";

    @TestFactory
    Stream<DynamicTest> runOnInterp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : Corpus.filesDeep("run")) {
            tests.add(DynamicTest.dynamicTest("run/" + p.getFileName(),
                    () -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> check(p))));
        }
        return tests.stream();
    }

    record Result(String out, String err, int status) {}

    static int expectedStatus(String text) {
        for (String l : text.split("\n")) {
            String s = l.strip();
            if (s.startsWith("# exit:")) return Integer.parseInt(s.substring("# exit:".length()).strip());
        }
        return 0;
    }

    private static void check(Path script) throws IOException {
        CorpusScript s = CorpusScript.load(script);
        String base = script.getFileName().toString().replaceFirst("\\.stp$", "");
        Path exact = script.resolveSibling(base + ".expected");
        Path regex = script.resolveSibling(base + ".expected-regex");
        if (!Files.exists(exact) && !Files.exists(regex)) {
            throw new TestAbortedException("no " + exact.getFileName() + " or .expected-regex beside the script");
        }
        if (RunCorpusVmTest.command(s.text()) != null || RunCorpusVmTest.directive(s.text(), "# x:") != null) {
            throw new TestAbortedException("its -c command / -x pid belong to the test VM's guest (RunCorpusVmTest)");
        }
        SessionOptions o = withStdin(script, s.header().toOptions().toBuilder().runtime(BACKEND).lastPass(5)
                .rawDiagnostics(false).build());
        Result r = run(s.displayName(), s.text(), o);
        String why = "stderr:\n" + r.err();
        assertOutput(exact, regex, r.out(), why);
        assertEquals(expectedStatus(s.text()), r.status(), "exit status; " + why);
    }

    /** A {@code NAME.stdin} beside the script: what its input.char / input.line read (ScriptInput). */
    static SessionOptions withStdin(Path script, SessionOptions o) {
        Path in = script.resolveSibling(script.getFileName().toString().replaceFirst("\\.stp$", ".stdin"));
        return Files.isRegularFile(in) ? org.jstap.api.ScriptInput.from(o, in) : o;
    }

    /** The run's stdout against the script's {@code .expected} (bytes) or else its {@code .expected-regex}. */
    static void assertOutput(Path exact, Path regex, String out, String why) throws IOException {
        if (Files.exists(exact)) {
            assertEquals(Files.readString(exact, StandardCharsets.ISO_8859_1), out, why);
        } else {
            String re = Files.readString(regex, StandardCharsets.UTF_8);
            assertTrue(Pattern.compile(re, Pattern.DOTALL).matcher(out).matches(),
                    "output does not match " + regex.getFileName() + ":\n" + out + "\n" + why);
        }
    }

    @SuppressWarnings("unchecked")
    static Result run(String name, String text, SessionOptions given) {
        Pipeline.assumeStages(2, BACKEND);
        OutputFiles files = OutputFiles.of(text); // "# output-files:": -o into a temporary directory, listed after stdout
        SessionOptions options = files == null ? given : files.apply(given);
        Stage<Object, Object> runStage = (Stage<Object, Object>) Pipeline.registry().stage(Pass.RUN, BACKEND)
                .orElseThrow(() -> new TestAbortedException("no interp pass 5 on the class path"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        StageContext ctx = new StageContext(options, new Diagnostics(options.suppressWarnings(), options.warningsAreErrors()),
                new SourceTexts(), () -> Pipeline.kernel(options.kernelRelease()), po, pe);
        ctx.sources().put(name, text);
        Object data = new ScriptSource(name, text);
        for (Pass p : List.of(Pass.PARSE, Pass.ELABORATE)) {
            Stage<Object, Object> st = (Stage<Object, Object>) Pipeline.registry().stage(p, BACKEND).orElseThrow();
            try {
                data = st.run(data, ctx);
            } catch (StageFailedException e) {
                data = null;
            }
            if (data == null || ctx.diagnostics().hasErrors()) {
                List<Diagnostic> errors = ctx.diagnostics().all().stream().filter(Diagnostic::isError).toList();
                if (errors.stream().anyMatch(d -> d.code().equals(Codes.SEM_BACKEND_UNSUPPORTED))) {
                    throw new TestAbortedException("probes the interp backend cannot run");
                }
                DiagnosticRenderer r = new DiagnosticRenderer(ctx.sources(), false);
                StringBuilder b = new StringBuilder();
                for (Diagnostic d : errors) b.append(r.render(d));
                throw new AssertionError("pass " + p.number + " failed:\n" + b);
            }
        }
        int status = 0;
        try {
            runStage.run(data, ctx);
        } catch (StageFailedException e) {
            status = 1;
        }
        return new Result(out.toString(StandardCharsets.ISO_8859_1) + (files == null ? "" : files.listing()),
                err.toString(StandardCharsets.UTF_8), status);
    }
}
