package org.jstap.irtools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jstap.api.ir.IrConst;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrType;

/**
 * {@code -G VAR=VALUE} for the backends that start the run themselves (interp, bpf's user space): the program with
 * those globals' initial values replaced, read as stap's module parameters read them (measured with stap 4.8 in
 * the VM):
 * <ul>
 * <li>a numeric global takes C's {@code simple_strtoll(value, &end, 0)}: an optional {@code -}, then {@code 0x}
 * hex, a leading {@code 0} octal or decimal, up to the first character that is no digit ({@code 1.5} is 1,
 * {@code 0x1g} is 1, {@code -} is 0), wrapping past 64 bits; only a value that does not start with {@code -} or a
 * digit ({@code abc}, {@code _5}) is refused;</li>
 * <li>a string global takes the text, which must be shorter than MAXSTRINGLEN;</li>
 * <li>a name that is no scalar global of the script (an array, a statistic, a typo) is ignored, as the kernel
 * ignores an unknown module parameter.</li>
 * </ul>
 */
public final class GlobalSettings {
    private GlobalSettings() {}

    /** A value the global cannot take: the message for the user. */
    public static final class BadSetting extends Exception {
        private static final long serialVersionUID = 1L;

        BadSetting(String message) {
            super(message);
        }
    }

    /** The program with the settings applied; itself when there are none. */
    public static IrProgram apply(IrProgram p, Map<String, String> settings, int maxStringLen) throws BadSetting {
        if (settings.isEmpty()) return p;
        List<IrGlobal> gs = new ArrayList<>();
        for (IrGlobal g : p.globals()) {
            String v = settable(g) ? settings.get(g.name()) : null;
            gs.add(v == null ? g : withInit(g, value(g, v, maxStringLen)));
        }
        return new IrProgram(p.script(), gs, p.functions(), p.probes(), p.embeds(), p.guru(), p.elided());
    }

    /** What {@code -G} can set: a scalar number or string of the script itself (a tapset's private one is not). */
    public static boolean settable(IrGlobal g) {
        return !g.isArray() && !g.isPrivate() && (g.type() == IrType.LONG || g.type() == IrType.STRING);
    }

    static IrConst value(IrGlobal g, String v, int maxStringLen) throws BadSetting {
        if (g.type() == IrType.STRING) {
            if (v.length() >= maxStringLen) {
                throw new BadSetting("-G " + g.name() + "=...: the value is " + v.length()
                        + " characters, the string global '" + g.name() + "' holds at most " + (maxStringLen - 1)
                        + " (MAXSTRINGLEN " + maxStringLen + ")");
            }
            return IrConst.of(v);
        }
        Long n = strtoll(v);
        if (n == null) {
            throw new BadSetting("-G " + g.name() + "=" + v + ": '" + v + "' is not a number, and '" + g.name()
                    + "' is a numeric global");
        }
        return IrConst.of(n);
    }

    /** C's {@code simple_strtoll(s, &end, 0)}, or null when {@code end == s} (no sign and no digit first). */
    public static Long strtoll(String s) {
        int i = 0;
        boolean neg = false;
        if (i < s.length() && s.charAt(i) == '-') {
            neg = true;
            i++;
        } else if (s.isEmpty() || Character.digit(s.charAt(0), 10) < 0) {
            return null;
        }
        int base = 10;
        if (i < s.length() && s.charAt(i) == '0') {
            if (i + 2 < s.length() && (s.charAt(i + 1) | 0x20) == 'x' && Character.digit(s.charAt(i + 2), 16) >= 0) {
                base = 16;
                i += 2;
            } else {
                base = 8;
            }
        }
        long v = 0;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0) break;
            v = v * base + d; // wraps past 64 bits, as the kernel's unsigned arithmetic does
        }
        return neg ? -v : v;
    }

    private static IrGlobal withInit(IrGlobal g, IrConst init) {
        return new IrGlobal(g.span(), g.name(), g.mangled(), g.type(), g.keyTypes(), g.maxEntries(), g.wrap(), init,
                g.isPrivate(), g.histograms(), g.statFns(), g.written(), g.read(), g.bitShift());
    }
}
