package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jstap.api.ast.Decl;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.HistParams;

/** A global variable during elaboration: its inferred value type, array shape and use. */
final class GlobalSym {
    final Decl.Global decl;
    final String file;
    final String mangled;
    final boolean library;
    final TypeSlot value;
    /** -1 unknown, 0 scalar, N array of N keys. */
    int arity = -1;
    Span arityWhere;
    final List<TypeSlot> keys = new ArrayList<>();
    boolean read, written, used;
    /** Order of first use (probes first, then functions): stap's order for the end-of-run display; -1 unused. */
    int firstUse = -1;
    final Set<HistParams> hists = new LinkedHashSet<>();
    final Set<String> statFns = new LinkedHashSet<>();
    /** {@code @variance}'s precision shift, from its first use (null: no @variance yet); every use must agree. */
    Long bitShift;

    GlobalSym(Decl.Global decl, String file, String mangled, boolean library, TypeSlot value) {
        this.decl = decl;
        this.file = file;
        this.mangled = mangled;
        this.library = library;
        this.value = value;
        if (decl.size() != null) {
            arityWhere = decl.span();
        }
    }

    String name() {
        return decl.name();
    }

    /** Declared with a size or wrap: must be an array. */
    boolean declaredArray() {
        return decl.size() != null || decl.wrap();
    }
}
