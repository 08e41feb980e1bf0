package org.jstap.api;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jstap.api.artefact.Hashes;

/**
 * A kernel config as the bytes of its file, read as a map ({@code CONFIG_FOO -> y}) only when something asks for an
 * entry: a cache hit needs just a hash of the config, which the file's bytes give in one pass (about 1 ms), where
 * parsing 3,000 entries, sorting and hashing them one by one cost 20 ms at start-up (and a cold SHA-256 of the
 * bytes still 10 ms: a cache key may name the file instead, {@link #identity}). Immutable.
 */
public final class KernelConfigText extends AbstractMap<String, String> {
    private final byte[] text;
    private final String identity;
    private final Function<byte[], Map<String, String>> parser;
    private volatile Map<String, String> entries;
    private volatile String sha256;

    /**
     * {@code parser} turns the file's bytes into the entries (called at most once, on first use); {@code identity}
     * names the regular file they were read from, unchanged while it was read (path, device, inode, size,
     * modification and change times), or is null (a decompressed or /proc one).
     */
    public KernelConfigText(byte[] text, String identity, Function<byte[], Map<String, String>> parser) {
        this.text = text.clone();
        this.identity = identity;
        this.parser = parser;
    }

    /** SHA-256 of the file's bytes (a comment changes it too: a cache key from it may miss, never wrongly hit). */
    public String sha256() {
        String s = sha256;
        if (s == null) sha256 = s = Hashes.start().add(text).hex();
        return s;
    }

    /** The file the bytes are, as the constructor was given it, or null. */
    public String identity() {
        return identity;
    }

    /** The file's bytes (a copy). */
    public byte[] text() {
        return text.clone();
    }

    private Map<String, String> entries() {
        Map<String, String> m = entries;
        if (m == null) entries = m = Map.copyOf(parser.apply(text.clone()));
        return m;
    }

    @Override public Set<Entry<String, String>> entrySet() { return entries().entrySet(); }
    @Override public String get(Object key) { return entries().get(key); }
    @Override public boolean containsKey(Object key) { return entries().containsKey(key); }
    @Override public int size() { return entries().size(); }
}
