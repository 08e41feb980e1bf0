package org.jstap.backend.interp;

import org.jstap.api.diag.Span;

/** Something in the IR the interpreter cannot execute (target variables, embedded C): reported before the run. */
final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Span span;

    Unsupported(Span span, String what) {
        super(what, null, false, false);
        this.span = span;
    }
}
