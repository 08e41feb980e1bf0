package org.jstap.api.debuginfo;

/** What {@link DebugInfoProvider#headers} made of a list of C headers: their types, or why there are none. */
public sealed interface HeaderTypes {
    /** Every type the headers declare. */
    record Found(DebugInfo debugInfo) implements HeaderTypes {}

    /** A compiler message, a missing tool, a bad header name: in words for the user. */
    record Failed(String reason) implements HeaderTypes {}
}
