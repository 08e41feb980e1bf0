package org.jstap.cli.fakes;

import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;

/**
 * Pass 1 for the driver tests, steered by the script text: {@code FAIL} reports an error at 1:1 and fails,
 * {@code WARN} reports a warning, {@code CRASH} throws, {@code KERNEL} asks for the kernel twice.
 */
public class FakeParse implements Stage<ScriptSource, FakeAst> {
    public Pass pass() { return Pass.PARSE; }
    public String name() { return "fake-parse"; }
    public String version() { return "1"; }
    public Class<ScriptSource> inputType() { return ScriptSource.class; }
    public Class<FakeAst> outputType() { return FakeAst.class; }

    public FakeAst run(ScriptSource in, StageContext ctx) throws StageFailedException {
        String t = in.text();
        if (t.contains("WARN")) {
            ctx.diagnostics().report(Diagnostic.warning(Codes.WARN_EMPTY_PROBE, Span.at(in.name(), 1, 1), "looks odd"));
        }
        if (t.contains("FAIL")) {
            ctx.diagnostics().report(Diagnostic.error(Codes.PARSE_EXPECTED_TOKEN, Span.at(in.name(), 1, 1),
                    "expected something else").withHint("try harder"));
            throw new StageFailedException(Pass.PARSE, "failed");
        }
        if (t.contains("CRASH")) throw new IllegalStateException("the fake parser crashed");
        if (t.contains("KERNEL")) {
            var k1 = ctx.kernel().get();
            var k2 = ctx.kernel().get();
            return new FakeAst("kernel " + (k1 == null ? "none" : k1.release()) + " same=" + (k1 == k2));
        }
        return new FakeAst(t + " args=" + ctx.options().scriptArgs());
    }

    public void printResult(FakeAst out, StageContext ctx) {
        ctx.out().println("parsed: " + out.text());
    }
}
