package org.jstap.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
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
    private final Map<String, String> env;

    Driver(Registry registry, PrintStream out, PrintStream err) {
        this(registry, out, err, System.getenv());
    }

    Driver(Registry registry, PrintStream out, PrintStream err, Map<String, String> env) {
        this.env = env;
        this.registry = registry;
        this.out = out;
        this.err = err;
    }

    int run(Invocation inv) {
        SessionOptions o = inv.options();
        StagedRun staged = new StagedRun(registry, this, out, err, env, usage);
        if (inv.cleanCache()) staged.cleanCache(o.verbosity());
        if (inv.script() == null && inv.from() == null) return 0; // only --clean-cache was asked for
        String badChoice = unknownChoice(o);
        if (badChoice != null) {
            err.println("jstap: " + badChoice);
            return 1;
        }

        String unsupported = unsupportedOption(o);
        if (unsupported != null) {
            err.println("jstap: " + unsupported + " [" + org.jstap.api.diag.Codes.DRIVER_OPTION_UNSUPPORTED + "]");
            return 1;
        }
        if (o.stap().tapsetCoverage() && !o.suppressWarnings()) {
            err.println("WARNING: -q: jstap keeps no tapset coverage database; the option has no effect ["
                    + org.jstap.api.diag.Codes.DRIVER_OPTION_UNSUPPORTED + "]");
        }
        if (!inv.remotes().isEmpty() && o.lastPass() == 5) return new FleetRun(this, out, err).run(inv);
        StageContext ctx = context(inv);
        return staged.run(inv, ctx, diagnostics(ctx)); // the stage loop, with the cache, --emit and --from
    }

    private StageContext context(Invocation inv) {
        SessionOptions o = inv.options();
        StageContext ctx = new StageContext(o, new Diagnostics(o.suppressWarnings(), o.warningsAreErrors()),
                new SourceTexts(), new Memo<>(() -> kernel(releaseFor(o, inv.script() == null ? "" : inv.script().text())).get()),
                out, err);
        if (inv.script() != null) ctx.sources().put(inv.script().name(), inv.script().text());
        return ctx;
    }

    private DiagnosticPrinter diagnostics(StageContext ctx) {
        return new DiagnosticPrinter(ctx.diagnostics(), new DiagnosticRenderer(ctx.sources(),
                ctx.options().rawDiagnostics()), err);
    }

    /**
     * Passes 1-4 for one kernel release (a fleet's distinct kernel): the built module goes to {@code sink}.
     * Returns the exit status of the build.
     */
    int buildFor(Invocation inv, String release, java.util.function.Consumer<Object> sink) {
        Invocation one = inv.withOptions(inv.options().toBuilder().lastPass(4).kernelRelease(release).build());
        StageContext ctx = context(one);
        return new StagedRun(registry, this, out, err, env, usage).runCapturing(one, ctx, diagnostics(ctx), sink);
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

    /** stap options this jstap cannot honour for a run (pass 5); passes 1-4 do not depend on them. */
    private static String unsupportedOption(SessionOptions o) {
        if (o.lastPass() < 5) return null;
        if (o.stap().flightRecorder()) {
            return "-F (flight recorder: the module keeps running after jstap detaches) is not supported by jstap";
        }
        String rotation = org.jstap.api.ScriptOutput.misuse(o); // -S without -o, refused as staprun does
        if (rotation != null) return rotation;
        return null;
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", "));
    }

    /**
     * {@code -r} when given; else, for pass 5 of the kmod backend, the kernel of the run target that will be used
     * ({@code --target}, or the first available): the test VM's, so modules are built for the kernel they run on.
     * bpf elaborates against this machine's kernel (its BTF) wherever the object runs: its field accesses are CO-RE
     * relocations, so the one object reads each kernel's own layout ({@code --target=vm} runs the host-built one).
     * Except a bpf script with {@code module("NAME")} probes for another target: a module's BTF is split over its
     * own kernel's, and the module is the target's (the test VM's /lib/modules), so that kernel is elaborated.
     */
    private String releaseFor(SessionOptions o, String scriptText) {
        if (o.kernelRelease() != null && !o.kernelRelease().isEmpty()) return o.kernelRelease();
        if ("bpf".equals(o.runtime())) {
            if (o.target() != null && !o.target().equals("local") && scriptText.contains("module(\"")) {
                for (RunTarget t : registry.runTargets()) {
                    if (t.name().equals(o.target()) && t.kernelRelease().isPresent()) return t.kernelRelease().get();
                }
            }
            return System.getProperty("os.version");
        }
        if (!Backend.KMOD.equals(o.runtime())) return o.kernelRelease();
        List<RunTarget> targets = registry.runTargets().stream()
                .sorted(java.util.Comparator.comparingInt(RunTarget::preference)).toList();
        for (RunTarget t : targets) {
            boolean chosen = o.target() != null ? t.name().equals(o.target()) : t.isAvailable();
            if (chosen) return t.kernelRelease().orElse(o.kernelRelease());
        }
        return o.kernelRelease();
    }

    private Supplier<KernelInfo> kernel(String releaseOrDir) {
        return () -> {
            Optional<KernelLocator> locator = registry.kernelLocators().stream().findFirst();
            return locator.flatMap(l -> l.locate(releaseOrDir)).orElse(null);
        };
    }

    String missingStage(Pass pass, String runtime) {
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
