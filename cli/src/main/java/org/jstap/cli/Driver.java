package org.jstap.cli;

import java.io.PrintStream;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jstap.api.KernelInfo;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.spi.Backend;
import org.jstap.api.spi.KernelLocator;
import org.jstap.api.spi.Registry;
import org.jstap.api.spi.RunTarget;

/**
 * Runs passes 1 to {@code -p N}: each stage's output is the next one's input; passes 3-5 come from the
 * {@code --runtime} backend. Prints diagnostics after every pass, {@code -v} lines, the last pass's result, and
 * stap's {@code Pass N: ... failed.} line. Returns the exit status. Unexpected exceptions propagate to {@link Main}.
 */
final class Driver {
    private final Registry registry;
    private final PrintStream out;
    private final PrintStream err;
    private final ProcessUsage usage = new ProcessUsage();

    Driver(Registry registry, PrintStream out, PrintStream err) {
        this.registry = registry;
        this.out = out;
        this.err = err;
    }

    int run(Invocation inv) {
        SessionOptions o = inv.options();
        if (inv.from() != null) return notYet("--from (starting from a saved artefact)");
        if (inv.emit() != null) return notYet("--emit (writing every stage's artefact)");
        if (inv.script() == null) { // only --clean-cache was asked for
            err.println("jstap: --clean-cache: there is no compile cache yet, nothing to clean");
            return 0;
        }
        String badChoice = unknownChoice(o);
        if (badChoice != null) {
            err.println("jstap: " + badChoice);
            return 1;
        }

        StageContext ctx = new StageContext(o, new Diagnostics(o.suppressWarnings(), o.warningsAreErrors()),
                new SourceTexts(), new Memo<>(kernel(o.kernelRelease())), out, err);
        ctx.sources().put(inv.script().name(), inv.script().text());
        DiagnosticPrinter diagnostics = new DiagnosticPrinter(ctx.diagnostics(),
                new DiagnosticRenderer(ctx.sources(), o.rawDiagnostics()), err);

        Object current = inv.script();
        Stage<Object, Object> last = null;
        for (int n = 1; n <= o.lastPass(); n++) {
            Pass pass = Pass.of(n);
            Optional<Stage<?, ?>> found = registry.stage(pass, o.runtime());
            if (found.isEmpty()) {
                err.println(missingStage(pass, o.runtime()));
                return 1;
            }
            Stage<Object, Object> stage = erase(found.get());
            if (!stage.inputType().isInstance(current)) {
                throw new IllegalStateException("stage '" + stage.name() + "' (pass " + n + ") takes "
                        + stage.inputType().getSimpleName() + " but pass " + (n - 1) + " produced "
                        + current.getClass().getSimpleName());
            }
            if (pass == Pass.RUN && o.verbosity() > 0) err.println("Pass 5: starting run.");
            ProcessUsage.Mark start = usage.mark();
            Object result;
            try {
                result = stage.run(current, ctx);
            } catch (StageFailedException e) {
                diagnostics.flush();
                err.println((e.pass() != null ? e.pass() : pass).failedLine());
                return 1;
            } catch (RuntimeException | Error e) {
                diagnostics.flush(); // what was reported before the crash is still worth seeing
                throw e;
            }
            diagnostics.flush();
            if (ctx.diagnostics().hasErrors()) { // a stage that reported errors but forgot to throw
                err.println(pass.failedLine());
                return 1;
            }
            if (result == null) throw new IllegalStateException("stage '" + stage.name() + "' returned no output");
            if (o.verbosity() > 0) {
                err.println(PassLines.line(pass, result, usage.since(start, PassLines.reportsMemory(pass))));
            }
            current = result;
            last = stage;
        }
        if (last != null) last.printResult(current, ctx);
        out.flush();
        diagnostics.flush();
        return 0;
    }

    /** {@code --runtime} and {@code --target} must name something contributed, when anything is contributed. */
    private String unknownChoice(SessionOptions o) {
        Set<String> runtimes = registry.backends().stream().map(Backend::name).collect(Collectors.toSet());
        if (!runtimes.isEmpty() && !runtimes.contains(o.runtime())) {
            return "unknown runtime '" + o.runtime() + "' (known: " + sorted(runtimes) + ")";
        }
        Set<String> targets = registry.runTargets().stream().map(RunTarget::name).collect(Collectors.toSet());
        if (o.target() != null && !o.target().startsWith("ssh://") && !targets.isEmpty() && !targets.contains(o.target())) {
            return "unknown run target '" + o.target() + "' (known: " + sorted(targets) + ")";
        }
        return null;
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", "));
    }

    private Supplier<KernelInfo> kernel(String releaseOrDir) {
        return () -> {
            Optional<KernelLocator> locator = registry.kernelLocators().stream().findFirst();
            return locator.flatMap(l -> l.locate(releaseOrDir)).orElse(null);
        };
    }

    private String missingStage(Pass pass, String runtime) {
        String others = registry.stages().stream().filter(s -> s.pass() == pass).map(Stage::backend)
                .distinct().sorted().collect(Collectors.joining(", "));
        if (pass.number >= 3 && !others.isEmpty()) {
            return "Pass " + pass.number + ": " + pass.noun + " is not available for runtime '" + runtime
                    + "' (available: " + others + ")";
        }
        return "Pass " + pass.number + ": " + pass.noun + " is not available yet";
    }

    private int notYet(String what) {
        err.println("jstap: " + what + " is not available yet");
        return 1;
    }

    @SuppressWarnings("unchecked")
    private static Stage<Object, Object> erase(Stage<?, ?> s) {
        return (Stage<Object, Object>) s;
    }
}
