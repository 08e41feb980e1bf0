package org.jstap.cli;

import java.io.PrintStream;
import java.util.List;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Diagnostics;

/** Prints each diagnostic once, in report order, as soon as the pass that reported it returns. */
final class DiagnosticPrinter {
    private final Diagnostics diagnostics;
    private final DiagnosticRenderer renderer;
    private final PrintStream err;
    private int printed;

    DiagnosticPrinter(Diagnostics diagnostics, DiagnosticRenderer renderer, PrintStream err) {
        this.diagnostics = diagnostics;
        this.renderer = renderer;
        this.err = err;
    }

    void flush() {
        List<Diagnostic> all = diagnostics.all();
        for (int i = printed; i < all.size(); i++) err.print(renderer.render(all.get(i)));
        printed = all.size();
        err.flush();
    }
}
