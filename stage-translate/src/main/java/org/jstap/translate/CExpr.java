package org.jstap.translate;

/**
 * A C expression the kmod translator produced, with what it needs to know about it later without reading the C
 * text back: whether it names a frame temporary or a literal (it keeps its value whatever the next operand does,
 * so it need not be copied before one with side effects), and a long literal's value.
 */
record CExpr(String code, Kind kind, long longValue) {
    enum Kind {
        /** A frame temporary ({@code t3}, {@code f->s1}) the translator just filled. */
        TEMP,
        /** A long literal ({@code 5LL}, {@code (-1LL)}); {@link #longValue} holds it. */
        LONG,
        /** A string literal. */
        STRING,
        /** Anything else: a local, a global, a call, an operator; it may read state a later operand changes. */
        EXPR
    }

    static CExpr temp(String code) {
        return new CExpr(code, Kind.TEMP, 0);
    }

    static CExpr ofLong(long v) {
        return new CExpr(BodyTranslator.longLit(v), Kind.LONG, v);
    }

    static CExpr ofString(String value) {
        return new CExpr(CNames.str(value), Kind.STRING, 0);
    }

    static CExpr expr(String code) {
        return new CExpr(code, Kind.EXPR, 0);
    }

    /** A temporary or a literal: evaluating it again gives the same value. */
    boolean stable() {
        return kind != Kind.EXPR;
    }

    /** A long literal that is not negative (as a foreach limit it needs no clamping). */
    boolean nonNegativeLong() {
        return kind == Kind.LONG && longValue >= 0;
    }
}
