package org.jstap.api.ir;

/** A global's initial value: exactly one of {@code longValue}/{@code stringValue} is meaningful, per {@code type}. */
public record IrConst(IrType type, long longValue, String stringValue) {
    public static IrConst of(long v) { return new IrConst(IrType.LONG, v, null); }
    public static IrConst of(String v) { return new IrConst(IrType.STRING, 0, v); }
}
