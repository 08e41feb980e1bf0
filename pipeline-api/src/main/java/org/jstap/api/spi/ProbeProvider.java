package org.jstap.api.spi;

import java.util.List;
import java.util.Set;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;

/**
 * Owns one family of probe points ({@code begin/end/error/never}, {@code timer.*}, {@code kernel.function},
 * ...). Pass 2 asks each provider whether it matches a point and to resolve it; the provider also says which
 * backends can emit its probes, so an unsupported combination fails in pass 2 with a clear error.
 */
public interface ProbeProvider {
    /** The family name, e.g. {@code "timer"}, as used in diagnostics and {@code -l} listings. */
    String family();

    /** Names of the backends able to emit probes of this family. */
    Set<String> backends();

    /**
     * Whether the point's leading components name this family ({@code kernel.function(...)} for
     * {@code kernel.function}); cheap, no debug info. Aliases are tried before providers.
     */
    default boolean matches(ProbePoint point) {
        return false;
    }

    /**
     * Expands the point's wildcards against the symbol source and resolves each concrete point. An empty list
     * means "no such point" (the caller reports it, or not for {@code ?}); argument errors go to
     * {@code ctx.diagnostics()}.
     */
    default List<ResolvedPoint> resolve(ProbePoint point, PointContext ctx) {
        return List.of();
    }

    /** Point shapes for messages and {@code -l} hints, e.g. {@code "timer.ms(N)"}. */
    default List<String> shapes() {
        return List.of();
    }
}
