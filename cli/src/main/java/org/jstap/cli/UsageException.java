package org.jstap.cli;

/** A command line that cannot run: the message is one line for the user, printed after {@code jstap: }. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
