package org.jstap.elaborate.probes;

import java.util.List;
import java.util.Map;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;

/**
 * {@code timer.s/ms/us/ns/hz/jiffies(N)[.randomize(M)]} and {@code timer.profile}. Periods become nanoseconds
 * (jiffies stay jiffies: HZ is the target kernel's business).
 */
public final class TimerProvider implements ProbeProvider {
    private static final Map<String, Long> NS_PER_UNIT = Map.of(
            "s", 1_000_000_000L, "sec", 1_000_000_000L, "ms", 1_000_000L, "msec", 1_000_000L,
            "us", 1_000L, "usec", 1_000L, "ns", 1L, "nsec", 1L);

    @Override public String family() { return "timer"; }


    @Override
    public List<String> shapes() {
        return List.of("timer.s(N)", "timer.ms(N)", "timer.us(N)", "timer.ns(N)", "timer.hz(N)", "timer.jiffies(N)",
                "timer.ms(N).randomize(M)", "timer.profile");
    }

    @Override
    public boolean matches(ProbePoint p) {
        return PointArgs.named(p, 0, "timer") && p.components().size() >= 2;
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        String unit = cs.get(1).name();
        if (unit.equals("profile")) {
            if (cs.size() != 2) return List.of();
            return List.of(new ResolvedPoint("timer.profile", "", new IrSite.Profile(), List.of(), null, null, false));
        }
        boolean jiffies = unit.equals("jiffies");
        if (!jiffies && !unit.equals("hz") && !NS_PER_UNIT.containsKey(unit)) return List.of();
        if (cs.size() > 3 || (cs.size() == 3 && !cs.get(2).name().equals("randomize"))) return List.of();
        Long n = PointArgs.number(p, 1, ctx);
        if (n == null) return List.of();
        if (n <= 0) {
            PointArgs.error(ctx, cs.get(1), "timer period must be positive", null);
            return List.of();
        }
        long rand = 0;
        if (cs.size() == 3) {
            Long r = PointArgs.number(p, 2, ctx);
            if (r == null) return List.of();
            if (r < 0 || unit.equals("hz")) {
                PointArgs.error(ctx, cs.get(2), unit.equals("hz") ? "timer.hz cannot be randomized"
                        : "randomize value must not be negative", null);
                return List.of();
            }
            rand = r;
        }
        IrSite site;
        if (jiffies) {
            site = new IrSite.Timer(0, 0, n, rand);
        } else if (unit.equals("hz")) {
            site = new IrSite.Timer(1_000_000_000L / n, 0, 0, 0);
        } else {
            long mul = NS_PER_UNIT.get(unit);
            if (n > Long.MAX_VALUE / mul) {
                PointArgs.error(ctx, cs.get(1), "timer period too large", null);
                return List.of();
            }
            if (rand >= n) {
                PointArgs.error(ctx, cs.get(2), "randomize value must be less than the period", null);
                return List.of();
            }
            site = new IrSite.Timer(n * mul, rand * mul, 0, 0);
        }
        return List.of(new ResolvedPoint(PointArgs.text(cs), "", site, List.of(), null, null, false));
    }
}
