package org.jstap.api.debuginfo;

import java.util.List;
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
}
