package org.jstap.api.ir;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.SessionOptions;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.HeaderTypes;
import org.jstap.api.diag.Diagnostics;

/** What a probe provider may use while resolving points: options, diagnostics, and debug info on demand. */
public interface PointContext {
    SessionOptions options();

    Diagnostics diagnostics();

    /** The target kernel's debug info, loaded on first use; empty when none can be found. */
    Optional<DebugInfo> kernel();

    /** A kernel module's debug info; empty when not found. */
    Optional<DebugInfo> module(String name);

    /** After {@link #kernel()} or {@link #module} came back empty: why, if known ({@code module} null: the kernel). */
    default Optional<String> whyNoDebugInfo(String module) {
        return Optional.empty();
    }

    /** The target kernel's release ({@code 6.1.0-27-cloud-amd64}), when known: where its optional DWARF lives. */
    default Optional<String> kernelRelease() {
        return Optional.empty();
    }

    /** The target kernel's installed module names, sorted, for {@code module("GLOB")}; empty when unknown. */
    default List<String> moduleNames() {
        return List.of();
    }

    /** Tracepoints of the target kernel's loadable modules, name to module name; empty when unknown. */
    default Map<String, String> moduleTracepoints() {
        return Map.of();
    }

    /** The types of user-space C headers ({@code @cast(p, "T", "<sys/un.h>")}), from the first provider that reads them. */
    default HeaderTypes headers(List<String> headers) {
        return new HeaderTypes.Failed("no debug-info provider reads C headers");
    }

    /** The types of a user-space program's DWARF file, from the first provider that reads them. */
    default HeaderTypes programTypes(java.nio.file.Path dwarfFile) {
        return new HeaderTypes.Failed("no debug-info provider reads programs' types");
    }
}
