package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ast.Decl;
import org.jstap.api.ir.IrType;

/** A function during elaboration: its inferred signature, persistent locals and reachability. */
final class FunctionSym {
    final Decl.Function decl;
    final String file;
    final boolean library;
    String id;
    final TypeSlot ret;
    final List<TypeSlot> params = new ArrayList<>();
    final Scope scope;
    boolean reachable;
    boolean hasValueReturn;
    /** Its body has been through at least one inference run. */
    boolean elaborated;

    FunctionSym(Decl.Function decl, String file, boolean library, TypeSlot.Inference inf) {
        this.decl = decl;
        this.file = file;
        this.library = library;
        this.id = decl.name();
        this.ret = decl.returnType() == null ? new TypeSlot(inf)
                : new TypeSlot(inf, decl.returnType() == org.jstap.api.ast.Ops.TypeName.LONG ? IrType.LONG : IrType.STRING, decl.span());
        this.scope = new Scope(inf);
        for (Decl.Param p : decl.params()) {
            IrType t = p.type() == null ? null : p.type() == org.jstap.api.ast.Ops.TypeName.LONG ? IrType.LONG : IrType.STRING;
            LocalSym l = scope.declare(p.name(), p.span(), true, t);
            l.assigned = true;
            params.add(l.type);
        }
    }

    String name() {
        return decl.name();
    }

    int arity() {
        return decl.params().size();
    }

    boolean embedded() {
        return decl.body() instanceof Decl.Body.C;
    }
}
