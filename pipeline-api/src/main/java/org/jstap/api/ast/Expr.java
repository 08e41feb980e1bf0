package org.jstap.api.ast;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.AtOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ast.Ops.HistKind;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ast.Ops.UnaryOp;
import org.jstap.api.diag.Span;

/** Expressions. Immutable; every node carries its span. Walk with {@link Visitor}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node")
public sealed interface Expr {
    Span span();

    <R> R accept(Visitor<R> v);

    /** Integer literal; stap integers are signed 64-bit, hex/octal literals up to 2^64-1 wrap. */
    record IntLit(Span span, long value) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitIntLit(this); }
    }

    /** String literal; {@code value} holds the decoded characters (escapes already processed). */
    record StrLit(Span span, String value) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitStrLit(this); }
    }

    /** A script variable (local or global scalar, or a whole array/statistic when used as such). */
    record Ident(Span span, String name) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitIdent(this); }
    }

    /** {@code arr[k1, k2]}; in slices a key may be {@link Wildcard}. */
    record ArrayRef(Span span, String array, List<Expr> keys) implements Expr {
        public ArrayRef { keys = List.copyOf(keys); }
        public <R> R accept(Visitor<R> v) { return v.visitArrayRef(this); }
    }

    /** {@code *} standing for any key in an array slice. */
    record Wildcard(Span span) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitWildcard(this); }
    }

    /** {@code k in arr}, {@code [a, b] in arr}. */
    record In(Span span, List<Expr> keys, String array) implements Expr {
        public In { keys = List.copyOf(keys); }
        public <R> R accept(Visitor<R> v) { return v.visitIn(this); }
    }

    record Binary(Span span, BinaryOp op, Expr left, Expr right) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitBinary(this); }
    }

    record Unary(Span span, UnaryOp op, Expr operand) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitUnary(this); }
    }

    /** {@code ++x}, {@code x--}. */
    record IncDec(Span span, Expr target, boolean increment, boolean prefix) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitIncDec(this); }
    }

    record Assign(Span span, AssignOp op, Expr target, Expr value) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitAssign(this); }
    }

    /** {@code stat <<< value}. */
    record Aggregate(Span span, Expr target, Expr value) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitAggregate(this); }
    }

    record Ternary(Span span, Expr cond, Expr then, Expr otherwise) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitTernary(this); }
    }

    /** A call of a script or tapset function, or a builtin such as printf/println/exit. */
    record Call(Span span, String name, List<Expr> args) implements Expr {
        public Call { args = List.copyOf(args); }
        public <R> R accept(Visitor<R> v) { return v.visitCall(this); }
    }

    /**
     * {@code @count(s)}, {@code @avg(s[k])}... {@code bitShift}: {@code @variance(s, N)}'s precision shift, a number
     * literal as written (pass 2 checks its range), null when not given.
     */
    record StatOp(Span span, StatFn fn, Expr operand, Long bitShift) implements Expr {
        public StatOp(Span span, StatFn fn, Expr operand) { this(span, fn, operand, null); }
        public <R> R accept(Visitor<R> v) { return v.visitStatOp(this); }
    }

    /** {@code @hist_linear(s, lo, hi, step)} or {@code @hist_log(s)}. */
    record Hist(Span span, HistKind kind, Expr operand, List<Expr> params) implements Expr {
        public Hist { params = List.copyOf(params); }
        public <R> R accept(Visitor<R> v) { return v.visitHist(this); }
    }

    /** {@code @hist_log(s)[3]}: one bucket's count. */
    record HistBucket(Span span, Hist hist, Expr bucket) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitHistBucket(this); }
    }

    /**
     * A target (debug-info) variable: {@code $count}, {@code $file->f_path}, {@code $$parms},
     * {@code $var$} (pretty-print suffix, {@code pretty} = 1, {@code $$} = 2). {@code name} keeps its dollars.
     */
    record TargetVar(Span span, String name, List<Accessor> path, int pretty) implements Expr {
        public TargetVar { path = List.copyOf(path); }
        public <R> R accept(Visitor<R> v) { return v.visitTargetVar(this); }
    }

    /**
     * {@code @cast(ptr, "struct task_struct", "kernel<linux/sched.h>")->pid}; module may be null, {@code type}
     * is the written type (an autocast without {@code @cast} is an {@link Autocast}).
     */
    record Cast(Span span, Expr operand, String type, String module, List<Accessor> path, int pretty) implements Expr {
        public Cast { path = List.copyOf(path); }
        public <R> R accept(Visitor<R> v) { return v.visitCast(this); }
    }

    /**
     * Autocast: {@code p->field}, {@code (p)[2]} or {@code f()->a->b} on a value that is not itself a target
     * variable; the elaborator infers the operand's C type. {@code path} is never empty.
     */
    record Autocast(Span span, Expr operand, List<Accessor> path, int pretty) implements Expr {
        public Autocast { path = List.copyOf(path); }
        public <R> R accept(Visitor<R> v) { return v.visitAutocast(this); }
    }

    /** {@code @var("name@file.c", "module")->field}; module may be null. */
    record AtVar(Span span, String name, String module, List<Accessor> path, int pretty) implements Expr {
        public AtVar { path = List.copyOf(path); }
        public <R> R accept(Visitor<R> v) { return v.visitAtVar(this); }
    }

    /** {@code @entry(expr)} in a return probe. */
    record Entry(Span span, Expr operand) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitEntry(this); }
    }

    /** {@code @defined(expr)}. */
    record Defined(Span span, Expr operand) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitDefined(this); }
    }

    /**
     * One of the one-argument {@code @}-operators without a node of their own shape: {@code @const("NAME")},
     * {@code @probewrite(var)}, {@code @kregister(n)}, {@code @uregister(n)}, {@code @perf("counter")}.
     */
    record AtOperator(Span span, AtOp op, Expr operand) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitAtOperator(this); }
    }

    /** {@code %{ c-expression %}} used as a value (guru mode). */
    record Embedded(Span span, String code) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitEmbedded(this); }
    }

    /** One step of a target-variable path. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "step")
    sealed interface Accessor {
        Span span();

        /** {@code ->name} (also written {@code .name} inside @cast chains). */
        record Field(Span span, String name) implements Accessor {}

        /** {@code [index]}. */
        record Index(Span span, Expr index) implements Accessor {}
    }

    interface Visitor<R> {
        R visitIntLit(IntLit e);
        R visitStrLit(StrLit e);
        R visitIdent(Ident e);
        R visitArrayRef(ArrayRef e);
        R visitWildcard(Wildcard e);
        R visitIn(In e);
        R visitBinary(Binary e);
        R visitUnary(Unary e);
        R visitIncDec(IncDec e);
        R visitAssign(Assign e);
        R visitAggregate(Aggregate e);
        R visitTernary(Ternary e);
        R visitCall(Call e);
        R visitStatOp(StatOp e);
        R visitHist(Hist e);
        R visitHistBucket(HistBucket e);
        R visitTargetVar(TargetVar e);
        R visitCast(Cast e);
        R visitAutocast(Autocast e);
        R visitAtVar(AtVar e);
        R visitEntry(Entry e);
        R visitDefined(Defined e);
        R visitAtOperator(AtOperator e);
        R visitEmbedded(Embedded e);
    }
}
