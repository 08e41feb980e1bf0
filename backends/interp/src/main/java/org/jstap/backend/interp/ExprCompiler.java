package org.jstap.backend.interp;

import java.util.List;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ir.HistParams;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.Near;
import org.jstap.backend.interp.Nodes.KNode;
import org.jstap.backend.interp.Nodes.LNode;
import org.jstap.backend.interp.Nodes.SNode;
import org.jstap.backend.interp.Nodes.VNode;

/**
 * Compiles expressions to closures with runtime-c's semantics: 64-bit wrap-around arithmetic, "division by 0",
 * strings cut at MAXSTRINGLEN, reads of absent array elements give 0/"" without inserting, writes insert and
 * overflow with "Array overflow, check size limit (N)". Error markers ("near ...") are the ones the kmod
 * translator sets before the same operations.
 */
final class ExprCompiler implements IrExpr.Visitor<Code> {
    final Program p;
    final Session ss;
    final int maxStr;

    ExprCompiler(Program p) {
        this.p = p;
        this.ss = p.session;
        this.maxStr = ss.limits.maxStringLen();
    }

    Code code(IrExpr e) {
        return e.accept(this);
    }

    LNode L(IrExpr e) {
        Code c = code(e);
        if (c.l != null) return c.l;
        throw new Unsupported(e.span(), "a " + c.type.label + " value where a number is needed");
    }

    SNode S(IrExpr e) {
        Code c = code(e);
        if (c.s != null) return c.s;
        if (c.l != null) { // lenient: the elaborator types these, but a long printed as text is harmless
            LNode n = c.l;
            return f -> Long.toString(n.l(f));
        }
        throw new Unsupported(e.span(), "a " + c.type.label + " value where a string is needed");
    }

    VNode V(IrExpr e) {
        return code(e).effect();
    }

    String fit(String s) {
        return s.length() >= maxStr ? s.substring(0, maxStr - 1) : s;
    }

    // ---------------------------------------------------------------- keys

    /** One key column: a Long or a String (cut like runtime-c's key copy). */
    private KNode column(IrExpr e) {
        if (e.type() == IrType.STRING) {
            SNode s = S(e);
            return f -> fit(s.s(f));
        }
        LNode l = L(e);
        return f -> l.l(f);
    }

    /** The key object of a full key list (no wildcards). */
    KNode key(List<IrExpr> keys) {
        if (keys.size() == 1) return column(keys.get(0));
        KNode[] cols = keys.stream().map(this::column).toArray(KNode[]::new);
        return f -> {
            Object[] o = new Object[cols.length];
            for (int i = 0; i < cols.length; i++) o[i] = cols[i].k(f);
            return new MapStore.Tuple(o);
        };
    }

    static boolean isSlice(List<IrExpr> keys) {
        for (IrExpr k : keys) if (k instanceof IrExpr.AnyKey) return true;
        return false;
    }

    /** A slice: one entry per column, null for {@code *}. */
    Nodes.KNode slice(List<IrExpr> keys) {
        KNode[] cols = new KNode[keys.size()];
        for (int i = 0; i < cols.length; i++) cols[i] = keys.get(i) instanceof IrExpr.AnyKey ? null : column(keys.get(i));
        return f -> {
            Object[] o = new Object[cols.length];
            for (int i = 0; i < cols.length; i++) o[i] = cols[i] == null ? null : cols[i].k(f);
            return o;
        };
    }

    MapStore map(String global) {
        MapStore m = ss.maps[ss.global(global)];
        if (m == null) throw new IllegalStateException(global + " is not an array");
        return m;
    }

    static String overflow(MapStore m) {
        return "Array overflow, check size limit (" + m.capacity + ")";
    }

    // ---------------------------------------------------------------- leaves

    public Code visitIntConst(IrExpr.IntConst e) {
        long v = e.value();
        return Code.l(f -> v);
    }

    public Code visitStrConst(IrExpr.StrConst e) {
        String v = Strs.fromJava(e.value());
        return Code.s(f -> v);
    }

    public Code visitLocalRef(IrExpr.LocalRef e) {
        int slot = e.slot();
        if (e.type() == IrType.STRING) return Code.s(f -> f.s[slot]);
        return Code.l(f -> f.l[slot]);
    }

