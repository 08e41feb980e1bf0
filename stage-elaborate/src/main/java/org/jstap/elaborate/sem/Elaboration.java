package org.jstap.elaborate.sem;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jstap.api.SessionOptions;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.ir.PointContext;

/** State shared by every body elaborated in one run: symbols, options, sinks, the function worklist. */
final class Elaboration {
    final Symbols symbols;
    final SessionOptions options;
    final Diagnostics diagnostics;
    final PointContext points;
    final Deque<FunctionSym> worklist = new ArrayDeque<>();

    Elaboration(Symbols symbols, SessionOptions options, Diagnostics diagnostics, PointContext points) {
        this.symbols = symbols;
        this.options = options;
        this.diagnostics = diagnostics;
        this.points = points;
    }

    void reach(FunctionSym f) {
        if (!f.reachable) {
            f.reachable = true;
            worklist.add(f);
        }
    }
}
