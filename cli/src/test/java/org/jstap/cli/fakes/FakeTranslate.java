package org.jstap.cli.fakes;

import org.jstap.api.Pass;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;

/** Pass 3 of the fake {@code kmod} backend. */
public class FakeTranslate implements Stage<FakeIr, String> {
    public Pass pass() { return Pass.TRANSLATE; }
    public String name() { return "fake-translate"; }
    public String version() { return "1"; }
    public String backend() { return "kmod"; }
    public Class<FakeIr> inputType() { return FakeIr.class; }
    public Class<String> outputType() { return String.class; }

    public String run(FakeIr in, StageContext ctx) {
        return "C for " + in.text();
    }

    public void printResult(String out, StageContext ctx) {
        ctx.out().println(out);
    }
}
