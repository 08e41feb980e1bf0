package org.jstap.api.ir;

import java.util.List;
import org.jstap.api.debuginfo.DebugInfo;

/**
 * What a {@link org.jstap.api.spi.ProbeProvider} makes of one concrete probe point, before the body is
 * elaborated: the canonical text ({@code kernel.function("vfs_read").return}), the function {@code ppfunc()}
 * reports ("" if none), the {@link IrSite}, and the target variables available there with where each lives.
 * {@code debugInfo} types the variables (null when there are none); {@code returnType} is the C type id of
 * {@code $return} in return probes, else null. {@code backends} lists who can emit it.
 */
public record ResolvedPoint(String point, String function, IrSite site, List<TargetVarDef> vars,
                            DebugInfo debugInfo, Integer returnType, boolean userSpace, List<String> backends) {
    public ResolvedPoint {
        vars = List.copyOf(vars);
        backends = List.copyOf(backends);
    }

    /** A {@code $name} available at a point: its C type id in {@code debugInfo} and its source. */
    public record TargetVarDef(String name, int type, TargetAccess.Source source) {}
}
