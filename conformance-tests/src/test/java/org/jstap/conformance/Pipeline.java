package org.jstap.conformance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jstap.api.KernelInfo;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.spi.KernelLocator;
import org.jstap.api.spi.Registry;
import org.opentest4j.TestAbortedException;

/**
 * Runs passes 1..N of a corpus script through whatever stages {@link Registry#discover} finds. Knows stages only
 * through pipeline-api: the output of pass k is handed to pass k+1 as is.
 */
final class Pipeline {
    private static volatile Registry registry;

    private Pipeline() {}

    static Registry registry() {
        Registry r = registry;
        if (r == null) {
            synchronized (Pipeline.class) {
                if (registry == null) registry = Registry.discover(Pipeline.class.getClassLoader());
                r = registry;
            }
        }
        return r;
    }

    /** What a run produced: the last output, the pass that failed (0 if none) and every diagnostic. */
    record Outcome(Object output, int failedPass, List<Diagnostic> diagnostics, SourceTexts sources) {
        List<Diagnostic> errors() {
            return diagnostics.stream().filter(Diagnostic::isError).toList();
        }

        String render() {
            DiagnosticRenderer r = new DiagnosticRenderer(sources, false);
            StringBuilder b = new StringBuilder();
            for (Diagnostic d : diagnostics) b.append(r.render(d));
            return b.length() == 0 ? "(no diagnostics)\n" : b.toString();
        }
    }

    /**
     * Aborts the calling test (JUnit "skipped") when a stage for one of the passes is not on the class path, so a
     * corpus for a pass nobody implemented yet never passes silently.
     */
    static void assumeStages(int lastPass, String backend) {
        for (int p = 1; p <= lastPass; p++) {
            Pass pass = Pass.of(p);
            if (registry().stage(pass, backend).isEmpty())
                throw new TestAbortedException("no stage for pass " + p + " (" + pass.noun + ", backend " + backend
                        + ") on the class path: skipped until one is contributed");
        }
    }

    static Outcome run(CorpusScript script) {
        return run(script.displayName(), script.text(), script.header().toOptions());
    }

    @SuppressWarnings("unchecked")
    static Outcome run(String name, String text, SessionOptions options) {
        assumeStages(options.lastPass(), options.runtime());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        StageContext ctx = new StageContext(options,
                new Diagnostics(options.suppressWarnings(), options.warningsAreErrors()),
                new SourceTexts(), memo(() -> kernel(options.kernelRelease())), quiet, quiet);
        ctx.sources().put(name, text);
        Object data = new ScriptSource(name, text);
        for (int p = 1; p <= options.lastPass(); p++) {
            Stage<Object, Object> stage = (Stage<Object, Object>) registry().stage(Pass.of(p), options.runtime()).orElseThrow();
            if (!stage.inputType().isInstance(data))
                throw new AssertionError("pass " + p + " (" + stage.name() + ") takes " + stage.inputType().getName()
                        + " but pass " + (p - 1) + " produced " + data.getClass().getName());
            try {
                data = stage.run(data, ctx);
            } catch (StageFailedException e) {
                return new Outcome(null, p, ctx.diagnostics().all(), ctx.sources());
            }
            if (ctx.diagnostics().hasErrors()) return new Outcome(data, p, ctx.diagnostics().all(), ctx.sources());
        }
        return new Outcome(data, 0, ctx.diagnostics().all(), ctx.sources());
    }

    /** The kernel pass 1 tests {@code kernel_v}/{@code CONFIG_*} against: a located one, else a fixed 6.1 stand-in. */
    static KernelInfo kernel(String release) {
        for (KernelLocator l : registry().kernelLocators()) {
            try {
                Optional<KernelInfo> k = l.locate(release);
                if (k.isPresent()) return k.get();
            } catch (RuntimeException ignored) {
                // a locator that cannot look here is no reason to fail a parse test
            }
        }
        return STAND_IN;
    }

    static final KernelInfo STAND_IN = new KernelInfo("6.1.0-0-conformance-amd64", "#1 SMP conformance", "x86_64",
            Map.of("CONFIG_SMP", "y", "CONFIG_X86_64", "y", "CONFIG_64BIT", "y", "CONFIG_KPROBES", "y",
                    "CONFIG_TRACEPOINTS", "y", "CONFIG_MODULES", "y", "CONFIG_HZ", "250", "CONFIG_NR_CPUS", "8192",
                    "CONFIG_DEBUG_INFO_BTF", "y", "CONFIG_NUMA", "y"),
            null, null);

    private static <T> Supplier<T> memo(Supplier<T> s) {
        return new Supplier<>() {
            private T value;
            private boolean done;

            @Override
            public synchronized T get() {
                if (!done) { value = s.get(); done = true; }
                return value;
            }
        };
    }
}
