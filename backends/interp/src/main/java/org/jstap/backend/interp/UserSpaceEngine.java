package org.jstap.backend.interp;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.spi.CtrlC;
import org.jstap.irtools.CallGraph;

/**
 * The interp engine as a library, for a backend whose kernel-side probes run elsewhere (bpf): it runs the
 * program's begin, end, error and timer probes with exactly interp's semantics, formats print records made by the
 * kernel side with the same printf engine, and exposes the globals so the caller can sync them with its maps
 * around each handler ({@link Hooks}). {@code userPart} must hold only the probes interp can run.
 *
 * <p>Strings crossing this API are byte strings: one char per byte (ISO-8859-1), as the kernel side's bytes.
 */
public final class UserSpaceEngine {
    /** Where the caller's kernel side joins the session. All run on the engine's thread. */
    public interface Hooks {
        /** After the begin probes (state running), before timers and the -c command's release. Non-null: an error line. */
        default String started() { return null; }
        default void beforeProbe() {}
        default void afterProbe() {}
        /** The run is ending (exit, ^C, error, -c exit): disarm the kernel side, deliver its last records. */
        default void stopping() {}
        /** After the end probes: hits the kernel side skipped (a global's lock timed out), for stap's closing warning. */
        default long skippedProbes() { return 0; }
    }

    /**
     * A {@code -c} command that runs on another host for the caller (the bpf loader in the test VM starts it held
     * stopped): the engine releases it after the begin probes and ends the session when it exits, as a local one.
     */
    public interface CommandProcess {
        long pid();

        void resume();

        /** Runs {@code r} once it has exited (at once if it has). */
        void onExit(Runnable r);

        boolean alive();

        /** Its exit status once ended, as a JVM reports one: the status, or 128 + N for signal N. */
        int exitValue();

        /** Ends it (the session ended first); returns once it is gone. */
        void kill();
    }

    private final Session session;
    private final Program program;
    private final Command command;
    private final Map<IrExpr.Print, FormatPieces> formats = new HashMap<>();
    private Interpreter interpreter;
    private volatile boolean ownCtrlC = true;

    private UserSpaceEngine(Session session, Program program, Command command) {
        this.session = session;
        this.program = program;
        this.command = command;
    }

    /**
     * Compiles the user-space part; with a {@code -c} command, starts it held stopped (its pid is {@link #target()}).
     * Throws IllegalArgumentException naming a construct interp cannot run.
     */
    public static UserSpaceEngine create(IrProgram userPart, Map<String, String> defines, PrintStream out, PrintStream err,
                                         String command, Long targetPid) throws IOException {
        return create(userPart, defines, out, err, command, targetPid, false, false);
    }

    /** As above, with stap's {@code --suppress-handler-errors} and {@code --suppress-time-limits} as interp has them. */
    public static UserSpaceEngine create(IrProgram userPart, Map<String, String> defines, PrintStream out, PrintStream err,
                                         String command, Long targetPid, boolean suppressHandlerErrors,
                                         boolean suppressTimeLimits) throws IOException {
        long target = targetPid != null ? targetPid : 0;
        Limits limits = checked(userPart, defines, out, err, suppressTimeLimits, target);
        Command c = null;
        if (command != null && !command.isBlank()) {
            c = Command.startStopped(command);
            target = c.pid();
        }
        return create(userPart, limits, out, err, c, target, suppressHandlerErrors);
    }

    /** As above with a {@code -c} command already started (held stopped) elsewhere; null: none. */
    public static UserSpaceEngine create(IrProgram userPart, Map<String, String> defines, PrintStream out, PrintStream err,
                                         CommandProcess command, Long targetPid, boolean suppressHandlerErrors,
                                         boolean suppressTimeLimits) {
        long target = targetPid != null ? targetPid : 0;
        Limits limits = checked(userPart, defines, out, err, suppressTimeLimits, target);
        Command c = command == null ? null : Command.external(command);
        return create(userPart, limits, out, err, c, c == null ? target : command.pid(), suppressHandlerErrors);
    }

    /** The run's limits, once the user-space part is known to compile (IllegalArgumentException otherwise). */
    private static Limits checked(IrProgram userPart, Map<String, String> defines, PrintStream out, PrintStream err,
                                  boolean suppressTimeLimits, long target) {
        Limits limits = Limits.of(defines);
        if (suppressTimeLimits) limits = limits.withoutMaxAction();
        if (!defines.containsKey("MAXNESTING") && !CallGraph.of(userPart).recursive()) limits = limits.withMaxNesting(Integer.MAX_VALUE);
        try {
            new Program(userPart, new Session(userPart, limits, out, err, target));
        } catch (Unsupported u) {
            throw new IllegalArgumentException(u.getMessage());
        }
        return limits;
    }

