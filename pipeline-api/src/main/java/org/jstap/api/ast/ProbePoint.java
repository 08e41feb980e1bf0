package org.jstap.api.ast;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jstap.api.diag.Span;

/**
 * One probe point as written: {@code kernel.function("vfs_*").return ? if (enabled)}.
 * Component names keep their wildcards ({@code *}, {@code **}) and brace alternatives ({@code {a,b}}) verbatim;
 * expansion is pass 2's job. {@code condition} may be null.
 */
public record ProbePoint(Span span, List<Component> components, boolean optional, boolean sufficient,
                         Expr condition) {
    public ProbePoint { components = List.copyOf(components); }

    /** {@code name} or {@code name(arg)}; {@code arg} is null, an {@link Expr.IntLit} or an {@link Expr.StrLit}. */
    public record Component(Span span, String name, @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node") Expr arg) {}

    /** The point without its decorations, as stap prints it: {@code kernel.function("x").return}. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Component c : components) {
            if (b.length() > 0) b.append('.');
            b.append(c.name());
            if (c.arg() instanceof Expr.StrLit s) b.append("(\"").append(Literals.escape(s.value())).append("\")");
            else if (c.arg() instanceof Expr.IntLit i) b.append('(').append(i.value()).append(')');
        }
        return b.toString();
    }
}
