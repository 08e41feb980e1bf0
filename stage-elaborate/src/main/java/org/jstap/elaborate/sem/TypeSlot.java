package org.jstap.elaborate.sem;

import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrType;

/**
 * A type being inferred: unknown until some use fixes it, then fixed. {@code where} remembers the first use
 * that fixed it, for the second location of a type-clash message. Changes are counted so the inference
 * loop knows when it has reached its fixpoint.
 */
final class TypeSlot {
    private final Inference owner;
    IrType type;
    Span where;

    TypeSlot(Inference owner) {
        this.owner = owner;
    }

    TypeSlot(Inference owner, IrType t, Span where) {
        this.owner = owner;
        this.type = t;
        this.where = where;
    }

    boolean known() {
        return type != null;
    }

    /**
     * stap's autocast: the C type of the target value first stored here ({@code f = $file}, a function returning a
     * typed pointer), so that {@code f->f_flags} can be resolved; null for a plain number or string.
     */
    TargetResolver.AutoType auto;

    /** Remembers {@code a} as this slot's C type unless it has one (the first assignment's wins). */
    void offerAuto(TargetResolver.AutoType a) {
        if (a == null || auto != null) return;
        auto = a;
        owner.changed();
    }

    /** Fixes the type if unknown; true when compatible (same or newly set), false on a clash. */
    boolean offer(IrType t, Span at) {
        if (t == null || t == IrType.VOID) return true;
        if (type == null) {
            type = t;
            where = at;
            owner.changed();
            return true;
        }
        return type == t;
    }

    /** Tracks whether the last inference pass changed anything. */
    static final class Inference {
        private int changes;

        void changed() {
            changes++;
        }

        int takeChanges() {
            int c = changes;
            changes = 0;
            return c;
        }
    }
}
