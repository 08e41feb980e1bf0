package org.jstap.backend.interp;

/**
 * The fp_* tapset's IEEE-754 binary64 operations on bit patterns, over Java's double (IEEE, round to nearest
 * even). NaNs are made explicit so the answer is the same bits as runtime-c's soft-float (jst_fp.c) and SystemTap
 * 4.8: an invalid operation gives the default NaN 0x7ff8000000000000, otherwise the first signalling NaN operand
 * (quieted), else the first NaN operand; Java itself leaves NaN bits unspecified.
 */
final class Fp64 {
    static final long QUIET = 0x0008000000000000L;
    static final long DEFAULT_NAN = 0x7ff8000000000000L;

    private Fp64() {}

    private static boolean isNaN(long a) { return (a & Long.MAX_VALUE) > 0x7ff0000000000000L; }

    private static boolean isSignalling(long a) { return isNaN(a) && (a & QUIET) == 0; }

    private static long nan2(long a, long b) {
        if (isSignalling(a)) return a | QUIET;
        if (isSignalling(b)) return b | QUIET;
        return (isNaN(a) ? a : b) | QUIET;
    }

    private static double d(long a) { return Double.longBitsToDouble(a); }

    private static long bits(double r) { return Double.isNaN(r) ? DEFAULT_NAN : Double.doubleToRawLongBits(r); }

    static long add(long a, long b) { return isNaN(a) || isNaN(b) ? nan2(a, b) : bits(d(a) + d(b)); }

    static long sub(long a, long b) { return isNaN(a) || isNaN(b) ? nan2(a, b) : bits(d(a) - d(b)); }

    static long mul(long a, long b) { return isNaN(a) || isNaN(b) ? nan2(a, b) : bits(d(a) * d(b)); }

    static long div(long a, long b) { return isNaN(a) || isNaN(b) ? nan2(a, b) : bits(d(a) / d(b)); }

    static long rem(long a, long b) {
        if (isNaN(a) || isNaN(b)) return nan2(a, b);
        double r = Math.IEEEremainder(d(a), d(b));
        // an exact zero keeps the dividend's sign (IEEE 754)
        return r == 0 && !Double.isNaN(r) ? a & Long.MIN_VALUE : bits(r);
    }

    static long sqrt(long a) {
        if (isNaN(a)) return a | QUIET;
        return bits(Math.sqrt(d(a)));
    }

    static long fromLong(long x) { return Double.doubleToRawLongBits((double) x); }

    /** 0 nearest-even, 1 toward zero, 2 down, 3 up, 4 nearest-away, any other toward zero; NaN 0, saturating. */
    static long toLong(long a, long mode) {
        if (isNaN(a)) return 0;
        double x = d(a);
        double t = x < 0 ? Math.ceil(x) : Math.floor(x);   // toward zero
        double r = switch ((int) Math.max(-1, Math.min(mode, 5))) {
            case 0 -> Math.rint(x);
            case 2 -> Math.floor(x);
            case 3 -> Math.ceil(x);
            case 4 -> Math.abs(x - t) >= 0.5 ? t + Math.signum(x) : t;   // x - t is exact
            default -> t;
        };
        return (long) r;   // Java saturates to Long.MIN_VALUE/MAX_VALUE as SystemTap does
    }
}
