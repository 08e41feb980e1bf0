package org.jstap.run;

import org.jstap.api.Pass;
import org.jstap.api.StageFailedException;

/**
 * The module ran but the script ended with a non-zero status (a run-time error, a {@code -c} command that failed):
 * stap then prints {@code Pass 5: run failed.} and exits 1. The loader already printed why; the result stays
 * available for callers that look at the kernel's state after the run (the VM corpus).
 */
public final class ScriptFailedException extends StageFailedException {
    private static final long serialVersionUID = 1L;
    private final transient RunResult result;

    public ScriptFailedException(RunResult result) {
        super(Pass.RUN, "the script ended with status " + result.exitStatus());
        this.result = result;
    }

    public RunResult result() {
        return result;
    }
}
