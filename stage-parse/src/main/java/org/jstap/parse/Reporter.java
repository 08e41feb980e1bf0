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
    private String lastFile;
    private int lastLine = -1;
    private int lastCol;
    private boolean any;

    Reporter(Diagnostics diags) {
        this.diags = diags;
    }

    void report(Diagnostic d) {
        if (d.isError()) {
            if (quiet) return;
            if (d.span() != null && d.span().isKnown() && !errorPositions.add(key(d.span()))) return;
            any = true;
            if (d.span() != null && d.span().isKnown()) {
                lastFile = d.span().file();
                lastLine = d.span().line();
                lastCol = d.span().col();
            }
        }
        diags.report(d);
    }

    void error(String code, Span span, String message) {
        report(Diagnostic.error(code, span, message));
    }

    void warning(String code, Span span, String message) {
        report(Diagnostic.warning(code, span, message));
    }

    /** Whether any error was reported (by any part of pass 1) so far. */
    boolean anyError() {
        return any;
    }

    /** Whether the latest error is on {@code s}'s line, before it: a syntax error there is usually its echo. */
    boolean echoOfLast(Span s) {
        return s.file().equals(lastFile) && s.line() == lastLine && s.col() >= lastCol;
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
