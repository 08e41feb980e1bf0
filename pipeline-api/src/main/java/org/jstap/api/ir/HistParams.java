package org.jstap.api.ir;

/**
 * A histogram over a statistic: {@code @hist_log(s)} or {@code @hist_linear(s, lo, hi, step)} (parameters are
 * literals, checked in pass 2: {@code step > 0}, {@code hi > lo}). For LOG the three numbers are 0.
 */
public record HistParams(Kind kind, long lo, long hi, long step) {
    public enum Kind { LINEAR, LOG }

    public static final HistParams LOG = new HistParams(Kind.LOG, 0, 0, 0);

    /** Bucket count for a linear histogram, plus the two under/overflow buckets stap keeps. */
    public int linearBuckets() {
        return (int) ((hi - lo) / step) + 2;
    }
}
