package org.jstap.elaborate.sem;

import org.jstap.api.diag.Span;

/**
 * A local variable of one probe or function. {@code declared}: a parameter, foreach variable or catch
 * variable (those shadow globals); others are locals only when no global of that name exists.
 */
final class LocalSym {
    final String name;
    final int slot;
    final TypeSlot type;
    final Span first;
    final boolean declared;
    boolean assigned;
    boolean read;
    /** Used as a statistic (already reported: stap has no stat locals); no "cannot infer its type" on top. */
    boolean statLocal;

    LocalSym(String name, int slot, TypeSlot type, Span first, boolean declared) {
        this.name = name;
        this.slot = slot;
        this.type = type;
        this.first = first;
        this.declared = declared;
    }
}
