package org.jstap.backend.interp;

/**
 * SIGINT during a run ends it like stap's ^C: the end probes still run and the status stays 0. Uses
 * {@code sun.misc.Signal} (jdk.unsupported) where available; without it the JVM's default handling applies.
 */
final class Interrupts implements AutoCloseable {
    private final Object previous;

    private Interrupts(Object previous) {
        this.previous = previous;
    }

    @SuppressWarnings("removal")
    static Interrupts install(Runnable onInterrupt) {
        try {
            sun.misc.Signal sig = new sun.misc.Signal("INT");
            return new Interrupts(sun.misc.Signal.handle(sig, s -> onInterrupt.run()));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return new Interrupts(null);
        }
    }

    @Override
    public void close() {
        if (previous instanceof sun.misc.SignalHandler h) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), h);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // nothing to restore
            }
        }
    }
}
