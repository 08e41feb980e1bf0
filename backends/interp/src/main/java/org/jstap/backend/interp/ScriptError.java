package org.jstap.backend.interp;

/**
 * A runtime error of the script: stap prints {@code ERROR: message near what at file:line:col}. {@code near} is the
 * context's last statement marker at the time (null: none). MAXACTION is not catchable by try/catch.
 */
final class ScriptError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String near;
    final boolean catchable;
    /** A whole line made elsewhere (a bpf kernel probe's error, already "ERROR: ... near ..."), or null. */
    private final String whole;

    ScriptError(String message, String near, boolean catchable) {
        this(message, near, catchable, null);
    }

    private ScriptError(String message, String near, boolean catchable, String whole) {
        super(message, null, false, false);
        this.near = near;
        this.catchable = catchable;
        this.whole = whole;
    }

    static ScriptError whole(String line) {
        return new ScriptError(line, null, false, line);
    }

    /** The stderr line, without the newline. */
    String line() {
        if (whole != null) return whole;
        return near == null ? "ERROR: " + getMessage() : "ERROR: " + getMessage() + " near " + near;
    }
}
