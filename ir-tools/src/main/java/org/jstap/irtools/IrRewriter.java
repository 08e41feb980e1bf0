package org.jstap.irtools;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.TargetAccess;

/**
 * The default IR rewrite: every node is rebuilt from its rewritten children, so a subclass overrides only the
 * nodes it changes (and calls {@code super} to keep rewriting below them). As it stands it is the identity: no
 * folding, no simplification (the constant folder is one subclass among others).
 *
 * <p>A statement visit may return {@code null} to drop the statement: {@link #block} leaves it out, {@link #stmt}
 * puts an empty block where a statement is required. Binding positions (a {@code foreach}'s key and value locals,
 * a {@code catch} variable) go through {@link #binding}, not {@link #visitLocalRef}.
 */
public class IrRewriter implements IrExpr.Visitor<IrExpr>, IrStmt.Visitor<IrStmt> {
    // ---- entry points

    /** The block with each statement rewritten; dropped ones are left out. */
    public IrStmt.Block block(IrStmt.Block b) {
        List<IrStmt> out = new ArrayList<>();
        for (IrStmt s : b.body()) {
            IrStmt r = s.accept(this);
            if (r != null) out.add(r);
        }
        return new IrStmt.Block(b.span(), out);
    }

    /** Null-safe. */
    public final IrExpr expr(IrExpr e) {
        return e == null ? null : e.accept(this);
    }

    /** Null-safe (a null list stays null). */
    public final List<IrExpr> exprs(List<IrExpr> es) {
        if (es == null) return null;
        List<IrExpr> out = new ArrayList<>();
        for (IrExpr e : es) out.add(expr(e));
        return out;
    }

    /** A statement in a place that needs one: a dropped statement becomes an empty block. Null-safe. */
    public final IrStmt stmt(IrStmt st) {
        if (st == null) return null;
        IrStmt r = st.accept(this);
        return r == null ? new IrStmt.Block(st.span(), List.of()) : r;
    }

    /** A local in a binding position ({@code foreach} key or value, {@code catch} variable); may be null. */
    protected IrExpr.LocalRef binding(IrExpr.LocalRef l) {
        return l;
    }

    /** A target access with its {@code @cast} operand, indexes and pretty-printed members rewritten. */
    protected TargetAccess access(TargetAccess a) {
        TargetAccess.Source src = a.source() instanceof TargetAccess.Source.Value v
                ? new TargetAccess.Source.Value(expr(v.value())) : a.source();
        List<TargetAccess.Step> steps = new ArrayList<>();
        for (TargetAccess.Step st : a.steps()) {
            steps.add(st instanceof TargetAccess.Step.Index ix ? new TargetAccess.Step.Index(expr(ix.index()), ix.elementSize(), ix.elementType()) : st);
        }
        TargetAccess.Result result = a.result();
        if (result instanceof TargetAccess.Result.Pretty p) {
            List<TargetAccess> members = new ArrayList<>();
            for (TargetAccess m : p.members()) members.add(access(m));
            result = new TargetAccess.Result.Pretty(p.format(), members);
        }
        return new TargetAccess(src, steps, result, a.cType(), a.userSpace());
    }

