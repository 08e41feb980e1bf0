package org.jstap.api.ir;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jstap.api.diag.Span;

/**
 * Statements with resolved references. Every statement counts one toward MAXACTION when executed (as stap
 * counts), loops once per iteration. Walk with {@link Visitor}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node")
public sealed interface IrStmt {
    Span span();

    <R> R accept(Visitor<R> v);

    record Block(Span span, List<IrStmt> body) implements IrStmt {
        public Block { body = List.copyOf(body); }
        public <R> R accept(Visitor<R> v) { return v.visitBlock(this); }
    }

    record ExprStmt(Span span, IrExpr expr) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitExprStmt(this); }
    }

    /** {@code cond} is a LONG (non-zero is true); {@code otherwise} may be null. */
    record If(Span span, IrExpr cond, IrStmt then, IrStmt otherwise) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitIf(this); }
    }

    record While(Span span, IrExpr cond, IrStmt body) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitWhile(this); }
    }

    /** Each of {@code init}, {@code cond}, {@code step} may be null (no cond: loop forever). */
    record For(Span span, IrExpr init, IrExpr cond, IrExpr step, IrStmt body) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitFor(this); }
    }

    /**
     * {@code foreach ([k1, k2] in global[slice] sort limit n)}, optionally with {@code value = [...]}.
     * {@code keys} are the loop's key locals (one per key type of the global); {@code value} may be null.
     * {@code slice} is null or one expr per key ({@link IrExpr.AnyKey} for {@code *}): only entries whose keys
     * equal the non-wildcard ones are visited. {@code sortColumn}: -1 unsorted (stap: hash order, we use insertion
     * order), 0 by value (a statistic sorts by its {@code @count}... unless {@code sortStat} names another
     * extractor, e.g. "@sum"), 1..n by that key. {@code limit} may be null. The loop iterates a snapshot: the
     * body may modify the array (stap would deadlock or error; we allow reads and writes of other elements).
     */
    record Foreach(Span span, String global, List<IrExpr.LocalRef> keys, IrExpr.LocalRef value, List<IrExpr> slice,
                   int sortColumn, boolean descending, String sortStat, IrExpr limit, IrStmt body)
            implements IrStmt {
        public Foreach {
            keys = List.copyOf(keys);
            slice = slice == null ? null : List.copyOf(slice);
        }
        public <R> R accept(Visitor<R> v) { return v.visitForeach(this); }
    }

    /**
     * {@code delete target}: a {@link IrExpr.GlobalRef} (whole array or statistic, or a scalar reset to 0/""),
     * an {@link IrExpr.ArrayGet} (one element, or a slice when a key is {@link IrExpr.AnyKey}), or a
     * {@link IrExpr.LocalRef} (reset).
     */
    record Delete(Span span, IrExpr target) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitDelete(this); }
    }

    /** In functions only; {@code value} null for a VOID function. */
    record Return(Span span, IrExpr value) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitReturn(this); }
    }

    record Break(Span span) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitBreak(this); }
    }

    record Continue(Span span) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitContinue(this); }
    }

    /** Leave the current probe handler (from a probe, or from a function called by one). */
    record Next(Span span) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitNext(this); }
    }

    /**
     * {@code try { body } catch (msg) { handler }}: a runtime error inside {@code body} (not MAXACTION, which is
     * not catchable) jumps to {@code handler}, with the message (without "ERROR: " and without the
     * "near ..." suffix) in {@code catchVar} (a STRING local, may be null).
     */
    record Try(Span span, Block body, IrExpr.LocalRef catchVar, Block handler) implements IrStmt {
        public <R> R accept(Visitor<R> v) { return v.visitTry(this); }
    }

    interface Visitor<R> {
        R visitBlock(Block s);
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
