package org.jstap.api.artefact;

/** Something a stage produces and the next consumes: serialisable, self-describing. */
public interface Artefact {
    ArtefactHeader header();
}
