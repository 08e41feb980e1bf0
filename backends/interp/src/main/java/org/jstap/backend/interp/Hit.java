package org.jstap.backend.interp;

import org.jstap.api.ir.IrProbe;

/**
 * One run of a probe handler (runtime-c's per-CPU {@code jst_context} while busy): the MAXACTION budget, the call
 * depth, the last statement marker for error messages, and the handler's buffered output (flushed when it ends).
 */
final class Hit {
    final Session session;
    final IrProbe probe;
    long actionRemaining;
    int nesting;
    String lastStmt;
    final StringBuilder out = new StringBuilder();
    /** {@code system()} commands of this hit, started once its output is out (stap's loader gets them after it). */
    java.util.List<String> commands;
    /** {@code $value} of an input probe's hit (procfs("__stdin").write): the byte read, as a one-char string. */
    String value = "";

    Hit(Session session, IrProbe probe) {
        this.session = session;
        this.probe = probe;
        this.actionRemaining = session.limits.maxAction();
    }

    /** One statement executed: set the marker and take one MAXACTION unit. */
    void stmt(String near) {
        lastStmt = near;
        if (--actionRemaining < 0) throw new ScriptError("MAXACTION exceeded", near, false);
    }

    /** A catchable runtime error at {@code near} (which becomes the marker, as C's {@code c->last_stmt = ...}). */
    ScriptError error(String message, String near) {
        if (near != null) lastStmt = near;
        return new ScriptError(message, lastStmt, true);
    }
}
