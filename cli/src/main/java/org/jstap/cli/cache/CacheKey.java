package org.jstap.cli.cache;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.artefact.Hashes;

/**
 * A stage's cache key under construction: every input is added with a label, so the key (the SHA-256 of all
 * labelled parts, in order) comes with a readable log of what went into it, like stap's {@code _hash.log}.
 */
public final class CacheKey {
    private final Hashes hash = Hashes.start();
    private final List<String> log = new ArrayList<>();
    private String hex;

    public CacheKey add(String label, String value) {
        if (hex != null) throw new IllegalStateException("key already computed");
        hash.add(label).add(value);
        log.add(label + ": " + (value == null ? "(none)" : oneLine(value)));
        return this;
    }

    /** Adds a large value by its hash only (the log shows the hash, not the bytes). */
    public CacheKey addBytes(String label, byte[] value) {
        return addSha256(label, Hashes.start().add(value).hex());
    }

    /** {@link #addBytes} of bytes whose hash ({@code Hashes.start().add(bytes).hex()}) is known already. */
    public CacheKey addSha256(String label, String sha256) {
        return add(label, "sha256:" + sha256);
    }

    /** The key; the digest is taken once, adding after this is an error. */
    public String hex() {
        if (hex == null) hex = hash.hex();
        return hex;
    }

    public String log() {
        return String.join("\n", log) + "\n";
    }

    private static String oneLine(String v) {
        String s = v.replace("\n", "\\n");
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