    public Code visitGlobalRef(IrExpr.GlobalRef e) {
        int i = ss.global(e.global());
        if (e.type() == IrType.STRING) {
            String[] gs = ss.gs;
            return Code.s(f -> gs[i]);
        }
        if (e.type() == IrType.LONG) {
            long[] gl = ss.gl;
            return Code.l(f -> gl[i]);
        }
        throw new Unsupported(e.span(), "a whole array or statistic used as a value");
    }

    public Code visitArrayGet(IrExpr.ArrayGet e) {
        MapStore m = map(e.global());
        KNode k = key(e.keys());
        if (e.type() == IrType.STRING) {
            return Code.s(f -> {
                MapStore.Entry en = m.find(k.k(f));
                return en == null ? "" : en.s;
            });
        }
        if (e.type() == IrType.LONG) {
            return Code.l(f -> {
                MapStore.Entry en = m.find(k.k(f));
                return en == null ? 0 : en.l;
            });
        }
        throw new Unsupported(e.span(), "a statistic element used as a value");
    }

    public Code visitAnyKey(IrExpr.AnyKey e) {
        throw new Unsupported(e.span(), "'*' outside an array slice");
    }

    public Code visitIn(IrExpr.In e) {
        MapStore m = map(e.global());
        if (isSlice(e.keys())) {
            KNode sl = slice(e.keys());
            return Code.l(f -> m.exists((Object[]) sl.k(f)) ? 1 : 0);
        }
        KNode k = key(e.keys());
        return Code.l(f -> m.find(k.k(f)) != null ? 1 : 0);
    }

    // ---------------------------------------------------------------- operators

    public Code visitBinary(IrExpr.Binary e) {
        BinaryOp op = e.op();
        if (op == BinaryOp.CONCAT) {
            SNode a = S(e.left()), b = S(e.right());
            return Code.s(f -> {
                String x = a.s(f);
                return fit(x.concat(b.s(f)));
            });
        }
        if (op == BinaryOp.AND || op == BinaryOp.OR) {
            LNode a = L(e.left()), b = L(e.right());
            return op == BinaryOp.AND ? Code.l(f -> a.l(f) != 0 && b.l(f) != 0 ? 1 : 0)
                    : Code.l(f -> a.l(f) != 0 || b.l(f) != 0 ? 1 : 0);
        }
        if (e.left().type() == IrType.STRING) {
            SNode a = S(e.left()), b = S(e.right());
            return switch (op) {
                case LT -> Code.l(f -> a.s(f).compareTo(b.s(f)) < 0 ? 1 : 0);
                case LE -> Code.l(f -> a.s(f).compareTo(b.s(f)) <= 0 ? 1 : 0);
                case GT -> Code.l(f -> a.s(f).compareTo(b.s(f)) > 0 ? 1 : 0);
                case GE -> Code.l(f -> a.s(f).compareTo(b.s(f)) >= 0 ? 1 : 0);
                case EQ -> Code.l(f -> a.s(f).equals(b.s(f)) ? 1 : 0);
                case NE -> Code.l(f -> a.s(f).equals(b.s(f)) ? 0 : 1);
                default -> throw new Unsupported(e.span(), "operator '" + op.symbol + "' on strings");
            };
        }
        LNode a = L(e.left()), b = L(e.right());
        String near = Near.of(e);
        return switch (op) {
            case ADD -> Code.l(f -> a.l(f) + b.l(f));
            case SUB -> Code.l(f -> a.l(f) - b.l(f));
            case MUL -> Code.l(f -> a.l(f) * b.l(f));
            case DIV -> Code.l(f -> {
                long x = a.l(f), y = b.l(f);
                if (y == 0) throw f.h.error("division by 0", near);
                return x / y;
            });
            case MOD -> Code.l(f -> {
                long x = a.l(f), y = b.l(f);
                if (y == 0) throw f.h.error("division by 0", near);
                return x % y;
            });
            case SHL -> Code.l(f -> a.l(f) << b.l(f));
            case SHR -> Code.l(f -> a.l(f) >> b.l(f));
            case USHR -> Code.l(f -> a.l(f) >>> b.l(f));
            case BITAND -> Code.l(f -> a.l(f) & b.l(f));
            case BITOR -> Code.l(f -> a.l(f) | b.l(f));
            case BITXOR -> Code.l(f -> a.l(f) ^ b.l(f));
            case LT -> Code.l(f -> a.l(f) < b.l(f) ? 1 : 0);
            case LE -> Code.l(f -> a.l(f) <= b.l(f) ? 1 : 0);
            case GT -> Code.l(f -> a.l(f) > b.l(f) ? 1 : 0);
            case GE -> Code.l(f -> a.l(f) >= b.l(f) ? 1 : 0);
            case EQ -> Code.l(f -> a.l(f) == b.l(f) ? 1 : 0);
            case NE -> Code.l(f -> a.l(f) != b.l(f) ? 1 : 0);
            default -> throw new Unsupported(e.span(), "operator '" + op.symbol + "' on numbers");
        };
    }

