package org.jstap.elaborate.probes;

import java.util.Map;

/**
 * Implemented by a {@link org.jstap.api.ir.PointContext} that can say which loadable module of the target kernel
 * defines a tracepoint (BTF of vmlinux only lists the built-in ones).
 */
public interface ModuleTracepointSource {
    /** Tracepoint name to module name, for tracepoints defined in loadable modules; empty when unknown. */
    Map<String, String> moduleTracepoints();
}
