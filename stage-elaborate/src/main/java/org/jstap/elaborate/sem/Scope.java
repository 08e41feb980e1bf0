package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;

/**
 * The locals of one probe or function. Persistent across inference passes (types accumulate); slots are
 * given in order of first appearance, parameters first.
 */
final class Scope {
    private final Map<String, LocalSym> vars = new LinkedHashMap<>();
    private final TypeSlot.Inference inference;

    Scope(TypeSlot.Inference inference) {
        this.inference = inference;
    }

    LocalSym get(String name) {
        return vars.get(name);
    }

    LocalSym declare(String name, Span at, boolean declared, IrType type) {
        LocalSym l = vars.get(name);
        if (l != null) return l;
        TypeSlot t = type == null ? new TypeSlot(inference) : new TypeSlot(inference, type, at);
        l = new LocalSym(name, vars.size(), t, at, declared);
        vars.put(name, l);
        return l;
    }

    /** A parameter whose type is shared with the same parameter of another definition (overload chains). */
    LocalSym declareParam(String name, Span at, TypeSlot shared) {
        LocalSym l = new LocalSym(name, vars.size(), shared, at, true);
        vars.put(name, l);
        return l;
    }

    List<LocalSym> all() {
        return new ArrayList<>(vars.values());
    }

    /** The IR view of the locals from slot {@code from} on (skipping parameters). */
    List<IrVar> irVars(int from) {
        List<IrVar> out = new ArrayList<>();
        for (LocalSym l : vars.values()) {
            if (l.slot >= from) out.add(new IrVar(l.name, l.type.type == null ? IrType.LONG : l.type.type, l.slot));
        }
        return out;
    }
}
