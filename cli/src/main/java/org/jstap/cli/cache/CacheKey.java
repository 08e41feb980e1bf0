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

    public CacheKey add(String label, String value) {
        hash.add(label).add(value);
        log.add(label + ": " + (value == null ? "(none)" : oneLine(value)));
        return this;
    }

    /** Adds a large value by its hash only (the log shows the hash, not the bytes). */
    public CacheKey addBytes(String label, byte[] value) {
        return add(label, "sha256:" + Hashes.start().add(value).hex());
    }

    public String hex() {
        return hash.hex();
    }

    public String log() {
        return String.join("\n", log) + "\n";
    }

    private static String oneLine(String v) {
        String s = v.replace("\n", "\\n");
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
