package org.jstap.irtools;

import java.util.List;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.TargetAccess;

/**
 * The default read-only walk over the IR: every statement and expression of a program, probe (body, condition,
 * entry saves) or function, children in evaluation order (left to right, an assignment's target before its value,
 * a call's name before its arguments). A subclass overrides the nodes it looks at and calls {@code super} to keep
 * walking below them. It never rebuilds or folds anything (for that, {@link IrRewriter}).
 *
 * <p>Binding positions are not visited as expressions: a {@code foreach}'s key and value locals and a
 * {@code catch} variable are written by the statement, not read; override {@link #visitForeach} or
 * {@link #visitTry} to see them.
 */
public class IrScanner implements IrExpr.Visitor<Void>, IrStmt.Visitor<Void> {
    // ---- entry points

    /** Probes in order (body, condition, entry saves), then the script functions. */
    public void program(IrProgram p) {
        for (IrProbe pr : p.probes()) probe(pr);
        for (IrFunction f : p.functions()) function(f);
    }

    /** The body, then the condition, then the {@code @entry} saves. */
    public void probe(IrProbe p) {
        stmt(p.body());
        expr(p.condition());
        for (IrProbe.EntrySave e : p.entrySaves()) expr(e.expr());
    }

    /** A script function's body; an embedded-C one has nothing to walk. */
    public void function(IrFunction f) {
        if (f.body() instanceof IrFunction.Body.Script s) stmt(s.block());
    }

    /** Null-safe. */
    public final void expr(IrExpr e) {
        if (e != null) e.accept(this);
    }

    /** Null-safe. */
    public final void stmt(IrStmt s) {
        if (s != null) s.accept(this);
    }

    /** Null-safe, in order. */
    public final void exprs(List<? extends IrExpr> es) {
        if (es != null) for (IrExpr e : es) expr(e);
    }

    /** A target access's expressions: a {@code @cast} operand, array indexes, pretty-printed members. */
    protected void access(TargetAccess a) {
        if (a.source() instanceof TargetAccess.Source.Value v) expr(v.value());
        for (TargetAccess.Step st : a.steps()) if (st instanceof TargetAccess.Step.Index ix) expr(ix.index());
        if (a.result() instanceof TargetAccess.Result.Pretty p) p.members().forEach(this::access);
    }

    // ---- statements
    @Override public Void visitBlock(IrStmt.Block s) { for (IrStmt st : s.body()) stmt(st); return null; }
    @Override public Void visitExprStmt(IrStmt.ExprStmt s) { expr(s.expr()); return null; }
    @Override public Void visitIf(IrStmt.If s) { expr(s.cond()); stmt(s.then()); stmt(s.otherwise()); return null; }
    @Override public Void visitWhile(IrStmt.While s) { expr(s.cond()); stmt(s.body()); return null; }
    @Override public Void visitFor(IrStmt.For s) { expr(s.init()); expr(s.cond()); expr(s.step()); stmt(s.body()); return null; }
    @Override public Void visitForeach(IrStmt.Foreach s) { exprs(s.slice()); expr(s.limit()); stmt(s.body()); return null; }
    @Override public Void visitDelete(IrStmt.Delete s) { expr(s.target()); return null; }
    @Override public Void visitReturn(IrStmt.Return s) { expr(s.value()); return null; }
    @Override public Void visitBreak(IrStmt.Break s) { return null; }
    @Override public Void visitContinue(IrStmt.Continue s) { return null; }
    @Override public Void visitNext(IrStmt.Next s) { return null; }
    @Override public Void visitTry(IrStmt.Try s) { stmt(s.body()); stmt(s.handler()); return null; }

    // ---- expressions
    @Override public Void visitIntConst(IrExpr.IntConst e) { return null; }
    @Override public Void visitStrConst(IrExpr.StrConst e) { return null; }
    @Override public Void visitLocalRef(IrExpr.LocalRef e) { return null; }
    @Override public Void visitGlobalRef(IrExpr.GlobalRef e) { return null; }
    @Override public Void visitArrayGet(IrExpr.ArrayGet e) { exprs(e.keys()); return null; }
    @Override public Void visitAnyKey(IrExpr.AnyKey e) { return null; }
    @Override public Void visitIn(IrExpr.In e) { exprs(e.keys()); return null; }
    @Override public Void visitBinary(IrExpr.Binary e) { expr(e.left()); expr(e.right()); return null; }
    @Override public Void visitUnary(IrExpr.Unary e) { expr(e.operand()); return null; }
    @Override public Void visitMatch(IrExpr.Match e) { expr(e.value()); return null; }
    @Override public Void visitAssign(IrExpr.Assign e) { expr(e.target()); expr(e.value()); return null; }
    @Override public Void visitIncDec(IrExpr.IncDec e) { expr(e.target()); return null; }
    @Override public Void visitAggregate(IrExpr.Aggregate e) { expr(e.target()); expr(e.value()); return null; }
    @Override public Void visitTernary(IrExpr.Ternary e) { expr(e.cond()); expr(e.then()); expr(e.otherwise()); return null; }
    @Override public Void visitCallFunction(IrExpr.CallFunction e) { exprs(e.args()); return null; }
    @Override public Void visitCallBuiltin(IrExpr.CallBuiltin e) { exprs(e.args()); return null; }
    @Override public Void visitPrint(IrExpr.Print e) { exprs(e.args()); return null; }
    @Override public Void visitStatOp(IrExpr.StatOp e) { expr(e.stats()); return null; }
    @Override public Void visitHistPrint(IrExpr.HistPrint e) { expr(e.stats()); return null; }
    @Override public Void visitHistBucket(IrExpr.HistBucket e) { expr(e.stats()); expr(e.bucket()); return null; }
    @Override public Void visitTarget(IrExpr.Target e) { access(e.access()); return null; }
    @Override public Void visitEntryRef(IrExpr.EntryRef e) { return null; }
    @Override public Void visitEmbedded(IrExpr.Embedded e) { return null; }
}
