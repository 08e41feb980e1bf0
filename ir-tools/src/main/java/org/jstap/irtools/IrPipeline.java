package org.jstap.irtools;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jstap.api.ir.IrProgram;

/**
 * An ordered list of named {@link IrPass}es, run one after the other, as LLVM's pass manager: {@code -u} skips the
 * optimising ones, and an observer sees the program after each pass that ran ({@code --dump-ir-after}).
 */
public final class IrPipeline<C> {
    /** {@code --dump-ir-after=all}. */
    public static final String ALL = "all";

    private final List<IrPass<C>> passes;

    public IrPipeline(List<IrPass<C>> passes) {
        this.passes = List.copyOf(passes);
    }

    public List<IrPass<C>> passes() {
        return passes;
    }

    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (IrPass<C> p : passes) out.add(p.name());
        return out;
    }

    /** The names in {@code wanted} that are neither a pass of this pipeline nor {@link #ALL}. */
    public List<String> unknown(Set<String> wanted) {
        List<String> out = new ArrayList<>();
        for (String w : wanted) if (!w.equals(ALL) && !names().contains(w)) out.add(w);
        return out;
    }

    /**
     * Runs every enabled pass in order; {@code unoptimized} skips the optimising ones. {@code after} gets each pass
     * that ran with the program it produced.
     */
    public IrProgram run(IrProgram program, C context, boolean unoptimized, BiConsumer<IrPass<C>, IrProgram> after) {
        IrProgram p = program;
        for (IrPass<C> pass : passes) {
            if (unoptimized && pass.optimising() || !pass.enabled(context)) continue;
            p = pass.run(p, context);
            after.accept(pass, p);
        }
        return p;
    }
}
