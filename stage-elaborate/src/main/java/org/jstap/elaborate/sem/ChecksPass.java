package org.jstap.elaborate.sem;

import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrProgram;

/**
 * {@code checks}: what the final program must be: at least one probe, and runnable on the chosen backend
 * ({@link BackendCheck}). Reports only; the IR goes through unchanged.
 */
final class ChecksPass extends TailPass {
    ChecksPass() {
        super("checks", "no probes left, probes or embedded C the backend cannot run", false, false);
    }

    @Override
    public IrProgram run(IrProgram program, TailContext c) {
        var diags = c.ctx().diagnostics();
        if (program.probes().isEmpty() && c.symbols().neverProbes == 0 && !diags.hasErrors()) {
            var decls = c.script().user().decls();
            diags.report(Diagnostic.error(Codes.SEM_NO_PROBES, decls.isEmpty() ? Span.NONE : decls.get(0).span(),
                    "no probes found"));
        }
        c.backendCheck().check(c.ctx(), program.probes(), program.functions(), c.symbols().embeds);
        return program;
    }
}
