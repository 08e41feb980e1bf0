package org.jstap.elaborate.probes;

import java.util.List;
import java.util.Set;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;

/**
 * {@code begin}, {@code end}, {@code error} with an optional priority ({@code begin(-10)}), and {@code never}
 * (resolves with a null site: pass 2 elides it, as stap does).
 */
public final class BeginEndProvider implements ProbeProvider {
    private static final Set<String> NAMES = Set.of("begin", "end", "error", "never");

    @Override public String family() { return "begin"; }


    @Override public List<String> shapes() { return List.of("begin", "begin(N)", "end", "end(N)", "error", "error(N)", "never"); }

    @Override
    public boolean matches(ProbePoint p) {
        return p.components().size() == 1 && NAMES.contains(p.components().get(0).name());
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var c = p.components().get(0);
        long prio = 0;
        if (c.arg() != null) {
            if (c.name().equals("never") || !(c.arg() instanceof Expr.IntLit)) {
                PointArgs.error(ctx, c, "'" + c.name() + "' takes " + (c.name().equals("never") ? "no argument" : "an integer priority"), null);
                return List.of();
            }
            prio = ((Expr.IntLit) c.arg()).value();
        }
        IrSite site = switch (c.name()) {
            case "begin" -> new IrSite.Begin(prio);
            case "end" -> new IrSite.End(prio);
            case "error" -> new IrSite.Error(prio);
            default -> null;
        };
        return List.of(new ResolvedPoint(PointArgs.text(p.components()), "", site, List.of(), null, null, false));
    }
}
