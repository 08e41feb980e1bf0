package org.jstap.elaborate.probes;

import java.util.List;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.irtools.Glob;

/**
 * {@code procfs[("NAME")][.umask(N)].read|.write[.maxsize(N)]}: a file {@code /proc/systemtap/MODULE/NAME} ({@code "command"}
 * when no name is given) whose reads and writes run the probe, with the text in {@code $value}. kmod only.
 */
public final class ProcfsProvider implements ProbeProvider {
    /** Largest {@code .maxsize(N)} accepted: the runtime allocates the buffer per open file. */
    static final long MAX_SIZE = 1 << 20;
    /**
     * The file the input.char / input.line aliases read (tapset input.stp): the loader writes jstap's standard
     * input to it byte by byte (jstaprun; in the VM the host forwards it), interp and bpf read stdin themselves.
     */
    static final String STDIN_FILE = "__stdin";

    @Override public String family() { return "procfs"; }


    @Override
    public List<String> shapes() {
        return List.of("procfs.read", "procfs.write", "procfs(\"NAME\").read", "procfs(\"NAME\").write",
                "procfs(\"NAME\").read.maxsize(N)", "procfs(\"NAME\").write.maxsize(N)", "procfs(\"NAME\").umask(N).read",
                "procfs(\"NAME\").umask(N).write", "procfs(\"NAME\").umask(N).read.maxsize(N)");
    }

    @Override
    public boolean matches(ProbePoint p) {
        return PointArgs.named(p, 0, "procfs") && p.components().size() >= 2;
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        long umask = -1;
        if (cs.size() >= 3 && cs.get(1).name().equals("umask")) {
            Long u = PointArgs.number(p, 1, ctx);
            if (u == null) return List.of();
            if (u < 0 || u > 0777) {
                PointArgs.error(ctx, cs.get(1), "procfs umask must be between 0 and 0777", "umask(0022)");
                return List.of();
            }
            umask = u;
            cs = new java.util.ArrayList<>(cs);
            cs.remove(1);
        }
        Component head = cs.get(0);
        String name = "command";
        if (head.arg() != null) {
            if (!(head.arg() instanceof Expr.StrLit)) {
                PointArgs.string(p, 0, ctx);
                return List.of();
            }
            name = ((Expr.StrLit) head.arg()).value();
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                PointArgs.error(ctx, head, "procfs file name '" + name + "' must be one path component", "procfs(\"command\")");
                return List.of();
            }
        }
        if (cs.size() > 3 || (cs.size() == 3 && !cs.get(2).name().equals("maxsize"))) return List.of();
        Component ev = cs.get(1);
        if (!Glob.matcher(ev.name()).test("read") && !Glob.matcher(ev.name()).test("write")) return List.of();
        if (ev.arg() != null) {
            PointArgs.error(ctx, ev, "'" + ev.name() + "' takes no argument", "procfs(\"" + name + "\").read");
            return List.of();
        }
        long max = 0;
        if (cs.size() == 3) {
            Long n = PointArgs.number(p, umask >= 0 ? 3 : 2, ctx);
            if (n == null) return List.of();
            if (n <= 0 || n > MAX_SIZE) {
                PointArgs.error(ctx, cs.get(2), "procfs maxsize must be between 1 and " + MAX_SIZE, null);
                return List.of();
            }
            max = n;
        }
        List<ResolvedPoint> out = new java.util.ArrayList<>();
        for (String op : List.of("read", "write")) {
            if (!Glob.matcher(ev.name()).test(op)) continue;
            // as stap prints it: the default name stays implicit
            String point = (head.arg() == null ? "procfs" : "procfs(" + PointArgs.quote(name) + ")")
                    + (umask >= 0 ? ".umask(" + umask + ")" : "") + "." + op + (max > 0 ? ".maxsize(" + max + ")" : "");
            out.add(new ResolvedPoint(point, "", new IrSite.Procfs(name, op.equals("write"), max, umask), List.of(), null, null,
                    false));
        }
        return out;
    }
}
