package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.irtools.Glob;

/**
 * {@code kprobe.function("sym")[.return][.maxactive(N)]} and {@code kprobe.module("m").function("sym")}: raw
 * kprobes by symbol name without debug info (no {@code $vars}). Wildcards expand over the BTF function list
 * when there is one; a plain name is taken on trust (the kernel checks it at registration).
 */
public final class KprobeProvider implements ProbeProvider {
    @Override public String family() { return "kprobe"; }


    @Override
    public List<String> shapes() {
        return List.of("kprobe.function(\"NAME\")", "kprobe.function(\"NAME\").return",
                "kprobe.module(\"M\").function(\"NAME\")");
    }

    @Override
    public boolean matches(ProbePoint p) {
        return PointArgs.named(p, 0, "kprobe") && p.components().size() >= 2;
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        int i = 1;
        String mod = null;
        if (cs.get(1).name().equals("module")) {
            mod = PointArgs.string(p, 1, ctx);
            if (mod == null || cs.size() < 3) return List.of();
            i = 2;
        }
        if (!cs.get(i).name().equals("function")) return List.of();
        String pattern = PointArgs.string(p, i, ctx);
        if (pattern == null) return List.of();
        FunctionSuffix sfx = FunctionSuffix.parse(cs.subList(i + 1, cs.size()), ctx);
        if (sfx == null || sfx.inline() || sfx.call()) return List.of();
        List<String> names;
        if (Glob.isPattern(pattern)) {
            var di = mod == null ? ctx.kernel() : ctx.module(mod);
            names = di.map(d -> KernelFunctionProvider.names(d, pattern)).orElse(List.of());
        } else {
            names = List.of(pattern);
        }
        List<ResolvedPoint> out = new ArrayList<>();
        String prefix = mod == null ? "kprobe.function(" : "kprobe.module(" + PointArgs.quote(mod) + ").function(";
        for (String n : names) {
            out.add(new ResolvedPoint(prefix + PointArgs.quote(n) + ")" + sfx.text(), n,
                    new IrSite.Kprobe(n, mod, 0, sfx.isReturn(), sfx.maxActive()), List.of(), null, null, false));
        }
        return out;
    }
}
