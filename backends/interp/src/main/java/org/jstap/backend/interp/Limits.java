package org.jstap.backend.interp;

import java.util.Map;

/**
 * The runtime limits with runtime-c's defaults (jst_limits.h), each overridable with {@code -D NAME=VALUE} as in
 * stap. A value that is not a number is ignored (stap would fail to compile the module; pass 2 does not check).
 */
/** {@code maxAction}: the per-hit budget, MAXACTION_INTERRUPTIBLE. */
record Limits(long maxAction, long maxMapEntries, int maxStringLen, int maxNesting, long maxErrors, int hz) {
    static final long MAXACTION = 1000;
    static final long MAXMAPENTRIES = 2048;
    static final int MAXSTRINGLEN = 512;
    static final int MAXNESTING = 10;
    static final long MAXERRORS = 0;
    /** jiffies per second for timer.jiffies and jiffies(): Debian's CONFIG_HZ, the kmod backend's usual target. */
    static final int HZ = 250;

    /** {@code --suppress-time-limits}: no per-hit budget. */
    Limits withoutMaxAction() {
        return new Limits(Long.MAX_VALUE, maxMapEntries, maxStringLen, maxNesting, maxErrors, hz);
    }

    Limits withMaxNesting(int n) {
        return new Limits(maxAction, maxMapEntries, maxStringLen, n, maxErrors, hz);
    }

    static Limits of(Map<String, String> defines) {
        // a hit's budget is MAXACTION_INTERRUPTIBLE (10 x MAXACTION unless set): stap 4.8 builds every probe
        // handler interruptible (begin, end, error, timer, profile and kprobes measured in the test VM)
        long interruptible = number(defines, "MAXACTION_INTERRUPTIBLE", 10 * number(defines, "MAXACTION", MAXACTION));
        return new Limits(interruptible, number(defines, "MAXMAPENTRIES", MAXMAPENTRIES),
                (int) Math.max(2, Math.min(1 << 20, number(defines, "MAXSTRINGLEN", MAXSTRINGLEN))),
                (int) Math.max(0, Math.min(1 << 16, number(defines, "MAXNESTING", MAXNESTING))),
                number(defines, "MAXERRORS", MAXERRORS), HZ);
    }

    private static long number(Map<String, String> d, String name, long dflt) {
        String v = d.get(name);
        if (v == null) return dflt;
        try {
            String t = v.trim().replaceAll("[uUlL]+$", "");
            return t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
