package org.jstap.backend.interp;

import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.spi.CtrlC;
import org.jstap.irtools.CallGraph;

/**
 * Pass 5 of the interp backend: executes the elaborated IR directly (there is no pass 3 or 4). Script output goes
 * to {@code ctx.out()}, {@code ERROR:}/{@code WARNING:} lines to {@code ctx.err()}. A run that reported runtime
 * errors ends with exit status 1 as stap's: this stage then throws, so the driver prints "Pass 5: run failed.".
 */
public final class InterpRunStage implements Stage<IrArtefact, InterpResult> {
    @Override public Pass pass() { return Pass.RUN; }

    @Override public String name() { return "interp"; }

    @Override public String version() { return "1"; }

    @Override public String backend() { return InterpBackend.NAME; }

    @Override public Class<IrArtefact> inputType() { return IrArtefact.class; }

    @Override public Class<InterpResult> outputType() { return InterpResult.class; }

    @Override
    public InterpResult run(IrArtefact input, StageContext ctx) throws StageFailedException {
        InterpResult r = execute(input, ctx);
        if (r.exitStatus() != 0) throw new StageFailedException(Pass.RUN, "the script reported " + r.errors() + " error(s)");
        return r;
    }

    /** The run itself, without turning a failed script into an exception (tests and benchmarks use this). */
    public InterpResult execute(IrArtefact input, StageContext ctx) throws StageFailedException {
        long start = System.nanoTime();
        SessionOptions o = ctx.options();
        Limits limits = Limits.of(o.defines());
        if (!o.defines().containsKey("MAXNESTING") && !CallGraph.of(input.program()).recursive()) {
            limits = limits.withMaxNesting(Integer.MAX_VALUE); // as the translator: the deepest chain always fits
        }
        if (o.stap().suppressTimeLimits()) limits = limits.withoutMaxAction();
        long target = o.targetPid() != null ? o.targetPid() : 0;
        org.jstap.api.ir.IrProgram program;
        try { // -G VAR=VALUE: the initial values stap's module parameters would set
            program = org.jstap.irtools.GlobalSettings.apply(input.program(), o.stap().globalSettings(), limits.maxStringLen());
        } catch (org.jstap.irtools.GlobalSettings.BadSetting e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.RUN_BAD_GLOBAL_SETTING, Span.NONE, e.getMessage()));
            throw new StageFailedException(Pass.RUN, "-G");
        }
        Session probe = new Session(program, limits, ctx.out(), ctx.err(), target);
        try {
            new Program(program, probe); // everything compiles before a command is started
        } catch (Unsupported u) {
            ctx.diagnostics().report(Diagnostic.error(Codes.RUN_FAILED, u.span,
                    "the interp backend cannot run " + u.getMessage()).withHint("use --runtime=kmod"));
            throw new StageFailedException(Pass.RUN, u.getMessage());
        }
        Command command = null;
        if (o.command() != null && !o.command().isBlank()) {
            try {
                command = Command.startStopped(o.command());
            } catch (java.io.IOException e) {
                ctx.diagnostics().report(Diagnostic.error(Codes.RUN_FAILED, Span.NONE,
                        "cannot start -c command: " + e.getMessage()));
                throw new StageFailedException(Pass.RUN, "-c");
            }
            target = command.pid();
        }
        org.jstap.api.ScriptOutput files;
        try { // -o FILE, -S SIZE[,N], switch_file()
            files = org.jstap.api.ScriptOutput.of(o, ctx.out());
        } catch (java.io.IOException e) {
            if (command != null) command.end();
            ctx.diagnostics().report(Diagnostic.error(Codes.RUN_FAILED, Span.NONE,
                    "Couldn't open output file '" + o.outputFile() + "': " + e.getMessage()));
            throw new StageFailedException(Pass.RUN, "-o");
        }
        var printer = files.printStream();
        Session session = new Session(program, limits, printer, ctx.err(), target);
        session.suppressHandlerErrors = o.stap().suppressHandlerErrors();
        Interpreter interpreter = new Interpreter(new Program(program, session), command);
        interpreter.readInputFrom(() -> org.jstap.api.ScriptInput.open(o));
        int status;
        try (CtrlC ignored = CtrlC.install(interpreter::interrupt)) {
            status = interpreter.run();
        } finally {
            if (command != null) command.end();
            printer.close();
        }
        return new InterpResult(status, session.errors, (System.nanoTime() - start) / 1_000_000);
    }

    /** stap prints nothing after a run; with {@code -v} one line about it. */
    @Override
    public void printResult(InterpResult r, StageContext ctx) {
        if (ctx.options().verbosity() >= 1) {
            ctx.err().printf("Pass 5: run on interp: exit %d, %d ms%n", r.exitStatus(), r.millis());
        }
    }
}
