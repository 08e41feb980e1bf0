package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProgram;
import org.jstap.irtools.CallGraph;
import org.jstap.irtools.IrEdit;

/** {@code reachable}: keeps only the functions the probes still call, transitively ({@link CallGraph}). */
final class ReachablePass extends TailPass {
    ReachablePass() {
        super("reachable", "drop functions no probe calls any more", true, false);
    }

    @Override
    public IrProgram run(IrProgram program, TailContext c) {
        Set<String> reached = CallGraph.of(program).reachableFrom(program.probes());
        List<IrFunction> out = new ArrayList<>();
        for (IrFunction f : program.functions()) if (reached.contains(f.id())) out.add(f);
        return IrEdit.withFunctions(program, out);
    }
}