    private static UserSpaceEngine create(IrProgram userPart, Limits limits, PrintStream out, PrintStream err,
                                          Command c, long target, boolean suppressHandlerErrors) {
        Session s = new Session(userPart, limits, out, err, target);
        s.suppressHandlerErrors = suppressHandlerErrors;
        return new UserSpaceEngine(s, new Program(userPart, s), c);
    }

    /** MAXSTRINGLEN under these {@code -D} defines. */
    public static int maxStringLen(Map<String, String> defines) {
        return Limits.of(defines).maxStringLen();
    }

    public long target() {
        return session.targetPid;
    }

    public int maxStringLen() {
        return session.limits.maxStringLen();
    }

    private java.util.concurrent.Callable<java.io.InputStream> input = () -> System.in;

    /** {@code switch_file()} from a kernel probe (bpf's record): the next {@code -o} file from here on. */
    public void switchFile() {
        synchronized (session) { // as write(): in order with the kernel side's output
            session.switchFile();
        }
    }

    /** Where input.char / input.line read (opened only if the user-space part has them): ScriptInput.open. */
    public void readInputFrom(java.util.concurrent.Callable<java.io.InputStream> in) {
        input = in;
    }

    /** Runs the session to its end (SIGINT ends it like stap's ^C); returns the exit status. */
    public int run(Hooks hooks) {
        interpreter = new Interpreter(program, command, hooks);
        interpreter.readInputFrom(input);
        try (CtrlC ignored = ownCtrlC ? CtrlC.install(interpreter::interrupt) : null) {
            return interpreter.run();
        } finally {
            if (command != null) command.end();
        }
    }

    /**
     * SIGINT is the caller's (a fleet of engines, one per host, in one JVM: one handler ends them all through
     * {@link #requestExit}); this engine installs none of its own.
     */
    public void leaveCtrlCToCaller() {
        ownCtrlC = false;
    }

    /** The session will not run (the kernel side failed to load or attach): ends a -c command held stopped. */
    public void abandon() {
        if (command != null && interpreter == null) command.end();
    }

    /** Any thread: {@code exit()} in a kernel probe, or the kernel side ended. */
    public void requestExit() {
        session.exit();
        Interpreter i = interpreter;
        if (i != null) i.wake();
    }

    /** Any thread: a kernel-side runtime error, the whole stderr line ({@code ERROR: ... near ...}). */
    public void kernelError(String line) {
        session.external.add(line);
        Interpreter i = interpreter;
        if (i != null) i.wake();
    }

    /** Any thread: output made by the kernel side (byte string), written as a handler's output is. */
    public void write(CharSequence text) {
        synchronized (session) {
            session.write(new StringBuilder(text));
        }
    }

    /** Formats a print record: {@code lv[i]} for long arguments, {@code sv[i]} for string ones; null on a %m fault. */
    public String format(IrExpr.Print p, long[] lv, String[] sv) {
        FormatPieces f;
        synchronized (formats) {
            f = formats.computeIfAbsent(p, FormatPieces::of);
        }
        StringBuilder o = new StringBuilder();
        if (f.render(o, lv, sv) >= 0) return null;
        if (p.toText() && o.length() >= maxStringLen()) o.setLength(maxStringLen() - 1);
        return o.toString();
    }

    // ---- globals, by mangled name, on the engine's thread (inside a hook) ----

    public long getLong(String mangled) {
        return session.gl[session.global(mangled)];
    }

    public void setLong(String mangled, long v) {
        session.gl[session.global(mangled)] = v;
    }

    public String getString(String mangled) {
        return session.gs[session.global(mangled)];
    }

    public void setString(String mangled, String v) {
        session.gs[session.global(mangled)] = Strs.fit(v, maxStringLen());
    }

    // ---- statistics: a value is count, sum, min, max, avg_s, m2, variance_s, then every histogram's buckets ----

    /** The fields of one statistic partial before its histogram buckets. */
    public static final int STAT_FIELDS = 7;

    /** A scalar statistic as the layout above (as a List so values compare with equals). */
    public List<Long> getStat(String mangled) {
        return layout(session.gst[session.global(mangled)]);
    }

    /** A scalar statistic becomes the aggregate of per-CPU partials (runtime-c's jst_stat_aggregate). */
    public void setStat(String mangled, List<long[]> partials) {
        Stat st = session.gst[session.global(mangled)];
        copy(aggregate(st.shapes, st.shift, partials), st);
    }

    static List<Long> layout(Stat s) {
        List<Long> out = new ArrayList<>();
        java.util.Collections.addAll(out, s.count, s.sum, s.min, s.max, s.avgS, s.m2, s.varianceS);
        for (long[] h : s.hist) for (long b : h) out.add(b);
        return out;
    }

    private static void copy(Stat from, Stat to) {
        to.count = from.count; to.sum = from.sum; to.min = from.min; to.max = from.max;
        to.avgS = from.avgS; to.m2 = from.m2; to.varianceS = from.varianceS;
        for (int i = 0; i < to.hist.length; i++) System.arraycopy(from.hist[i], 0, to.hist[i], 0, to.hist[i].length);
    }

