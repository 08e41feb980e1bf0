package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ast.Ops;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.ir.TargetAccess;
import org.jstap.elaborate.dwarf.BtfOverlay;
import org.jstap.elaborate.dwarf.Location;
import org.jstap.elaborate.dwarf.Scopes;
import org.jstap.elaborate.dwarf.SourceIndex;

/**
 * The {@code $vars} of a point inside a function (a source line, an inlined copy) from DWARF: each variable in
 * scope at the address ({@link Scopes}) with its location turned into a {@link TargetAccess.Source} over the
 * probe's registers (a register; or a script expression giving the address, or the value, computed from them),
 * typed through {@link BtfOverlay}. A variable with no location there stays listed with the reason, as a use of it
 * is stap's "not accessible at this address" error.
 */
final class DwarfVars {
    /** The point's variables and the debug info their type ids belong to. */
    record Found(List<ResolvedPoint.TargetVarDef> vars, DebugInfo debugInfo) {}

    private DwarfVars() {}

    /** Null when the kernel has no BTF (the types have nothing to map onto) or the DWARF cannot be read. */
    static Found at(SourceIndex idx, DebugInfo btf, int unit, long die, long pc, boolean blocks, Span span,
                    boolean user) {
        if (btf == null) return null;
        List<Scopes.Variable> vs;
        try {
            vs = idx.variables(unit, die, pc, blocks);
        } catch (RuntimeException e) { // a DIE this reader does not understand: no $vars rather than a failure
            return null;
        }
        BtfOverlay types = new BtfOverlay(btf);
        Statics statics = statics(idx, user, span);
        List<ResolvedPoint.TargetVarDef> out = new ArrayList<>();
        for (Scopes.Variable v : vs) out.add(def(v, types, statics, pc, span, user));
        return new Found(out, types);
    }

    /**
     * A file-scope variable ({@code @var("name@file")}) as a target variable typed through {@code types}; its
     * location a static address, so the same at every pc.
     */
    static ResolvedPoint.TargetVarDef global(SourceIndex idx, Scopes.Variable v, BtfOverlay types, Span span,
                                             boolean user) {
        return def(v, types, statics(idx, user, span), 0, span, user);
    }

    /** How a link-time address ({@code DW_OP_addr}) is computed at run time; null where it cannot be. */
    interface Statics {
        IrExpr at(long linkAddress);
    }

    /**
     * The kernel's link-time addresses move with its text (KASLR): {@code _stext}'s running address plus the
     * distance from it. A fixed-address program (ET_EXEC) runs at its link addresses; a position-independent one
     * (or a relocatable module debug file) is moved by a load base pass 2 does not know: none.
     */
    static Statics statics(SourceIndex idx, boolean user, Span span) {
        if (user) {
            return idx.elfType() == 2 ? a -> new IrExpr.IntConst(span, a) : a -> null;
        }
        Long stext = idx.elfType() == 2 ? idx.stext() : null;
        if (stext == null) return a -> null;
        return a -> new IrExpr.CallBuiltin(span, org.jstap.api.ir.Builtin.KERNEL_ADDRESS,
                List.of(new IrExpr.StrConst(span, "_stext"), new IrExpr.IntConst(span, a - stext)));
    }

    private static ResolvedPoint.TargetVarDef def(Scopes.Variable v, BtfOverlay types, Statics statics, long pc,
                                                  Span span, boolean user) {
        int type = types.map(v.type());
        long size = types.sizeOf(type);
        boolean scalar = types.type(types.resolve(type)) instanceof CType.Int
                || types.type(types.resolve(type)) instanceof CType.Enum
                || types.type(types.resolve(type)) instanceof CType.Pointer;
        Location loc = whole(v.location(), size, scalar);
        String why = null;
        TargetAccess.Source src = null;
        boolean inMemory = false;
        if (loc instanceof Location.Memory m) {
            IrExpr a = expr(m.address(), span, user, statics);
            if (a == null) why = hasAddr(m.address()) ? (user ? "a static of a position-independent program"
                    + " (its load address is known only at run time)" : "a static of a relocatable file")
                    : "an address jstap cannot compute";
            else src = new TargetAccess.Source.Value(a);
            inMemory = true;
        } else if (loc instanceof Location.Register r) {
            String name = Location.ptRegsName(r.reg());
            if (name == null || !scalar) why = "in register " + r.reg();
            else src = new TargetAccess.Source.Register(name);
        } else if (loc instanceof Location.Value val) {
            IrExpr e = expr(val.value(), span, user, statics);
            if (e == null || !scalar) why = "a computed value jstap cannot evaluate";
            else src = new TargetAccess.Source.Value(e);
        } else if (loc instanceof Location.Constant c && scalar) {
            src = new TargetAccess.Source.Value(new IrExpr.IntConst(span, c.value()));
        } else if (loc instanceof Location.Pieces p) {
            IrExpr e = scalar && size <= 8 ? pieces(p, span, user, statics) : null;
            if (e == null) why = "split into pieces";
            else src = new TargetAccess.Source.Value(e);
        } else {
            why = loc instanceof Location.Unavailable u ? u.why() : "no location";
        }
        if (src == null && why == null) why = "no location";
        String pcText = "(pc: 0x" + Long.toHexString(pc) + ")";
        return new ResolvedPoint.TargetVarDef(v.name(), type, src, inMemory, !v.parameter(),
                why == null ? null : why.equals(Scopes.NO_LOCATION) || why.equals(Scopes.OPTIMIZED_OUT)
                        ? ResolvedPoint.TargetVarDef.NOT_ACCESSIBLE + " " + pcText
                        : "cannot evaluate its location at this address " + pcText + ": " + why);
    }