    // ---- expressions
    @Override public IrExpr visitIntConst(IrExpr.IntConst e) { return e; }
    @Override public IrExpr visitStrConst(IrExpr.StrConst e) { return e; }
    @Override public IrExpr visitLocalRef(IrExpr.LocalRef e) { return e; }
    @Override public IrExpr visitGlobalRef(IrExpr.GlobalRef e) { return e; }
    @Override public IrExpr visitArrayGet(IrExpr.ArrayGet e) { return new IrExpr.ArrayGet(e.span(), e.type(), e.global(), exprs(e.keys())); }
    @Override public IrExpr visitAnyKey(IrExpr.AnyKey e) { return e; }
    @Override public IrExpr visitIn(IrExpr.In e) { return new IrExpr.In(e.span(), exprs(e.keys()), e.global()); }
    @Override public IrExpr visitBinary(IrExpr.Binary e) { return new IrExpr.Binary(e.span(), e.type(), e.op(), expr(e.left()), expr(e.right())); }
    @Override public IrExpr visitUnary(IrExpr.Unary e) { return new IrExpr.Unary(e.span(), e.type(), e.op(), expr(e.operand())); }
    @Override public IrExpr visitMatch(IrExpr.Match e) { return new IrExpr.Match(e.span(), expr(e.value()), e.regex(), e.negate()); }
    @Override public IrExpr visitAssign(IrExpr.Assign e) { return new IrExpr.Assign(e.span(), e.type(), e.op(), expr(e.target()), expr(e.value())); }
    @Override public IrExpr visitIncDec(IrExpr.IncDec e) { return new IrExpr.IncDec(e.span(), expr(e.target()), e.increment(), e.prefix()); }
    @Override public IrExpr visitAggregate(IrExpr.Aggregate e) { return new IrExpr.Aggregate(e.span(), expr(e.target()), expr(e.value())); }
    @Override public IrExpr visitTernary(IrExpr.Ternary e) { return new IrExpr.Ternary(e.span(), e.type(), expr(e.cond()), expr(e.then()), expr(e.otherwise())); }
    @Override public IrExpr visitCallFunction(IrExpr.CallFunction e) { return new IrExpr.CallFunction(e.span(), e.type(), e.function(), exprs(e.args())); }
    @Override public IrExpr visitCallBuiltin(IrExpr.CallBuiltin e) { return new IrExpr.CallBuiltin(e.span(), e.builtin(), exprs(e.args())); }
    @Override public IrExpr visitPrint(IrExpr.Print e) { return new IrExpr.Print(e.span(), e.format(), exprs(e.args()), e.toText()); }
    @Override public IrExpr visitStatOp(IrExpr.StatOp e) { return new IrExpr.StatOp(e.span(), e.fn(), expr(e.stats())); }
    @Override public IrExpr visitHistPrint(IrExpr.HistPrint e) { return new IrExpr.HistPrint(e.span(), expr(e.stats()), e.hist()); }
    @Override public IrExpr visitHistBucket(IrExpr.HistBucket e) { return new IrExpr.HistBucket(e.span(), expr(e.stats()), e.hist(), expr(e.bucket())); }
    @Override public IrExpr visitTarget(IrExpr.Target e) { return new IrExpr.Target(e.span(), e.type(), e.text(), access(e.access())); }
    @Override public IrExpr visitEntryRef(IrExpr.EntryRef e) { return e; }
    @Override public IrExpr visitEmbedded(IrExpr.Embedded e) { return e; }

    // ---- statements
    @Override public IrStmt visitBlock(IrStmt.Block s) { return block(s); }
    @Override public IrStmt visitExprStmt(IrStmt.ExprStmt s) { return new IrStmt.ExprStmt(s.span(), expr(s.expr())); }
    @Override public IrStmt visitIf(IrStmt.If s) { return new IrStmt.If(s.span(), expr(s.cond()), stmt(s.then()), stmt(s.otherwise())); }
    @Override public IrStmt visitWhile(IrStmt.While s) { return new IrStmt.While(s.span(), expr(s.cond()), stmt(s.body())); }
    @Override public IrStmt visitFor(IrStmt.For s) { return new IrStmt.For(s.span(), expr(s.init()), expr(s.cond()), expr(s.step()), stmt(s.body())); }

    @Override
    public IrStmt visitForeach(IrStmt.Foreach s) {
        List<IrExpr.LocalRef> keys = new ArrayList<>();
        for (IrExpr.LocalRef k : s.keys()) keys.add(binding(k));
        return new IrStmt.Foreach(s.span(), s.global(), keys, binding(s.value()), exprs(s.slice()), s.sortColumn(),
                s.descending(), s.sortStat(), expr(s.limit()), stmt(s.body()));
    }

    @Override public IrStmt visitDelete(IrStmt.Delete s) { return new IrStmt.Delete(s.span(), expr(s.target())); }
    @Override public IrStmt visitReturn(IrStmt.Return s) { return new IrStmt.Return(s.span(), expr(s.value())); }
    @Override public IrStmt visitBreak(IrStmt.Break s) { return s; }
    @Override public IrStmt visitContinue(IrStmt.Continue s) { return s; }
    @Override public IrStmt visitNext(IrStmt.Next s) { return s; }
    @Override public IrStmt visitTry(IrStmt.Try s) { return new IrStmt.Try(s.span(), block(s.body()), binding(s.catchVar()), block(s.handler())); }
}
