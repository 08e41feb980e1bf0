package org.jstap.backend.interp;

import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.Near;

/**
 * Every print form over its pre-parsed {@link Format}: arguments are evaluated left to right first (as the C
 * translator does before calling {@code jst_printf}), then formatted by {@link Printf}. {@code sprintf} results
 * are cut at MAXSTRINGLEN like {@code jst_sprintf}.
 */
final class PrintCompiler {
    private final ExprCompiler ec;

    PrintCompiler(ExprCompiler ec) {
        this.ec = ec;
    }

    Code compile(IrExpr.Print e) {
        int n = e.args().size();
        Nodes.LNode[] ls = new Nodes.LNode[n];
        Nodes.SNode[] ss = new Nodes.SNode[n];
        for (int i = 0; i < n; i++) {
            IrExpr a = e.args().get(i);
            if (a.type() == IrType.STRING) ss[i] = ec.S(a);
            else ls[i] = ec.L(a);
        }
        FormatPieces ps = FormatPieces.of(e);
        String near = Near.of(e);
        boolean toText = e.toText();
        int maxStr = ec.maxStr;
        Nodes.SNode render = f -> {
            long[] lv = new long[n];
            String[] sv = new String[n];
            for (int i = 0; i < n; i++) {
                if (ss[i] != null) sv[i] = ss[i].s(f);
                else lv[i] = ls[i].l(f);
            }
            StringBuilder o = toText ? new StringBuilder() : f.h.out;
            int start = o.length();
            int fault = ps.render(o, lv, sv);
            if (fault >= 0) throw f.h.error(String.format("kernel read fault at 0x%016x", lv[fault]), near);
            if (!toText) return null;
            return o.length() - start >= maxStr ? o.substring(start, start + maxStr - 1) : o.substring(start);
        };
        if (toText) return Code.s(render);
        return Code.v(render::s);
    }
}