    private static boolean hasAddr(Location.Expr e) {
        if (e instanceof Location.Expr.Addr) return true;
        if (e instanceof Location.Expr.Deref d) return hasAddr(d.address());
        if (e instanceof Location.Expr.Unary u) return hasAddr(u.operand());
        return e instanceof Location.Expr.Binary b && (hasAddr(b.left()) || hasAddr(b.right()));
    }

    /** A composite whose first piece holds the whole variable is that piece. */
    private static Location whole(Location l, long size, boolean scalar) {
        if (l instanceof Location.Pieces p && !p.pieces().isEmpty() && p.pieces().get(0).bytes() >= size
                && p.pieces().get(0).location() != null) {
            return p.pieces().get(0).location();
        }
        return l;
    }

    /** A scalar of at most 8 bytes in pieces (registers, values, constants, memory): the bytes put together. */
    private static IrExpr pieces(Location.Pieces p, Span span, boolean user, Statics statics) {
        IrExpr acc = null;
        int shift = 0;
        for (Location.Piece piece : p.pieces()) {
            Location l = piece.location();
            IrExpr v;
            if (l instanceof Location.Register r && Location.ptRegsName(r.reg()) != null) v = expr(new Location.Expr.Reg(r.reg()), span, user, statics);
            else if (l instanceof Location.Value val) v = expr(val.value(), span, user, statics);
            else if (l instanceof Location.Constant c) v = new IrExpr.IntConst(span, c.value());
            else if (l instanceof Location.Memory m && (piece.bytes() == 1 || piece.bytes() == 2 || piece.bytes() == 4 || piece.bytes() == 8))
                v = expr(new Location.Expr.Deref(piece.bytes(), m.address()), span, user, statics);
            else return null;
            if (v == null || shift + piece.bytes() > 8) return null;
            if (piece.bytes() < 8) {
                v = new IrExpr.Binary(span, IrType.LONG, Ops.BinaryOp.BITAND, v, new IrExpr.IntConst(span, (1L << (8 * piece.bytes())) - 1));
            }
            if (shift > 0) v = new IrExpr.Binary(span, IrType.LONG, Ops.BinaryOp.SHL, v, new IrExpr.IntConst(span, 8L * shift));
            acc = acc == null ? v : new IrExpr.Binary(span, IrType.LONG, Ops.BinaryOp.BITOR, acc, v);
            shift += piece.bytes();
        }
        return acc;
    }

    /** A location computation as a script expression over the probe's registers; null if it has no such form. */
    static IrExpr expr(Location.Expr e, Span span, boolean user, Statics statics) {
        if (e instanceof Location.Expr.Const c) return new IrExpr.IntConst(span, c.value());
        if (e instanceof Location.Expr.Addr a) return statics.at(a.address());
        if (e instanceof Location.Expr.Reg r) {
            String name = Location.ptRegsName(r.reg());
            if (name == null) return null;
            return new IrExpr.Target(span, IrType.LONG, "%" + name, new TargetAccess(new TargetAccess.Source.Register(name),
                    List.of(), new TargetAccess.Result.Int(8, false), "long", user));
        }
        if (e instanceof Location.Expr.Deref d) {
            IrExpr a = expr(d.address(), span, user, statics);
            if (a == null || !(d.size() == 1 || d.size() == 2 || d.size() == 4 || d.size() == 8)) return null;
            return new IrExpr.Target(span, IrType.LONG, "*(" + d.size() + ")", new TargetAccess(
                    new TargetAccess.Source.Value(a), List.of(new TargetAccess.Step.Deref(0, d.size(), false)),
                    new TargetAccess.Result.Int(d.size(), false), "long", user));
        }
        if (e instanceof Location.Expr.Unary u) {
            IrExpr x = expr(u.operand(), span, user, statics);
            if (x == null) return null;
            return switch (u.op()) {
                case "-" -> new IrExpr.Unary(span, IrType.LONG, Ops.UnaryOp.NEG, x);
                case "~" -> new IrExpr.Unary(span, IrType.LONG, Ops.UnaryOp.BITNOT, x);
                default -> null;
            };
        }
        if (e instanceof Location.Expr.Binary b) {
            IrExpr l = expr(b.left(), span, user, statics), r = expr(b.right(), span, user, statics);
            if (l == null || r == null) return null;
            Ops.BinaryOp op = switch (b.op()) {
                case "+" -> Ops.BinaryOp.ADD;
                case "-" -> Ops.BinaryOp.SUB;
                case "*" -> Ops.BinaryOp.MUL;
                case "/" -> Ops.BinaryOp.DIV;
                case "%" -> Ops.BinaryOp.MOD;
                case "&" -> Ops.BinaryOp.BITAND;
                case "|" -> Ops.BinaryOp.BITOR;
                case "^" -> Ops.BinaryOp.BITXOR;
                case "<<" -> Ops.BinaryOp.SHL;
                case ">>" -> Ops.BinaryOp.SHR;
                case ">>>" -> Ops.BinaryOp.USHR;
                case "==" -> Ops.BinaryOp.EQ;
                case "!=" -> Ops.BinaryOp.NE;
                case "<" -> Ops.BinaryOp.LT;
                case "<=" -> Ops.BinaryOp.LE;
                case ">" -> Ops.BinaryOp.GT;
                case ">=" -> Ops.BinaryOp.GE;
                default -> null;
            };
            return op == null ? null : new IrExpr.Binary(span, IrType.LONG, op, l, r);
        }
        return null;
    }
}
