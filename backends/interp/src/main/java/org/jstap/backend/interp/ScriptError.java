package org.jstap.backend.interp;

/**
 * A runtime error of the script: stap prints {@code ERROR: message near what at file:line:col}. {@code near} is the
 * context's last statement marker at the time (null: none). MAXACTION is not catchable by try/catch.
 */
final class ScriptError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String near;
    final boolean catchable;

    ScriptError(String message, String near, boolean catchable) {
        super(message, null, false, false);
        this.near = near;
        this.catchable = catchable;
    }

    /** The stderr line, without the newline. */
    String line() {
        return near == null ? "ERROR: " + getMessage() : "ERROR: " + getMessage() + " near " + near;
    }
}
