package org.jstap.cli.cache;

import java.nio.file.Path;

/**
 * A verified cache hit: the artefact's bytes, where they live, the diagnostics the stage printed when it ran, and
 * the SHA-256 of the bytes ({@code Hashes.start().add(bytes).hex()}, checked against the entry's record of it).
 */
public record CacheEntry(Path artefact, byte[] bytes, String diagnostics, String sha256) {}
