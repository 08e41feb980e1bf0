package org.jstap.api.ir;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jstap.api.diag.Span;

/**
 * A script or tapset function that the program uses, fully typed. {@code id} is unique in the program and is
 * what {@link IrExpr.CallFunction} refers to: the name, or {@code name__N} when the name is overloaded by arity.
 * {@code params} are the first {@code params.size()} slots of {@code locals}' frame ({@code locals} holds only
 * the non-parameter locals). {@code library} marks tapset functions.
 */
public record IrFunction(Span span, String id, String name, IrType returnType, List<IrVar> params,
                         List<IrVar> locals, Body body, boolean library, boolean isPrivate) {
    public IrFunction {
        params = List.copyOf(params);
        locals = List.copyOf(locals);
    }

    /** Total frame size: parameters plus locals. */
    public int frameSize() {
        return params.size() + locals.size();
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    public sealed interface Body {
        record Script(IrStmt.Block block) implements Body {}

        /**
         * {@code %{ ... %}} body, guru mode or tapset only. {@code pure}/{@code unprivileged}/{@code myproc} etc.
         * are the {@code /* pragma *}{@code /} markers found in the text, for the translator's benefit.
         */
        record EmbeddedC(String code, List<String> pragmas) implements Body {
            public EmbeddedC { pragmas = List.copyOf(pragmas); }
        }
    }
}
