package org.jstap.backend.interp;

/**
 * The printf conversions, byte for byte as runtime-c's {@code jst_vformat} (jst_printf.c): kernel vsprintf padding
 * rules ('0' pads even with a precision, '#' prefixes 0 too), {@code %p} as 0x + the hex digits, {@code %b} raw
 * little-endian bytes. Strings are byte strings (see {@link Strs}). As stap 4.8 prints them: '0' counts only as
 * the sole flag, a zero always prints its digit (precision 0 only matters for {@code %s}), {@code %#o} always
 * prefixes a 0, a negative {@code *} width is ignored and a negative {@code .*} precision is 0 (the caller's job).
 */
final class Printf {
    static final int LEFT = 1, PLUS = 2, SPACE = 4, ZERO = 8, ALT = 16;

    private Printf() {}

    static int flags(String f) {
        int r = 0;
        for (int i = 0; i < f.length(); i++) {
            switch (f.charAt(i)) {
                case '-' -> r |= LEFT;
                case '+' -> r |= PLUS;
                case ' ' -> r |= SPACE;
                case '0' -> r |= ZERO;
                case '#' -> r |= ALT;
                default -> { }
            }
        }
        if ((r & ZERO) != 0 && (r & (LEFT | PLUS | SPACE | ALT)) != 0) r &= ~ZERO; // stap: '0' only alone
        return r;
    }

    private static void pad(StringBuilder o, char c, long n) {
        for (long i = 0; i < n; i++) o.append(c);
    }

    /** An integer conversion: d/i (signed), u/x/X/o (unsigned), with flags, width and precision (-1: none). */
    static void number(StringBuilder o, long u, boolean signed, int base, boolean upper, int flags, long width, long prec) {
        char sign = 0;
        String prefix = "";
        if (signed) {
            if (u < 0) {
                sign = '-';
                u = -u;
            } else if ((flags & PLUS) != 0) {
                sign = '+';
            } else if ((flags & SPACE) != 0) {
                sign = ' ';
            }
        }
        if ((flags & ALT) != 0) {
            if (base == 16) prefix = upper ? "0X" : "0x";
            else if (base == 8) prefix = "0";
        }
        String digits = Long.toUnsignedString(u, base);
        if (upper) digits = digits.toUpperCase(java.util.Locale.ROOT);
        int n = digits.length();
        if (prec < n) prec = n;
        long body = prefix.length() + (sign != 0 ? 1 : 0) + prec;
        if ((flags & (LEFT | ZERO)) == 0) pad(o, ' ', width - body);
        if (sign != 0) o.append(sign);
        o.append(prefix);
        if ((flags & LEFT) == 0 && (flags & ZERO) != 0) pad(o, '0', width - body);
        pad(o, '0', prec - n);
        o.append(digits);
        if ((flags & LEFT) != 0) pad(o, ' ', width - body);
    }

    static void field(StringBuilder o, CharSequence s, int flags, long width) {
        if ((flags & LEFT) == 0) pad(o, ' ', width - s.length());
        o.append(s);
        if ((flags & LEFT) != 0) pad(o, ' ', width - s.length());
    }

    /**
     * One conversion of a long value. {@code width}/{@code prec} are final values (a {@code *} already taken from
     * the arguments, -1 when absent). Returns false for %m/%M (memory reads: the caller raises the fault).
     */
    static boolean longConv(StringBuilder o, char conv, int flags, long width, long prec, long v) {
        switch (conv) {
            case 'd', 'i' -> number(o, v, true, 10, false, flags, width, prec);
            case 'u' -> number(o, v, false, 10, false, flags, width, prec);
            case 'x', 'X' -> number(o, v, false, 16, conv == 'X', flags, width, prec);
            case 'o' -> number(o, v, false, 8, false, flags, width, prec);
            case 'p' -> number(o, v, false, 16, false, flags | ALT, width, prec);
            case 'c' -> field(o, String.valueOf((char) (v & 0xff)), flags, width);
            case 'b' -> {
                int n = (width == 1 || width == 2 || width == 4) ? (int) width : 8;
                for (int i = 0; i < n; i++) o.append((char) ((v >>> (8 * i)) & 0xff));
            }
            case 's' -> field(o, Long.toString(v), flags, width);
            case 'm', 'M' -> { return false; }
            default -> o.append('%').append(conv);
        }
        return true;
    }

    static void stringConv(StringBuilder o, char conv, int flags, long width, long prec, String s) {
        if (conv != 's') { // the elaborator only pairs strings with %s; be lenient like C's va_arg would not be
            o.append(s);
            return;
        }
        CharSequence t = prec >= 0 && prec < s.length() ? s.subSequence(0, (int) prec) : s;
        field(o, t, flags, width);
    }
}
