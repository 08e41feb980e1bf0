package org.jstap.translate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.TargetAccess;

/**
 * What one probe body or function touches: globals (and whether it writes them, for the lock mode), functions
 * called, arrays iterated, runtime parts needed. Statistics reads aggregate per-CPU data, so they count as writes.
 */
final class IrScan implements IrExpr.Visitor<Void>, IrStmt.Visitor<Void> {
    /** global mangled name to "needs the write lock". */
    final Map<String, Boolean> globals = new LinkedHashMap<>();
    final Set<String> calls = new LinkedHashSet<>();
    final Set<String> iterated = new LinkedHashSet<>();
    final Set<Builtin> builtins = new LinkedHashSet<>();
    boolean regex;
    private final Map<String, org.jstap.api.ir.IrGlobal> byName;

    IrScan(Map<String, org.jstap.api.ir.IrGlobal> byName) {
        this.byName = byName;
    }

    private void use(String g, boolean write) {
        globals.merge(g, write, Boolean::logicalOr);
    }

    private boolean isStats(String g) {
        var ig = byName.get(g);
        return ig != null && ig.type() == IrType.STATS;
    }

    void expr(IrExpr e) {
        if (e != null) e.accept(this);
    }

    void stmt(IrStmt s) {
        if (s != null) s.accept(this);
    }

    private void exprs(List<IrExpr> es) {
        if (es != null) for (IrExpr e : es) expr(e);
    }

    /** The global behind an lvalue or stats operand, marked with the given mode; its keys are scanned. */
    private void target(IrExpr t, boolean write) {
        if (t instanceof IrExpr.GlobalRef g) use(g.global(), write);
        else if (t instanceof IrExpr.ArrayGet a) {
            use(a.global(), write);
            exprs(a.keys());
        } else expr(t);
    }

    // ---- statements
    public Void visitBlock(IrStmt.Block s) { s.body().forEach(this::stmt); return null; }
    public Void visitExprStmt(IrStmt.ExprStmt s) { expr(s.expr()); return null; }
    public Void visitIf(IrStmt.If s) { expr(s.cond()); stmt(s.then()); stmt(s.otherwise()); return null; }
    public Void visitWhile(IrStmt.While s) { expr(s.cond()); stmt(s.body()); return null; }
    public Void visitFor(IrStmt.For s) { expr(s.init()); expr(s.cond()); expr(s.step()); stmt(s.body()); return null; }
    public Void visitForeach(IrStmt.Foreach s) {
        // a sorted foreach reorders the array itself (as stap), so it needs the write lock
        use(s.global(), isStats(s.global()) || s.sortColumn() >= 0);
        iterated.add(s.global());
        exprs(s.slice());
        expr(s.limit());
        stmt(s.body());
        return null;
    }
    public Void visitDelete(IrStmt.Delete s) { target(s.target(), true); return null; }
    public Void visitReturn(IrStmt.Return s) { expr(s.value()); return null; }
    public Void visitBreak(IrStmt.Break s) { return null; }
    public Void visitContinue(IrStmt.Continue s) { return null; }
    public Void visitNext(IrStmt.Next s) { return null; }
    public Void visitTry(IrStmt.Try s) { stmt(s.body()); stmt(s.handler()); return null; }

    // ---- expressions
    public Void visitIntConst(IrExpr.IntConst e) { return null; }
    public Void visitStrConst(IrExpr.StrConst e) { return null; }
    public Void visitLocalRef(IrExpr.LocalRef e) { return null; }
    public Void visitGlobalRef(IrExpr.GlobalRef e) { use(e.global(), isStats(e.global())); return null; }
    public Void visitArrayGet(IrExpr.ArrayGet e) { use(e.global(), isStats(e.global())); exprs(e.keys()); return null; }
    public Void visitAnyKey(IrExpr.AnyKey e) { return null; }
    public Void visitIn(IrExpr.In e) { use(e.global(), isStats(e.global())); exprs(e.keys()); return null; }
    public Void visitBinary(IrExpr.Binary e) { expr(e.left()); expr(e.right()); return null; }
    public Void visitUnary(IrExpr.Unary e) { expr(e.operand()); return null; }
    public Void visitMatch(IrExpr.Match e) { regex = true; expr(e.value()); return null; }
    public Void visitAssign(IrExpr.Assign e) { target(e.target(), true); expr(e.value()); return null; }
    public Void visitIncDec(IrExpr.IncDec e) { target(e.target(), true); return null; }
    public Void visitAggregate(IrExpr.Aggregate e) { target(e.target(), false); expr(e.value()); return null; }
    public Void visitTernary(IrExpr.Ternary e) { expr(e.cond()); expr(e.then()); expr(e.otherwise()); return null; }
    public Void visitCallFunction(IrExpr.CallFunction e) { calls.add(e.function()); exprs(e.args()); return null; }
    public Void visitCallBuiltin(IrExpr.CallBuiltin e) {
        builtins.add(e.builtin());
        if (e.builtin() == Builtin.MATCHED) regex = true;
        exprs(e.args());
        return null;
    }
    public Void visitPrint(IrExpr.Print e) { exprs(e.args()); return null; }
    public Void visitStatOp(IrExpr.StatOp e) { target(e.stats(), true); return null; }
    public Void visitHistPrint(IrExpr.HistPrint e) { target(e.stats(), true); return null; }
    public Void visitHistBucket(IrExpr.HistBucket e) { target(e.stats(), true); expr(e.bucket()); return null; }
    public Void visitTarget(IrExpr.Target e) { access(e.access()); return null; }
    public Void visitEntryRef(IrExpr.EntryRef e) { return null; }
    public Void visitEmbedded(IrExpr.Embedded e) { return null; }

    private void access(TargetAccess a) {
        if (a.source() instanceof TargetAccess.Source.Value v) expr(v.value());
        for (TargetAccess.Step st : a.steps()) if (st instanceof TargetAccess.Step.Index ix) expr(ix.index());
        if (a.result() instanceof TargetAccess.Result.Pretty p) p.members().forEach(this::access);
    }

    /** Whether the site family needs the kprobes part of the runtime. */
    static boolean isKprobeSite(IrSite s) {
        return s instanceof IrSite.KernelFunction || s instanceof IrSite.Kprobe;
    }
}
