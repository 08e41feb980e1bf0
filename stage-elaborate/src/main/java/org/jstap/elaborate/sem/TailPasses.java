package org.jstap.elaborate.sem;

import java.util.List;
import org.jstap.irtools.IrPipeline;

/**
 * Pass 2's tail: the named IR passes that run, in this order, on the IR the reporting run built. {@code -u} skips
 * the optimising ones ({@code dead-stores}, {@code reachable}); {@code --dump-ir-after=NAME} prints the IR after one.
 */
public final class TailPasses {
    private TailPasses() {}

    static final IrPipeline<TailContext> PIPELINE = new IrPipeline<>(List.of(
            new FoldPass(),
            new DeadStoresPass(),
            new ReachablePass(),
            new ElideUnusedPass(),
            new GlobalDisplayPass(),
            new ChecksPass(),
            new UstackTablesPass()));

    /** The names in {@code wanted} that are neither a pass nor {@code all}. */
    public static List<String> unknown(java.util.Set<String> wanted) {
        return PIPELINE.unknown(wanted);
    }

    /** The pass names, in order. */
    public static List<String> names() {
        return PIPELINE.names();
    }
}
