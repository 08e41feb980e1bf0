package org.jstap.api.ir;

import org.jstap.api.diag.Span;

/**
 * The {@code near ...} part of stap's runtime error messages, so both backends print the same text:
 * {@code ERROR: division by 0 near operator '/' at s.stp:1:40}.
 */
public final class Near {
    private Near() {}

    /** {@code "operator '/' at s.stp:1:40"}, {@code "identifier 'x' at s.stp:1:27"}. */
    public static String of(IrExpr e) {
        return what(e) + " at " + where(e.span());
    }

    /** {@code "near identifier 'x' at s.stp:1:27"}, for appending to a message after a space. */
    public static String suffix(IrExpr e) {
        return "near " + of(e);
    }

    /**
     * The expression whose token stap names for a statement's errors: its leftmost operand (an assignment's
     * target, a binary's left side, a post-increment's variable, an aggregation's statistic, a ternary's condition).
     */
    public static IrExpr lead(IrExpr e) {
        if (e instanceof IrExpr.Assign a) return lead(a.target());
        if (e instanceof IrExpr.Binary b) return lead(b.left());
        if (e instanceof IrExpr.IncDec i && !i.prefix()) return lead(i.target());
        if (e instanceof IrExpr.Aggregate a) return lead(a.target());
        if (e instanceof IrExpr.Ternary t) return lead(t.cond());
        return e;
    }

    static String where(Span s) {
        return s == null ? "<unknown>" : s.file() + ":" + s.line() + ":" + s.col();
    }

    /** The token stap names: identifiers for variables and calls, operators for operations. */
    public static String what(IrExpr e) {
        if (e instanceof IrExpr.LocalRef l) return ident(l.name());
        if (e instanceof IrExpr.GlobalRef g) return ident(demangle(g.global()));
        if (e instanceof IrExpr.ArrayGet a) return ident(demangle(a.global()));
        if (e instanceof IrExpr.CallFunction c) return ident(c.function().replaceFirst("__\\d+$", ""));
        if (e instanceof IrExpr.CallBuiltin c && (c.builtin() == Builtin.KREGISTER_N || c.builtin() == Builtin.UREGISTER_N)
                && c.args().size() > 1 && c.args().get(1) instanceof IrExpr.StrConst fn) {
            return ident(fn.value());   // stap names the function holding @kregister/@uregister
        }
        if (e instanceof IrExpr.CallBuiltin c) return ident(c.builtin().scriptName);
        if (e instanceof IrExpr.Target t) return ident(t.text());
        if (e instanceof IrExpr.Binary b) return op(b.op().symbol);
        if (e instanceof IrExpr.Unary u) return op(u.op().symbol);
        if (e instanceof IrExpr.Assign a) return op(a.op().symbol);
        if (e instanceof IrExpr.IncDec i) return op(i.increment() ? "++" : "--");
        if (e instanceof IrExpr.Aggregate) return op("<<<");
        if (e instanceof IrExpr.StatOp s) return op(s.fn().symbol);
        if (e instanceof IrExpr.HistPrint) return ident("print");   // only print() prints a histogram
        if (e instanceof IrExpr.HistBucket) return op("@hist");
        if (e instanceof IrExpr.Match m) return op(m.negate() ? "!~" : "=~");
        return "token";
    }

    /** Script name of a mangled global: private globals are {@code __private__FILE__name}. */
    public static String demangle(String mangled) {
        if (mangled.startsWith("__private__")) return mangled.substring(mangled.lastIndexOf("__") + 2);
        return mangled;
    }

    private static String ident(String n) {
        return "identifier '" + n + "'";
    }

    private static String op(String o) {
        return "operator '" + o + "'";
    }
}
