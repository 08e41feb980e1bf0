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
    /** Source texts, to point at a name inside a node whose tree keeps no span for it. */
    org.jstap.api.diag.SourceTexts sources;

    /**
     * The span of {@code name} following {@code keyword} (e.g. the array after {@code in}) on the node's first line,
     * or the node's span when it cannot be found.
     */
    org.jstap.api.diag.Span nameAfter(org.jstap.api.diag.Span node, String keyword, String name) {
        if (sources == null || node == null || !node.isKnown()) return node;
        String line = sources.line(node.file(), node.line());
        if (line == null) return node;
        var m = java.util.regex.Pattern.compile("\\b" + keyword + "\\s+(" + java.util.regex.Pattern.quote(name) + ")\\b")
                .matcher(line);
        if (!m.find(Math.max(0, node.col() - 1))) return node;
        int col = m.start(1) + 1;
        return new org.jstap.api.diag.Span(node.file(), node.line(), col, node.line(), col + name.length());
    }

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
