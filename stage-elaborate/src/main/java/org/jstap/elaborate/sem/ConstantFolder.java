package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.TargetAccess;

/**
 * Folds constant arithmetic, comparisons, concatenations and conditions; drops {@code if} branches and
 * {@code while} loops whose condition is a constant false. Division by a constant zero is left alone so the
 * runtime reports it where stap would. Also the base of the other IR rewrites: every node is rebuilt from its
 * rewritten children, so a subclass overrides only the nodes it changes.
 */
class ConstantFolder implements IrExpr.Visitor<IrExpr>, IrStmt.Visitor<IrStmt> {
    private int folded;

    int folded() {
        return folded;
    }

    IrStmt.Block block(IrStmt.Block b) {
        List<IrStmt> out = new ArrayList<>();
        for (IrStmt s : b.body()) {
            IrStmt f = s.accept(this);
            if (f != null) out.add(f);
        }
        return new IrStmt.Block(b.span(), out);
    }

    IrExpr f(IrExpr e) {
        return e == null ? null : e.accept(this);
    }

    List<IrExpr> all(List<IrExpr> es) {
        if (es == null) return null;
        List<IrExpr> out = new ArrayList<>();
        for (IrExpr e : es) out.add(f(e));
        return out;
    }

    IrStmt s(IrStmt st) {
        if (st == null) return null;
        IrStmt r = st.accept(this);
        return r == null ? new IrStmt.Block(st.span(), List.of()) : r;
    }

    @Override public IrExpr visitIntConst(IrExpr.IntConst e) { return e; }
    @Override public IrExpr visitStrConst(IrExpr.StrConst e) { return e; }
    @Override public IrExpr visitLocalRef(IrExpr.LocalRef e) { return e; }
    @Override public IrExpr visitGlobalRef(IrExpr.GlobalRef e) { return e; }
    @Override public IrExpr visitArrayGet(IrExpr.ArrayGet e) { return new IrExpr.ArrayGet(e.span(), e.type(), e.global(), all(e.keys())); }
    @Override public IrExpr visitAnyKey(IrExpr.AnyKey e) { return e; }
    @Override public IrExpr visitIn(IrExpr.In e) { return new IrExpr.In(e.span(), all(e.keys()), e.global()); }

    @Override
    public IrExpr visitBinary(IrExpr.Binary e) {
        IrExpr l = f(e.left()), r = f(e.right());
        if (l instanceof IrExpr.IntConst a && r instanceof IrExpr.IntConst b) {
            Long v = fold(e.op(), a.value(), b.value());
            if (v != null) {
                folded++;
                return new IrExpr.IntConst(e.span(), v);
            }
        }
        if (l instanceof IrExpr.StrConst a && r instanceof IrExpr.StrConst b) {
            folded++;
            switch (e.op()) {
                case CONCAT: return new IrExpr.StrConst(e.span(), a.value() + b.value());
                case EQ: return new IrExpr.IntConst(e.span(), a.value().equals(b.value()) ? 1 : 0);
                case NE: return new IrExpr.IntConst(e.span(), a.value().equals(b.value()) ? 0 : 1);
                default: folded--;
            }
        }
        return new IrExpr.Binary(e.span(), e.type(), e.op(), l, r);
    }

