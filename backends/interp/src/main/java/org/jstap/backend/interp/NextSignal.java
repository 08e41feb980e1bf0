package org.jstap.backend.interp;

/** {@code next}: leaves the probe handler, also from inside functions. Not an error, not catchable. */
final class NextSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NextSignal INSTANCE = new NextSignal();

    private NextSignal() {
        super("next", null, false, false);
    }
}
