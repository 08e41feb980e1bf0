package org.jstap.api.artefact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reads and writes one artefact type in its file format. */
public interface ArtefactCodec<A extends Artefact> {
    Class<A> type();

    /** The conventional file name, e.g. {@code ast.json}. */
    String fileName();

    void write(A artefact, OutputStream out) throws IOException;

    /** Reads and validates the header; a foreign or newer format is an {@link ArtefactException}. */
    A read(InputStream in) throws IOException, ArtefactException;
}
