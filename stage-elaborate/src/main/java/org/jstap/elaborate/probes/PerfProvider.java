package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.irtools.Glob;

/**
 * {@code perf.sw.NAME[.sample(N)]}, {@code perf.hw.NAME[.sample(N)]} and {@code perf.type(T).config(C)[.sample(N)]}:
 * a sampling perf event on every online CPU; the probe runs every N events (default 1000000). Names map to the
 * kernel's {@code PERF_COUNT_SW_*} / {@code PERF_COUNT_HW_*} numbers. After the event, {@code .process("PATH")}
 * (or {@code .process}: the -c command) counts in each process running PATH instead of on each CPU, and
 * {@code .counter("NAME")} makes a counting event that {@code @perf("NAME")} reads in a process probe.
 */
public final class PerfProvider implements ProbeProvider {
    static final long DEFAULT_SAMPLE = 1_000_000L;
    static final long TYPE_HARDWARE = 0, TYPE_SOFTWARE = 1;
    /** PERF_COUNT_SW_* in kernel order. */
    static final Map<String, Long> SW = names("cpu_clock", "task_clock", "page_faults", "context_switches",
            "cpu_migrations", "page_faults_min", "page_faults_maj", "alignment_faults", "emulation_faults");
    /** PERF_COUNT_HW_* in kernel order. */
    static final Map<String, Long> HW = names("cpu_cycles", "instructions", "cache_references", "cache_misses",
            "branch_instructions", "branch_misses", "bus_cycles", "stalled_cycles_frontend", "stalled_cycles_backend",
            "ref_cpu_cycles");

