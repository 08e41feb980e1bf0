package org.jstap.elaborate.sem;

import java.util.EnumSet;
import java.util.Set;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;

/**
 * The builtins ({@code execname()}, {@code strlen()}, {@code exit()} ...) an elaborated program still calls, from
 * its probes (conditions and entry saves included) and its functions. {@code -p2} lists them among the functions,
 * as stap lists the tapset functions they stand for.
 */
public final class BuiltinUses extends ConstantFolder {
    private final Set<Builtin> found = EnumSet.noneOf(Builtin.class);

    private BuiltinUses() {}

    public static Set<Builtin> in(IrProgram program) {
        BuiltinUses u = new BuiltinUses();
        for (IrProbe p : program.probes()) {
            u.block(p.body());
            u.f(p.condition());
            for (IrProbe.EntrySave e : p.entrySaves()) u.f(e.expr());
        }
        for (IrFunction f : program.functions()) {
            if (f.body() instanceof IrFunction.Body.Script s) u.block(s.block());
        }
        return u.found;
    }

    @Override
    public IrExpr visitCallBuiltin(IrExpr.CallBuiltin e) {
        found.add(e.builtin());
        return super.visitCallBuiltin(e);
    }
}
