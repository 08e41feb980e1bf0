package org.jstap.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * The kernel a script is compiled for: what the preprocessor tests ({@code kernel_v}, {@code kernel_vr},
 * {@code arch}, {@code CONFIG_*}) and what caches key on. {@code version} is the build string
 * ({@code uname -v}), which changes when a kernel is rebuilt under the same release.
 * {@code buildDir} and {@code image} may be null when not installed.
 */
public record KernelInfo(String release, String version, String arch, Map<String, String> config,
                         Path buildDir, Path image) {
    public KernelInfo {
        // a config still as its file's bytes stays so (immutable, parsed on first use): a cache hit never parses it
        if (!(config instanceof KernelConfigText)) config = Map.copyOf(config);
    }

    /** The numeric part of the release, {@code 6.1.0} of {@code 6.1.0-27-cloud-amd64}. */
    public String versionNumber() {
        int i = 0;
        while (i < release.length() && (Character.isDigit(release.charAt(i)) || release.charAt(i) == '.')) i++;
        String v = release.substring(0, i);
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }
}
