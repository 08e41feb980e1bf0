package org.jstap.elaborate.sem;

import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrStmt;
import org.jstap.irtools.IrRewriter;

/**
 * Folds constant arithmetic, comparisons, concatenations and conditions; drops {@code if} branches and
 * {@code while} loops whose condition is a constant false. Division by a constant zero is left alone so the
 * runtime reports it where stap would. Everything else is {@link IrRewriter}'s plain rebuild.
 */
final class ConstantFolder extends IrRewriter {
    private int folded;

    int folded() {
        return folded;
    }

    @Override
    public IrExpr visitBinary(IrExpr.Binary e) {
        IrExpr l = expr(e.left()), r = expr(e.right());
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
        IrExpr o = expr(e.operand());
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

    @Override
    public IrExpr visitTernary(IrExpr.Ternary e) {
        IrExpr c = expr(e.cond());
        if (c instanceof IrExpr.IntConst k) {
            folded++;
            return k.value() != 0 ? expr(e.then()) : expr(e.otherwise());
        }
        return new IrExpr.Ternary(e.span(), e.type(), c, expr(e.then()), expr(e.otherwise()));
    }

    @Override
    public IrStmt visitIf(IrStmt.If s) {
        IrExpr c = expr(s.cond());
        if (c instanceof IrExpr.IntConst k) {
            folded++;
            if (k.value() != 0) return stmt(s.then());
            return s.otherwise() == null ? null : stmt(s.otherwise());
        }
        return new IrStmt.If(s.span(), c, stmt(s.then()), s.otherwise() == null ? null : stmt(s.otherwise()));
    }

    @Override
    public IrStmt visitWhile(IrStmt.While s) {
        IrExpr c = expr(s.cond());
        if (c instanceof IrExpr.IntConst k && k.value() == 0) {
            folded++;
            return null;
        }
        return new IrStmt.While(s.span(), c, stmt(s.body()));
    }
}
