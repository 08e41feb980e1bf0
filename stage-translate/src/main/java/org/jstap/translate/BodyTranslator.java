package org.jstap.translate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.jstap.irtools.CounterGlobals;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.HistParams;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.jstap.api.ir.Near;
import org.jstap.irtools.Effects;

/**
 * Lowers one body (probe handler, function, or @entry handler) to C. Statements become C statements;
 * expressions are flattened: whatever can fail or has side effects is emitted as its own statement into the
 * current writer, and the visitor returns a side-effect-free C expression for the value ({@code int64_t} for
 * longs, {@code const char *} for strings, pointing into the frame). Every fallible operation first sets
 * {@code c->last_stmt} to stap's "near" text, then checks {@code c->last_error} and jumps to the innermost
 * catch label or {@code out}.
 */
final class BodyTranslator implements IrStmt.Visitor<Void>, IrExpr.Visitor<CExpr> {
    private final ModuleGenerator mod;
    final Frame frame;
    private final List<IrVar> vars;
    private CWriter w;
    private final boolean inFunction;
    private final IrType returnType;
    private String errLabel = "out";
    private final Deque<String[]> loops = new ArrayDeque<>();
    private final Deque<boolean[]> loopUse = new ArrayDeque<>();
    /** Statistics arrays being iterated: reads inside the loop use that aggregate instead of re-aggregating. */
    private final java.util.Map<String, String> iterating = new java.util.HashMap<>();
    private int labels;
    boolean usesNext;
    /** The code may end with {@code c->last_error} set to the `next` marker (a call: `next` inside the callee, or
     * abort()): the probe handler must then clear it. A body without either needs no such test. */
    boolean nextMayArrive;

    BodyTranslator(ModuleGenerator mod, Frame frame, List<IrVar> vars, CWriter w, boolean inFunction,
                   IrType returnType) {
        this.mod = mod;
        this.frame = frame;
        this.vars = vars;
        this.w = w;
        this.inFunction = inFunction;
        this.returnType = returnType;
        for (IrVar v : vars) frame.field(localDecl(v));
        if (inFunction && returnType != IrType.VOID) {
            frame.field(returnType == IrType.STRING ? "char ret[MAXSTRINGLEN]" : "int64_t ret");
        }
    }

    static String localName(IrVar v) {
        return "l" + v.slot() + "_" + CNames.ident(v.name());
    }

    private static String localDecl(IrVar v) {
        return v.type() == IrType.STRING ? "char " + localName(v) + "[MAXSTRINGLEN]" : "int64_t " + localName(v);
    }

    private String local(int slot, String name) {
        return "f->l" + slot + "_" + CNames.ident(name);
    }

    /** Zero the locals (and function result) the way stap starts every call: 0 and "". */
    void initLocals(int fromSlot) {
        for (IrVar v : vars) {
            if (v.slot() < fromSlot) continue;
            if (v.type() == IrType.STRING) w.line("f->" + localName(v) + "[0] = '\\0';");
            else w.line("f->" + localName(v) + " = 0;");
        }
        if (inFunction && returnType == IrType.STRING) w.line("f->ret[0] = '\\0';");
        else if (inFunction && returnType != IrType.VOID) w.line("f->ret = 0;");
    }

    void body(IrStmt s) {
        stmt(s);
    }

    /** The code of the {@code out} label: end foreach iterations a jump left open. */
    void cleanup(CWriter out) {
        for (int i = 0; i < frame.itersHigh; i++) {
            out.line("if (f->it" + i + ".m)");
            out.line("\tjst_map_iter_end(&f->it" + i + ");");
        }
    }

    void initIters(CWriter out) {
        for (int i = 0; i < frame.itersHigh; i++) out.line("f->it" + i + ".m = NULL;");
    }

    // ------------------------------------------------------------------ helpers

    private void stmt(IrStmt s) {
        if (s == null) return;
        int[] m = frame.mark();
        s.accept(this);
        frame.release(m);
    }

    private String expr(IrExpr e) {
        return e.accept(this).code();
    }

    /** The expression's C with what is known about it (a temporary, a literal, or any other expression). */
    private CExpr value(IrExpr e) {
        return e.accept(this);
    }

    private void near(IrExpr e) {
        w.line("c->last_stmt = " + CNames.str(Near.of(e)) + ";");
    }

    private void check() {
        w.line("JT_CHECK(" + errLabel + ");");
    }

    /** Marker, "near" text and one MAXACTION unit for a statement. */
    private void prologue(IrStmt s, IrExpr lead) {
        w.marker(s.span());
        String near = lead != null ? Near.of(lead) : "token at " + s.span();
        w.line("JT_STMT(" + CNames.str(near) + ");");
    }

    private String newLabel(String what) {
        return what + "_" + labels++;
    }

    static String longLit(long v) {
        if (v == Long.MIN_VALUE) return "(-9223372036854775807LL - 1)";
        return v < 0 ? "(" + v + "LL)" : v + "LL";
    }

