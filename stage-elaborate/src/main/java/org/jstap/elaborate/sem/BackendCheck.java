package org.jstap.elaborate.sem;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jstap.api.StageContext;
import org.jstap.api.ast.Decl;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.spi.Backend;

/**
 * Pass 2's last word on the chosen backend ({@code --runtime}): each probe's site must be one the backend
 * {@link Backend#supports supports}, and embedded C needs a backend that {@link Backend#runsEmbeddedC runs it}.
 * The hint names another backend that can, the default one ({@code kmod}) first.
 */
final class BackendCheck {
    private final List<Backend> backends;

    /** {@code backends}: every contributed backend; with none (tests of pass 2 alone) nothing is checked. */
    BackendCheck(List<Backend> backends) {
        this.backends = backends.stream()
                .sorted(Comparator.comparing((Backend b) -> !b.name().equals(Backend.KMOD)).thenComparing(Backend::name))
                .toList();
    }

    /** The backend {@code --runtime} names (kmod by default); empty when none is contributed by that name. */
    Optional<Backend> chosen(StageContext ctx) {
        String runtime = ctx.options().runtime() == null ? Backend.KMOD : ctx.options().runtime();
        return backends.stream().filter(b -> b.name().equals(runtime)).findFirst();
    }

    void check(StageContext ctx, List<IrProbe> probes, List<IrFunction> functions, List<Decl.Embedded> embeds) {
        String runtime = ctx.options().runtime() == null ? Backend.KMOD : ctx.options().runtime();
        Backend chosen = chosen(ctx).orElse(null);
        if (chosen == null) return; // the driver refuses an unknown --runtime before pass 2
        for (IrProbe p : probes) {
            if (!chosen.supports(p.site())) {
                String why = chosen.whyUnsupported(p.site());
                ctx.diagnostics().report(Diagnostic.error(Codes.SEM_BACKEND_UNSUPPORTED, p.span(),
                        "probe point '" + p.point() + "' cannot run on the " + runtime + " backend"
                                + (why == null ? "" : ": " + why))
                        .withHint(alternative(b -> b.supports(p.site())).map(b -> "use --runtime=" + b.name()).orElse(null)));
            }
        }
        if (chosen.runsEmbeddedC()) return;
        String hint = alternative(Backend::runsEmbeddedC).map(b -> "use --runtime=" + b.name()).orElse(null);
        for (IrFunction f : functions) {
            if (f.body() instanceof IrFunction.Body.EmbeddedC && !f.library()) {
                ctx.diagnostics().report(Diagnostic.error(Codes.SEM_BACKEND_UNSUPPORTED, f.span(),
                        "function '" + f.name() + "' is embedded C, which the " + runtime + " backend cannot run")
                        .withHint(hint));
            }
        }
        for (Decl.Embedded e : embeds) {
            if (e.span().file().startsWith("tapset/")) continue;
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_BACKEND_UNSUPPORTED, e.span(),
                    "embedded C cannot run on the " + runtime + " backend").withHint(hint));
        }
    }

    /** The first backend that executes probes and passes {@code test}. */
    private Optional<Backend> alternative(Predicate<Backend> test) {
        return backends.stream().filter(b -> b.executesProbes() && test.test(b)).findFirst();
    }
}
