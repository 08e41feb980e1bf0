package org.jstap.parse;

import java.util.List;

/** The language's own {@code @}-operators, for "did you mean" hints on unknown ones. */
final class AtOperators {
    private AtOperators() {}

    static final List<String> ALL = List.of("@count", "@sum", "@min", "@max", "@avg", "@variance", "@hist_linear",
            "@hist_log", "@entry", "@cast", "@defined", "@var", "@define", "@const", "@probewrite", "@kregister",
            "@uregister", "@perf");

    /**
     * The one-argument operators the AST represents as an {@link org.jstap.api.ast.Expr.AtOperator}:
     * {@code @const("NAME")}, {@code @probewrite(var)}, {@code @kregister(n)}, {@code @uregister(n)},
     * {@code @perf("counter")} (see {@link org.jstap.api.ast.Ops.AtOp}).
     */
    static boolean isOneArgOperator(String name) {
        return org.jstap.api.ast.Ops.AtOp.bySymbol(name) != null;
    }

    /** The operator within edit distance 2 of {@code name}, or null. */
    static String closest(String name) {
        String best = null;
        int bestD = 3;
        for (String op : ALL) {
            int d = distance(name, op);
            if (d < bestD) {
                bestD = d;
                best = op;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
