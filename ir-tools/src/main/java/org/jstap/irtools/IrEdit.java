package org.jstap.irtools;

import java.util.List;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrVar;

/** Copies of IR records with one part replaced, for passes (the records are immutable). */
public final class IrEdit {
    private IrEdit() {}

    public static IrProgram withProbes(IrProgram p, List<IrProbe> probes) {
        return new IrProgram(p.script(), p.globals(), p.functions(), probes, p.embeds(), p.guru(), p.elided());
    }

    public static IrProgram withFunctions(IrProgram p, List<IrFunction> functions) {
        return new IrProgram(p.script(), p.globals(), functions, p.probes(), p.embeds(), p.guru(), p.elided());
    }

    public static IrProgram withEmbeds(IrProgram p, List<String> embeds) {
        return new IrProgram(p.script(), p.globals(), p.functions(), p.probes(), embeds, p.guru(), p.elided());
    }

    /** The program with these counts added to what it says was elided. */
    public static IrProgram elided(IrProgram p, int probes, int functions, int globals, int statements) {
        IrProgram.Elided e = p.elided() == null ? IrProgram.Elided.NONE : p.elided();
        return new IrProgram(p.script(), p.globals(), p.functions(), p.probes(), p.embeds(), p.guru(),
                new IrProgram.Elided(e.probes() + probes, e.functions() + functions, e.globals() + globals,
                        e.statements() + statements));
    }

    /** The probe as {@code id}, with this condition, body and frame. */
    public static IrProbe probe(IrProbe p, String id, IrExpr condition, IrStmt.Block body, List<IrVar> locals) {
        return new IrProbe(p.span(), id, p.group(), p.point(), p.origin(), p.function(), p.site(), condition, body,
                locals, p.entrySaves(), p.optional(), p.written());
    }

    public static IrFunction withBody(IrFunction f, IrFunction.Body body) {
        return new IrFunction(f.span(), f.id(), f.name(), f.returnType(), f.params(), f.locals(), body, f.library(),
                f.isPrivate());
    }
}
