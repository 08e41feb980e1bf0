package org.jstap.api;

import java.io.PrintStream;
import java.util.function.Supplier;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;

/**
 * What a stage may use besides its input: the options, the diagnostics sink, the source texts for rendering,
 * the target kernel (computed on first use: pass 1 needs it only for {@code kernel_v} conditionals), and the
 * streams the run's output and progress go to.
 */
public record StageContext(SessionOptions options, Diagnostics diagnostics, SourceTexts sources,
                           Supplier<KernelInfo> kernel, PrintStream out, PrintStream err) {

    /** A context for tests and tools: default streams, no kernel unless given. */
    public static StageContext of(SessionOptions options, Supplier<KernelInfo> kernel) {
        return new StageContext(options, new Diagnostics(options.suppressWarnings(), options.warningsAreErrors()),
                new SourceTexts(), kernel, System.out, System.err);
    }
}