    public Code visitUnary(IrExpr.Unary e) {
        LNode a = L(e.operand());
        return switch (e.op()) {
            case NEG -> Code.l(f -> -a.l(f));
            case PLUS -> a == null ? null : Code.l(a);
            case NOT -> Code.l(f -> a.l(f) == 0 ? 1 : 0);
            case BITNOT -> Code.l(f -> ~a.l(f));
            case ADDRESS -> throw new Unsupported(e.span(), "'&' of a target variable");
        };
    }

    public Code visitMatch(IrExpr.Match e) {
        SNode s = S(e.value());
        java.util.regex.Pattern re = Regexes.compile(Strs.fromJava(e.regex()));
        boolean neg = e.negate();
        return Code.l(f -> {
            java.util.regex.Matcher m = re.matcher(s.s(f));
            boolean found = m.find();
            Session ses = f.h.session;
            if (found) {
                String[] g = new String[m.groupCount() + 1];
                for (int i = 0; i < g.length; i++) g[i] = m.group(i) == null ? "" : m.group(i);
                ses.matched = g;
                ses.matchFailed = false;
            } else {
                ses.matched = new String[m.groupCount() + 1];
                ses.matchFailed = true;
            }
            return found != neg ? 1 : 0;
        });
    }

    /** {@code old op v} for the long compound assignments; division checks at {@code near}. */
    private static long combine(Frame f, AssignOp op, long old, long v, String near) {
        return switch (op) {
            case ASSIGN -> v;
            case ADD -> old + v;
            case SUB -> old - v;
            case MUL -> old * v;
            case DIV -> {
                if (v == 0) throw f.h.error("division by 0", near);
                yield old / v;
            }
            case MOD -> {
                if (v == 0) throw f.h.error("division by 0", near);
                yield old % v;
            }
            case SHL -> old << v;
            case SHR -> old >> v;
            case AND -> old & v;
            case XOR -> old ^ v;
            case OR -> old | v;
            case CONCAT -> v;
        };
    }

    public Code visitAssign(IrExpr.Assign e) {
        AssignOp op = e.op();
        IrExpr t = e.target();
        String near = Near.of(e);
        boolean str = t.type() == IrType.STRING;
        if (t instanceof IrExpr.LocalRef lr) {
            int slot = lr.slot();
            if (str) {
                SNode v = S(e.value());
                if (op == AssignOp.CONCAT) return Code.s(f -> {
                    String x = v.s(f);
                    return f.s[slot] = fit(f.s[slot].concat(x));
                });
                return Code.s(f -> f.s[slot] = fit(v.s(f)));
            }
            LNode v = L(e.value());
            if (op == AssignOp.ASSIGN) return Code.l(f -> f.l[slot] = v.l(f));
            return Code.l(f -> {
                long x = v.l(f);
                return f.l[slot] = combine(f, op, f.l[slot], x, near);
            });
        }
        if (t instanceof IrExpr.GlobalRef gr) {
            int i = ss.global(gr.global());
            if (str) {
                String[] gs = ss.gs;
                SNode v = S(e.value());
                if (op == AssignOp.CONCAT) return Code.s(f -> {
                    String x = v.s(f);
                    return gs[i] = fit(gs[i].concat(x));
                });
                return Code.s(f -> gs[i] = fit(v.s(f)));
            }
            long[] gl = ss.gl;
            LNode v = L(e.value());
            if (op == AssignOp.ASSIGN) return Code.l(f -> gl[i] = v.l(f));
            return Code.l(f -> {
                long x = v.l(f);
                return gl[i] = combine(f, op, gl[i], x, near);
            });
        }
        if (t instanceof IrExpr.ArrayGet a) {
            MapStore m = map(a.global());
            KNode k = key(a.keys());
            String anear = Near.of(a);
            if (str) {
                SNode v = S(e.value());
                boolean cat = op == AssignOp.CONCAT;
                return Code.s(f -> {
                    Object key = k.k(f);
                    String x = v.s(f);
                    if (cat) {
                        MapStore.Entry old = m.find(key);
                        x = fit((old == null ? "" : old.s).concat(x));
                    } else {
                        x = fit(x);
                    }
                    MapStore.Entry en = m.insert(key);
                    if (en == null) throw f.h.error(overflow(m), anear);
                    return en.s = x;
                });
            }
            LNode v = L(e.value());
            if (op == AssignOp.ADD || op == AssignOp.SUB) {
                boolean sub = op == AssignOp.SUB;
                return Code.l(f -> {
                    Object key = k.k(f);
                    long x = v.l(f);
                    MapStore.Entry en = m.insert(key);
                    if (en == null) throw f.h.error(overflow(m), anear);
                    return en.l = sub ? en.l - x : en.l + x;
                });
            }
            return Code.l(f -> {
                Object key = k.k(f);
                long x = v.l(f);
                if (op != AssignOp.ASSIGN) {
                    MapStore.Entry old = m.find(key);
                    x = combine(f, op, old == null ? 0 : old.l, x, near);
                }
                MapStore.Entry en = m.insert(key);
                if (en == null) throw f.h.error(overflow(m), anear);
                return en.l = x;
            });
        }
        throw new Unsupported(e.span(), "assignment to a target variable");
    }

