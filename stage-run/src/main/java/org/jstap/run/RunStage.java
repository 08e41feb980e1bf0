package org.jstap.run;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jstap.api.Pass;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.spi.RunTarget;
import org.jstap.api.spi.Backend;

/**
 * Pass 5 of the kmod backend: runs the module on {@code --target} (or the first available target by preference:
 * local when this kernel loads modules, else the test VM), streaming its output to {@code ctx.out()}.
 * A script that ends with a non-zero status (a run-time error, a failed {@code -c} command) ends the pass with
 * {@link ScriptFailedException}, as stap's pass 5 fails when staprun does; infrastructure failures (no target,
 * kernel mismatch, VM trouble) are reported and end the pass with {@link StageFailedException}.
 */
public final class RunStage implements Stage<ModuleArtefact, RunResult> {
    private final List<KmodTarget> targets;

    @Inject
    public RunStage(Set<RunTarget> all) {
        this(all.stream().filter(KmodTarget.class::isInstance).map(KmodTarget.class::cast).toList());
    }

    public RunStage(List<KmodTarget> targets) {
        List<KmodTarget> t = new ArrayList<>(targets);
        t.sort(Comparator.comparingInt(KmodTarget::preference));
        this.targets = List.copyOf(t);
    }

    @Override
    public Pass pass() {
        return Pass.RUN;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String backend() {
        return Backend.KMOD;
    }

    @Override
    public Class<ModuleArtefact> inputType() {
        return ModuleArtefact.class;
    }

    @Override
    public Class<RunResult> outputType() {
        return RunResult.class;
    }

    @Override
    public RunResult run(ModuleArtefact module, StageContext ctx) throws StageFailedException {
        KmodTarget t = choose(ctx.options().target(), ctx);
        if (ctx.options().verbosity() >= 1) ctx.err().println("Pass 5: starting run on target " + t.name() + ".");
        RunResult r = t.run(module, ctx);
        if (r.exitStatus() != 0) {
            printResult(r, ctx); // -v: the verdict on the kernel is still worth seeing
            throw new ScriptFailedException(r); // stap: a failed staprun is a failed pass 5, exit 1
        }
        return r;
    }

    KmodTarget choose(String wanted, StageContext ctx) throws StageFailedException {
        if (wanted != null && !wanted.isEmpty()) {
            Optional<KmodTarget> t = targets.stream().filter(x -> x.name().equals(wanted)).findFirst();
            if (t.isEmpty()) {
                String names = targets.stream().map(KmodTarget::name).collect(Collectors.joining(", "));
                ctx.diagnostics().report(Diagnostic.error(Codes.DRIVER_USAGE, Span.NONE,
                        "unknown run target '" + wanted + "'").withHint("targets: " + names));
                throw new StageFailedException(Pass.RUN, "unknown target " + wanted);
            }
            if (!t.get().isAvailable()) {
                throw VmTarget.failed(ctx, "target '" + wanted + "' is not available: " + t.get().whyUnavailable());
            }
            return t.get();
        }
        for (KmodTarget t : targets) if (t.isAvailable()) return t;
        String why = targets.stream().map(t -> t.name() + ": " + t.whyUnavailable()).collect(Collectors.joining("; "));
        throw VmTarget.failed(ctx, "no run target is available (" + why + ")");
    }

    /** stap prints nothing after a run; with {@code -v} the verdict on the kernel. */
    @Override
    public void printResult(RunResult r, StageContext ctx) {
        if (ctx.options().verbosity() >= 1) {
            ctx.err().printf("Pass 5: run on %s: exit %d, %s, taint %d, %d ms%s%n", r.target(), r.exitStatus(),
                    r.unloaded() ? "unloaded" : "NOT unloaded", r.taintAfter(), r.roundTripMillis(),
                    r.restartReason() == null ? "" : ", VM restarted: " + r.restartReason());
        }
    }
}
