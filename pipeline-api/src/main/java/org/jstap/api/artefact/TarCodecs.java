package org.jstap.api.artefact;

/** Header validation shared by the tar codecs (the JSON codec does the same for JSON artefacts). */
final class TarCodecs {
    private TarCodecs() {}

    static void check(ArtefactHeader h, String kind, int formatVersion) throws ArtefactException {
        if (h == null) throw new ArtefactException("no artefact header");
        if (!kind.equals(h.kind())) {
            throw new ArtefactException("expected a '" + kind + "' artefact, this is '" + h.kind() + "'");
        }
        if (h.formatVersion() != formatVersion) {
            throw new ArtefactException("'" + kind + "' format version " + h.formatVersion()
                    + " is not supported (this jstap reads version " + formatVersion + ")");
        }
    }
}
