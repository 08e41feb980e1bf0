package org.jstap.backend.interp;

import java.util.Comparator;
import java.util.List;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.Near;
import org.jstap.backend.interp.Nodes.KNode;
import org.jstap.backend.interp.Nodes.LNode;
import org.jstap.backend.interp.Nodes.XNode;

/**
 * Compiles statements. Each executed statement (not a block) takes one MAXACTION unit and sets the error marker,
 * loops one more unit per iteration (including the test that ends them), exactly where the kmod translator puts
 * its {@code JT_STMT}, so both backends fail at the same statement with the same "near" text.
 */
final class StmtCompiler implements IrStmt.Visitor<XNode> {
    private final ExprCompiler ec;
    private final Session ss;

    StmtCompiler(ExprCompiler ec) {
        this.ec = ec;
        this.ss = ec.ss;
    }

    XNode compile(IrStmt s) {
        return s.accept(this);
    }

    static String near(IrStmt s, IrExpr lead) {
        return Strs.fromJava(lead != null ? Near.of(lead) : "token at " + s.span());
    }

    public XNode visitBlock(IrStmt.Block s) {
        XNode[] body = s.body().stream().map(this::compile).toArray(XNode[]::new);
        if (body.length == 1) return body[0];
        return f -> {
            for (XNode x : body) {
                int r = x.x(f);
                if (r != Nodes.NORMAL) return r;
            }
            return Nodes.NORMAL;
        };
    }

    public XNode visitExprStmt(IrStmt.ExprStmt s) {
        String near = near(s, Near.lead(s.expr()));
        Nodes.VNode v = ec.V(s.expr());
        return f -> {
            f.h.stmt(near);
            v.v(f);
            return Nodes.NORMAL;
        };
    }

    public XNode visitIf(IrStmt.If s) {
        String near = near(s, Near.lead(s.cond()));
        LNode c = ec.L(s.cond());
        XNode then = compile(s.then());
        XNode other = s.otherwise() == null ? null : compile(s.otherwise());
        return f -> {
            f.h.stmt(near);
            if (c.l(f) != 0) return then.x(f);
            return other == null ? Nodes.NORMAL : other.x(f);
        };
    }

    /** The loop of {@code while}/{@code for}: one unit per test, then the body, then the step. */
    private XNode loop(String near, LNode cond, XNode body, Nodes.VNode step) {
        return f -> {
            for (;;) {
                f.h.stmt(near);
                if (cond != null && cond.l(f) == 0) return Nodes.NORMAL;
                int r = body.x(f);
                if (r == Nodes.BREAK) return Nodes.NORMAL;
                if (r == Nodes.RETURN) return r;
                if (step != null) step.v(f);
            }
        };
    }

    public XNode visitWhile(IrStmt.While s) {
        String near = near(s, Near.lead(s.cond()));
        XNode loop = loop(near, ec.L(s.cond()), compile(s.body()), null);
        return f -> {
            f.h.stmt(near);
            return loop.x(f);
        };
    }

    public XNode visitFor(IrStmt.For s) {
        IrExpr lead = s.init() != null ? Near.lead(s.init()) : s.cond() != null ? Near.lead(s.cond()) : null;
        String near = near(s, lead);
        Nodes.VNode init = s.init() == null ? null : ec.V(s.init());
        XNode loop = loop(near, s.cond() == null ? null : ec.L(s.cond()), compile(s.body()),
                s.step() == null ? null : ec.V(s.step()));
        return f -> {
            f.h.stmt(near);
            if (init != null) init.v(f);
            return loop.x(f);
        };
    }

    public XNode visitForeach(IrStmt.Foreach s) {
        MapStore m = ec.map(s.global());
        IrGlobal g = m.global;
        IrExpr ident = new IrExpr.GlobalRef(s.span(), g.type(), g.mangled());
        String first = near(s, s.keys().isEmpty() ? ident : s.keys().get(0));
        String each = Strs.fromJava(Near.of(ident));
        KNode slice = s.slice() == null || s.slice().isEmpty() ? null : ec.slice(s.slice());
        LNode limit = s.limit() == null ? null : ec.L(s.limit());
        StatFn agg = statFn(s.sortStat());
        Comparator<MapStore.Entry> order = order(g, s.sortColumn(), s.descending(), agg);
        int nkeys = s.keys().size();
        int[] keySlots = new int[nkeys];
        boolean[] keyStr = new boolean[nkeys];
        for (int i = 0; i < nkeys; i++) {
            keySlots[i] = s.keys().get(i).slot();
            keyStr[i] = g.keyTypes().get(i) == IrType.STRING;
        }
        IrExpr.LocalRef value = s.value();
        int vslot = value == null ? -1 : value.slot();
        IrType vtype = g.type();
        XNode body = compile(s.body());
        return f -> {
            f.h.stmt(first);
            Object[] sl = slice == null ? null : (Object[]) slice.k(f);
            long lim = limit == null ? -1 : Math.max(0, limit.l(f));
            if (lim == 0) return Nodes.NORMAL; // as stap: a limit <= 0 visits nothing and does not sort
            MapStore.Cursor cur = m.new Cursor(sl, lim, order == null ? null : m.sort(order, lim));
            for (MapStore.Entry e; (e = cur.next()) != null; ) {
                f.h.stmt(each);
                for (int k = 0; k < nkeys; k++) {
                    Object c = MapStore.col(e.key, k);
                    if (keyStr[k]) f.s[keySlots[k]] = (String) c;
                    else f.l[keySlots[k]] = (Long) c;
                }
                if (vslot >= 0) {
                    switch (vtype) {
                        case STRING -> f.s[vslot] = e.s;
                        case STATS -> {
                            Long v = Stat.get(e.st, agg);
                            if (v == null) throw f.h.error("empty aggregate", each);
                            f.l[vslot] = v;
                        }
                        default -> f.l[vslot] = e.l;
                    }
                }
                int r = body.x(f);
                if (r == Nodes.BREAK) break;
                if (r == Nodes.RETURN) return r;
            }
            return Nodes.NORMAL;
        };
    }

