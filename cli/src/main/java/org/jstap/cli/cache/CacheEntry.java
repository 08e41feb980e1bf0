package org.jstap.cli.cache;

import java.nio.file.Path;

/** A verified cache hit: the artefact's bytes, where they live, and the diagnostics the stage printed when it ran. */
public record CacheEntry(Path artefact, byte[] bytes, String diagnostics) {}
