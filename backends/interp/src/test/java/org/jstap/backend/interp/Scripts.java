package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions over {@link Run}. */
final class Scripts {
    private Scripts() {}

    /** Runs {@code probe begin { BODY; exit() }} and returns stdout, requiring status 0. */
    static String begin(String body, String... defines) {
        return ok("probe begin { " + body + "\n exit() }", defines);
    }

    static String ok(String script, String... defines) {
        Run.Out o = Run.run(script, defines);
        assertEquals(0, o.status(), "status; stderr:\n" + o.err());
        return o.out();
    }

    /** A run that must fail with exit status 1; returns it. */
    static Run.Out fails(String script, String... defines) {
        Run.Out o = Run.run(script, defines);
        assertEquals(1, o.status(), "status; out:\n" + o.out() + "\nstderr:\n" + o.err());
        return o;
    }
}
