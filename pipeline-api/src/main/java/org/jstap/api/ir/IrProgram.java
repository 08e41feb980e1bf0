package org.jstap.api.ir;

import java.util.List;

/**
 * The elaborated program: everything passes 3-5 (or the interpreter) need, nothing left to resolve.
 * {@code functions} holds only the functions reachable from a probe; {@code globals} only the globals used.
 * {@code embeds} are the top-level {@code %{ %}} blocks (guru mode or tapsets), in order.
 * {@code files} maps each source file name appearing in a {@link org.jstap.api.diag.Span} to whether it is a
 * library file (tapset spans are shown but point into our tapset resources).
 * {@code elided}: what the optimiser dropped (counts only, for {@code -v}).
 */
public record IrProgram(String script, List<IrGlobal> globals, List<IrFunction> functions, List<IrProbe> probes,
                        List<String> embeds, boolean guru, Elided elided) {
    public IrProgram {
        globals = List.copyOf(globals);
        functions = List.copyOf(functions);
        probes = List.copyOf(probes);
        embeds = List.copyOf(embeds);
    }

    public record Elided(int probes, int functions, int globals, int statements) {
        public static final Elided NONE = new Elided(0, 0, 0, 0);
    }

    public IrGlobal global(String mangled) {
        for (IrGlobal g : globals) if (g.mangled().equals(mangled)) return g;
        return null;
    }

    public IrFunction function(String id) {
        for (IrFunction f : functions) if (f.id().equals(id)) return f;
        return null;
    }
}
