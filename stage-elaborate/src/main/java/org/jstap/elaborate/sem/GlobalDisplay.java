package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;

/**
 * stap prints, at the end of a run, every global the script writes but never reads. This builds that
 * {@code end} probe's body in IR: {@code x=5}, {@code s="str"}, {@code a[1,"k"]=3}, and for statistics
 * {@code s @count=3 @min=1 @max=3 @sum=6 @avg=2} (skipped when empty).
 */
final class GlobalDisplay {
    /** The extractor stap orders a statistics array's display by (largest first). */
    private static final String STAT_ORDER = null;

    private final List<IrVar> locals = new ArrayList<>();

    List<IrVar> locals() {
        return locals;
    }

    IrStmt.Block body(List<IrGlobal> globals, Span span) {
        List<IrStmt> out = new ArrayList<>();
        for (IrGlobal g : globals) out.add(display(g, span));
        return new IrStmt.Block(span, out);
    }

    private IrStmt display(IrGlobal g, Span span) {
        if (!g.isArray()) {
            IrExpr ref = new IrExpr.GlobalRef(span, g.type(), g.mangled());
            if (g.type() == IrType.STATS) return stats(g.name(), ref, span);
            List<Format.Segment> segs = new ArrayList<>();
            segs.add(text(g.name() + "="));
            segs.addAll(conv(g.type()));
            return print(span, segs, List.of(ref), "\n");
        }
        List<IrExpr.LocalRef> keys = new ArrayList<>();
        List<Format.Segment> segs = new ArrayList<>();
        segs.add(text(g.name() + "["));
        for (int i = 0; i < g.keyTypes().size(); i++) {
            IrExpr.LocalRef k = local("__idx" + i, g.keyTypes().get(i), span);
            keys.add(k);
            if (i > 0) segs.add(text(","));
            segs.addAll(conv(g.keyTypes().get(i)));
        }
        segs.add(text("]"));
        IrExpr elem = new IrExpr.ArrayGet(span, g.type(), g.mangled(), new ArrayList<>(keys));
        IrStmt body;
        if (g.type() == IrType.STATS) {
            List<IrExpr> args = new ArrayList<>(keys);
            body = statsWithKeys(segs, args, elem, span);
        } else {
            IrExpr.LocalRef v = local("__val", g.type(), span);
            segs.add(text("="));
            segs.addAll(conv(g.type()));
            List<IrExpr> args = new ArrayList<>(keys);
            args.add(v);
            IrStmt p = new IrStmt.ExprStmt(span, new IrExpr.Print(span, new Format(withNewline(segs)), args, false));
            // stap lists an array by value, largest first (ties in insertion order)
            return new IrStmt.Foreach(span, g.mangled(), keys, v, null, 0, true, null, null,
                    new IrStmt.Block(span, List.of(p)));
        }
        return new IrStmt.Foreach(span, g.mangled(), keys, null, null, 0, true, STAT_ORDER, null,
                new IrStmt.Block(span, List.of(body)));
    }

    private IrStmt stats(String name, IrExpr ref, Span span) {
        return statsWithKeys(new ArrayList<>(List.of(text(name))), new ArrayList<>(), ref, span);
    }

    private IrStmt statsWithKeys(List<Format.Segment> segs, List<IrExpr> args, IrExpr ref, Span span) {
        String[] labels = {" @count=", " @min=", " @max=", " @sum=", " @avg="};
        StatFn[] fns = {StatFn.COUNT, StatFn.MIN, StatFn.MAX, StatFn.SUM, StatFn.AVG};
        for (int i = 0; i < fns.length; i++) {
            segs.add(text(labels[i]));
            segs.addAll(conv(IrType.LONG));
            args.add(new IrExpr.StatOp(span, fns[i], ref));
        }
        IrStmt p = new IrStmt.ExprStmt(span, new IrExpr.Print(span, new Format(withNewline(segs)), args, false));
        return new IrStmt.If(span, new IrExpr.StatOp(span, StatFn.COUNT, ref), p, null);
    }

    private IrExpr.LocalRef local(String name, IrType t, Span span) {
        // one local per name and type: globals of different key/value types must not share a slot
        String typed = name + "_" + t.name().toLowerCase(java.util.Locale.ROOT);
        for (IrVar v : locals) if (v.name().equals(typed)) return new IrExpr.LocalRef(span, v.type(), v.name(), v.slot());
        IrVar v = new IrVar(typed, t, locals.size());
        locals.add(v);
        return new IrExpr.LocalRef(span, t, typed, v.slot());
    }

    private static IrStmt print(Span span, List<Format.Segment> segs, List<IrExpr> args, String end) {
        List<Format.Segment> all = new ArrayList<>(segs);
        all.add(text(end));
        return new IrStmt.ExprStmt(span, new IrExpr.Print(span, new Format(PrintLowering.merge(all)), args, false));
    }

    private static List<Format.Segment> withNewline(List<Format.Segment> segs) {
        List<Format.Segment> all = new ArrayList<>(segs);
        all.add(text("\n"));
        return PrintLowering.merge(all);
    }

    private static Format.Segment text(String s) {
        return new Format.Text(s);
    }

    /** A value as stap displays it: strings quoted. */
    private static List<Format.Segment> conv(IrType t) {
        if (t == IrType.STRING) return List.of(text("\""), new Format.Conv("", -1, -1, 's', t, "%s"), text("\""));
        return List.of(new Format.Conv("", -1, -1, 'd', IrType.LONG, "%d"));
    }
}
