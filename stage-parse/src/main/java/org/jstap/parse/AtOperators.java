package org.jstap.parse;

import java.util.List;

/** The language's own {@code @}-operators, for "did you mean" hints on unknown ones. */
final class AtOperators {
    private AtOperators() {}

    static final List<String> ALL = List.of("@count", "@sum", "@min", "@max", "@avg", "@variance", "@hist_linear",
            "@hist_log", "@entry", "@cast", "@defined", "@var", "@define", "@const", "@probewrite", "@kregister",
            "@uregister", "@perf");

    /**
     * Operators the AST represents as an {@link org.jstap.api.ast.Expr.Call} named with its '@', with their
     * number of arguments: {@code @const("NAME")} (a C constant, guru mode), {@code @probewrite(var)},
     * {@code @kregister(n)}, {@code @uregister(n)}, {@code @perf("counter")}.
     */
    static final java.util.Map<String, Integer> CALL_LIKE = java.util.Map.of("@const", 1, "@probewrite", 1,
            "@kregister", 1, "@uregister", 1, "@perf", 1);

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
