package org.jstap.api.ast;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.diag.Span;

/** Statements. Immutable; every node carries its span. Walk with {@link Visitor}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node")
public sealed interface Stmt {
    Span span();

    <R> R accept(Visitor<R> v);

    record Block(Span span, List<Stmt> body) implements Stmt {
        public Block { body = List.copyOf(body); }
        public <R> R accept(Visitor<R> v) { return v.visitBlock(this); }
    }

    /** A lone {@code ;}. */
    record Empty(Span span) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitEmpty(this); }
    }

    record ExprStmt(Span span, Expr expr) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitExprStmt(this); }
    }

    /** {@code otherwise} may be null. */
    record If(Span span, Expr cond, Stmt then, Stmt otherwise) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitIf(this); }
    }

    record While(Span span, Expr cond, Stmt body) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitWhile(this); }
    }

    /** {@code for (init; cond; step)}; each of the three may be null. */
    record For(Span span, Expr init, Expr cond, Expr step, Stmt body) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitFor(this); }
    }

    /**
     * {@code foreach (value = [k1, k2+] in arr[slice] limit n) body}.
     * {@code valueVar}, {@code slice}, {@code sort} and {@code limit} may be null; {@code keys} is never empty.
     */
    record Foreach(Span span, String valueVar, List<String> keys, String array, List<Expr> slice,
                   Sort sort, Expr limit, Stmt body) implements Stmt {
        public Foreach {
            keys = List.copyOf(keys);
            slice = slice == null ? null : List.copyOf(slice);
        }
        public <R> R accept(Visitor<R> v) { return v.visitForeach(this); }
    }

    /**
     * The one sort marker of a foreach: {@code column} 0 sorts by value (marker on the array or the value
     * variable), 1..n by that key; {@code descending} for {@code -}. {@code aggregate} is null except for a
     * statistics array sorted by one of its aggregates ({@code foreach (k in s @sum- limit 3)}), where it names
     * that aggregate and {@code column} is 0.
     */
    record Sort(int column, StatFn aggregate, boolean descending) {
        public Sort {
            if (column < 0 || aggregate != null && column != 0) {
                throw new IllegalArgumentException("sort column " + column + " with aggregate " + aggregate);
            }
        }
    }

    /** {@code delete arr}, {@code delete arr[k]}, {@code delete arr[*, k]}, {@code delete scalar}. */
    record Delete(Span span, Expr target) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitDelete(this); }
    }

    /** {@code value} may be null. */
    record Return(Span span, Expr value) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitReturn(this); }
    }

    record Break(Span span) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitBreak(this); }
    }

    record Continue(Span span) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitContinue(this); }
    }

    /** {@code next}: leave the probe handler (or the function's probe) early. */
    record Next(Span span) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitNext(this); }
    }

    /** {@code try { } catch (msg) { }}; {@code catchVar} may be null. */
    record Try(Span span, Block body, String catchVar, Block handler) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visitTry(this); }
    }

    interface Visitor<R> {
        R visitBlock(Block s);
        R visitEmpty(Empty s);
        R visitExprStmt(ExprStmt s);
        R visitIf(If s);
        R visitWhile(While s);
        R visitFor(For s);
        R visitForeach(Foreach s);
        R visitDelete(Delete s);
        R visitReturn(Return s);
        R visitBreak(Break s);
        R visitContinue(Continue s);
        R visitNext(Next s);
        R visitTry(Try s);
    }
}
