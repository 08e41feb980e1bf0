package org.jstap.backend.interp;

import org.jstap.api.ir.IrType;

/** A compiled expression: exactly one of the closures is set, by the expression's type. */
final class Code {
    final IrType type;
    final Nodes.LNode l;
    final Nodes.SNode s;
    final Nodes.VNode v;

    private Code(IrType type, Nodes.LNode l, Nodes.SNode s, Nodes.VNode v) {
        this.type = type;
        this.l = l;
        this.s = s;
        this.v = v;
    }

    static Code l(Nodes.LNode n) { return new Code(IrType.LONG, n, null, null); }

    static Code s(Nodes.SNode n) { return new Code(IrType.STRING, null, n, null); }

    static Code v(Nodes.VNode n) { return new Code(IrType.VOID, null, null, n); }

    /** Evaluate for effect only. */
    Nodes.VNode effect() {
        if (v != null) return v;
        if (l != null) {
            Nodes.LNode n = l;
            return f -> n.l(f);
        }
        Nodes.SNode n = s;
        return f -> n.s(f);
    }
}
