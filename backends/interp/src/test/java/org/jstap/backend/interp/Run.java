package org.jstap.backend.interp;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jstap.api.KernelInfo;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.spi.Registry;

/** Runs a script through the real passes 1 and 2 (found with {@link Registry#discover}) and then the interpreter. */
final class Run {
    static final Registry REGISTRY = Registry.discover(Run.class.getClassLoader());
    static final KernelInfo KERNEL = new KernelInfo("6.1.0-0-interp-amd64", "#1 SMP interp", "x86_64",
            Map.of("CONFIG_HZ", "250", "CONFIG_64BIT", "y"), null, null);

    /** Output, error stream, exit status (-1: pass 1 or 2 failed, see {@code err}). */
    record Out(String out, String err, int status) {}

    static Out run(String script, String... defines) {
        SessionOptions.Builder b = SessionOptions.builder().runtime("interp");
        java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
        for (String x : defines) {
            int eq = x.indexOf('=');
            d.put(eq < 0 ? x : x.substring(0, eq), eq < 0 ? "" : x.substring(eq + 1));
        }
        return run(script, b.defines(d).build());
    }

    @SuppressWarnings("unchecked")
    static Out run(String script, SessionOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8), pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        SourceTexts sources = new SourceTexts();
        sources.put("s.stp", script);
        StageContext ctx = new StageContext(options, new Diagnostics(false, false), sources, () -> KERNEL, po, pe);
        Object data = new ScriptSource("s.stp", script);
        try {
            for (Pass p : List.of(Pass.PARSE, Pass.ELABORATE)) {
                Stage<Object, Object> st = (Stage<Object, Object>) REGISTRY.stage(p, "interp").orElseThrow();
                data = st.run(data, ctx);
                if (ctx.diagnostics().hasErrors()) throw new StageFailedException(p, "errors");
            }
            InterpResult r = new InterpRunStage().execute((IrArtefact) data, ctx);
            return new Out(out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8), r.exitStatus());
        } catch (StageFailedException e) {
            DiagnosticRenderer r = new DiagnosticRenderer(sources, false);
            StringBuilder s = new StringBuilder(err.toString(StandardCharsets.UTF_8));
            ctx.diagnostics().all().forEach(x -> s.append(r.render(x)));
            return new Out(out.toString(StandardCharsets.ISO_8859_1), s.toString(), -1);
        }
    }
}
