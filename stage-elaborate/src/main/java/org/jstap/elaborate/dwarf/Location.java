package org.jstap.elaborate.dwarf;

import java.util.List;

/**
 * Where a variable lives at one address, compiled from its DWARF location description ({@link LocationExpr}): a
 * register, memory at a computed address, a computed value ({@code DW_OP_stack_value}), a constant, pieces of
 * those, or nowhere ({@link Unavailable}, with the reason). The computations are small trees over the probe's
 * registers ({@link Expr}), which pass 2 turns into script expressions; nothing of DWARF is left at run time.
 */
public sealed interface Location {
    /** The variable's bytes start at {@code address}. */
    record Memory(Expr address) implements Location {}

    /** The variable is (the low bytes of) DWARF register {@code reg}. */
    record Register(int reg) implements Location {}

    /** The variable's value is computed, it has no address. */
    record Value(Expr value) implements Location {}

    /** A constant ({@code DW_OP_implicit_value}, {@code DW_AT_const_value}) of at most 8 bytes. */
    record Constant(long value) implements Location {}

    /** A composite ({@code DW_OP_piece}): consecutive pieces of {@code bytes} each; a null location is missing. */
    record Pieces(List<Piece> pieces) implements Location {
        public Pieces {
            pieces = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(pieces));
        }
    }

    record Piece(Location location, int bytes) {}

    /** No location at this address (optimized out here, or a form jstap does not evaluate). */
    record Unavailable(String why) implements Location {}

    /** A computation over the registers of the probed context. */
    sealed interface Expr {
        /** The 64-bit value of DWARF register {@code reg} (x86-64 numbering: 0 rax, 1 rdx, ..., 7 rsp, 16 rip). */
        record Reg(int reg) implements Expr {}

        record Const(long value) implements Expr {}

        /**
         * A link-time address ({@code DW_OP_addr}: a static or global variable): the file's own address, which the
         * running image moves (the kernel by its KASLR offset, a position-independent program by its load base).
         */
        record Addr(long address) implements Expr {}

        /** {@code size} bytes (1, 2, 4, 8) read at {@code address}, zero-extended. */
        record Deref(int size, Expr address) implements Expr {}

        /** {@code op} one of + - * / % & | ^ << >> >>> == != < <= > >= (signed compares, as DWARF's). */
        record Binary(String op, Expr left, Expr right) implements Expr {}

        /** {@code op} one of - (negate), ~ (not), abs. */
        record Unary(String op, Expr operand) implements Expr {}
    }

    /** x86-64 DWARF register numbers as {@code pt_regs} field names; null past r15 / rip. */
    static String ptRegsName(int reg) {
        return switch (reg) {
            case 0 -> "ax";
            case 1 -> "dx";
            case 2 -> "cx";
            case 3 -> "bx";
            case 4 -> "si";
            case 5 -> "di";
            case 6 -> "bp";
            case 7 -> "sp";
            case 16 -> "ip";
            default -> reg >= 8 && reg <= 15 ? "r" + reg : null;
        };
    }
}
