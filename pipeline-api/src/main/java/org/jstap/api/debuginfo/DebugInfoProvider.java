package org.jstap.api.debuginfo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.KernelInfo;

/** SPI: finds and loads debug information for a kernel and its modules. */
public interface DebugInfoProvider {
    /** E.g. {@code "btf"}. */
    String name();

    /** The kernel's own debug info, if this provider can find it for that kernel. */
    Optional<DebugInfo> kernel(KernelInfo kernel);

    /**
     * {@code kernel(kernel).map(DebugInfo::hash)}, what a cache key records of it: a provider that can tell the hash
     * without loading the debug info (from its own cache) overrides this, so a cached run parses no BTF.
     */
    default Optional<String> kernelHash(KernelInfo kernel) {
        return kernel(kernel).map(DebugInfo::hash);
    }

    /** A module's debug info (BTF: its {@code .BTF} section, split against the kernel's). */
    Optional<DebugInfo> module(KernelInfo kernel, String module);

    /**
     * After {@link #kernel} or {@link #module} came back empty: why, in words for the user (a built-in module, no
     * image, a module without BTF...); {@code module} null for the kernel. Empty when this provider cannot say.
     */
    default Optional<String> problem(KernelInfo kernel, String module) {
        return Optional.empty();
    }

    /** The kernel's installed module names ({@code module("*")} wildcards); empty when this provider cannot list them. */
    default List<String> moduleNames(KernelInfo kernel) {
        return List.of();
    }

    /**
     * Tracepoints defined in the kernel's loadable modules, name to module name (the kernel's own debug info lists
     * only the built-in ones); empty when this provider cannot say.
     */
    default Map<String, String> moduleTracepoints(KernelInfo kernel) {
        return Map.of();
    }

    /**
     * The types user-space C headers declare ({@code @cast(p, "T", "<sys/un.h>")}), as debug info of their own;
     * {@code headers} as written between the brackets. Empty when this provider does not read headers.
     */
    default Optional<HeaderTypes> headers(List<String> headers) {
        return Optional.empty();
    }

    /**
     * The types of a user-space program ({@code $p->member} in {@code process(...)} probes, stap's
     * {@code @cast(p, "T", "/path/to/prog")}), from {@code dwarfFile}: the program built with -g, or its separate
     * debug file. Empty when this provider does not read programs.
     */
    default Optional<HeaderTypes> programTypes(java.nio.file.Path dwarfFile) {
        return Optional.empty();
    }
}
