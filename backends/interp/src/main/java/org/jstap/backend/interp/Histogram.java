package org.jstap.backend.interp;

import org.jstap.api.ir.HistParams;

/** stap's ASCII histogram layout, as runtime-c's {@code jst_hist_format} (jst_stat.c) renders it. */
final class Histogram {
    static final int WIDTH = 50, ELISION = 2;

    private Histogram() {}

    private static int digits(long v) {
        return Long.toString(v).length();
    }

    private static void rep(StringBuilder o, char c, long n) {
        for (long i = 0; i < n; i++) o.append(c);
    }

    private static void num(StringBuilder o, long v, long width) {
        String t = Long.toString(v);
        rep(o, ' ', width - t.length());
        o.append(t);
    }

    /** Appends the rendering; an empty statistic renders nothing. */
    static void format(StringBuilder o, long[] hist, HistParams h) {
        if (hist == null || hist.length == 0) return;
        boolean log = h.kind() == HistParams.Kind.LOG;
        int n = hist.length, first = -1, last = -1;
        long peak = 0;
        for (int b = 0; b < n; b++) {
            if (hist[b] > 0) {
                if (first < 0) first = b;
                last = b;
            }
            if (hist[b] > peak) peak = hist[b];
        }
        if (first < 0) return;
        int lo = first, hi = last;
        for (int i = 0; i < 2; i++) {
            if (log) {
                if (lo > 0 && lo != Stat.LOG_ZERO) lo--;
            } else if (lo > 0) {
                lo--;
            }
            if (hi < n - 1) hi++;
        }
        if (!log) {
            if (lo == 0 && hist[0] == 0) lo++;
            if (hi == n - 1 && hist[hi] == 0) hi--;
        }
        long scale = peak <= WIDTH ? 1 : (peak + WIDTH - 1) / WIDTH;
        long cw = digits(peak), vw;
        if (!log) {
            long a = digits(h.lo()) + (lo == 0 ? 1 : 0);
            long z = digits(h.lo() + h.step() * hi) + (hi == n - 1 ? 1 : 0);
            vw = Math.max(a, z);
        } else {
            vw = Math.max(digits(Stat.logValue(lo)), digits(Stat.logValue(hi)));
        }
        if (vw < 5) vw = 5;
        rep(o, ' ', vw - 5);
        o.append("value |");
        rep(o, '-', WIDTH);
        o.append(" count\n");
        boolean eliding = false;
        for (int b = lo; b <= hi; b++) {
            int from = Math.max(b - ELISION, lo), to = Math.min(b + ELISION, hi);
            boolean empty = true;
            for (int k = from; k <= to; k++) if (hist[k] != 0) empty = false;
            if (empty) {
                eliding = true;
                continue;
            }
            if (eliding) {
                rep(o, ' ', vw);
                o.append(" ~\n");
                eliding = false;
            }
            String mark = "";
            long label;
            if (log) {
                label = Stat.logValue(b);
            } else if (b == 0) {
                mark = "<";
                label = h.lo();
            } else if (b == n - 1) {
                mark = ">";
                label = h.lo() + (long) (b - 2) * h.step();
            } else {
                label = h.lo() + (long) (b - 1) * h.step();
            }
            rep(o, ' ', vw - digits(label) - mark.length());
            o.append(mark).append(label).append(" |");
            long bar = hist[b] / scale;
            rep(o, '@', bar);
            num(o, hist[b], WIDTH - bar + 1 + cw);
            o.append('\n');
        }
        o.append('\n');
    }
}