    private static Long fold(BinaryOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> b == 0 ? null : a / b;
            case MOD -> b == 0 ? null : a % b;
            case SHL -> a << (b & 63);
            case SHR -> a >> (b & 63);
            case USHR -> a >>> (b & 63);
            case BITAND -> a & b;
            case BITOR -> a | b;
            case BITXOR -> a ^ b;
            case LT -> a < b ? 1L : 0L;
            case LE -> a <= b ? 1L : 0L;
            case GT -> a > b ? 1L : 0L;
            case GE -> a >= b ? 1L : 0L;
            case EQ -> a == b ? 1L : 0L;
            case NE -> a != b ? 1L : 0L;
            case AND -> a != 0 && b != 0 ? 1L : 0L;
            case OR -> a != 0 || b != 0 ? 1L : 0L;
            default -> null;
        };
    }

    @Override
    public IrExpr visitUnary(IrExpr.Unary e) {
        IrExpr o = f(e.operand());
        if (o instanceof IrExpr.IntConst c) {
            folded++;
            long v = c.value();
            return new IrExpr.IntConst(e.span(), switch (e.op()) {
                case NEG -> -v;
                case NOT -> v == 0 ? 1 : 0;
                case BITNOT -> ~v;
                default -> v;
            });
        }
        return new IrExpr.Unary(e.span(), e.type(), e.op(), o);
    }

    @Override public IrExpr visitMatch(IrExpr.Match e) { return new IrExpr.Match(e.span(), f(e.value()), e.regex(), e.negate()); }
    @Override public IrExpr visitAssign(IrExpr.Assign e) { return new IrExpr.Assign(e.span(), e.type(), e.op(), f(e.target()), f(e.value())); }
    @Override public IrExpr visitIncDec(IrExpr.IncDec e) { return new IrExpr.IncDec(e.span(), f(e.target()), e.increment(), e.prefix()); }
    @Override public IrExpr visitAggregate(IrExpr.Aggregate e) { return new IrExpr.Aggregate(e.span(), f(e.target()), f(e.value())); }

    @Override
    public IrExpr visitTernary(IrExpr.Ternary e) {
        IrExpr c = f(e.cond());
        if (c instanceof IrExpr.IntConst k) {
            folded++;
            return k.value() != 0 ? f(e.then()) : f(e.otherwise());
        }
        return new IrExpr.Ternary(e.span(), e.type(), c, f(e.then()), f(e.otherwise()));
    }

    @Override public IrExpr visitCallFunction(IrExpr.CallFunction e) { return new IrExpr.CallFunction(e.span(), e.type(), e.function(), all(e.args())); }
    @Override public IrExpr visitCallBuiltin(IrExpr.CallBuiltin e) { return new IrExpr.CallBuiltin(e.span(), e.builtin(), all(e.args())); }
    @Override public IrExpr visitPrint(IrExpr.Print e) { return new IrExpr.Print(e.span(), e.format(), all(e.args()), e.toText()); }
    @Override public IrExpr visitStatOp(IrExpr.StatOp e) { return new IrExpr.StatOp(e.span(), e.fn(), f(e.stats())); }
    @Override public IrExpr visitHistPrint(IrExpr.HistPrint e) { return new IrExpr.HistPrint(e.span(), f(e.stats()), e.hist()); }
    @Override public IrExpr visitHistBucket(IrExpr.HistBucket e) { return new IrExpr.HistBucket(e.span(), f(e.stats()), e.hist(), f(e.bucket())); }

    @Override
    public IrExpr visitTarget(IrExpr.Target e) {
        TargetAccess a = e.access();
        TargetAccess.Source src = a.source() instanceof TargetAccess.Source.Value v
                ? new TargetAccess.Source.Value(f(v.value())) : a.source();
        List<TargetAccess.Step> steps = new ArrayList<>();
        for (TargetAccess.Step st : a.steps()) {
            steps.add(st instanceof TargetAccess.Step.Index ix ? new TargetAccess.Step.Index(f(ix.index()), ix.elementSize()) : st);
        }
        return new IrExpr.Target(e.span(), e.type(), e.text(), new TargetAccess(src, steps, a.result(), a.cType(), a.userSpace()));
    }

    @Override public IrExpr visitEntryRef(IrExpr.EntryRef e) { return e; }
    @Override public IrExpr visitEmbedded(IrExpr.Embedded e) { return e; }

    @Override public IrStmt visitBlock(IrStmt.Block s) { return block(s); }
    @Override public IrStmt visitExprStmt(IrStmt.ExprStmt s) { return new IrStmt.ExprStmt(s.span(), f(s.expr())); }

    @Override
    public IrStmt visitIf(IrStmt.If s) {
        IrExpr c = f(s.cond());
        if (c instanceof IrExpr.IntConst k) {
            folded++;
            if (k.value() != 0) return s(s.then());
            return s.otherwise() == null ? null : s(s.otherwise());
        }
        return new IrStmt.If(s.span(), c, s(s.then()), s.otherwise() == null ? null : s(s.otherwise()));
    }

    @Override
    public IrStmt visitWhile(IrStmt.While s) {
        IrExpr c = f(s.cond());
        if (c instanceof IrExpr.IntConst k && k.value() == 0) {
            folded++;
            return null;
        }
        return new IrStmt.While(s.span(), c, s(s.body()));
    }

    @Override public IrStmt visitFor(IrStmt.For s) { return new IrStmt.For(s.span(), f(s.init()), f(s.cond()), f(s.step()), s(s.body())); }

    @Override
    public IrStmt visitForeach(IrStmt.Foreach s) {
        return new IrStmt.Foreach(s.span(), s.global(), s.keys(), s.value(), all(s.slice()), s.sortColumn(), s.descending(),
                s.sortStat(), f(s.limit()), s(s.body()));
    }

    @Override public IrStmt visitDelete(IrStmt.Delete s) { return new IrStmt.Delete(s.span(), f(s.target())); }
    @Override public IrStmt visitReturn(IrStmt.Return s) { return new IrStmt.Return(s.span(), f(s.value())); }
    @Override public IrStmt visitBreak(IrStmt.Break s) { return s; }
    @Override public IrStmt visitContinue(IrStmt.Continue s) { return s; }
    @Override public IrStmt visitNext(IrStmt.Next s) { return s; }
    @Override public IrStmt visitTry(IrStmt.Try s) { return new IrStmt.Try(s.span(), block(s.body()), s.catchVar(), block(s.handler())); }

    static boolean isConst(IrExpr e) {
        return e instanceof IrExpr.IntConst || e instanceof IrExpr.StrConst;
    }

    static IrType typeOf(IrExpr e) {
        return e.type();
    }
}
