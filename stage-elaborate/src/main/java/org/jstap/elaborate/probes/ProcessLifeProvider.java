package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.irtools.Glob;

/**
 * {@code process.begin/.end}, {@code process.thread.begin/.end}, and the same under {@code process("PATH")} or
 * {@code process(PID)}: process and thread lifetimes. PATH is looked up in {@code $PATH} when relative and
 * resolved to the real file (a symlink names its target, as the kernel sees the executable). No {@code $vars}.
 * kmod only (the interp backend has no processes to watch).
 */
public final class ProcessLifeProvider implements ProbeProvider {
    @Override public String family() { return "process"; }


    @Override
    public List<String> shapes() {
        return List.of("process.begin", "process.end", "process.thread.begin", "process.thread.end",
                "process(\"PATH\").begin", "process(\"PATH\").end", "process(\"PATH\").thread.begin",
                "process(\"PATH\").thread.end", "process(PID).begin", "process(PID).end");
    }

    /**
     * Whether this provider owns the point: {@code process} without a path ({@code process.begin},
     * {@code process.*}), or {@code process("PATH")} / {@code process(PID)} followed by [thread.]begin/end
     * (globs allowed: {@code process("PATH").*.end}).
     */
    public static boolean claims(ProbePoint p) {
        var cs = p.components();
        if (cs.size() < 2 || !cs.get(0).name().equals("process")) return false;
        Expr arg = cs.get(0).arg();
        if (!(arg instanceof Expr.StrLit) && !(arg instanceof Expr.IntLit)) return true;
        if (cs.size() == 2) return cs.get(1).arg() == null && (glob(cs.get(1), "begin") || glob(cs.get(1), "end"));
        return cs.size() == 3 && cs.get(1).arg() == null && cs.get(2).arg() == null && glob(cs.get(1), "thread")
                && (glob(cs.get(2), "begin") || glob(cs.get(2), "end"));
    }

    private static boolean glob(Component c, String name) {
        return Glob.matcher(c.name()).test(name);
    }

    @Override
    public boolean matches(ProbePoint p) {
        return claims(p);
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        Component head = cs.get(0);
        for (Component c : cs.subList(1, cs.size())) {
            if (c.arg() != null) {
                PointArgs.error(ctx, c, "'" + c.name() + "' takes no argument", "process.begin");
                return List.of();
            }
        }
        String path = null;
        long pid = 0;
        String prefix = "process";
        if (head.arg() instanceof Expr.StrLit s) {
            Path bin = ProcessProvider.locate(s.value());
            if (bin == null) {
                ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, head.span(),
                        "cannot find executable '" + s.value() + "'"));
                return List.of();
            }
            try {
                bin = bin.toRealPath();
            } catch (IOException e) {
                // keep the normalized path: the file exists, the runtime resolves it again
            }
            path = bin.toString();
            prefix = "process(" + PointArgs.quote(path) + ")";
        } else if (head.arg() instanceof Expr.IntLit n) {
            if (n.value() <= 0 || n.value() > Integer.MAX_VALUE) {
                PointArgs.error(ctx, head, "process id must be positive", null);
                return List.of();
            }
            pid = n.value();
            prefix = "process(" + pid + ")";
        } else if (head.arg() != null) {
            PointArgs.error(ctx, head, "'process' takes a path string or a process id", "process(\"/bin/ls\")");
            return List.of();
        }
        List<ResolvedPoint> out = new ArrayList<>();
        for (boolean thread : new boolean[] {false, true}) {
            if (thread ? cs.size() != 3 || !glob(cs.get(1), "thread") : cs.size() != 2) continue;
            for (String ev : List.of("begin", "end")) {
                if (!glob(cs.get(cs.size() - 1), ev)) continue;
                String point = prefix + (thread ? ".thread." : ".") + ev;
                out.add(new ResolvedPoint(point, "", new IrSite.ProcessLife(path, pid, thread, ev.equals("end")),
                        List.of(), null, null, false));
            }
        }
        return out;
    }
}
