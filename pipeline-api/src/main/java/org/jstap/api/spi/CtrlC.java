package org.jstap.api.spi;

/**
 * Ctrl-C during pass 5 ends the run, not jstap: like stap, the end probes run, the output is drained and the exit
 * status stays the script's. While installed, SIGINT calls {@code onInterrupt} instead of starting the JVM's
 * shutdown (which would exit with 130). Every run stage and run target uses this one handler. Uses
 * {@code sun.misc.Signal} (jdk.unsupported); without it the JVM's default handling applies.
 */
public final class CtrlC implements AutoCloseable {
    private final Object previous;

    private CtrlC(Object previous) {
        this.previous = previous;
    }

    public static CtrlC install(Runnable onInterrupt) {
        try {
            return new CtrlC(sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> onInterrupt.run()));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return new CtrlC(null);
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
