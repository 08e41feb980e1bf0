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

    /**
     * The other definitions of the same signature that a {@code next} in this one falls through to, in call
     * order (priority, then declaration). Only the head of such a chain is in {@link Symbols#functions}; the
     * chain shares its return and parameter types, and becomes one function in the IR ({@link OverloadChain}).
     */
    final List<FunctionSym> fallbacks = new ArrayList<>();
    /** The types declared in this definition's signature, checked against the chain's shared ones. */
    private final List<Decl.Param> declaredParams;

    FunctionSym(Decl.Function decl, String file, boolean library, TypeSlot.Inference inf) {
        this(decl, file, library, inf, null);
    }

    /** @param sharing an earlier definition of the same signature whose type slots this one shares, or null */
    FunctionSym(Decl.Function decl, String file, boolean library, TypeSlot.Inference inf, FunctionSym sharing) {
        this.decl = decl;
        this.file = file;
        this.library = library;
        this.id = decl.name();
        this.declaredParams = decl.params();
        IrType declaredRet = decl.returnType() == null ? null : type(decl.returnType());
        if (sharing != null) {
            this.ret = sharing.ret;
        } else {
            this.ret = declaredRet == null ? new TypeSlot(inf) : new TypeSlot(inf, declaredRet, decl.span());
        }
        this.scope = new Scope(inf);
        for (int i = 0; i < decl.params().size(); i++) {
            Decl.Param p = decl.params().get(i);
            IrType t = p.type() == null ? null : type(p.type());
            LocalSym l = sharing != null ? scope.declareParam(p.name(), p.span(), sharing.params.get(i))
                    : scope.declare(p.name(), p.span(), true, t);
            l.assigned = true;
            params.add(l.type);
        }
    }

    private static IrType type(org.jstap.api.ast.Ops.TypeName t) {
        return t == org.jstap.api.ast.Ops.TypeName.LONG ? IrType.LONG : IrType.STRING;
    }

    /** stap's default priority is 1; lower runs first. */
    long priority() {
        return decl.priority() == null ? 1 : decl.priority();
    }

    /** This definition, then its fallbacks. */
    List<FunctionSym> chain() {
        List<FunctionSym> out = new ArrayList<>();
        out.add(this);
        out.addAll(fallbacks);
        return out;
    }

    /**
     * Offers this definition's declared types to the shared slots; returns a description of the first clash
     * ("returns string where the earlier definition returns long") or null.
     */
    String offerDeclaredTypes() {
        if (decl.returnType() != null && !ret.offer(type(decl.returnType()), decl.span())) {
            return "returns " + type(decl.returnType()).label + " where the earlier definition returns " + ret.type.label;
        }
        for (int i = 0; i < declaredParams.size(); i++) {
            Decl.Param p = declaredParams.get(i);
            if (p.type() != null && !params.get(i).offer(type(p.type()), p.span())) {
                return "takes parameter '" + p.name() + "' as " + type(p.type()).label + " where the earlier definition takes "
                        + params.get(i).type.label;
            }
        }
        return null;
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
