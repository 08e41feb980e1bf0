package org.jstap.cli.fakes;

import org.jstap.api.Pass;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;

/** A pass 2 that takes something pass 1 never produces: the driver must call it an internal error. */
public class WrongInputElaborate implements Stage<Integer, FakeIr> {
    public Pass pass() { return Pass.ELABORATE; }
    public String name() { return "wrong-input"; }
    public String version() { return "1"; }
    public Class<Integer> inputType() { return Integer.class; }
    public Class<FakeIr> outputType() { return FakeIr.class; }
    public FakeIr run(Integer in, StageContext ctx) { return new FakeIr("" + in); }
    public void printResult(FakeIr out, StageContext ctx) {}
}
