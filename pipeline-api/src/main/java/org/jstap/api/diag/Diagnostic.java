package org.jstap.api.diag;

import java.util.List;

/**
 * One message for the user. {@code code} is stable (see {@link Codes}) so tests and tools can key on it;
 * {@code hint} (may be null) is a guess at the fix, {@code related} points at other places involved
 * (e.g. the first declaration in a type clash).
 */
public record Diagnostic(String code, Severity severity, Span span, String message, String hint, List<Related> related) {
    public Diagnostic {
        related = related == null ? List.of() : List.copyOf(related);
    }

    public Diagnostic(String code, Severity severity, Span span, String message) {
        this(code, severity, span, message, null, List.of());
    }

    public static Diagnostic error(String code, Span span, String message) {
        return new Diagnostic(code, Severity.ERROR, span, message);
    }

    public static Diagnostic warning(String code, Span span, String message) {
        return new Diagnostic(code, Severity.WARNING, span, message);
    }

    public Diagnostic withHint(String h) {
        return new Diagnostic(code, severity, span, message, h, related);
    }

    public Diagnostic withRelated(Span where, String what) {
        var all = new java.util.ArrayList<>(related);
        all.add(new Related(where, what));
        return new Diagnostic(code, severity, span, message, hint, all);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public record Related(Span span, String message) {}
}