    static StatFn statFn(String symbol) {
        if (symbol != null) for (StatFn fn : StatFn.values()) if (fn.symbol.equals(symbol)) return fn;
        return StatFn.COUNT;
    }

    /** Sort order of a foreach; ties keep the array's current order in either direction (a stable sort). */
    static Comparator<MapStore.Entry> order(IrGlobal g, int col, boolean descending, StatFn agg) {
        if (col < 0) return null;
        Comparator<MapStore.Entry> c;
        if (col > 0) {
            int k = col - 1;
            if (g.keyTypes().get(k) == IrType.STRING) {
                c = (a, b) -> Integer.signum(((String) MapStore.col(a.key, k)).compareTo((String) MapStore.col(b.key, k)));
            } else {
                c = (a, b) -> Long.compare((Long) MapStore.col(a.key, k), (Long) MapStore.col(b.key, k));
            }
        } else if (g.type() == IrType.STRING) {
            c = (a, b) -> Integer.signum(a.s.compareTo(b.s));
        } else if (g.type() == IrType.STATS) {
            c = (a, b) -> Long.compare(statKey(a, agg), statKey(b, agg));
        } else {
            c = (a, b) -> Long.compare(a.l, b.l);
        }
        return descending ? (a, b) -> c.compare(b, a) : c;
    }

    private static long statKey(MapStore.Entry e, StatFn agg) {
        Long v = Stat.get(e.st, agg);
        return v == null ? 0 : v;
    }

    public XNode visitDelete(IrStmt.Delete s) {
        String near = near(s, s.target());
        IrExpr t = s.target();
        if (t instanceof IrExpr.LocalRef l) {
            int slot = l.slot();
            boolean str = l.type() == IrType.STRING;
            return f -> {
                f.h.stmt(near);
                if (str) f.s[slot] = "";
                else f.l[slot] = 0;
                return Nodes.NORMAL;
            };
        }
        if (t instanceof IrExpr.GlobalRef gr) {
            int i = ss.global(gr.global());
            MapStore m = ss.maps[i];
            Stat[] gst = ss.gst;
            long[] gl = ss.gl;
            String[] gs = ss.gs;
            return f -> {
                f.h.stmt(near);
                if (m != null) m.clear();
                else if (gst[i] != null) gst[i].clear();
                else {
                    gl[i] = 0;
                    gs[i] = "";
                }
                return Nodes.NORMAL;
            };
        }
        if (t instanceof IrExpr.ArrayGet a) {
            MapStore m = ec.map(a.global());
            if (ExprCompiler.isSlice(a.keys())) {
                KNode sl = ec.slice(a.keys());
                return f -> {
                    f.h.stmt(near);
                    m.removeSlice((Object[]) sl.k(f));
                    return Nodes.NORMAL;
                };
            }
            KNode k = ec.key(a.keys());
            return f -> {
                f.h.stmt(near);
                m.remove(k.k(f));
                return Nodes.NORMAL;
            };
        }
        throw new Unsupported(s.span(), "delete of this kind of value");
    }

    public XNode visitReturn(IrStmt.Return s) {
        String near = near(s, s.value() == null ? null : Near.lead(s.value()));
        if (s.value() == null) {
            return f -> {
                f.h.stmt(near);
                return Nodes.RETURN;
            };
        }
        Code c = ec.code(s.value());
        int maxStr = ec.maxStr;
        return f -> {
            f.h.stmt(near);
            if (c.l != null) f.retL = c.l.l(f);
            else if (c.s != null) f.retS = Strs.fit(c.s.s(f), maxStr);
            else c.v.v(f);
            return Nodes.RETURN;
        };
    }

    public XNode visitBreak(IrStmt.Break s) {
        String near = near(s, null);
        return f -> {
            f.h.stmt(near);
            return Nodes.BREAK;
        };
    }

    public XNode visitContinue(IrStmt.Continue s) {
        String near = near(s, null);
        return f -> {
            f.h.stmt(near);
            return Nodes.CONTINUE;
        };
    }

    public XNode visitNext(IrStmt.Next s) {
        String near = near(s, null);
        return f -> {
            f.h.stmt(near);
            throw NextSignal.INSTANCE;
        };
    }

    public XNode visitTry(IrStmt.Try s) {
        String near = near(s, null);
        XNode body = compile(s.body());
        XNode handler = compile(s.handler());
        int slot = s.catchVar() == null ? -1 : s.catchVar().slot();
        int maxStr = ec.maxStr;
        return f -> {
            f.h.stmt(near);
            int r;
            try {
                r = body.x(f);
            } catch (ScriptError e) {
                if (!e.catchable) throw e;
                if (slot >= 0) f.s[slot] = Strs.fit(e.getMessage(), maxStr);
                return handler.x(f);
            }
            return r;
        };
    }
}
