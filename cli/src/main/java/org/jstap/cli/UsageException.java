package org.jstap.cli;

/**
 * A command line that cannot run: the message is one line for the user, printed after {@code jstap: }, with the
 * stable diagnostic code when the refusal has one of its own ({@code [driver.bad.define]}).
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    UsageException(String message) {
        this(message, null);
    }

    UsageException(String message, String code) {
        super(message);
        this.code = code;
    }

    /** The diagnostic code, or null for a plain usage error. */
    String code() {
        return code;
    }
}
