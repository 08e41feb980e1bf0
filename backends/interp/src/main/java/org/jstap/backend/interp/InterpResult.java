package org.jstap.backend.interp;

/**
 * What pass 5 of the interp backend did (its output was written to the context's streams while it ran).
 *
 * @param exitStatus 0, or 1 after a runtime error (stap's status)
 * @param errors     runtime errors reported
 * @param millis     wall-clock time of the run
 */
public record InterpResult(int exitStatus, int errors, long millis) {}
