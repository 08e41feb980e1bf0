package org.jstap.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jstap.api.StapOptions;
import org.jstap.api.diag.Codes;

/**
 * The values of stap's further options ({@code -G}, {@code -T}, {@code -S}, {@code --vp}, {@code --modinfo},
 * {@code --privilege}, {@code --compatible}, ...) checked the way stap 4.8 checks them (same accepted shapes, learnt
 * by running stap), into {@link StapOptions}.
 */
final class StapOptionParser {
    /** stap's safety patterns (case-insensitive, as stap matches them). */
    static final Pattern GLOBAL_SETTING = Pattern.compile("^[a-z_][a-z0-9_]*=[a-z0-9_.-]+$", Pattern.CASE_INSENSITIVE);
    static final Pattern MODINFO = Pattern.compile("^[a-z_][a-z0-9_]*=.+$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    static final Pattern ROTATION = Pattern.compile("^[0-9]+(,[0-9]+)?$");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("[+-]?0[xX][0-9a-fA-F]+");
    /** The version jstap implements: {@code --compatible} may name it or an older one. */
    static final String VERSION = "4.8";

    private StapOptionParser() {}

    static StapOptions parse(CliOptions o) throws UsageException {
        StapOptions.Builder b = StapOptions.builder();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String g : o.globalSettings) {
            if (!GLOBAL_SETTING.matcher(g).matches()) {
                throw bad("-G", g, "VAR=VALUE, a global's name and a value of letters, digits, '_', '.' or '-' ("
                        + GLOBAL_SETTING.pattern() + ", as stap)");
            }
            int eq = g.indexOf('=');
            settings.remove(g.substring(0, eq)); // the last one of a name wins, in its own place
            settings.put(g.substring(0, eq), g.substring(eq + 1));
        }
        b.globalSettings(settings);
        if (o.timeLimit != null) b.timeLimitMs(timeLimitMs(o.timeLimit));
        if (o.outputRotation != null) {
            if (!ROTATION.matcher(o.outputRotation).matches()) {
                throw bad("-S", o.outputRotation, "SIZE[,N], megabytes per output file and at most N files ("
                        + ROTATION.pattern() + ", as stap)");
            }
            String[] p = o.outputRotation.split(",");
            b.outputSizeMb(number("-S", o.outputRotation, p[0]));
            if (p.length > 1) b.outputFiles((int) Math.min(Integer.MAX_VALUE, number("-S", o.outputRotation, p[1])));
        }
        if (o.passVerbosity != null) {
            if (!o.passVerbosity.matches("[0-9]{1,5}")) throw bad("--vp", o.passVerbosity, "1 to 5 digits, one per pass");
            b.passVerbosity(o.passVerbosity);
        }
        Map<String, String> modinfo = new LinkedHashMap<>();
        for (String m : o.modinfo) {
            if (!MODINFO.matcher(m).matches()) throw bad("--modinfo", m, "NAME=VALUE (" + MODINFO.pattern() + ", as stap)");
            int eq = m.indexOf('=');
            modinfo.put(m.substring(0, eq), m.substring(eq + 1));
        }
        b.modinfo(modinfo);
        String privilege = o.unprivileged ? "stapusr" : null;
        if (o.privilege != null) {
            if (!o.privilege.equals("stapusr") && !o.privilege.equals("stapsys") && !o.privilege.equals("stapdev")) {
                throw bad("--privilege", o.privilege, "stapusr, stapsys or stapdev");
            }
            privilege = o.privilege;
        }
        if (privilege != null && !privilege.equals(StapOptions.STAPDEV) && o.guru) {
            throw new UsageException("-g cannot be combined with --privilege=" + privilege + " (guru mode is stapdev's)",
                    Codes.DRIVER_BAD_OPTION);
        }
        b.privilege(privilege);
        if (o.suppressTimeLimits && !o.guru) { // as stap 4.8: no MAXACTION is a guru's choice
            throw new UsageException("--suppress-time-limits requires guru mode (-g)", Codes.DRIVER_BAD_OPTION);
        }
        if (o.compatible != null) b.compatible(compatible(o.compatible));
        if (o.arch != null) {
            if (o.arch.isBlank()) throw bad("-a", o.arch, "an architecture name such as x86_64");
            b.arch(o.arch);
        }
        return b.skipBadvars(o.skipBadvars).suppressHandlerErrors(o.suppressHandlerErrors)
                .suppressTimeLimits(o.suppressTimeLimits).tmpDir(o.tmpDir).flightRecorder(o.flightRecorder)
                .tapsetCoverage(o.tapsetCoverage).build();
    }

    /**
     * {@code -T SECONDS}: a decimal or hexadecimal number (fractions allowed, leading blanks too, nothing after
     * it), truncated to whole milliseconds, which must be at least 1 and fit stap's int (as stap 4.8 checks it).
     */
    static long timeLimitMs(String text) throws UsageException {
        String t = text.stripLeading();
        double secs;
        if (HEX.matcher(t).matches()) {
            boolean neg = t.startsWith("-");
            String digits = t.replaceFirst("^[+-]?0[xX]", "");
            secs = digits.length() > 15 ? Double.MAX_VALUE : Long.parseLong(digits, 16);
            if (neg) secs = -secs;
        } else if (DECIMAL.matcher(t).matches()) {
            secs = Double.parseDouble(t);
        } else {
            throw bad("-T", text, "a positive number of seconds");
        }
        double ms = secs * 1000;
        if (!(ms >= 1) || ms > Integer.MAX_VALUE) {
            throw bad("-T", text, "0.001 to " + (Integer.MAX_VALUE / 1000) + " seconds");
        }
        return (long) ms;
    }

    /** {@code --compatible}: dotted numbers no newer than {@link #VERSION}. */
    static String compatible(String v) throws UsageException {
        if (!v.matches("[0-9]+(\\.[0-9]+)*") || compareVersions(v, VERSION) > 0) {
            throw new UsageException("invalid value '" + v + "' for --compatible: jstap implements stap " + VERSION
                    + " and cannot be compatible with a later or unknown version", Codes.DRIVER_BAD_OPTION);
        }
        return v;
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parseOr0(x[i]) : 0, q = i < y.length ? parseOr0(y[i]) : 0;
            if (p != q) return Long.compare(p, q);
        }
        return 0;
    }

    private static long parseOr0(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long number(String option, String whole, String digits) throws UsageException {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw bad(option, whole, "numbers too large");
        }
    }

    private static UsageException bad(String option, String value, String accepted) {
        return new UsageException("invalid value '" + value + "' for " + option + ": accepted is " + accepted,
                Codes.DRIVER_BAD_OPTION);
    }
}
