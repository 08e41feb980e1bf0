package org.jstap.cli.fakes;

import org.jstap.api.Pass;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;

/** Pass 2 for the driver tests: prints the {@code list} mode when there is one, as the real one lists probes. */
public class FakeElaborate implements Stage<FakeAst, FakeIr> {
    public Pass pass() { return Pass.ELABORATE; }
    public String name() { return "fake-elaborate"; }
    public String version() { return "1"; }
    public Class<FakeAst> inputType() { return FakeAst.class; }
    public Class<FakeIr> outputType() { return FakeIr.class; }

    public FakeIr run(FakeAst in, StageContext ctx) {
        return new FakeIr(in.text());
    }

    public void printResult(FakeIr out, StageContext ctx) {
        String list = ctx.options().listing() == null ? null : ctx.options().listing().letter;
        ctx.out().println(list == null ? "elaborated: " + out.text() : "list " + list + ": " + out.text());
    }
}
