package org.jstap.debuginfo.btf;

import java.util.List;

/**
 * A tracepoint as its kernel's source declares it: the event class whose {@code __bpf_trace_<class>} function
 * BTF names the arguments through, and the {@code TP_PROTO} parameter names.
 */
public record TraceEventDecl(String eventClass, List<String> names) {}
