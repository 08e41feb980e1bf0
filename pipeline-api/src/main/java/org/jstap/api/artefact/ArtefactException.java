package org.jstap.api.artefact;

/** An artefact that cannot be used: wrong kind, unknown format version, corrupt or truncated content. */
public class ArtefactException extends Exception {
    private static final long serialVersionUID = 1L;

    public ArtefactException(String message) {
        super(message);
    }

    public ArtefactException(String message, Throwable cause) {
        super(message, cause);
    }
}
