package org.jstap.translate;

import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;

/**
 * {@code timer.s/ms/us/ns/hz/jiffies(N)[.randomize(M)]} (jst_timer.c): each period is drawn from
 * {@code [period - r, period + r]}, written as its low end and the spread {@code 2r} (r capped below the period).
 */
final class TimerTable extends SiteTable {
    TimerTable() {
        super("jst_timer_probe", "jt_timers", "timers", "ntimers", "JST_NEED_TIMERS", true);
    }

    void add(IrProbe p, IrSite.Timer t) {
        String period, rnd;
        if (t.jiffies() > 0) {
            long r = Math.min(t.randomizeJiffies(), t.jiffies() - 1);
            period = "(uint64_t)" + (t.jiffies() - r) + " * (NSEC_PER_SEC / HZ)";
            rnd = "(uint64_t)" + (2 * r) + " * (NSEC_PER_SEC / HZ)";
        } else {
            long r = Math.min(t.randomizeNs(), Math.max(0, t.periodNs() - 1));
            period = (t.periodNs() - r) + "ULL";
            rnd = (2 * r) + "ULL";
        }
        rows.add("{ .probe = " + desc(p) + ", .period_ns = " + period + ", .randomize_ns = " + rnd + " }");
    }
}
