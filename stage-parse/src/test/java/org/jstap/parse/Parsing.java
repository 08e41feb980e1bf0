package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jstap.api.KernelInfo;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ast.Stmt;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;

/** Test helpers: run pass 1 on a snippet and look at the result or the diagnostics. */
final class Parsing {
    private Parsing() {}

    static final KernelInfo KERNEL = new KernelInfo("6.1.0-56-cloud-amd64", "#1 SMP Debian", "x86_64",
            Map.of("CONFIG_SMP", "y", "CONFIG_HZ", "250", "CONFIG_EXT4_FS", "m", "CONFIG_DEFAULT_HOSTNAME", "\"(none)\""),
            null, null);

    /** Outcome of one run: the file (null when pass 1 failed) and every diagnostic. */
    record Result(ScriptFile file, List<Diagnostic> diagnostics, StageContext ctx) {
        List<String> errorCodes() {
            List<String> out = new ArrayList<>();
            for (Diagnostic d : diagnostics) if (d.isError()) out.add(d.code());
            return out;
        }

        /** {@code code@line:col} of each error. */
        List<String> errorsAt() {
            List<String> out = new ArrayList<>();
            for (Diagnostic d : diagnostics) if (d.isError()) out.add(d.code() + "@" + d.span().line() + ":" + d.span().col());
            return out;
        }

        String rendered() {
            StringBuilder b = new StringBuilder();
            DiagnosticRenderer r = new DiagnosticRenderer(ctx.sources(), false);
            for (Diagnostic d : diagnostics) b.append(r.render(d));
            return b.toString();
        }
    }

    static Result run(String text, SessionOptions options, Supplier<KernelInfo> kernel) {
        StageContext ctx = StageContext.of(options, kernel);
        ScriptFile file = null;
        try {
            AstArtefact a = new ParseStage().run(new ScriptSource("t.stp", text), ctx);
            file = a.script().user();
        } catch (StageFailedException e) {
            assertTrue(ctx.diagnostics().hasErrors(), "failed without an error diagnostic");
        }
        return new Result(file, ctx.diagnostics().all(), ctx);
    }

    static Result run(String text, String... args) {
        return run(text, SessionOptions.builder().scriptArgs(List.of(args)).build(), () -> KERNEL);
    }

    /** Options of a {@code -g} run: embedded C in the script is allowed (pass 1 refuses it otherwise, as stap). */
    static final SessionOptions GURU = SessionOptions.builder().guru(true).build();

    /** Parses a snippet with embedded C, which must be accepted under {@code -g}. */
    static ScriptFile guruOk(String text) {
        Result r = run(text, GURU, () -> KERNEL);
        if (r.file() == null) fail("expected to parse, got:\n" + r.rendered());
        return r.file();
    }

    /** Parses a snippet that must be accepted. */
    static ScriptFile ok(String text, String... args) {
        Result r = run(text, args);
        if (r.file() == null) fail("expected to parse, got:\n" + r.rendered());
        return r.file();
    }

    /** The error codes of a snippet that must be rejected. */
    static List<String> errors(String text, String... args) {
        Result r = run(text, args);
        assertTrue(r.file() == null, "expected errors for: " + text);
        assertFalse(r.errorCodes().isEmpty());
        return r.errorCodes();
    }

    /** The statements of {@code probe begin { <body> }}. */
    static List<Stmt> body(String statements, String... args) {
        ScriptFile f = ok("probe begin { " + statements + " }", args);
        return ((Decl.Probe) f.decls().get(0)).body().body();
    }

    /** The expression of {@code probe begin { <expr> }}. */
    static Expr expr(String expression, String... args) {
        List<Stmt> b = body(expression, args);
        assertEquals(1, b.size(), "one statement expected for " + expression);
        return ((Stmt.ExprStmt) b.get(0)).expr();
    }

    /** The printed form of one expression statement's expression, stap style. */
    static String printed(String expression) {
        return ScriptPrinter.print(expr(expression));
    }
}
