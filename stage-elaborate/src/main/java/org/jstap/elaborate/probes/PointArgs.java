package org.jstap.elaborate.probes;

import java.util.List;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.PointContext;

/** Small helpers shared by the providers to read probe-point components and their arguments. */
public final class PointArgs {
    private PointArgs() {}

    public static List<Component> comps(ProbePoint p) {
        return p.components();
    }

    public static boolean named(ProbePoint p, int i, String name) {
        return p.components().size() > i && p.components().get(i).name().equals(name);
    }

    /** The string argument of component i, or null (and an error) if it is missing or not a string. */
    public static String string(ProbePoint p, int i, PointContext ctx) {
        Component c = p.components().get(i);
        if (c.arg() instanceof Expr.StrLit s) return s.value();
        ctx.diagnostics().report(Diagnostic.error(Codes.SEM_BAD_PROBE_ARG, c.span(),
                "probe point component '" + c.name() + "' needs a string argument")
                .withHint(c.name() + "(\"...\")"));
        return null;
    }

    /** The number argument of component i, or null (and an error) if it is missing or not a number. */
    public static Long number(ProbePoint p, int i, PointContext ctx) {
        Component c = p.components().get(i);
        if (c.arg() instanceof Expr.IntLit n) return n.value();
        ctx.diagnostics().report(Diagnostic.error(Codes.SEM_BAD_PROBE_ARG, c.span(),
                "probe point component '" + c.name() + "' needs a number argument")
                .withHint(c.name() + "(N)"));
        return null;
    }

    public static void error(PointContext ctx, Component c, String message, String hint) {
        Diagnostic d = Diagnostic.error(Codes.SEM_BAD_PROBE_ARG, c.span(), message);
        ctx.diagnostics().report(hint == null ? d : d.withHint(hint));
    }

    /** Renders component i onward as stap prints it: {@code .return}, {@code .maxactive(10)}. */
    public static String text(List<Component> cs) {
        StringBuilder b = new StringBuilder();
        for (Component c : cs) {
            if (b.length() > 0) b.append('.');
            b.append(c.name());
            if (c.arg() instanceof Expr.StrLit s) b.append("(\"").append(org.jstap.api.ast.Literals.escape(s.value())).append("\")");
            else if (c.arg() instanceof Expr.IntLit n) b.append('(').append(n.value()).append(')');
        }
        return b.toString();
    }

    public static String quote(String s) {
        return "\"" + org.jstap.api.ast.Literals.escape(s) + "\"";
    }
}
