package org.jstap.cli;

/** The script file named on the command line cannot be read; reported as a {@code driver.io} diagnostic. */
final class ScriptReadException extends Exception {
    private static final long serialVersionUID = 1L;

    ScriptReadException(String message) {
        super(message);
    }
}