    public Code visitIncDec(IrExpr.IncDec e) {
        long d = e.increment() ? 1 : -1;
        boolean pre = e.prefix();
        IrExpr t = e.target();
        if (t instanceof IrExpr.LocalRef lr) {
            int slot = lr.slot();
            return pre ? Code.l(f -> f.l[slot] += d) : Code.l(f -> {
                long old = f.l[slot];
                f.l[slot] = old + d;
                return old;
            });
        }
        if (t instanceof IrExpr.GlobalRef gr) {
            int i = ss.global(gr.global());
            long[] gl = ss.gl;
            return pre ? Code.l(f -> gl[i] += d) : Code.l(f -> {
                long old = gl[i];
                gl[i] = old + d;
                return old;
            });
        }
        if (t instanceof IrExpr.ArrayGet a) {
            MapStore m = map(a.global());
            KNode k = key(a.keys());
            String anear = Near.of(a);
            return Code.l(f -> {
                MapStore.Entry en = m.insert(k.k(f));
                if (en == null) throw f.h.error(overflow(m), anear);
                en.l += d;
                return pre ? en.l : en.l - d;
            });
        }
        throw new Unsupported(e.span(), "++/-- of a target variable");
    }

    public Code visitAggregate(IrExpr.Aggregate e) {
        IrExpr t = e.target();
        LNode v = L(e.value());
        if (t instanceof IrExpr.GlobalRef gr) {
            Stat st = ss.gst[ss.global(gr.global())];
            return Code.v(f -> st.add(v.l(f)));
        }
        if (t instanceof IrExpr.ArrayGet a) {
            MapStore m = map(a.global());
            KNode k = key(a.keys());
            String anear = Near.of(a);
            return Code.v(f -> {
                Object key = k.k(f);
                long x = v.l(f);
                MapStore.Entry en = m.insert(key);
                if (en == null) throw f.h.error(overflow(m), anear);
                en.st.add(x);
            });
        }
        throw new Unsupported(e.span(), "<<< into this kind of value");
    }

    public Code visitTernary(IrExpr.Ternary e) {
        LNode c = L(e.cond());
        if (e.type() == IrType.STRING) {
            SNode a = S(e.then()), b = S(e.otherwise());
            return Code.s(f -> c.l(f) != 0 ? a.s(f) : b.s(f));
        }
        if (e.type() == IrType.LONG) {
            LNode a = L(e.then()), b = L(e.otherwise());
            return Code.l(f -> c.l(f) != 0 ? a.l(f) : b.l(f));
        }
        VNode a = V(e.then()), b = V(e.otherwise());
        return Code.v(f -> {
            if (c.l(f) != 0) a.v(f);
            else b.v(f);
        });
    }

    // ---------------------------------------------------------------- calls

