package org.jstap.backend.interp;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.Format;
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

    /** One format piece: literal text or a conversion reading argument slots. */
    private record Piece(String text, char conv, int flags, int width, int prec, int widthArg, int precArg,
                         int valueArg, boolean str) {}

    Code compile(IrExpr.Print e) {
        int n = e.args().size();
        Nodes.LNode[] ls = new Nodes.LNode[n];
        Nodes.SNode[] ss = new Nodes.SNode[n];
        for (int i = 0; i < n; i++) {
            IrExpr a = e.args().get(i);
            if (a.type() == IrType.STRING) ss[i] = ec.S(a);
            else ls[i] = ec.L(a);
        }
        List<Piece> pieces = new ArrayList<>();
        int arg = 0;
        for (Format.Segment seg : e.format().segments()) {
            if (seg instanceof Format.Text t) {
                pieces.add(new Piece(Strs.fromJava(t.text()), (char) 0, 0, 0, 0, -1, -1, -1, false));
            } else if (seg instanceof Format.Conv c) {
                int wa = c.width() == -2 ? arg++ : -1;
                int pa = c.precision() == -2 ? arg++ : -1;
                int va = arg++;
                boolean str = va < n && e.args().get(va).type() == IrType.STRING;
                pieces.add(new Piece(null, c.conversion(), Printf.flags(c.flags()), c.width(), c.precision(), wa, pa,
                        va, str));
            }
        }
        Piece[] ps = pieces.toArray(Piece[]::new);
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
            for (Piece p : ps) {
                if (p.text != null) {
                    o.append(p.text);
                    continue;
                }
                int flags = p.flags;
                long width = p.width, prec = p.prec;
                if (p.widthArg >= 0) {
                    width = lv[p.widthArg];
                    if (width < 0) width = -1; // stap ignores a negative '*' width
                }
                if (p.precArg >= 0) {
                    prec = lv[p.precArg];
                    if (prec < 0) prec = 0; // stap: a negative '.*' precision is 0
                }
                if (p.valueArg >= n) {
                    o.append('%');
                } else if (p.str) {
                    Printf.stringConv(o, p.conv, flags, width, prec, sv[p.valueArg]);
                } else if (!Printf.longConv(o, p.conv, flags, width, prec, lv[p.valueArg])) {
                    throw f.h.error(String.format("kernel read fault at 0x%016x", lv[p.valueArg]), near);
                }
            }
            if (!toText) return null;
            return o.length() - start >= maxStr ? o.substring(start, start + maxStr - 1) : o.substring(start);
        };
        if (toText) return Code.s(render);
        return Code.v(render::s);
    }
}
