package org.jstap.irtools;

import java.util.EnumSet;
import java.util.Set;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;

/**
 * The builtins ({@code execname()}, {@code strlen()}, {@code exit()} ...) a program, probe, function or statement
 * calls: {@code -p2} lists them among the functions, a backend links only the runtime parts they need.
 */
public final class BuiltinUse extends IrScanner {
    private final Set<Builtin> found = EnumSet.noneOf(Builtin.class);

    private BuiltinUse() {}

    /** Every probe (conditions and entry saves included) and function of the program. */
    public static Set<Builtin> in(IrProgram program) {
        BuiltinUse u = new BuiltinUse();
        u.program(program);
        return u.found;
    }

    public static Set<Builtin> in(IrProbe probe) {
        BuiltinUse u = new BuiltinUse();
        u.probe(probe);
        return u.found;
    }

    public static Set<Builtin> in(IrFunction function) {
        BuiltinUse u = new BuiltinUse();
        u.function(function);
        return u.found;
    }

    public static Set<Builtin> in(IrStmt stmt) {
        BuiltinUse u = new BuiltinUse();
        u.stmt(stmt);
        return u.found;
    }

    @Override
    public Void visitCallBuiltin(IrExpr.CallBuiltin e) {
        found.add(e.builtin());
        return super.visitCallBuiltin(e);
    }
}
