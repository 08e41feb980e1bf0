package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.IrType;

/**
 * Parses printf formats the way stap accepts them: {@code %[flags][width][.precision][length]conv} with flags
 * {@code -+ #0}, width/precision digits or {@code *}, C length modifiers ({@code l ll h hh z j t L}) accepted and
 * ignored (all integers are 64-bit), conversions {@code d i u o x X c s p b m M} and {@code %%}.
 */
final class FormatParser {
    private FormatParser() {}

    /** Thrown with a message for the user ("invalid conversion '%q'"). */
    static final class BadFormat extends Exception {
        private static final long serialVersionUID = 1L;

        BadFormat(String m) {
            super(m);
        }
    }

    static Format parse(String f) throws BadFormat {
        List<Format.Segment> segs = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < f.length()) {
            char c = f.charAt(i);
            if (c != '%') {
                text.append(c);
                i++;
                continue;
            }
            int start = i++;
            if (i >= f.length()) throw new BadFormat("format ends inside a conversion ('%' at the end)");
            if (f.charAt(i) == '%') {
                text.append('%');
                i++;
                continue;
            }
            StringBuilder flags = new StringBuilder();
            while (i < f.length() && "-+ #0".indexOf(f.charAt(i)) >= 0) flags.append(f.charAt(i++));
            int width = -1, prec = -1;
            if (i < f.length() && f.charAt(i) == '*') {
                width = -2;
                i++;
            } else {
                int w = 0;
                boolean any = false;
                while (i < f.length() && Character.isDigit(f.charAt(i))) { w = w * 10 + (f.charAt(i++) - '0'); any = true; }
                if (any) width = w;
            }
            if (i < f.length() && f.charAt(i) == '.') {
                i++;
                if (i < f.length() && f.charAt(i) == '*') {
                    prec = -2;
                    i++;
                } else {
                    int p = 0;
                    while (i < f.length() && Character.isDigit(f.charAt(i))) p = p * 10 + (f.charAt(i++) - '0');
                    prec = p;
                }
            }
            while (i < f.length() && "lhzjtLq".indexOf(f.charAt(i)) >= 0) i++;
            if (i >= f.length()) throw new BadFormat("format ends inside a conversion ('" + f.substring(start) + "')");
            char conv = f.charAt(i++);
            IrType t;
            switch (conv) {
                case 'd', 'i', 'u', 'o', 'x', 'X', 'c', 'p', 'b', 'm', 'M' -> t = IrType.LONG;
                case 's' -> t = IrType.STRING;
                default -> throw new BadFormat("invalid conversion '" + f.substring(start, i) + "'");
            }
            if (text.length() > 0) {
                segs.add(new Format.Text(text.toString()));
                text.setLength(0);
            }
            // %m and %M print a buffer whose address is the argument and whose length is the precision.
            segs.add(new Format.Conv(flags.toString(), width, prec, conv, t, f.substring(start, i)));
        }
        if (text.length() > 0) segs.add(new Format.Text(text.toString()));
        return new Format(segs);
    }

    /** The types of the arguments a format consumes, in order ({@code *} widths are LONG). */
    static List<IrType> argTypes(Format f) {
        List<IrType> out = new ArrayList<>();
        for (Format.Segment s : f.segments()) {
            if (s instanceof Format.Conv c) {
                if (c.width() == -2) out.add(IrType.LONG);
                if (c.precision() == -2) out.add(IrType.LONG);
                out.add(c.argType());
            }
        }
        return out;
    }
}
