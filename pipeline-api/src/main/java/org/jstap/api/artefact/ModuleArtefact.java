package org.jstap.api.artefact;

import java.util.Arrays;
import java.util.Objects;

/**
 * Pass 4's output for the kmod backend, {@code module.tar}: the module ({@code .ko}, debug info stripped) and its
 * {@link ModuleManifest}. Pass 5 checks the manifest (and the module's own vermagic) against the target kernel
 * before loading.
 */
public record ModuleArtefact(ArtefactHeader header, ModuleManifest manifest, byte[] ko) implements Artefact {
    public static final String KIND = "module";
    public static final String FILE = "module.tar";
    public static final int FORMAT_VERSION = 1;

    public ModuleArtefact {
        Objects.requireNonNull(manifest, "manifest");
        ko = ko.clone();
    }

    /** A copy of the module's bytes. */
    @Override
    public byte[] ko() {
        return ko.clone();
    }

    public int koSize() {
        return ko.length;
    }

    /** The vermagic the module itself carries (may differ from the manifest if someone swapped the .ko). */
    public String koVermagic() {
        return ModInfo.of(ko).get("vermagic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModuleArtefact m && header.equals(m.header) && manifest.equals(m.manifest)
                && Arrays.equals(ko, m.ko);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, manifest, Arrays.hashCode(ko));
    }

    @Override
    public String toString() {
        return "ModuleArtefact[" + manifest.moduleName() + ", " + ko.length + " bytes, " + manifest.kernelRelease() + "]";
    }
}
