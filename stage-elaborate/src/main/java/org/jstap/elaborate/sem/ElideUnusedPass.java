package org.jstap.elaborate.sem;

import java.util.List;
import org.jstap.api.ir.IrProgram;
import org.jstap.irtools.IrEdit;

/**
 * {@code elide-unused}: the script's globals nothing uses were never put in the IR; this pass counts them, and the
 * script functions never called, in {@link IrProgram#elided()}. No warning: stap 4.8 elides a global nothing
 * references silently, even under {@code -W} (its "excluded unused global" is a {@code -vvvv} trace line).
 */
final class ElideUnusedPass extends TailPass {
    ElideUnusedPass() {
        super("elide-unused", "count the unused globals and functions left out", false, true);
    }

    @Override
    public IrProgram run(IrProgram program, TailContext c) {
        int globals = 0;
        for (List<GlobalSym> gs : c.symbols().globals.values()) {
            for (GlobalSym g : gs) {
                if (g.used || g.library) continue;
                globals++;
            }
        }
        int functions = 0;
        for (List<FunctionSym> fs : c.symbols().functions.values()) {
            for (FunctionSym f : fs) if (!f.reachable && !f.library) functions++;
        }
        return IrEdit.elided(program, 0, functions, globals, 0);
    }
}
