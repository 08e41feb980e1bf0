package org.jstap.debuginfo.kernel;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Properties;
import org.jstap.debuginfo.btf.BtfDebugInfo;

/**
 * BTF extracted from a compressed kernel image, cached per kernel build so later runs skip the decompression
 * (~0.5 s). Entries live in {@code $XDG_CACHE_HOME/jstap/btf/} (default {@code ~/.cache/jstap/btf/}), keyed by
 * release + the image's size and mtime: {@code KEY.btf} and {@code KEY.properties} (SHA-256 of the BTF, the
 * kernel's banner, the source image and its SHA-256). Both are written to temporary files and renamed into place, metadata last,
 * so a reader never sees a half-written entry.
 */
public final class BtfCache {
    /** A cached extraction. */
    public record Entry(byte[] btf, String sha256, String banner) {}

    private final Path dir;

    public BtfCache(Path dir) {
        this.dir = dir;
    }

    /** The default location, honouring {@code XDG_CACHE_HOME}. */
    public static BtfCache defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new BtfCache(base.resolve("jstap").resolve("btf"));
    }

    public Path dir() {
        return dir;
    }

    /** The cache key of an image: release, size and modification time. */
    public static String key(String release, Path image) throws IOException {
        BasicFileAttributes a = Files.readAttributes(image, BasicFileAttributes.class);
        return sanitize(release) + "-" + a.size() + "-" + Long.toHexString(a.lastModifiedTime().toMillis());
    }

    private static String sanitize(String s) {
        return s.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    /** The SHA-256 {@link #get} would return, read from the entry's properties alone (its size checked, not its bytes). */
    public Optional<String> knownSha256(String key) {
        try {
            return meta(key).map(p -> p.getProperty("sha256"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public Optional<Entry> get(String key) {
        try {
            Optional<Properties> p = meta(key);
            if (p.isEmpty()) return Optional.empty();
            byte[] data = Files.readAllBytes(dir.resolve(key + ".btf"));
            if (Long.parseLong(p.get().getProperty("size")) != data.length) return Optional.empty(); // changed since
            return Optional.of(new Entry(data, p.get().getProperty("sha256"), p.get().getProperty("banner", "")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();                     // a damaged entry is a miss; put() will replace it
        }
    }

    /** The entry's properties, when it has both files, a sha256 and the recorded size of its .btf file. */
    private Optional<Properties> meta(String key) throws IOException {
        Path btf = dir.resolve(key + ".btf"), meta = dir.resolve(key + ".properties");
        if (!Files.isRegularFile(meta) || !Files.isRegularFile(btf)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String size = p.getProperty("size");
        if (p.getProperty("sha256") == null || size == null || Long.parseLong(size) != Files.size(btf)) return Optional.empty();
        return Optional.of(p);
    }

    /** Stores an entry; failures (read-only home, full disk) are ignored: the cache is an optimisation. */
    public Entry put(String key, byte[] btf, String banner, Path source) {
        Entry e = new Entry(btf, BtfDebugInfo.sha256(btf), banner == null ? "" : banner);
        try {
            Files.createDirectories(dir);
            Path tmpBtf = Files.createTempFile(dir, key, ".btf.tmp");
            Files.write(tmpBtf, btf);
            move(tmpBtf, dir.resolve(key + ".btf"));
            Properties p = new Properties();
            p.setProperty("sha256", e.sha256());
            p.setProperty("size", Integer.toString(btf.length));
            p.setProperty("banner", e.banner());
            p.setProperty("source", source == null ? "" : source.toString());
            if (source != null) p.setProperty("source.sha256", BtfDebugInfo.sha256(Files.readAllBytes(source)));
            Path tmpMeta = Files.createTempFile(dir, key, ".properties.tmp");
            try (Writer w = Files.newBufferedWriter(tmpMeta, StandardCharsets.UTF_8)) {
                p.store(w, "jstap BTF cache entry");
            }
            move(tmpMeta, dir.resolve(key + ".properties"));
        } catch (IOException ignored) {
            // not cached this time
        }
        return e;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
