package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.irtools.IrEdit;
import org.jstap.irtools.IrScanner;

/**
 * {@code dead-stores}: drops stores to probe locals nobody reads ({@link DeadStores}); a probe left with nothing
 * to do is elided with a warning, and the remaining probes are numbered again.
 */
final class DeadStoresPass extends TailPass {
    DeadStoresPass() {
        super("dead-stores", "drop unread stores to probe locals, elide probes left empty", true, false);
    }

    @Override
    public IrProgram run(IrProgram program, TailContext c) {
        DeadStores ds = new DeadStores(program.functions());
        List<IrProbe> slim = new ArrayList<>();
        int elided = 0;
        for (IrProbe p : program.probes()) {
            DeadStores.Result r = ds.run(p.body(), p.locals(), localNames(p.condition()));
            if (ProgramElaborator.isEmpty(r.body()) && !ProgramElaborator.isCounter(p.site())) { // only unused alias variables were left
                c.ctx().diagnostics().report(Diagnostic.warning(Codes.WARN_EMPTY_PROBE, p.span(),
                        "probe '" + p.point() + "' has been elided: it computes nothing that is used"));
                elided++;
                continue;
            }
            slim.add(IrEdit.probe(p, "probe_" + slim.size(), p.condition(), r.body(), r.locals()));
        }
        return IrEdit.elided(IrEdit.withProbes(program, slim), elided, 0, 0, ds.removed());
    }

    /** The locals the condition reads: they stay, whatever the body does with them. */
    private static Set<String> localNames(IrExpr e) {
        Set<String> out = new HashSet<>();
        new IrScanner() {
            @Override public Void visitLocalRef(IrExpr.LocalRef l) {
                out.add(l.name());
                return null;
            }
        }.expr(e);
        return out;
    }
}
