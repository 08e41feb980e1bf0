package org.jstap.api;

/** A pass failed for a reason already reported as diagnostics: the driver prints {@code Pass N: ... failed.}. */
public class StageFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Pass pass;

    public StageFailedException(Pass pass, String message) {
        super(message);
        this.pass = pass;
    }

    public Pass pass() {
        return pass;
    }
}
