package org.jstap.elaborate.probes;

import java.util.List;
import java.util.regex.Pattern;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;

/**
 * {@code kernel.data(ADDRESS)[.length(N)].write|.rw} and {@code kernel.data("SYMBOL").write|.rw}: hardware
 * watchpoints, in stap 4.8's shapes (a symbol takes no {@code .length}; the length defaults to 1). The symbol's
 * address is the running kernel's (KASLR), so the runtime looks it up when the session starts; pass 2 checks only
 * that it is a name. x86-64 debug registers watch 1, 2, 4 or 8 aligned bytes: a length is rounded up to one of
 * those (as stap), and one above 8 or of 0 is refused (stap silently watches 8 bytes then).
 */
public final class KernelDataProvider implements ProbeProvider {
    private static final Pattern C_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    @Override public String family() { return "kernel.data"; }

    @Override
    public List<String> shapes() {
        return List.of("kernel.data(ADDRESS).write", "kernel.data(ADDRESS).rw", "kernel.data(ADDRESS).length(N).write",
                "kernel.data(ADDRESS).length(N).rw", "kernel.data(\"SYMBOL\").write", "kernel.data(\"SYMBOL\").rw");
    }

    @Override
    public boolean matches(ProbePoint p) {
        return PointArgs.named(p, 0, "kernel") && PointArgs.named(p, 1, "data") && p.components().get(0).arg() == null;
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        Component data = cs.get(1);
        String symbol = null;
        long address = 0;
        if (data.arg() instanceof Expr.StrLit s) {
            symbol = s.value();
            if (!C_NAME.matcher(symbol).matches()) {
                PointArgs.error(ctx, data, "kernel.data(\"" + symbol + "\") needs one kernel variable's name"
                        + " (no wildcards: each watchpoint is one debug register)", "kernel.data(\"jiffies\").write");
                return List.of();
            }
        } else if (data.arg() instanceof Expr.IntLit n) {
            address = n.value();
        } else {
            PointArgs.error(ctx, data, "kernel.data takes an address or a symbol name", "kernel.data(\"jiffies\").write");
            return List.of();
        }
        int k = 2;
        long length = 1;
        if (cs.size() > k && cs.get(k).name().equals("length")) {
            if (symbol != null) {
                PointArgs.error(ctx, cs.get(k), ".length(N) goes with an address: a symbol's watchpoint is 1 byte",
                        "kernel.data(ADDRESS).length(N).write");
                return List.of();
            }
            Long n = PointArgs.number(p, k, ctx);
            if (n == null) return List.of();
            if (n < 1 || n > 8) {
                PointArgs.error(ctx, cs.get(k), "a hardware watchpoint covers 1 to 8 bytes (the debug registers watch"
                        + " 1, 2, 4 or 8), not " + n, ".length(8)");
                return List.of();
            }
            length = n;
            k++;
        }
        if (cs.size() != k + 1 || cs.get(k).arg() != null
                || !(cs.get(k).name().equals("write") || cs.get(k).name().equals("rw"))) {
            Component at = cs.size() > k ? cs.get(k) : data;
            PointArgs.error(ctx, at, "kernel.data(...) ends with .write or .rw", "kernel.data(\"jiffies\").write");
            return List.of();
        }
        boolean rw = cs.get(k).name().equals("rw");
        String point = "kernel.data(" + (symbol != null ? PointArgs.quote(symbol) : "0x" + Long.toHexString(address))
                + ").length(" + length + ")." + (rw ? "rw" : "write");
        return List.of(new ResolvedPoint(point, "", new IrSite.Watchpoint(symbol, address, length, rw), List.of(), null,
                null, false));
    }
}
