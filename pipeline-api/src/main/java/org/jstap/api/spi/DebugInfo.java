package org.jstap.api.spi;

/**
 * A source of kernel (or module, or binary) type and symbol information: BTF by default, DWARF optionally.
 * Pass 2 resolves function wildcards, parameters, struct members and tracepoint arguments through it.
 */
public interface DebugInfo {
    /** E.g. {@code "btf"}. */
    String name();
}
