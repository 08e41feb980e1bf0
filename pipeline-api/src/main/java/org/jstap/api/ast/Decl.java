package org.jstap.api.ast;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jstap.api.ast.Ops.TypeName;
import org.jstap.api.diag.Span;

/** Top-level declarations of a script or tapset file. Walk with {@link Visitor}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node")
public sealed interface Decl {
    Span span();

    <R> R accept(Visitor<R> v);

    /** {@code probe p1, p2 { body }}. */
    record Probe(Span span, List<ProbePoint> points, Stmt.Block body) implements Decl {
        public Probe { points = List.copyOf(points); }
        public <R> R accept(Visitor<R> v) { return v.visitProbe(this); }
    }

    /**
     * A probe alias. {@code probe n1, n2 = t1, t2 { P }} has a {@code prologue} (runs before the user's body),
     * {@code probe n += t { E }} an {@code epilogue} (runs after), {@code probe n = t { P }, { E }} both.
     * Either body may be null, never both.
     */
    record Alias(Span span, List<ProbePoint> names, List<ProbePoint> targets, Stmt.Block prologue,
                 Stmt.Block epilogue) implements Decl {
        public Alias {
            names = List.copyOf(names);
            targets = List.copyOf(targets);
            if (prologue == null && epilogue == null) throw new IllegalArgumentException("alias without a body");
        }
        public <R> R accept(Visitor<R> v) { return v.visitAlias(this); }
    }

    /**
     * One global variable: {@code global a}, {@code global a[1000]} ({@code size}), {@code global a%} or
     * {@code global a%[100]} ({@code wrap}), {@code global x = 5} ({@code init}, a literal),
     * {@code private global p}. {@code size} and {@code init} may be null.
     */
    record Global(Span span, String name, Long size, boolean wrap, Expr init, boolean isPrivate) implements Decl {
        public <R> R accept(Visitor<R> v) { return v.visitGlobal(this); }
    }

    /**
     * {@code function name:type (a:long, b) :priority { body }}. {@code returnType}, param types and
     * {@code priority} may be null; {@code body} is a {@link Stmt.Block} or an {@link Embedded} C body.
     * {@code nameSpan}: the name's token (stap's runtime errors raised by the function itself name it there).
     */
    record Function(Span span, String name, TypeName returnType, List<Param> params, Long priority,
                    Body body, boolean isPrivate, Span nameSpan) implements Decl {
        public Function {
            params = List.copyOf(params);
            if (nameSpan == null) nameSpan = span;
        }

        public Function(Span span, String name, TypeName returnType, List<Param> params, Long priority, Body body,
                        boolean isPrivate) {
            this(span, name, returnType, params, priority, body, isPrivate, span);
        }
        public <R> R accept(Visitor<R> v) { return v.visitFunction(this); }
    }

    record Param(Span span, String name, TypeName type) {}

    /** Function body: script statements or embedded C. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    sealed interface Body {
        record Script(Stmt.Block block) implements Body {}

        /** {@code %{ ... %}}; pragmas like {@code /* pure *}{@code /} stay inside {@code code}. */
        record C(Span span, String code) implements Body {}
    }

    /** Top-level {@code %{ ... %}} C code. */
    record Embedded(Span span, String code) implements Decl {
        public <R> R accept(Visitor<R> v) { return v.visitEmbedded(this); }
    }

    interface Visitor<R> {
        R visitProbe(Probe d);
        R visitAlias(Alias d);
        R visitGlobal(Global d);
        R visitFunction(Function d);
        R visitEmbedded(Embedded d);
    }
}
