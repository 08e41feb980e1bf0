package org.jstap.run;

import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.spi.RunTarget;

/** A {@link RunTarget} that can run kmod modules. Failures are reported to {@code ctx.diagnostics()} first. */
public interface KmodTarget extends RunTarget {
    RunResult run(ModuleArtefact module, StageContext ctx) throws StageFailedException;
}
