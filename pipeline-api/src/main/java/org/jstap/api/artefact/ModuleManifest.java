package org.jstap.api.artefact;

import java.util.List;

/**
 * What a built module is and what it was built for ({@code manifest.json} in {@code module.tar}).
 * {@code kernelBuild} is the kernel's {@code uname -v} string: a rebuilt kernel with the same release has a
 * different one. {@code vermagic} is copied from the module's {@code .modinfo}. {@code options} are the
 * stap-style options that shaped the module ({@code -DMAXACTION=2000}, {@code -B V=1}, {@code -g}).
 */
public record ModuleManifest(String moduleName, String koFile, String kernelRelease, String kernelBuild,
                             String arch, String vermagic, String scriptHash, List<String> options,
                             List<String> probes) {
    public ModuleManifest {
        options = options == null ? List.of() : List.copyOf(options);
        probes = probes == null ? List.of() : List.copyOf(probes);
    }
}
