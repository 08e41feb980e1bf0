package org.jstap.translate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.spi.KernelLocator;
import org.jstap.api.spi.Registry;

/** Passes 1 and 2 as discovered on the test class path (stage-parse, stage-elaborate), for real IR. */
final class Frontend {
    private static Registry registry;
    private static KernelInfo kernel;

    private Frontend() {}

    static synchronized Registry registry() {
        if (registry == null) registry = Registry.discover(Frontend.class.getClassLoader());
        return registry;
    }

    static synchronized KernelInfo kernel() {
        if (kernel == null) {
            for (KernelLocator l : registry().kernelLocators()) {
                try {
                    Optional<KernelInfo> k = l.locate(null);
                    if (k.isPresent()) {
                        kernel = k.get();
                        break;
                    }
                } catch (RuntimeException ignored) {
                    // try the next locator
                }
            }
        }
        return kernel;
    }

    record Result(IrArtefact ir, String diagnostics) {}

    /** Options from a corpus-style first line: {@code #! jstap -p4 -g -- arg1 arg2} (only -g and script args). */
    static SessionOptions options(String text) {
        String first = text.lines().findFirst().orElse("");
        SessionOptions.Builder b = SessionOptions.builder().lastPass(3);
        if (first.startsWith("#! jstap")) {
            String[] parts = first.split(" -- ", 2);
            b.guru((" " + parts[0] + " ").contains(" -g "));
            if (parts.length > 1) b.scriptArgs(List.of(parts[1].trim().split("\\s+")));
        }
        return b.build();
    }

    static StageContext context(String name, String text) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        SessionOptions o = options(text);
        StageContext ctx = new StageContext(o, new Diagnostics(false, false), new SourceTexts(), Frontend::kernel,
                quiet, quiet);
        ctx.sources().put(name, text);
        return ctx;
    }

    @SuppressWarnings("unchecked")
    static Result elaborate(String name, String text) {
        StageContext ctx = context(name, text);
        Object data = new ScriptSource(name, text);
        for (Pass p : List.of(Pass.PARSE, Pass.ELABORATE)) {
            Stage<Object, Object> st = (Stage<Object, Object>) registry().stage(p, "*").orElseThrow(
                    () -> new IllegalStateException("no stage for " + p));
            try {
                data = st.run(data, ctx);
            } catch (StageFailedException e) {
                return new Result(null, render(ctx));
            }
        }
        return new Result((IrArtefact) data, render(ctx));
    }

    static String render(StageContext ctx) {
        DiagnosticRenderer r = new DiagnosticRenderer(ctx.sources(), false);
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : ctx.diagnostics().all()) b.append(r.render(d));
        return b.toString();
    }
}