    private static Map<String, Long> names(String... ns) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < ns.length; i++) m.put(ns[i], (long) i);
        return m;
    }

    @Override public String family() { return "perf"; }


    @Override
    public List<String> shapes() {
        List<String> out = new ArrayList<>();
        for (String n : SW.keySet()) out.add("perf.sw." + n);
        for (String n : HW.keySet()) out.add("perf.hw." + n);
        out.add("perf.sw.cpu_clock.sample(N)");
        out.add("perf.type(T).config(C)");
        out.add("perf.type(T).config(C).sample(N)");
        out.add("perf.sw.task_clock.process(\"PATH\")");
        out.add("perf.sw.task_clock.process(\"PATH\").counter(\"NAME\")");
        out.add("perf.hw.instructions.counter(\"NAME\")");
        return out;
    }

    @Override
    public boolean matches(ProbePoint p) {
        return PointArgs.named(p, 0, "perf") && p.components().size() >= 2 && p.components().get(0).arg() == null;
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        Component kind = cs.get(1);
        List<long[]> events = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int next;
        if (kind.name().equals("type")) {
            if (cs.size() < 3 || !cs.get(2).name().equals("config")) return List.of();
            Long t = PointArgs.number(p, 1, ctx), c = PointArgs.number(p, 2, ctx);
            if (t == null || c == null) return List.of();
            if (t < 0 || t > Integer.MAX_VALUE || c < 0) {
                PointArgs.error(ctx, t < 0 || t > Integer.MAX_VALUE ? cs.get(1) : cs.get(2),
                        "perf event type and config must not be negative", null);
                return List.of();
            }
            events.add(new long[] {t, c});
            texts.add("type(" + t + ").config(" + c + ")");
            next = 3;
        } else if ((kind.name().equals("sw") || kind.name().equals("hw")) && kind.arg() == null) {
            if (cs.size() < 3 || cs.get(2).arg() != null) return List.of();
            boolean sw = kind.name().equals("sw");
            var m = Glob.matcher(cs.get(2).name());
            for (var e : (sw ? SW : HW).entrySet()) {
                if (!m.test(e.getKey())) continue;
                events.add(new long[] {sw ? TYPE_SOFTWARE : TYPE_HARDWARE, e.getValue()});
                texts.add(kind.name() + "." + e.getKey());
            }
            next = 3;
        } else {
            return List.of();
        }
        // then either .sample(N), or [.process[("PATH")]][.counter("NAME")] (stap 4.8 takes no other order)
        long sample = DEFAULT_SAMPLE;
        String process = null, counter = null;
        if (cs.size() > next && cs.get(next).name().equals("sample")) {
            if (cs.size() != next + 1) {
                PointArgs.error(ctx, cs.get(next + 1), "'" + cs.get(next + 1).name() + "' cannot follow .sample(N)",
                        ".sample(N) cannot be combined with .process or .counter");
                return List.of();
            }
            Long n = PointArgs.number(p, next, ctx);
            if (n == null) return List.of();
            if (n <= 0) {
                PointArgs.error(ctx, cs.get(next), "perf sample period must be positive", null);
                return List.of();
            }
            sample = n;
            next++;
        }
        if (cs.size() > next && cs.get(next).name().equals("process")) {
            process = processPath(cs.get(next), p, next, ctx);
            if (process == null) return List.of();
            if (cs.get(next).arg() == null && cs.size() > next + 1) { // stap: .process.counter is not a point
                PointArgs.error(ctx, cs.get(next + 1), ".counter needs .process(\"PATH\"), not .process alone",
                        ".process(\"PATH\").counter(\"NAME\")");
                return List.of();
            }
            next++;
        }
        if (cs.size() > next && cs.get(next).name().equals("counter")) {
            counter = PointArgs.string(p, next, ctx);
            if (counter == null) return List.of();
            if (counter.isEmpty()) {
                PointArgs.error(ctx, cs.get(next), "a perf counter needs a name", ".counter(\"NAME\")");
                return List.of();
            }
            sample = 0; // counting only: the value is read with @perf("NAME")
            next++;
        }
        if (cs.size() != next) {
            if (cs.get(next).name().equals("sample") && (process != null || counter != null)) {
                PointArgs.error(ctx, cs.get(next), ".sample(N) cannot be combined with .process or .counter",
                        "perf.sw.task_clock.process(\"PATH\") samples every 1000000 events");
            }
            return List.of();
        }
        List<ResolvedPoint> out = new ArrayList<>();
        String suffix = (process == null ? "" : ".process(" + PointArgs.quote(process) + ")")
                + (counter == null ? "" : ".counter(" + PointArgs.quote(counter) + ")");
        for (int i = 0; i < events.size(); i++) {
            long[] e = events.get(i);
            // stap's derived point names the event by its numbers (perf.sw.cpu_clock is perf.type(1).config(0))
            out.add(new ResolvedPoint("perf.type(" + e[0] + ").config(" + e[1] + ").sample(" + sample + ")" + suffix, "",
                    new IrSite.Perf(e[0], e[1], sample, texts.get(i), process, counter), List.of(), null, null, false));
        }
        return out;
    }

    /**
     * The executable of {@code .process("PATH")} (looked up in $PATH when relative, symlinks resolved, as the
     * kernel sees it), or of the {@code -c} command for {@code .process} alone; null after an error.
     */
    private static String processPath(Component c, ProbePoint p, int i, PointContext ctx) {
        String path;
        if (c.arg() == null) {
            String cmd = ctx.options().command();
            if (cmd == null || cmd.isBlank()) {
                PointArgs.error(ctx, c, "perf .process without a path needs a -c COMMAND (its executable is the one counted)",
                        ".process(\"PATH\")");
                return null;
            }
            path = cmd.trim().split("\\s+")[0];
        } else {
            path = PointArgs.string(p, i, ctx);
            if (path == null) return null;
        }
        java.nio.file.Path bin = ProcessProvider.locate(path);
        if (bin == null) {
            ctx.diagnostics().report(org.jstap.api.diag.Diagnostic.error(org.jstap.api.diag.Codes.SEM_UNRESOLVED_PROBE,
                    c.span(), "cannot find executable '" + path + "'"));
            return null;
        }
        return bin.toString();
    }
}
