package org.jstap.elaborate.probes;

import java.util.List;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.ast.Expr;
import org.jstap.api.ir.PointContext;

/** The suffixes after a function component: {@code .call .return .inline .exported .maxactive(N)}. */
record FunctionSuffix(boolean isReturn, boolean call, boolean inline, boolean exported, Integer maxActive, String text) {
    /** Parses {@code cs} (the components after the function); null when a component is not a suffix. */
    static FunctionSuffix parse(List<Component> cs, PointContext ctx) {
        boolean ret = false, call = false, inline = false, exported = false;
        Integer max = null;
        for (Component c : cs) {
            switch (c.name()) {
                case "return" -> ret = true;
                case "call" -> call = true;
                case "inline" -> inline = true;
                case "exported" -> exported = true;
                case "maxactive" -> {
                    if (!(c.arg() instanceof Expr.IntLit n) || n.value() <= 0) {
                        PointArgs.error(ctx, c, "maxactive needs a positive number", "maxactive(20)");
                        return null;
                    }
                    max = (int) n.value();
                }
                default -> { return null; }
            }
            if (!c.name().equals("maxactive") && c.arg() != null) return null;
        }
        if (max != null && !ret) {
            PointArgs.error(ctx, cs.get(cs.size() - 1), "maxactive only applies to .return probes", null);
            return null;
        }
        if ((ret ? 1 : 0) + (call ? 1 : 0) + (inline ? 1 : 0) > 1) return null;
        return new FunctionSuffix(ret, call, inline, exported, max, cs.isEmpty() ? "" : "." + PointArgs.text(cs));
    }
}
