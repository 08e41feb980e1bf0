package org.jstap.elaborate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.KernelInfo;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.DebugInfoProvider;
import org.jstap.api.debuginfo.HeaderTypes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.spi.Backend;
import org.jstap.debuginfo.btf.TestBlobs;
import org.jstap.debuginfo.kernel.BtfDebugInfoProvider;
import org.jstap.elaborate.probes.BeginEndProvider;
import org.jstap.elaborate.probes.KernelFunctionProvider;
import org.jstap.elaborate.probes.KprobeProvider;
import org.jstap.elaborate.probes.ProcessProvider;
import org.jstap.elaborate.probes.TimerProvider;
import org.jstap.elaborate.probes.TracepointProvider;
import org.jstap.elaborate.tapset.StageLibraryParser;
import org.jstap.parse.ParseStage;

/** Runs pass 1 + pass 2 on a script against the checked-in Debian cloud kernel BTF. */
final class Elab {
    static final ParseStage PARSE = new ParseStage();
    static final KernelInfo KERNEL = new KernelInfo("6.1.0-56-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2",
            "x86_64", Map.of(), null, null);

    /** The outcome: the program (null on failure), diagnostics, and what printResult printed. */
    record Out(IrProgram program, IrArtefact artefact, List<Diagnostic> diagnostics, String printed, String rendered) {
        boolean ok() {
            return program != null;
        }

        /** Codes of errors and warnings, in order. */
        List<String> codes() {
            return diagnostics.stream().map(Diagnostic::code).toList();
        }
    }

    static DebugInfoProvider testBtf() {
        return new DebugInfoProvider() {
            @Override public String name() { return "test-btf"; }
            @Override public Optional<DebugInfo> kernel(KernelInfo k) { return Optional.of(TestBlobs.kernel()); }
            @Override public Optional<DebugInfo> module(KernelInfo k, String m) { return Optional.empty(); }
            // @cast(p, "T", "<h.h>"): the real header reader (it needs no kernel)
            @Override public Optional<HeaderTypes> headers(List<String> h) { return new BtfDebugInfoProvider().headers(h); }
        };
    }

    static ElaborateStage stage() {
        return stage(List.of());
    }

    /** With {@code extra} backends besides the test kmod and interp ones (for {@code --runtime=NAME} of one). */
    static ElaborateStage stage(List<Backend> extra) {
        List<Backend> backends = new java.util.ArrayList<>(List.of(new TestBackend(Backend.KMOD, s -> true, true), INTERP));
        backends.addAll(extra);
        return new ElaborateStage(List.of(new BeginEndProvider(), new TimerProvider(), new KernelFunctionProvider(),
                new KprobeProvider(), new TracepointProvider(), new ProcessProvider(), new org.jstap.elaborate.probes.ProcessLifeProvider(), new org.jstap.elaborate.probes.ProcfsProvider(),
                new org.jstap.elaborate.probes.PerfProvider(), new org.jstap.elaborate.probes.KernelDataProvider()), List.of(testBtf()),
                (name, text, ctx) -> StageLibraryParser.parseWith(PARSE, name, text, ctx), backends);
    }

    /** Like the interp backend: begin, end, error and periodic timers, no embedded C. */
    static final TestBackend INTERP = new TestBackend("interp", s -> s instanceof org.jstap.api.ir.IrSite.Begin
            || s instanceof org.jstap.api.ir.IrSite.End || s instanceof org.jstap.api.ir.IrSite.Error
            || s instanceof org.jstap.api.ir.IrSite.Timer, false);

    /** A backend that supports the sites {@code sites} accepts. */
    record TestBackend(String name, java.util.function.Predicate<org.jstap.api.ir.IrSite> sites, boolean embeddedC)
            implements Backend {
        @Override public String description() { return name + " (test)"; }
        @Override public boolean supports(org.jstap.api.ir.IrSite s) { return sites.test(s); }
        @Override public boolean runsEmbeddedC() { return embeddedC; }
    }

    static Out run(String script) {
        return run(script, SessionOptions.builder().lastPass(2).build());
    }

    static Out run(String script, SessionOptions opts) {
        return run(script, opts, stage());
    }

    static Out run(String script, SessionOptions opts, ElaborateStage st) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        SourceTexts sources = new SourceTexts();
        StageContext ctx = new StageContext(opts, new Diagnostics(opts.suppressWarnings(), opts.warningsAreErrors()),
                sources, () -> KERNEL, ps, ps);
        IrProgram program = null;
        IrArtefact art = null;
        try {
            AstArtefact ast = PARSE.run(new ScriptSource("s.stp", script), ctx);
            art = st.run(ast, ctx);
            program = art.program();
            st.printResult(art, ctx);
        } catch (StageFailedException e) {
            // diagnostics say why
        }
        DiagnosticRenderer r = new DiagnosticRenderer(sources, false);
        StringBuilder rendered = new StringBuilder();
        for (Diagnostic d : ctx.diagnostics().all()) rendered.append(r.render(d));
        return new Out(program, art, ctx.diagnostics().all(), out.toString(StandardCharsets.UTF_8), rendered.toString());
    }

    static Out list(String pattern, String mode) {
        return run("probe " + pattern + " {}", SessionOptions.builder().lastPass(2).listing(SessionOptions.Listing.of(mode)).build());
    }
}
