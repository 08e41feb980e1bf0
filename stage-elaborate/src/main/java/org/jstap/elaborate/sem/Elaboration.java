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
    /** Counts first uses of globals ({@link GlobalSym#firstUse}): probes in script order, then functions. */
    int globalUses;
    /** The names of the perf counters ({@code perf....counter("NAME")}) the script's probes define, for @perf. */
    final java.util.Set<String> perfCounters = new java.util.LinkedHashSet<>();
    /**
     * The chosen backend decides {@code @defined(member)} conditions when the program loads (CO-RE), so both
     * branches are kept ({@link org.jstap.api.spi.Backend#decidesDefinedAtLoad}); else they fold here.
     */
    boolean definedAtLoad;
    /** Source texts, to point at a name inside a node whose tree keeps no span for it. */
    org.jstap.api.diag.SourceTexts sources;

    /**
     * The span of a binary operator's token, found in the source between its operands (the tree keeps only the
     * whole expression's span; runtime errors name the operator: "division by 0 near operator '/' at f:1:40").
     */
    org.jstap.api.diag.Span operator(org.jstap.api.diag.Span left, org.jstap.api.diag.Span right, String symbol,
                                     org.jstap.api.diag.Span whole) {
        if (sources == null || left == null || right == null || !left.isKnown() || !right.isKnown()) return whole;
        for (int ln = left.endLine(); ln <= right.line(); ln++) {
            String line = sources.line(left.file(), ln);
            if (line == null) break;
            int from = ln == left.endLine() ? Math.max(0, left.endCol() - 1) : 0;
            int to = ln == right.line() ? Math.min(line.length(), Math.max(0, right.col() - 1)) : line.length();
            if (from > to) continue;
            int at = line.substring(from, to).indexOf(symbol);
            if (at >= 0) {
                int col = from + at + 1;
                return new org.jstap.api.diag.Span(left.file(), ln, col, ln, col + symbol.length());
            }
        }
        return whole;
    }

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
