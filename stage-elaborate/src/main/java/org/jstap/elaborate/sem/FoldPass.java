package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.irtools.IrEdit;

/**
 * {@code fold}: constant folding ({@link ConstantFolder}) of probe bodies and conditions and of function bodies.
 * Not an optimisation in {@code -u}'s sense: {@code -u} has never turned folding off (the later passes and the
 * backends may rely on constant conditions being gone). Only the probes' folds count as elided statements (what
 * {@code -v} has always reported).
 */
final class FoldPass extends TailPass {
    FoldPass() {
        super("fold", "fold constant expressions, drop constant-false branches and loops", false, true);
    }

    @Override
    public IrProgram run(IrProgram program, TailContext c) {
        int folded = 0;
        List<IrProbe> probes = new ArrayList<>();
        for (IrProbe p : program.probes()) {
            ConstantFolder f = new ConstantFolder();
            probes.add(IrEdit.probe(p, p.id(), f.expr(p.condition()), f.block(p.body()), p.locals()));
            folded += f.folded();
        }
        List<IrFunction> functions = new ArrayList<>();
        for (IrFunction fn : program.functions()) {
            functions.add(fn.body() instanceof IrFunction.Body.Script s
                    ? IrEdit.withBody(fn, new IrFunction.Body.Script(new ConstantFolder().block(s.block()))) : fn);
        }
        IrProgram out = IrEdit.withFunctions(IrEdit.withProbes(program, probes), functions);
        return IrEdit.elided(out, 0, 0, 0, folded);
    }
}
