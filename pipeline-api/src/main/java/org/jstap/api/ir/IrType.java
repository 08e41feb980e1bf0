package org.jstap.api.ir;

/**
 * The value types of the language after inference. Arrays are not a type of their own: a global is an array
 * when it has key types ({@link IrGlobal#keyTypes()}), and its value type is one of these.
 */
public enum IrType {
    LONG("long"), STRING("string"), STATS("stats"),
    /** Functions that return nothing, and statement-like expressions ({@code printf}, {@code exit()}). */
    VOID("unknown");

    /** The spelling {@code -p2} uses. */
    public final String label;

    IrType(String label) {
        this.label = label;
    }
}
