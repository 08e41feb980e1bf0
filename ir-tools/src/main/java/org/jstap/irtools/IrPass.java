package org.jstap.irtools;

import org.jstap.api.ir.IrProgram;

/**
 * One named step of an IR pipeline ({@link IrPipeline}): takes the program and gives the next one. {@code C} is
 * what the passes of one pipeline share besides the IR (pass 2's symbols and diagnostics, say).
 */
public interface IrPass<C> {
    /** Lower-case, dash-separated ({@code dead-stores}); what {@code --dump-ir-after} names. */
    String name();

    /** One line for {@code --help}-style listings. */
    String description();

    /** Optimising passes change no behaviour, only cost; {@code -u} skips them. */
    default boolean optimising() {
        return false;
    }

    /** Whether the pass applies in this run at all (a skipped pass is not dumped either). */
    default boolean enabled(C context) {
        return true;
    }

    IrProgram run(IrProgram program, C context);
}