    /**
     * Per-CPU partials merged: counts, sums, extremes and buckets add up; variance = spread of means + within (the
     * partials' avg_s/m2/variance_s scaled by the statistic's bit shift, as runtime-c's).
     */
    static Stat aggregate(List<org.jstap.api.ir.HistParams> shapes, int shift, List<long[]> parts) {
        Stat a = new Stat(shapes, shift);
        for (long[] p : parts) {
            if (p[0] == 0) continue;
            if (a.count == 0) {
                a.min = p[2];
                a.max = p[3];
            } else {
                a.min = Math.min(a.min, p[2]);
                a.max = Math.max(a.max, p[3]);
            }
            a.count += p[0];
            a.sum += p[1];
            int at = STAT_FIELDS;
            for (long[] h : a.hist) for (int b = 0; b < h.length; b++) h[b] += p[at++];
        }
        if (a.count == 0) return a;
        a.avgS = (a.sum << shift) / a.count;
        long spread = 0, within = 0;
        for (long[] p : parts) {
            if (p[0] == 0) continue;
            long d = p[4] - a.avgS;
            spread += p[0] * d * d;
            if (p[0] > 1) within += (p[0] - 1) * p[6];
        }
        a.m2 = spread + within;
        a.varianceS = a.count > 1 ? a.m2 / (a.count - 1) : -1;
        return a;
    }

    /**
     * An array element's per-CPU partials as runtime-c's jst_stat_merge reads them: the first partial as it is
     * (its running Welford variance, as stap reads an element held by one CPU), each later one combined into it
     * (spread of the two means plus the variance within each).
     */
    static Stat mergeElement(List<org.jstap.api.ir.HistParams> shapes, int shift, List<long[]> parts) {
        Stat a = new Stat(shapes, shift);
        for (long[] p : parts) {
            if (p[0] == 0) continue;
            int at = STAT_FIELDS;
            for (long[] h : a.hist) for (int b = 0; b < h.length; b++) h[b] += p[at++];
            if (a.count == 0) {
                a.count = p[0]; a.sum = p[1]; a.min = p[2]; a.max = p[3]; a.avgS = p[4]; a.m2 = p[5]; a.varianceS = p[6];
                continue;
            }
            long n = a.count + p[0];
            long avg = ((a.sum + p[1]) << shift) / n;
            long da = a.avgS - avg, db = p[4] - avg;
            long m2 = a.count * da * da + p[0] * db * db;
            if (a.count > 1) m2 += (a.count - 1) * a.varianceS;
            if (p[0] > 1) m2 += (p[0] - 1) * p[6];
            a.count = n;
            a.sum += p[1];
            a.min = Math.min(a.min, p[2]);
            a.max = Math.max(a.max, p[3]);
            a.avgS = avg;
            a.m2 = m2;
            a.varianceS = m2 / (n - 1);
        }
        return a;
    }

    /** An array's entries in its order: key columns (Long/String) then the value (Long/String). */
    public List<Object[]> entries(String mangled) {
        MapStore m = session.maps[session.global(mangled)];
        List<Object[]> out = new ArrayList<>(m.size());
        int cols = m.global.keyTypes().size();
        for (MapStore.Entry e : m.entries()) {
            Object[] r = new Object[cols + 1];
            for (int i = 0; i < cols; i++) r[i] = MapStore.col(e.key, i);
            r[cols] = m.stats ? layout(e.st) : m.global.type() == org.jstap.api.ir.IrType.STRING ? e.s : (Object) e.l;
            out.add(r);
        }
        return out;
    }

    /**
     * Makes an array hold exactly {@code rows} (as {@link #entries}; for a statistics array the value is the
     * per-CPU partials, a {@code List<long[]>}): kept keys keep their place, new ones go last in the given order,
     * missing ones are removed.
     */
    public void replaceEntries(String mangled, List<Object[]> rows) {
        MapStore m = session.maps[session.global(mangled)];
        int cols = m.global.keyTypes().size();
        java.util.Set<Object> keep = new java.util.HashSet<>();
        for (Object[] r : rows) {
            Object key = key(r, cols);
            keep.add(key);
            MapStore.Entry e = m.find(key);
            if (e == null) e = m.insertUnbounded(key);
            if (m.stats) {
                @SuppressWarnings("unchecked")
                List<long[]> parts = (List<long[]>) r[cols];
                copy(mergeElement(m.shapes, m.bitShift, parts), e.st);
            } else if (r[cols] instanceof String s) {
                e.s = s;
            } else {
                e.l = (Long) r[cols];
            }
        }
        for (MapStore.Entry e : m.entries()) if (!keep.contains(e.key)) m.remove(e.key);
    }

    private static Object key(Object[] r, int cols) {
        if (cols == 1) return r[0];
        Object[] k = new Object[cols];
        System.arraycopy(r, 0, k, 0, cols);
        return new MapStore.Tuple(k);
    }
}
