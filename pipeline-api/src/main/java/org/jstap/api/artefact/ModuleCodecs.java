package org.jstap.api.artefact;

/** The codecs of the kmod backend's artefacts (pass 3 and pass 4 outputs). */
public final class ModuleCodecs {
    private ModuleCodecs() {}

    public static final ModuleSourceCodec MODULE_SRC = new ModuleSourceCodec();
    public static final ModuleCodec MODULE = new ModuleCodec();
}
