package org.jstap.api.artefact;

/**
 * The header every artefact starts with. {@code inputHash} is the hash of everything that produced it (input
 * artefact, stage version, options read), so a cache or a {@code --from} run can tell a stale artefact.
 */
public record ArtefactHeader(int formatVersion, String kind, String producer, String producerVersion,
                             String inputHash) {}