    /** True when evaluating {@code e} cannot change state another operand may read (any call may). */
    private static boolean pure(IrExpr e) {
        return Effects.withoutCalls().pure(e);
    }

    /** Copies a value into a temporary unless it already is one (or a constant). */
    CExpr stable(CExpr c, IrType t) {
        if (c.stable()) return c;
        if (t == IrType.STRING) {
            String s = frame.newStr();
            w.line("jst_strcpy(" + s + ", " + c.code() + ");");
            return CExpr.temp(s);
        }
        String v = frame.newLong();
        w.line(v + " = " + c.code() + ";");
        return CExpr.temp(v);
    }

    /** Evaluates operands left to right; an operand followed by an impure one is copied to a temporary first. */
    private List<String> operands(List<IrExpr> es) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < es.size(); i++) {
            IrExpr e = es.get(i);
            if (e instanceof IrExpr.AnyKey) {
                out.add(null);
                continue;
            }
            CExpr v = value(e);
            boolean laterImpure = false;
            for (int j = i + 1; j < es.size(); j++) laterImpure |= !pure(es.get(j));
            out.add((laterImpure ? stable(v, e.type()) : v).code());
        }
        return out;
    }

    /** Emits into a scratch writer; returns the code and the value. */
    private record Captured(CWriter code, String value) {}

    private Captured capture(Supplier<String> body) {
        CWriter saved = w;
        w = new CWriter(saved.indent() + 1);
        try {
            String v = body.get();
            return new Captured(w, v);
        } finally {
            w = saved;
        }
    }

    // ---- globals

    private IrGlobal global(String mangled) {
        return mod.global(mangled);
    }

    private static String g(String mangled) {
        return ModuleGenerator.globalVar(mangled);
    }

    /** The keys of an array access: a key array, or a slice ({@code &f->slN}) when a key is *. */
    private record Keys(String code, boolean slice) {}

    /** A key array (or slice, when a key is *) for an array access. */
    private Keys keys(IrGlobal gl, List<IrExpr> keyExprs) {
        List<String> vals = operands(keyExprs);
        boolean slice = vals.contains(null);
        String k = slice ? frame.newSlice() : frame.newKeys();
        String arr = slice ? k + ".keys" : k;
        int wild = 0;
        for (int i = 0; i < vals.size(); i++) {
            if (vals.get(i) == null) {
                wild |= 1 << i;
                continue;
            }
            boolean str = gl.keyTypes().get(i) == IrType.STRING;
            w.line(arr + "[" + i + "]." + (str ? "s" : "n") + " = " + vals.get(i) + ";");
        }
        if (slice) {
            w.line(k + ".wild = " + wild + ";");
            return new Keys("&" + k, true);
        }
        return new Keys(k, false);
    }

    /** The map to read: the global's map, or the aggregate of a per-CPU statistics array. */
    private String readMap(IrGlobal gl, IrExpr where) {
        if (gl.type() != IrType.STATS) return "&" + g(gl.mangled());
        if (iterating.containsKey(gl.mangled())) return iterating.get(gl.mangled());
        if (where != null) near(where);
        String t = "jt_m" ;
        w.line(t + " = jst_pmap_aggregate(c, &" + g(gl.mangled()) + ");");
        check();
        frame.mapTemp = true;
        return t;
    }

    // ------------------------------------------------------------------ statements

    public Void visitBlock(IrStmt.Block s) {
        for (IrStmt st : s.body()) stmt(st);
        return null;
    }

    public Void visitExprStmt(IrStmt.ExprStmt s) {
        prologue(s, Near.lead(s.expr()));
        IrExpr.GlobalRef counter = CounterGlobals.counterAdd(s.expr());
        if (counter != null && mod.isCounter(counter.global())) {
            // one atomic add, no lock (CounterGlobals); the statement's value is unused
            String d = s.expr() instanceof IrExpr.IncDec i ? (i.increment() ? "1" : "-1")
                    : ((IrExpr.Assign) s.expr()).op() == org.jstap.api.ast.Ops.AssignOp.SUB
                    ? "(int64_t)(0 - (uint64_t)" + value(((IrExpr.Assign) s.expr()).value()).code() + ")"
                    : value(((IrExpr.Assign) s.expr()).value()).code();
            w.line("jst_counter_add(&" + g(counter.global()) + ", " + d + ");");
            return null;
        }
        expr(s.expr());
        return null;
    }

    public Void visitIf(IrStmt.If s) {
        prologue(s, Near.lead(s.cond()));
        String c = expr(s.cond());
        w.open("if (" + c + ") {");
        stmt(s.then());
        if (s.otherwise() != null) {
            w.reopen("} else {");
            stmt(s.otherwise());
        }
        w.close("}");
        return null;
    }

    private void loop(IrStmt s, IrExpr cond, IrExpr step, IrStmt body, IrExpr lead) {
        String brk = newLabel("brk"), cont = newLabel("cont");
        w.open("for (;;) {");
        w.line("JT_STMT(" + CNames.str(lead != null ? Near.of(lead) : "token at " + s.span()) + ");");
        if (cond != null) {
            int[] m = frame.mark();
            String c = expr(cond);
            w.line("if (!(" + c + "))");
            w.line("\tbreak;");
            frame.release(m);
        }
        loops.push(new String[] {brk, cont});
        boolean[] used = new boolean[2];
        loopUse.push(used);
        stmt(body);
        loopUse.pop();
        loops.pop();
        if (used[1]) w.label(cont);
        if (step != null) {
            int[] m = frame.mark();
            expr(step);
            frame.release(m);
        } else if (used[1]) {
            w.line(";");
        }
        w.close("}");
        if (used[0]) {
            w.label(brk);
            w.line(";");
        }
    }

    public Void visitWhile(IrStmt.While s) {
        prologue(s, Near.lead(s.cond()));
        loop(s, s.cond(), null, s.body(), Near.lead(s.cond()));
        return null;
    }

    public Void visitFor(IrStmt.For s) {
        IrExpr l = s.init() != null ? Near.lead(s.init()) : s.cond() != null ? Near.lead(s.cond()) : null;
        prologue(s, l);
        if (s.init() != null) {
            int[] m = frame.mark();
            expr(s.init());
            frame.release(m);
        }
        loop(s, s.cond(), s.step(), s.body(), l);
        return null;
    }

    public Void visitForeach(IrStmt.Foreach s) {
        IrGlobal gl = global(s.global());
        IrExpr ident = new IrExpr.GlobalRef(s.span(), gl.type(), gl.mangled());
        prologue(s, s.keys().isEmpty() ? ident : s.keys().get(0));
        int it = frame.newIter();
        String itv = "f->it" + it, ev = "f->e" + it;
        String slice = "NULL";
        if (s.slice() != null && !s.slice().isEmpty()) {
            List<String> vals = operands(s.slice());
            String sl = frame.newSlice();
            int wild = 0;
            for (int i = 0; i < vals.size(); i++) {
                if (vals.get(i) == null) {
                    wild |= 1 << i;
                } else {
                    boolean str = gl.keyTypes().get(i) == IrType.STRING;
                    w.line(sl + ".keys[" + i + "]." + (str ? "s" : "n") + " = " + vals.get(i) + ";");
                }
            }
            w.line(sl + ".wild = " + wild + ";");
            slice = "&" + sl;
        }
        String limit = "-1";
        if (s.limit() != null) {
            // stap visits nothing for a limit <= 0 (and does not sort); -1 means "no limit" to the runtime
            CExpr l = stable(value(s.limit()), IrType.LONG);
            limit = l.nonNegativeLong() ? l.code() : "(" + l.code() + " < 0 ? 0 : " + l.code() + ")";
        }
        String col = s.sortColumn() < 0 ? "JST_SORT_NONE" : s.sortColumn() == 0 ? "JST_SORT_VALUE"
                : String.valueOf(s.sortColumn());
        String agg = ModuleGenerator.aggConst(s.sortStat() == null ? "@count" : s.sortStat());
        String map = readMap(gl, ident);
        w.line("if (" + itv + ".m)");
        w.line("\tjst_map_iter_end(&" + itv + ");");
        near(ident);
        w.line("if (jst_map_iter_start(c, " + map + ", &" + itv + ", " + col + ", " + (s.descending() ? -1 : 1)
                + ", " + agg + ", " + limit + ", " + slice + "))");
        w.line("\tgoto " + errLabel + ";");
        String brk = newLabel("brk"), cont = newLabel("cont");
        w.open("while ((" + ev + " = jst_map_iter_next(&" + itv + ")) != NULL) {");
        w.line("JT_STMT(" + CNames.str(Near.of(ident)) + ");");
        for (int i = 0; i < s.keys().size(); i++) {
            IrExpr.LocalRef k = s.keys().get(i);
            String lv = local(k.slot(), k.name());
            if (gl.keyTypes().get(i) == IrType.STRING) {
                w.line("jst_strcpy(" + lv + ", jst_entry_key_str(" + itv + ".m, " + ev + ", " + i + "));");
            } else {
                w.line(lv + " = jst_entry_key_long(" + itv + ".m, " + ev + ", " + i + ");");
            }
        }
        if (s.value() != null) {
            String lv = local(s.value().slot(), s.value().name());
            switch (gl.type()) {
                case STRING -> w.line("jst_strcpy(" + lv + ", jst_entry_str(" + itv + ".m, " + ev + "));");
                case STATS -> w.line(lv + " = jst_stat_get(c, jst_entry_stat(" + itv + ".m, " + ev + "), "
                        + agg + ");");
                default -> w.line(lv + " = *jst_entry_long(" + itv + ".m, " + ev + ");");
            }
        }
        loops.push(new String[] {brk, cont});
        boolean[] used = new boolean[2];
        loopUse.push(used);
        String prevIter = gl.type() == IrType.STATS ? iterating.put(gl.mangled(), itv + ".m") : null;
        stmt(s.body());
        if (gl.type() == IrType.STATS) {
            if (prevIter == null) iterating.remove(gl.mangled());
            else iterating.put(gl.mangled(), prevIter);
        }
        loopUse.pop();
        loops.pop();
        if (used[1]) {
            w.label(cont);
            w.line(";");
        }
        w.close("}");
        if (used[0]) w.label(brk);
        w.line("jst_map_iter_end(&" + itv + ");");
        return null;
    }

    public Void visitDelete(IrStmt.Delete s) {
        prologue(s, s.target());
        IrExpr t = s.target();
        if (t instanceof IrExpr.LocalRef l) {
            w.line(l.type() == IrType.STRING ? local(l.slot(), l.name()) + "[0] = '\\0';"
                    : local(l.slot(), l.name()) + " = 0;");
        } else if (t instanceof IrExpr.GlobalRef gr) {
            IrGlobal gl = global(gr.global());
            String gv = g(gl.mangled());
            if (gl.isArray()) w.line((gl.type() == IrType.STATS ? "jst_pmap_clear(&" : "jst_map_clear(&") + gv + ");");
            else if (gl.type() == IrType.STATS) w.line("jst_pstat_clear(&" + gv + ");");
            else if (gl.type() == IrType.STRING) w.line(gv + "[0] = '\\0';");
            else w.line(gv + " = 0;");
        } else if (t instanceof IrExpr.ArrayGet a) {
            IrGlobal gl = global(a.global());
            Keys ks = keys(gl, a.keys());
            String k = ks.code();
            String gv = "&" + g(gl.mangled());
            if (ks.slice()) {
                if (gl.type() == IrType.STATS) {
                    // per-CPU partials: drop the matching keys on every CPU through the aggregate's key list
                    w.line("jt_pmap_delete_slice(&" + g(gl.mangled()) + ", " + k + ");");
                    mod.needPmapSliceDelete = true;
                } else {
                    w.line("jst_map_delete_slice(" + gv + ", " + k + ");");
                }
            } else {
                w.line((gl.type() == IrType.STATS ? "jst_pmap_delete(" : "jst_map_delete(") + gv + ", " + k + ");");
            }
        } else {
            mod.unsupported(s.span(), "delete of this kind of value");
        }
        return null;
    }

    public Void visitReturn(IrStmt.Return s) {
        prologue(s, s.value() == null ? null : Near.lead(s.value()));
        if (s.value() != null && inFunction && returnType != IrType.VOID) {
            String v = expr(s.value());
            if (returnType == IrType.STRING) w.line("jst_strcpy(f->ret, " + v + ");");
            else w.line("f->ret = " + v + ";");
        } else if (s.value() != null) {
            expr(s.value());
        }
        w.line("goto out;");
        return null;
    }

    public Void visitBreak(IrStmt.Break s) {
        prologue(s, null);
        if (loops.isEmpty()) {
            mod.unsupported(s.span(), "break outside a loop");
            return null;
        }
        loopUse.peek()[0] = true;
        w.line("goto " + loops.peek()[0] + ";");
        return null;
    }

    public Void visitContinue(IrStmt.Continue s) {
        prologue(s, null);
        if (loops.isEmpty()) {
            mod.unsupported(s.span(), "continue outside a loop");
            return null;
        }
        loopUse.peek()[1] = true;
        w.line("goto " + loops.peek()[1] + ";");
        return null;
    }

    public Void visitNext(IrStmt.Next s) {
        prologue(s, null);
        if (inFunction) {
            usesNext = true;
            w.line("jt_next(c);");
        }
        w.line("goto out;");
        return null;
    }

    public Void visitTry(IrStmt.Try s) {
        prologue(s, null);
        String katch = newLabel("catch"), done = newLabel("try_done");
        String saved = errLabel;
        errLabel = katch;
        w.open("{");
        stmt(s.body());
        w.close("}");
        errLabel = saved;
        w.line("goto " + done + ";");
        w.labelUnused(katch);
        // MAXACTION and `next` are not catchable: they keep unwinding
        w.line("if (!jt_catchable(c))");
        w.line("\tgoto " + errLabel + ";");
        if (s.catchVar() != null) {
            w.line("jst_strcpy(" + local(s.catchVar().slot(), s.catchVar().name()) + ", c->last_error);");
        }
        w.line("c->last_error = NULL;");
        w.open("{");
        stmt(s.handler());
        w.close("}");
        w.label(done);
        w.line(";");
        return null;
    }

    // ------------------------------------------------------------------ expressions

    public CExpr visitIntConst(IrExpr.IntConst e) {
        return CExpr.ofLong(e.value());
    }

    public CExpr visitStrConst(IrExpr.StrConst e) {
        return CExpr.ofString(e.value());
    }

    public CExpr visitLocalRef(IrExpr.LocalRef e) {
        return CExpr.expr(local(e.slot(), e.name()));
    }

    public CExpr visitGlobalRef(IrExpr.GlobalRef e) {
        IrGlobal gl = global(e.global());
        if (gl.isArray() || gl.type() == IrType.STATS) {
            mod.unsupported(e.span(), "whole array or statistic '" + gl.name() + "' used as a value");
            return CExpr.ofLong(0);
        }
        return CExpr.expr(g(e.global()));
    }

    public CExpr visitArrayGet(IrExpr.ArrayGet e) {
        IrGlobal gl = global(e.global());
        if (gl.type() == IrType.STATS) {
            mod.unsupported(e.span(), "statistic element used as a value");
            return CExpr.ofLong(0);
        }
        String k = keys(gl, e.keys()).code();
        if (gl.type() == IrType.STRING) {
            String s = frame.newStr();
            w.line("jst_strcpy(" + s + ", jst_map_get_str(&" + g(gl.mangled()) + ", " + k + "));");
            return CExpr.temp(s);
        }
        String t = frame.newLong();
        w.line(t + " = jst_map_get_long(&" + g(gl.mangled()) + ", " + k + ");");
        return CExpr.temp(t);
    }

    public CExpr visitAnyKey(IrExpr.AnyKey e) {
        mod.unsupported(e.span(), "'*' outside an array slice");
        return CExpr.ofLong(0);
    }

    public CExpr visitIn(IrExpr.In e) {
        IrGlobal gl = global(e.global());
        Keys ks = keys(gl, e.keys());
        String k = ks.code();
        String map = readMap(gl, new IrExpr.GlobalRef(e.span(), gl.type(), gl.mangled()));
        String t = frame.newLong();
        w.line(t + " = " + (ks.slice() ? "jst_map_exists_slice(" : "jst_map_exists(") + map + ", " + k
                + ") != 0;");
        return CExpr.temp(t);
    }

    public CExpr visitBinary(IrExpr.Binary e) {
        BinaryOp op = e.op();
        if (op == BinaryOp.AND || op == BinaryOp.OR) return logical(e);
        CExpr left = value(e.left());
        String l = (pure(e.right()) ? left : stable(left, e.left().type())).code();
        String r = expr(e.right());
        if (e.left().type() == IrType.STRING && op != BinaryOp.CONCAT) {
            String cmp = "jst_strcmp(" + l + ", " + r + ")";
            return CExpr.expr("((int64_t)(" + cmp + " " + op.symbol + " 0))");
        }
        switch (op) {
            case CONCAT -> {
                String s = frame.newStr();
                w.line("jst_concat(" + s + ", " + l + ", " + r + ");");
                return CExpr.temp(s);
            }
            case DIV, MOD -> {
                String t = frame.newLong();
                near(e);
                w.line(t + " = " + (op == BinaryOp.DIV ? "jst_div" : "jst_mod") + "(c, " + l + ", " + r + ");");
                check();
                return CExpr.temp(t);
            }
            case SHL -> { return CExpr.expr("((int64_t)((uint64_t)" + l + " << (" + r + " & 63)))"); }
            case SHR -> { return CExpr.expr("(" + l + " >> (" + r + " & 63))"); }
            case USHR -> { return CExpr.expr("((int64_t)((uint64_t)" + l + " >> (" + r + " & 63)))"); }
            case ADD, SUB, MUL -> {
                // two's complement wrap-around like stap (no signed-overflow UB)
                return CExpr.expr("((int64_t)((uint64_t)" + l + " " + op.symbol + " (uint64_t)" + r + "))");
            }
            case LT, LE, GT, GE, EQ, NE -> { return CExpr.expr("((int64_t)(" + l + " " + op.symbol + " " + r + "))"); }
            case BITAND, BITXOR, BITOR -> { return CExpr.expr("(" + l + " " + op.symbol + " " + r + ")"); }
            default -> {
                mod.unsupported(e.span(), "operator " + op.symbol);
                return CExpr.ofLong(0);
            }
        }
    }

    private CExpr logical(IrExpr.Binary e) {
        boolean and = e.op() == BinaryOp.AND;
        String l = expr(e.left());
        Captured r = capture(() -> expr(e.right()));
        if (r.code().isEmpty()) return CExpr.expr("((int64_t)((" + l + ") " + e.op().symbol + " (" + r.value() + ")))");
        String t = frame.newLong();
        w.line(t + " = (" + l + ") != 0;");
        w.line("if (" + (and ? "" : "!") + t + ") {");
        w.append(r.code());
        w.line("\t" + t + " = (" + r.value() + ") != 0;");
        w.line("}");
        return CExpr.temp(t);
    }

    public CExpr visitUnary(IrExpr.Unary e) {
        CExpr operand = value(e.operand());
        String v = operand.code();
        return switch (e.op()) {
            case NEG -> CExpr.expr("((int64_t)(0 - (uint64_t)" + v + "))");
            case PLUS -> operand;
            case NOT -> CExpr.expr("((int64_t)!(" + v + "))");
            case BITNOT -> CExpr.expr("(~" + v + ")");
            default -> {
                mod.unsupported(e.span(), "unary " + e.op().symbol);
                yield CExpr.ofLong(0);
            }
        };
    }

    public CExpr visitMatch(IrExpr.Match e) {
        String v = expr(e.value());
        String fn = mod.regex(e.regex(), e.span());
        String t = frame.newLong();
        w.line(t + " = " + (e.negate() ? "!" : "") + fn + "(c, " + v + ");");
        return CExpr.temp(t);
    }

    public CExpr visitAssign(IrExpr.Assign e) {
        IrExpr target = e.target();
        AssignOp op = e.op();
        if (target instanceof IrExpr.LocalRef || target instanceof IrExpr.GlobalRef) {
            String lv = target instanceof IrExpr.LocalRef l ? local(l.slot(), l.name())
                    : visitGlobalRef((IrExpr.GlobalRef) target).code();
            String v = expr(e.value());
            if (target.type() == IrType.STRING) {
                if (op == AssignOp.CONCAT) w.line("jst_concat(" + lv + ", " + lv + ", " + v + ");");
                else w.line("jst_strcpy(" + lv + ", " + v + ");");
                return CExpr.expr(lv);
            }
            w.line(lv + " = " + combine(e, lv, v) + ";");
            return CExpr.expr(lv);
        }
        if (target instanceof IrExpr.ArrayGet a) {
            IrGlobal gl = global(a.global());
            String k = keys(gl, a.keys()).code();
            String gv = "&" + g(gl.mangled());
            CExpr value = value(e.value());
            String v = value.code();
            if (gl.type() == IrType.STRING) {
                CExpr nv;
                if (op == AssignOp.CONCAT) {
                    nv = CExpr.temp(frame.newStr());
                    w.line("jst_concat(" + nv.code() + ", jst_map_get_str(" + gv + ", " + k + "), " + v + ");");
                } else {
                    nv = stable(value, IrType.STRING);
                }
                near(a);
                w.line("if (jst_map_set_str(c, " + gv + ", " + k + ", " + nv.code() + "))");
                w.line("\tgoto " + errLabel + ";");
                return nv;
            }
            String t = frame.newLong();
            if (op == AssignOp.ADD || op == AssignOp.SUB) {
                near(a);
                w.line("if (jst_map_add_long(c, " + gv + ", " + k + ", " + (op == AssignOp.SUB ? "-(" + v + ")" : v)
                        + ", &" + t + "))");
                w.line("\tgoto " + errLabel + ";");
                return CExpr.temp(t);
            }
            if (op == AssignOp.ASSIGN) {
                w.line(t + " = " + v + ";");
            } else {
                String old = frame.newLong();
                w.line(old + " = jst_map_get_long(" + gv + ", " + k + ");");
                w.line(t + " = " + combine(e, old, v) + ";");
            }
            near(a);
            w.line("if (jst_map_set_long(c, " + gv + ", " + k + ", " + t + "))");
            w.line("\tgoto " + errLabel + ";");
            return CExpr.temp(t);
        }
        if (target instanceof IrExpr.Target t && t.access().source() instanceof org.jstap.api.ir.TargetAccess.Source.ProcfsValue
                && (op == AssignOp.ASSIGN || op == AssignOp.CONCAT)) {
            // procfs $value: the file's buffer (runtime-c jst_procfs.c); the expression's value is the new text
            String v = stable(value(e.value()), IrType.STRING).code();
            w.line((op == AssignOp.ASSIGN ? "jst_procfs_set" : "jst_procfs_append") + "(c, " + v + ");");
            String s = frame.newStr();
            w.line("jst_strcpy(" + s + ", jst_procfs_value(c));");
            return CExpr.temp(s);
        }
        if (target instanceof IrExpr.Target t && op == AssignOp.ASSIGN && t.type() == IrType.LONG) {
            return new TargetLowering(this, mod).store(t, value(e.value()));
        }
        mod.unsupported(e.span(), "assignment to " + (target instanceof IrExpr.Target ? "this target variable" : "this"));
        return CExpr.ofLong(0);
    }

    /** {@code lv op= v} as a C expression; division and modulo go through the checked helpers. */
    private String combine(IrExpr.Assign e, String lv, String v) {
        return switch (e.op()) {
            case ASSIGN -> v;
            case ADD -> "(int64_t)((uint64_t)" + lv + " + (uint64_t)" + v + ")";
            case SUB -> "(int64_t)((uint64_t)" + lv + " - (uint64_t)" + v + ")";
            case MUL -> "(int64_t)((uint64_t)" + lv + " * (uint64_t)" + v + ")";
            case DIV, MOD -> {
                String t = frame.newLong();
                near(e);
                w.line(t + " = " + (e.op() == AssignOp.DIV ? "jst_div" : "jst_mod") + "(c, " + lv + ", " + v + ");");
                check();
                yield t;
            }
            case SHL -> "(int64_t)((uint64_t)" + lv + " << (" + v + " & 63))";
            case SHR -> "(" + lv + " >> (" + v + " & 63))";
            case AND -> "(" + lv + " & " + v + ")";
            case XOR -> "(" + lv + " ^ " + v + ")";
            case OR -> "(" + lv + " | " + v + ")";
            case CONCAT -> {
                mod.unsupported(e.span(), ".= on a number");
                yield v;
            }
        };
    }

    public CExpr visitIncDec(IrExpr.IncDec e) {
        String d = e.increment() ? "1" : "-1";
        String t = frame.newLong();
        if (e.target() instanceof IrExpr.ArrayGet a) {
            IrGlobal gl = global(a.global());
            String k = keys(gl, a.keys()).code();
            near(a);
            w.line("if (jst_map_add_long(c, &" + g(gl.mangled()) + ", " + k + ", " + d + ", &" + t + "))");
            w.line("\tgoto " + errLabel + ";");
            return e.prefix() ? CExpr.temp(t) : CExpr.expr("(" + t + (e.increment() ? " - 1" : " + 1") + ")");
        }
        String lv = e.target() instanceof IrExpr.LocalRef l ? local(l.slot(), l.name())
                : e.target() instanceof IrExpr.GlobalRef gr ? g(gr.global()) : null;
        if (lv == null) {
            mod.unsupported(e.span(), "++/-- of this kind of value");
            return CExpr.ofLong(0);
        }
        if (e.prefix()) {
            w.line(lv + " = (int64_t)((uint64_t)" + lv + " + " + d + ");");
            w.line(t + " = " + lv + ";");
        } else {
            w.line(t + " = " + lv + ";");
            w.line(lv + " = (int64_t)((uint64_t)" + t + " + " + d + ");");
        }
        return CExpr.temp(t);
    }

    public CExpr visitAggregate(IrExpr.Aggregate e) {
        if (e.target() instanceof IrExpr.ArrayGet a) {
            IrGlobal gl = global(a.global());
            String k = keys(gl, a.keys()).code();
            String v = expr(e.value());
            near(a);
            // with its static const spec: the runtime's inline path folds the layout and hash to constants
            w.line("if (jst_pmap_add_spec(c, &" + g(gl.mangled()) + ", &" + ModuleGenerator.specVar(gl.mangled()) + ", "
                    + k + ", " + v + "))");
            w.line("\tgoto " + errLabel + ";");
        } else if (e.target() instanceof IrExpr.GlobalRef gr) {
            String v = expr(e.value());
            w.line("jst_pstat_add(&" + g(gr.global()) + ", " + v + ");");
        } else {
            mod.unsupported(e.span(), "<<< into this kind of value");
        }
        return CExpr.ofLong(0);
    }

    public CExpr visitTernary(IrExpr.Ternary e) {
        String cnd = expr(e.cond());
        Captured a = capture(() -> expr(e.then()));
        Captured b = capture(() -> expr(e.otherwise()));
        if (a.code().isEmpty() && b.code().isEmpty()) {
            return CExpr.expr("((" + cnd + ") ? (" + a.value() + ") : (" + b.value() + "))");
        }
        boolean str = e.type() == IrType.STRING;
        String t = str ? frame.newStr() : frame.newLong();
        w.line("if (" + cnd + ") {");
        w.append(a.code());
        w.line("\t" + (str ? "jst_strcpy(" + t + ", " + a.value() + ");" : t + " = " + a.value() + ";"));
        w.line("} else {");
        w.append(b.code());
        w.line("\t" + (str ? "jst_strcpy(" + t + ", " + b.value() + ");" : t + " = " + b.value() + ";"));
        w.line("}");
        return CExpr.temp(t);
    }

    public CExpr visitCallFunction(IrExpr.CallFunction e) {
        var fn = mod.function(e.function());
        List<String> args = new ArrayList<>();
        for (IrExpr a : e.args()) args.add(stable(value(a), a.type()).code());
        near(e);
        nextMayArrive = true;
        w.line("if (jst_nest_enter(c))");
        w.line("\tgoto " + errLabel + ";");
        String callee = "JT_FRAME(c->nesting)->" + ModuleGenerator.functionMember(fn.id());
        for (int i = 0; i < args.size(); i++) {
            IrVar p = fn.params().get(i);
            if (p.type() == IrType.STRING) w.line("jst_strcpy(" + callee + "." + localName(p) + ", " + args.get(i) + ");");
            else w.line(callee + "." + localName(p) + " = " + args.get(i) + ";");
        }
        w.line(ModuleGenerator.functionName(fn.id()) + "(c);");
        CExpr result = CExpr.ofLong(0);
        if (fn.returnType() == IrType.STRING) {
            result = CExpr.temp(frame.newStr());
            w.line("jst_strcpy(" + result.code() + ", " + callee + ".ret);");
        } else if (fn.returnType() == IrType.LONG) {
            result = CExpr.temp(frame.newLong());
            w.line(result.code() + " = " + callee + ".ret;");
        }
        w.line("jst_nest_exit(c);");
        check();
        return result;
    }

    public CExpr visitCallBuiltin(IrExpr.CallBuiltin e) {
        return new BuiltinLowering(this, mod).lower(e);
    }

    public CExpr visitPrint(IrExpr.Print e) {
        StringBuilder fmt = new StringBuilder();
        boolean memory = false;
        for (Format.Segment s : e.format().segments()) {
            if (s instanceof Format.Text t) fmt.append(t.text().replace("%", "%%"));
            else if (s instanceof Format.Conv c) {
                fmt.append(c.spec());
                memory |= c.conversion() == 'm' || c.conversion() == 'M';
            }
        }
        List<String> args = operands(e.args());
        StringBuilder call = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            IrType t = e.args().get(i).type();
            call.append(", ").append(t == IrType.STRING ? "(const char *)" : "(int64_t)").append(args.get(i));
        }
        String f = CNames.str(fmt.toString());
        if (e.toText()) {
            String s = frame.newStr();
            if (memory) near(e);
            w.line("jst_sprintf(c, " + s + ", " + f + call + ");");
            if (memory) check();
            return CExpr.temp(s);
        }
        if (args.isEmpty()) {
            String text = fmt.toString().replace("%%", "%");
            w.line("jst_print_str(c, " + CNames.str(text) + ");");
        } else if (fmt.toString().equals("%s") ) {
            w.line("jst_print_str(c, " + args.get(0) + ");");
        } else {
            if (memory) near(e);
            w.line("jst_printf(c, " + f + call + ");");
            if (memory) check();
        }
        return CExpr.ofLong(0);
    }

    /** A statistic operand: the aggregated {@code struct jst_stat *} (may be NULL for an absent array element). */
    private String[] stat(IrExpr stats, IrExpr where) {
        if (stats instanceof IrExpr.GlobalRef gr) {
            String gv = g(gr.global());
            return new String[] {"jst_pstat_get(&" + gv + ")", "&" + gv + ".spec"};
        }
        if (stats instanceof IrExpr.ArrayGet a) {
            IrGlobal gl = global(a.global());
            String k = keys(gl, a.keys()).code();
            String map = readMap(gl, where);   // after the keys: they may aggregate another array
            return new String[] {"jst_map_get_stat(" + map + ", " + k + ")", "&" + map + "->spec.stat"};
        }
        mod.unsupported(stats.span(), "statistic operand");
        return new String[] {"NULL", "NULL"};
    }

    public CExpr visitStatOp(IrExpr.StatOp e) {
        String[] st = stat(e.stats(), e);
        String t = frame.newLong();
        near(e);
        w.line(t + " = jst_stat_get(c, " + st[0] + ", " + ModuleGenerator.aggConst(e.fn().symbol) + ");");
        check();
        return CExpr.temp(t);
    }

    public CExpr visitHistPrint(IrExpr.HistPrint e) {
        String[] st = stat(e.stats(), e);
        int shape = histShape(e.stats(), e.hist(), e);
        near(e);   // printing an empty statistic is stap's "empty aggregate" error
        w.line("jt_hist_print(c, " + st[0] + ", " + st[1] + ", " + shape + ");");
        check();
        return CExpr.ofLong(0);
    }

    /** The index of {@code h} among the statistic's histogram shapes (the runtime keeps counters per shape). */
    private int histShape(IrExpr stats, HistParams h, IrExpr where) {
        String gname = stats instanceof IrExpr.GlobalRef gr ? gr.global()
                : stats instanceof IrExpr.ArrayGet a ? a.global() : null;
        if (gname == null) return 0;
        IrGlobal gl = global(gname);
        int i = gl.histograms().indexOf(h);
        if (i < 0) {
            mod.unsupported(where.span(), "histogram shape missing from the IR of statistic '" + gl.name() + "'");
            return 0;
        }
        return i;
    }

    public CExpr visitHistBucket(IrExpr.HistBucket e) {
        String b = stable(value(e.bucket()), IrType.LONG).code();
        String[] st = stat(e.stats(), e);
        int shape = histShape(e.stats(), e.hist(), e);
        String t = frame.newLong();
        w.line(t + " = jst_hist_count(" + st[0] + ", " + st[1] + ", " + shape + ", " + b + ");");
        return CExpr.temp(t);
    }

    public CExpr visitTarget(IrExpr.Target e) {
        return new TargetLowering(this, mod).lower(e);
    }

    public CExpr visitEntryRef(IrExpr.EntryRef e) {
        String v = "((struct " + mod.currentEntryStruct() + " *)c->entry_data)->e" + e.slot();
        if (e.type() == IrType.STRING) return CExpr.expr("(c->entry_data ? (const char *)" + v + " : \"\")");
        return CExpr.expr("(c->entry_data ? " + v + " : 0LL)");
    }

    public CExpr visitEmbedded(IrExpr.Embedded e) {
        w.marker(e.span());
        mod.helpers.add(ModuleGenerator.KERNEL_TYPES);
        if (e.type() == IrType.STRING) {
            String s = frame.newStr();
            w.line("jst_strcpy(" + s + ", (const char *)(" + e.code().strip() + "));");
            return CExpr.temp(s);
        }
        return CExpr.expr("((int64_t)(" + e.code().strip() + "))");
    }

    // ---- for the lowering helpers
    CWriter writer() { return w; }
    String errLabel() { return errLabel; }
    void emitNear(IrExpr e) { near(e); }
    void emitCheck() { check(); }
    String eval(IrExpr e) { return expr(e); }
    List<String> evalAll(List<IrExpr> es) { return operands(es); }
}
