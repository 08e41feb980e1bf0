package org.jstap.backend.interp;

import java.util.List;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ir.HistParams;

/**
 * One statistic, the integer arithmetic of runtime-c's {@code struct jst_stat} (jst_stat.c): Welford's running
 * variance over values scaled by 2^shift ({@code @variance(s, shift)}), plus one bucket array per histogram shape
 * the program uses on it.
 */
final class Stat {
    static final int LOG_BUCKETS = 128, LOG_ZERO = 64;

    final List<HistParams> shapes;
    /** {@code @variance}'s bit shift: avgS, m2 and varianceS carry 2^shift (m2, varianceS 2^2shift) of scale. */
    final int shift;
    long count, sum, min, max, avgS, m2, varianceS;
    final long[][] hist;

    Stat(List<HistParams> shapes) {
        this(shapes, 0);
    }

    Stat(List<HistParams> shapes, int shift) {
        this.shapes = shapes;
        this.shift = shift;
        hist = new long[shapes.size()][];
        for (int i = 0; i < hist.length; i++) hist[i] = new long[buckets(shapes.get(i))];
    }

    /** {@code delete s}: empty again, in place (compiled code holds this object, not the global's slot). */
    void clear() {
        count = sum = min = max = avgS = m2 = varianceS = 0;
        for (long[] h : hist) java.util.Arrays.fill(h, 0);
    }

    static int buckets(HistParams h) {
        if (h.kind() == HistParams.Kind.LOG) return LOG_BUCKETS;
        return (int) Math.max(3, Math.min(1 << 20, (h.hi() - h.lo()) / Math.max(1, h.step()) + 3));
    }

    void add(long v) {
        long scaled = v << shift;
        if (count == 0) {
            count = 1;
            sum = min = max = v;
            avgS = scaled;
            m2 = 0;
            varianceS = -1;
        } else {
            count++;
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
            // the step cut to a signed 32-bit int, as runtime-c's jst_stat_add and stap 4.8 (measured)
            long delta = (int) (scaled - avgS);
            avgS += delta / count;
            m2 += delta * (scaled - avgS);
            varianceS = m2 / (count - 1);
        }
        for (int i = 0; i < hist.length; i++) hist[i][bucket(shapes.get(i), hist[i].length, v)]++;
    }

    static int logBucket(long v) {
        if (v == 0) return LOG_ZERO;
        long u = v < 0 ? -v : v;
        int bits = 64 - Long.numberOfLeadingZeros(u);
        if (bits > 63) bits = 63;
        return v < 0 ? LOG_ZERO - bits : LOG_ZERO + bits;
    }

    static long logValue(int b) {
        if (b == LOG_ZERO) return 0;
        if (b > LOG_ZERO) return 1L << (b - LOG_ZERO - 1);
        return -(1L << (LOG_ZERO - b - 1));
    }

    private static int bucket(HistParams h, int n, long v) {
        if (h.kind() == HistParams.Kind.LOG) return logBucket(v);
        if (v < h.lo()) return 0;
        long b = (v - h.lo()) / h.step() + 1;
        if (b >= n - 1) b = n - 1;
        return (int) b;
    }

    /**
     * What reading a scalar statistic gives in runtime-c: the aggregate of the per-CPU partials
     * ({@code jst_stat_aggregate}); the interpreter has one partial. The mean is recomputed exactly and the
     * variance combined from the partial's, as C does.
     */
    Stat aggregate() {
        Stat a = new Stat(shapes, shift);
        if (count == 0) return a;
        a.count = count;
        a.sum = sum;
        a.min = min;
        a.max = max;
        for (int i = 0; i < hist.length; i++) a.hist[i] = hist[i].clone();
        a.avgS = (sum << shift) / count;
        long d = avgS - a.avgS;
        long within = count > 1 ? (count - 1) * varianceS : 0;
        a.m2 = count * d * d + within;
        a.varianceS = count > 1 ? a.m2 / (count - 1) : -1;
        return a;
    }

    /** {@code @count(s)} ...; null means "no such element" (empty). Empty: count/sum 0, the rest an error (null). */
    static Long get(Stat s, StatFn fn) {
        if (s == null || s.count == 0) return fn == StatFn.COUNT || fn == StatFn.SUM ? 0L : null;
        return switch (fn) {
            case COUNT -> s.count;
            case SUM -> s.sum;
            case MIN -> s.min;
            case MAX -> s.max;
            case AVG -> s.sum / s.count;
            case VARIANCE -> s.count > 1 ? s.varianceS >> (2 * s.shift) : 0L;
        };
    }

    long[] histogram(HistParams h) {
        int i = shapes.indexOf(h);
        return i < 0 ? null : hist[i];
    }
}
