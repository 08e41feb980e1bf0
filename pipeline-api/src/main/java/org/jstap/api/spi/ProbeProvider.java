package org.jstap.api.spi;

import java.util.List;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;

/**
 * Owns one family of probe points ({@code begin/end/error/never}, {@code timer.*}, {@code kernel.function},
 * ...). Pass 2 asks each provider whether it matches a point and to resolve it to an {@link org.jstap.api.ir.IrSite}.
 * Which backends can fire that site is the backends' business ({@link Backend#supports}), not the provider's.
 */
public interface ProbeProvider {
    /** The family name, e.g. {@code "timer"}, as used in diagnostics and {@code -l} listings. */
    String family();

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