    public Code visitCallFunction(IrExpr.CallFunction e) {
        Program.Fn fn = p.function(e.function());
        if (fn == null) throw new Unsupported(e.span(), "call of unknown function " + e.function());
        int n = e.args().size();
        LNode[] ls = new LNode[n];
        SNode[] strs = new SNode[n];
        for (int i = 0; i < n; i++) {
            if (fn.ir.params().get(i).type() == IrType.STRING) strs[i] = S(e.args().get(i));
            else ls[i] = L(e.args().get(i));
        }
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) slots[i] = fn.ir.params().get(i).slot();
        String near = Near.of(e);
        int maxNest = ss.limits.maxNesting();
        Nodes.LNode call = f -> {
            Hit h = f.h;
            Frame callee = new Frame(fn.frameSize, h);
            for (int i = 0; i < n; i++) {
                if (strs[i] != null) callee.s[slots[i]] = fit(strs[i].s(f));
                else callee.l[slots[i]] = ls[i].l(f);
            }
            h.lastStmt = near;
            if (h.nesting + 1 > maxNest) throw h.error("MAXNESTING exceeded", near);
            h.nesting++;
            try {
                fn.body.x(callee);
            } finally {
                h.nesting--;
            }
            f.retS = callee.retS; // hand a string result over without another field
            return callee.retL;
        };
        return switch (fn.ir.returnType()) {
            case STRING -> Code.s(f -> {
                call.l(f);
                return f.retS;
            });
            case LONG -> Code.l(call);
            default -> Code.v(call::l);
        };
    }

    public Code visitCallBuiltin(IrExpr.CallBuiltin e) {
        return new Builtins(this).compile(e);
    }

    public Code visitPrint(IrExpr.Print e) {
        return new PrintCompiler(this).compile(e);
    }

    // ---------------------------------------------------------------- statistics

    /** The statistic an operand names: null when an array element is absent. Scalars read as C aggregates them. */
    interface StatRef { Stat get(Frame f); }

    StatRef stat(IrExpr stats, boolean aggregateScalar) {
        if (stats instanceof IrExpr.GlobalRef gr) {
            Stat st = ss.gst[ss.global(gr.global())];
            if (st == null) throw new Unsupported(stats.span(), gr.global() + " is not a statistic");
            return aggregateScalar ? f -> st.aggregate() : f -> st;
        }
        if (stats instanceof IrExpr.ArrayGet a) {
            MapStore m = map(a.global());
            KNode k = key(a.keys());
            // An element read from one CPU's partial is that partial as it is (stap, runtime-c jst_stat_merge:
            // the first partial is copied, only later ones are combined), so no aggregate() here.
            return f -> {
                MapStore.Entry en = m.find(k.k(f));
                return en == null ? null : en.st;
            };
        }
        throw new Unsupported(stats.span(), "statistic operand");
    }

    public Code visitStatOp(IrExpr.StatOp e) {
        StatFn fn = e.fn();
        StatRef st = stat(e.stats(), fn == StatFn.VARIANCE);
        String near = Near.of(e);
        return Code.l(f -> {
            Long v = Stat.get(st.get(f), fn);
            if (v == null) throw f.h.error("empty aggregate", near);
            return v;
        });
    }

    public Code visitHistPrint(IrExpr.HistPrint e) {
        StatRef st = stat(e.stats(), false);
        HistParams h = e.hist();
        String near = Near.of(e);
        return Code.v(f -> {
            Stat s = st.get(f);
            if (s == null || s.count == 0) throw f.h.error("empty aggregate", near);   // as stap
            Histogram.format(f.h.out, s.histogram(h), h);
        });
    }

    public Code visitHistBucket(IrExpr.HistBucket e) {
        LNode b = L(e.bucket());
        StatRef st = stat(e.stats(), false);
        HistParams h = e.hist();
        return Code.l(f -> {
            long i = b.l(f);
            Stat s = st.get(f);
            long[] hist = s == null ? null : s.histogram(h);
            return hist != null && i >= 0 && i < hist.length ? hist[(int) i] : 0;
        });
    }

    // ---------------------------------------------------------------- kernel context: none here

    public Code visitTarget(IrExpr.Target e) {
        // $value of input.char / input.line's procfs("__stdin").write: what StdinFeed read
        if (e.access().source() instanceof org.jstap.api.ir.TargetAccess.Source.ProcfsValue) return Code.s(f -> f.h.value);
        throw new Unsupported(e.span(), "target variable " + e.text());
    }

    public Code visitEntryRef(IrExpr.EntryRef e) {
        throw new Unsupported(e.span(), "@entry");
    }

    public Code visitEmbedded(IrExpr.Embedded e) {
        throw new Unsupported(e.span(), "embedded C");
    }

    static IrGlobal unused(IrGlobal g) {
        return g;
    }
}
