package org.jstap.api.ir;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ast.Ops.UnaryOp;
import org.jstap.api.diag.Span;

/**
 * Typed expressions with resolved references. Every node has its source span (runtime errors print
 * {@code near identifier 'x' at s.stp:1:27}, see {@link Near}) and its inferred {@link #type()}.
 * Walk with {@link Visitor}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node")
public sealed interface IrExpr {
    Span span();

    IrType type();

    <R> R accept(Visitor<R> v);

    record IntConst(Span span, long value) implements IrExpr {
        public IrType type() { return IrType.LONG; }
        public <R> R accept(Visitor<R> v) { return v.visitIntConst(this); }
    }

    record StrConst(Span span, String value) implements IrExpr {
        public IrType type() { return IrType.STRING; }
        public <R> R accept(Visitor<R> v) { return v.visitStrConst(this); }
    }

    /** A local or parameter of the enclosing probe/function, by frame slot. */
    record LocalRef(Span span, IrType type, String name, int slot) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitLocalRef(this); }
    }

    /** A scalar global, or a whole statistic / whole array where the context needs one; {@code global} is mangled. */
    record GlobalRef(Span span, IrType type, String global) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitGlobalRef(this); }
    }

    /** {@code a[k1, k2]}: element of a global array; {@code type} is the value type. Keys may be {@link AnyKey} in slices. */
    record ArrayGet(Span span, IrType type, String global, List<IrExpr> keys) implements IrExpr {
        public ArrayGet { keys = List.copyOf(keys); }
        public <R> R accept(Visitor<R> v) { return v.visitArrayGet(this); }
    }

    /** {@code *} in an array slice ({@code delete a[*, 1]}, {@code [*, 1] in a}, foreach slices). */
    record AnyKey(Span span) implements IrExpr {
        public IrType type() { return IrType.VOID; }
        public <R> R accept(Visitor<R> v) { return v.visitAnyKey(this); }
    }

    /** {@code [k...] in a}: 1 or 0. Keys may be {@link AnyKey}. */
    record In(Span span, List<IrExpr> keys, String global) implements IrExpr {
        public In { keys = List.copyOf(keys); }
        public IrType type() { return IrType.LONG; }
        public <R> R accept(Visitor<R> v) { return v.visitIn(this); }
    }

    /**
     * Arithmetic and bit ops on longs ({@code /} and {@code %} by zero is a runtime error "division by 0");
     * comparisons on two longs or two strings (see {@code left.type()}); {@code .} concatenation;
     * {@code &&}/{@code ||} short-circuit. {@code =~}/{@code !~} are {@link Match}, never here.
     */
    record Binary(Span span, IrType type, BinaryOp op, IrExpr left, IrExpr right) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitBinary(this); }
    }

    /** {@code - + ! ~} on longs. ({@code &} address-of is resolved into a {@link Target}.) */
    record Unary(Span span, IrType type, UnaryOp op, IrExpr operand) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitUnary(this); }
    }

    /** {@code s =~ "re"} (POSIX ERE, checked in pass 2); {@code negate} for {@code !~}. Sets {@code matched()}. */
    record Match(Span span, IrExpr value, String regex, boolean negate) implements IrExpr {
        public IrType type() { return IrType.LONG; }
        public <R> R accept(Visitor<R> v) { return v.visitMatch(this); }
    }

    /**
     * {@code target op= value}; {@code target} is a {@link LocalRef}, {@link GlobalRef}, {@link ArrayGet} or (guru)
     * {@link Target}. The value of the expression is the new value. {@code .=} on strings, the rest on longs.
     */
    record Assign(Span span, IrType type, AssignOp op, IrExpr target, IrExpr value) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitAssign(this); }
    }

    /** {@code ++x}, {@code x--} on a long lvalue. */
    record IncDec(Span span, IrExpr target, boolean increment, boolean prefix) implements IrExpr {
        public IrType type() { return IrType.LONG; }
        public <R> R accept(Visitor<R> v) { return v.visitIncDec(this); }
    }

    /** {@code stats <<< value}; {@code target} is a STATS {@link GlobalRef} or {@link ArrayGet}. */
    record Aggregate(Span span, IrExpr target, IrExpr value) implements IrExpr {
        public IrType type() { return IrType.VOID; }
        public <R> R accept(Visitor<R> v) { return v.visitAggregate(this); }
    }

    record Ternary(Span span, IrType type, IrExpr cond, IrExpr then, IrExpr otherwise) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitTernary(this); }
    }

    /** Call of a script/tapset function by {@link IrFunction#id()}. */
    record CallFunction(Span span, IrType type, String function, List<IrExpr> args) implements IrExpr {
        public CallFunction { args = List.copyOf(args); }
        public <R> R accept(Visitor<R> v) { return v.visitCallFunction(this); }
    }

    /** Call of a natively implemented {@link Builtin}; {@code type} is its return type. */
    record CallBuiltin(Span span, Builtin builtin, List<IrExpr> args) implements IrExpr {
        public CallBuiltin { args = List.copyOf(args); }
        public IrType type() { return builtin.returnType; }
        public <R> R accept(Visitor<R> v) { return v.visitCallBuiltin(this); }
    }

    /**
     * Every print form: writes the formatted text to the output ({@code toText} false, VOID) or returns it
     * ({@code sprintf}/{@code sprint}..., STRING). {@code args} match {@code format}'s conversions in order.
     */
    record Print(Span span, Format format, List<IrExpr> args, boolean toText) implements IrExpr {
        public Print { args = List.copyOf(args); }
        public IrType type() { return toText ? IrType.STRING : IrType.VOID; }
        public <R> R accept(Visitor<R> v) { return v.visitPrint(this); }
    }

    /**
     * {@code @count(s)} ... {@code @variance(s)} of a STATS {@link GlobalRef} or {@link ArrayGet}. On an empty
     * statistic everything but {@code @count} is a runtime error ("empty aggregate").
     */
    record StatOp(Span span, StatFn fn, IrExpr stats) implements IrExpr {
        public IrType type() { return IrType.LONG; }
        public <R> R accept(Visitor<R> v) { return v.visitStatOp(this); }
    }

    /** {@code print(@hist_log(s))}: prints the histogram in stap's layout. */
    record HistPrint(Span span, IrExpr stats, HistParams hist) implements IrExpr {
        public IrType type() { return IrType.VOID; }
        public <R> R accept(Visitor<R> v) { return v.visitHistPrint(this); }
    }

    /** {@code @hist_linear(s, 0, 100, 10)[i]}: count in bucket {@code i}. */
    record HistBucket(Span span, IrExpr stats, HistParams hist, IrExpr bucket) implements IrExpr {
        public IrType type() { return IrType.LONG; }
        public <R> R accept(Visitor<R> v) { return v.visitHistBucket(this); }
    }

    /** A target variable read ({@code $count}, {@code $file->f_pos}, {@code @cast(...)->f}); {@code text} as written. */
    record Target(Span span, IrType type, String text, TargetAccess access) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitTarget(this); }
    }

    /** {@code @entry(expr)} in a return probe: the value saved on entry in {@link IrProbe#entrySaves()}{@code [slot]}. */
    record EntryRef(Span span, IrType type, int slot) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitEntryRef(this); }
    }

    /** {@code %{ c %}} as an expression (guru): {@code type} LONG unless a {@code /* string *}{@code /} pragma. */
    record Embedded(Span span, IrType type, String code) implements IrExpr {
        public <R> R accept(Visitor<R> v) { return v.visitEmbedded(this); }
    }

    interface Visitor<R> {
        R visitIntConst(IntConst e);
        R visitStrConst(StrConst e);
        R visitLocalRef(LocalRef e);
        R visitGlobalRef(GlobalRef e);
        R visitArrayGet(ArrayGet e);
        R visitAnyKey(AnyKey e);
        R visitIn(In e);
        R visitBinary(Binary e);
        R visitUnary(Unary e);
        R visitMatch(Match e);
        R visitAssign(Assign e);
        R visitIncDec(IncDec e);
        R visitAggregate(Aggregate e);
        R visitTernary(Ternary e);
        R visitCallFunction(CallFunction e);
        R visitCallBuiltin(CallBuiltin e);
        R visitPrint(Print e);
        R visitStatOp(StatOp e);
        R visitHistPrint(HistPrint e);
        R visitHistBucket(HistBucket e);
        R visitTarget(Target e);
        R visitEntryRef(EntryRef e);
        R visitEmbedded(Embedded e);
    }
}
