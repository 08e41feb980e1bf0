package org.jstap.parse;

import java.util.HashSet;
import java.util.Set;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.Span;

/**
 * Pass 1's view of the diagnostics sink: at most one error per source position (a preprocessor error and the
 * parse error it provokes at the same token are one problem), and a quiet mode for the AST builder's checks
 * inside declarations that already have syntax errors (their trees are partial, so checks would only echo).
 */
final class Reporter {
    private final Diagnostics diags;
    private final Set<String> errorPositions = new HashSet<>();
    private boolean quiet;

    Reporter(Diagnostics diags) {
        this.diags = diags;
    }

    Diagnostics diagnostics() {
        return diags;
    }

    void report(Diagnostic d) {
        if (d.isError()) {
            if (quiet) return;
            if (d.span() != null && d.span().isKnown() && !errorPositions.add(key(d.span()))) return;
        }
        diags.report(d);
    }

    void error(String code, Span span, String message) {
        report(Diagnostic.error(code, span, message));
    }

    void warning(String code, Span span, String message) {
        report(Diagnostic.warning(code, span, message));
    }

    boolean hasErrorAt(Span s) {
        return errorPositions.contains(key(s));
    }

    /** Sets quiet mode and returns the previous setting (quiet regions nest). */
    boolean quiet(boolean q) {
        boolean old = quiet;
        quiet = q;
        return old;
    }

    private static String key(Span s) {
        return s.file() + ':' + s.line() + ':' + s.col();
    }
}
