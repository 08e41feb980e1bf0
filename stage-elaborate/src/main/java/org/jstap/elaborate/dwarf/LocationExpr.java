package org.jstap.elaborate.dwarf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jstap.elaborate.dwarf.Location.Expr;

/**
 * Compiles a DWARF location expression (the bytes of an {@code exprloc} or of one location-list entry) into a
 * {@link Location}: the stack machine runs at compile time over symbolic values ({@link Expr} trees), so
 * {@code DW_OP_breg7 8; DW_OP_deref} becomes "the 8 bytes at rsp + 8". The frame base ({@code DW_OP_fbreg}) and the
 * CFA ({@code DW_OP_call_frame_cfa}) are given by the caller, who knows the function and the address. Branches,
 * entry values (the value a register had when the function was entered: unknown at a later address),
 * implicit pointers, TLS and typed (convert) operations make the location {@link Location.Unavailable}. A
 * {@code DW_OP_addr} stays a link-time {@link Expr.Addr} for the caller to relocate.
 */
public final class LocationExpr {
    private LocationExpr() {}

    /** What {@code DW_OP_fbreg} and {@code DW_OP_call_frame_cfa} stand for; either may be null (unknown). */
    public record Frame(Expr frameBase, Expr cfa) {}

    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(String why) {
            super(why, null, false, false);
        }
    }

    public static Location compile(ByteBuffer expr, Frame frame) {
        ByteBuffer b = expr.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<Location.Piece> pieces = new ArrayList<>();
        try {
            Location cur = null;
            Deque<Expr> stack = new ArrayDeque<>();
            while (b.hasRemaining()) {
                int op = Byte.toUnsignedInt(b.get());
                if (op == 0x93) { // DW_OP_piece
                    int bytes = (int) DwarfReader.uleb(b);
                    Location piece = cur != null ? cur : stack.isEmpty() ? null : new Location.Memory(stack.pop());
                    pieces.add(new Location.Piece(piece, bytes));
                    cur = null;
                    stack.clear();
                    continue;
                }
                if (op == 0xf0) return new Location.Unavailable(Scopes.NO_LOCATION); // DW_OP_GNU_uninit: not set yet
                if (cur != null) throw new Bad("operations after a register or value location");
                if (op >= 0x50 && op <= 0x6f) { cur = new Location.Register(op - 0x50); continue; }
                switch (op) {
                    case 0x90 -> cur = new Location.Register((int) DwarfReader.uleb(b));        // regx
                    case 0x9f -> cur = new Location.Value(pop(stack));                          // stack_value
                    case 0x9e -> {                                                              // implicit_value
                        int n = (int) DwarfReader.uleb(b);
                        if (n > 8) throw new Bad("a constant of " + n + " bytes");
                        long v = 0;
                        for (int i = 0; i < n; i++) v |= (long) Byte.toUnsignedInt(b.get()) << (8 * i);
                        cur = new Location.Constant(v);
                    }
                    default -> operation(op, b, stack, frame);
                }
            }
            if (!pieces.isEmpty()) {
                if (cur != null || !stack.isEmpty()) throw new Bad("a location after the last piece");
                return new Location.Pieces(pieces);
            }
            if (cur != null) return cur;
            if (stack.isEmpty()) return new Location.Unavailable(Scopes.OPTIMIZED_OUT);
            return new Location.Memory(stack.pop());
        } catch (Bad e) {
            return new Location.Unavailable(e.getMessage());
        } catch (RuntimeException e) { // past the expression's end
            return new Location.Unavailable("malformed location expression");
        }
    }

    private static Expr pop(Deque<Expr> s) throws Bad {
        if (s.isEmpty()) throw new Bad("location stack underflow");
        return s.pop();
    }

    private static void operation(int op, ByteBuffer b, Deque<Expr> s, Frame frame) throws Bad {
        if (op >= 0x30 && op <= 0x4f) { s.push(new Expr.Const(op - 0x30)); return; }            // lit0..31
        if (op >= 0x70 && op <= 0x8f) { s.push(plus(new Expr.Reg(op - 0x70), DwarfReader.sleb(b))); return; } // bregN
        switch (op) {
            case 0x03 -> s.push(new Expr.Addr(b.getLong()));                                    // addr (8-byte addresses)
            case 0x06 -> s.push(new Expr.Deref(8, pop(s)));                                      // deref
            case 0x94 -> s.push(new Expr.Deref(Byte.toUnsignedInt(b.get()), pop(s)));           // deref_size
            case 0x08 -> s.push(new Expr.Const(Byte.toUnsignedInt(b.get())));
            case 0x09 -> s.push(new Expr.Const(b.get()));
            case 0x0a -> s.push(new Expr.Const(Short.toUnsignedInt(b.getShort())));
            case 0x0b -> s.push(new Expr.Const(b.getShort()));
            case 0x0c -> s.push(new Expr.Const(Integer.toUnsignedLong(b.getInt())));
            case 0x0d -> s.push(new Expr.Const(b.getInt()));
            case 0x0e, 0x0f -> s.push(new Expr.Const(b.getLong()));
            case 0x10 -> s.push(new Expr.Const(DwarfReader.uleb(b)));
            case 0x11 -> s.push(new Expr.Const(DwarfReader.sleb(b)));
            case 0x12 -> { Expr x = pop(s); s.push(x); s.push(x); }                              // dup
            case 0x13 -> pop(s);                                                                 // drop
            case 0x14 -> { Expr x = pop(s), y = pop(s); s.push(y); s.push(x); s.push(y); }       // over
            case 0x15 -> {                                                                       // pick
                int i = Byte.toUnsignedInt(b.get());
                if (i >= s.size()) throw new Bad("location stack underflow");
                s.push(new ArrayList<>(s).get(i));
            }
            case 0x16 -> { Expr x = pop(s), y = pop(s); s.push(x); s.push(y); }                  // swap
            case 0x17 -> { Expr x = pop(s), y = pop(s), z = pop(s); s.push(x); s.push(z); s.push(y); } // rot
            case 0x19 -> s.push(new Expr.Unary("abs", pop(s)));
            case 0x1f -> s.push(new Expr.Unary("-", pop(s)));
            case 0x20 -> s.push(new Expr.Unary("~", pop(s)));
            case 0x1a -> binary(s, "&");
            case 0x1b -> binary(s, "/");
            case 0x1c -> binary(s, "-");
            case 0x1d -> binary(s, "%");
            case 0x1e -> binary(s, "*");
            case 0x21 -> binary(s, "|");
            case 0x22 -> binary(s, "+");
            case 0x23 -> s.push(plus(pop(s), DwarfReader.uleb(b)));                             // plus_uconst
            case 0x24 -> binary(s, "<<");
            case 0x25 -> binary(s, ">>>");
            case 0x26 -> binary(s, ">>");
            case 0x27 -> binary(s, "^");
            case 0x29 -> binary(s, "==");
            case 0x2a -> binary(s, ">=");
            case 0x2b -> binary(s, ">");
            case 0x2c -> binary(s, "<=");
            case 0x2d -> binary(s, "<");
            case 0x2e -> binary(s, "!=");
            case 0x96 -> { }                                                                     // nop
            case 0x91 -> {                                                                       // fbreg
                long off = DwarfReader.sleb(b);
                if (frame == null || frame.frameBase() == null) throw new Bad("no frame base here");
                s.push(plus(frame.frameBase(), off));
            }
            case 0x92 -> { int r = (int) DwarfReader.uleb(b); s.push(plus(new Expr.Reg(r), DwarfReader.sleb(b))); } // bregx
            case 0x9c -> {                                                                       // call_frame_cfa
                if (frame == null || frame.cfa() == null) throw new Bad("no call frame information here");
                s.push(frame.cfa());
            }
            case 0xa3, 0xf3 -> throw new Bad("the value at function entry (DW_OP_entry_value)");
            case 0xa0, 0xf2 -> throw new Bad("an implicit pointer");
            case 0x28, 0x2f -> throw new Bad("a branch in the location expression");
            default -> throw new Bad("DWARF operation 0x" + Integer.toHexString(op));
        }
    }

    private static void binary(Deque<Expr> s, String op) throws Bad {
        Expr right = pop(s), left = pop(s);
        if (left instanceof Expr.Const a && right instanceof Expr.Const c && (op.equals("+") || op.equals("-"))) {
            s.push(new Expr.Const(op.equals("+") ? a.value() + c.value() : a.value() - c.value()));
            return;
        }
        s.push(new Expr.Binary(op, left, right));
    }

    /** {@code e + off}, folded into an existing constant offset ({@code rsp + 8 + 16} is {@code rsp + 24}). */
    static Expr plus(Expr e, long off) {
        if (off == 0) return e;
        if (e instanceof Expr.Const c) return new Expr.Const(c.value() + off);
        if (e instanceof Expr.Addr a) return new Expr.Addr(a.address() + off);
        if (e instanceof Expr.Binary bin && bin.op().equals("+") && bin.right() instanceof Expr.Const c) {
            long sum = c.value() + off;
            return sum == 0 ? bin.left() : new Expr.Binary("+", bin.left(), new Expr.Const(sum));
        }
        return new Expr.Binary("+", e, new Expr.Const(off));
    }
}
