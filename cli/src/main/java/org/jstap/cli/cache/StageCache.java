package org.jstap.cli.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jstap.api.artefact.Hashes;

/**
 * The per-stage artefact cache: {@code ROOT/pN-STAGE/KK/KEY/} holds the artefact (under its usual file name),
 * {@code sha256} (of the artefact bytes), {@code hash.log} (what the key was made of) and {@code diagnostics.txt}
 * (what the stage printed, replayed on a hit).
 *
 * <p>An entry is written into {@code ROOT/.tmp/} and renamed into place in one step, so a reader sees a whole
 * entry or none, and two runs writing the same key cannot mix their files (the second rename fails and its copy
 * is dropped). A hit is loaded only if its bytes still match the stored CRC-32C and length ({@code crc32c}), or
 * without that file hash to the stored SHA-256; anything else is evicted and
 * counts as a miss. Entries are touched on every hit; when the cache grows past its limit the least recently used
 * entries are removed.
 */
public final class StageCache {
    public static final String ENV_DIR = "JSTAP_CACHE_DIR";
    public static final String ENV_LIMIT = "JSTAP_CACHE_LIMIT_MB";
    public static final long DEFAULT_LIMIT = 256L << 20;
    static final String SHA = "sha256";
    /**
     * CRC-32C and length of the artefact bytes, written beside {@link #SHA}: a hit checks these (the JVM computes
     * CRC-32C with the processor's instruction, even before any code is compiled) where a SHA-256 of a cold JVM
     * costs some 10 ms per 100 KB, a quarter of a cached {@code -p4}; the stored SHA-256 stays the entry's name for
     * the next pass's key. Entries without it (older jstaps) are checked by their SHA-256, as before. The cache is
     * private (CacheTrust), so what is checked for is damage, not forgery.
     */
    static final String CRC = "crc32c";
    static final String LOG = "hash.log";
    static final String DIAG = "diagnostics.txt";
    /** The running total of entry bytes, in {@code ROOT}. */
    static final String SIZE = ".size";
    private static final long DAY_MS = 24L * 3600 * 1000;

    private final Path root;
    private final long limitBytes;
    private String refusal;

    public StageCache(Path root, long limitBytes) {
        this.root = root;
        this.limitBytes = limitBytes;
    }

    /** {@code $JSTAP_CACHE_DIR}, else {@code $XDG_CACHE_HOME/jstap}, else {@code ~/.cache/jstap}. */
    public static StageCache standard(Map<String, String> env) {
        return new StageCache(defaultRoot(env), limit(env));
    }

    public static Path defaultRoot(Map<String, String> env) {
        String dir = env.get(ENV_DIR);
        if (dir != null && !dir.isEmpty()) return Path.of(dir);
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jstap");
    }

    static long limit(Map<String, String> env) {
        try {
            String v = env.get(ENV_LIMIT);
            if (v != null && !v.isBlank()) return Long.parseLong(v.trim()) << 20;
        } catch (NumberFormatException e) {
            // the default below
        }
        return DEFAULT_LIMIT;
    }

    /** Why the last get or put refused an untrusted directory or entry (then cleared), or null. */
    public String takeRefusal() {
        String r = refusal;
        refusal = null;
        return r;
    }

    public Path root() {
        return root;
    }

    /** The directory of one entry; {@code stageDir} is e.g. {@code p4-build}. */
    public Path entryDir(String stageDir, String key) {
        return root.resolve(stageDir).resolve(key.substring(0, 2)).resolve(key);
    }

    /** A verified entry, or empty (missing, truncated or corrupted: the latter two are removed). */
    public Optional<CacheEntry> get(String stageDir, String key, String fileName) {
        Path dir = entryDir(stageDir, key);
        Path art = dir.resolve(fileName);
        if (!Files.exists(art, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        String distrust = CacheTrust.problem(root, art);
        if (distrust == null) distrust = CacheTrust.problem(root, dir.resolve(SHA));
        if (distrust != null) { // StrictModes: not used, not removed (it is not ours to delete)
            refusal = "cache entry not used: " + distrust;
            return Optional.empty();
        }
        Object identity = identity(dir);
        try {
            String want = Files.readString(dir.resolve(SHA), StandardCharsets.US_ASCII).strip();
            byte[] bytes = Files.readAllBytes(art);
            Path crc = dir.resolve(CRC);
            String have = Files.isRegularFile(crc, java.nio.file.LinkOption.NOFOLLOW_LINKS) && CacheTrust.problem(root, crc) == null
                    && Files.readString(crc, StandardCharsets.US_ASCII).strip().equals(crc(bytes))
                    ? want : Hashes.start().add(bytes).hex();
            if (!want.equals(have)) {
                // Corrupt, unless a --poison-cache run swapped the entry while we read it: then it is fine.
                if (identity != null && identity.equals(identity(dir))) evict(dir);
                return Optional.empty();
            }
            Path diag = dir.resolve(DIAG);
            String d = Files.isRegularFile(diag) ? Files.readString(diag, StandardCharsets.UTF_8) : "";
            touch(dir);
            return Optional.of(new CacheEntry(art, bytes, d, have));
        } catch (NoSuchFileException e) {
            if (identity != null && identity.equals(identity(dir))) evict(dir); // half an entry: someone deleted part of it
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Stores an entry. With {@code replace} (poisoned cache) an existing entry is swapped out; otherwise the first
     * writer of a key wins. Returns the artefact's path in the cache. Failures to write only lose the entry.
     */
    public Optional<Path> put(String stageDir, String key, String fileName, byte[] bytes, String hashLog,
                              String diagnostics, boolean replace) {
        Path dir = entryDir(stageDir, key);
        Path tmp = root.resolve(".tmp").resolve(key + "-" + UUID.randomUUID());
        try {
            if (!Files.exists(root)) {
                Files.createDirectories(root);
                CacheTrust.makePrivate(root, true);
            }
            String distrust = CacheTrust.problem(root);
            if (distrust != null) {
                refusal = "cache not written: " + distrust;
                return Optional.empty();
            }
            Files.createDirectories(tmp);
            Files.write(tmp.resolve(fileName), bytes);
            Files.writeString(tmp.resolve(LOG), hashLog, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(DIAG), diagnostics == null ? "" : diagnostics, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(SHA), Hashes.start().add(bytes).hex() + "\n", StandardCharsets.US_ASCII);
            Files.writeString(tmp.resolve(CRC), crc(bytes) + "\n", StandardCharsets.US_ASCII);
            for (String f : new String[] {fileName, LOG, DIAG, SHA, CRC}) CacheTrust.makePrivate(tmp.resolve(f), false);
            CacheTrust.makePrivate(tmp, true);
            Files.createDirectories(dir.getParent());
            CacheTrust.makePrivate(dir.getParent(), true);
            CacheTrust.makePrivate(dir.getParent().getParent(), true);
            if (replace && Files.exists(dir)) evict(dir);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                deleteTree(tmp); // a concurrent run stored the same key first
            }
            cleanIfOver(treeSize(dir));
            return Optional.of(dir.resolve(fileName));
        } catch (IOException | UncheckedIOException e) {
            deleteTree(tmp);
            return Optional.empty();
        }
    }

    /** {@link #CRC}'s content: {@code crc32c:HEX length:N}. */
    static String crc(byte[] bytes) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(bytes, 0, bytes.length);
        return "crc32c:" + Long.toHexString(c.getValue()) + " length:" + bytes.length;
    }

    /** {@code --clean-cache}: removes every stage entry (not the BTF or autoconf caches beside them). */
    public int wipe() {
        int n = 0;
        for (Path entry : entries()) {
            evict(entry);
            n++;
        }
        deleteTree(root.resolve(".tmp"));
        try {
            Files.deleteIfExists(root.resolve(SIZE));
        } catch (IOException e) {
            // a stale total only makes the next put walk the cache
        }
        return n;
    }

    /** Total bytes of all entries. */
    public long size() {
        long total = 0;
        for (Path e : entries()) total += treeSize(e);
        return total;
    }

    /**
     * After a put of about {@code added} bytes: {@link #clean} when the running total kept in {@code ROOT/.size}
     * says the cache may be over its limit (or there is no total yet, or it is a day old). Walking the whole cache
     * on every put cost about 200 ms once it held some thousand files. Concurrent runs may lose an addition; the
     * walk that follows a crossing of the limit counts again.
     */
    void cleanIfOver(long added) {
        Path total = root.resolve(SIZE);
        long known = -1;
        try {
            if (Files.isRegularFile(total) && Files.getLastModifiedTime(total).toMillis() > System.currentTimeMillis() - DAY_MS) {
                known = Long.parseLong(Files.readString(total, StandardCharsets.US_ASCII).strip());
            }
        } catch (IOException | NumberFormatException e) {
            known = -1;
        }
        if (known >= 0 && known + added <= limitBytes) {
            writeTotal(known + added);
            return;
        }
        writeTotal(clean());
    }

    private void writeTotal(long bytes) {
        try {
            Path tmp = root.resolve(".tmp").resolve(SIZE + "-" + UUID.randomUUID());
            Files.createDirectories(tmp.getParent());
            Files.writeString(tmp, bytes + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, root.resolve(SIZE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the next put walks the cache
        }
    }

    /**
     * Removes least recently used entries until the cache is under 90% of its limit (if it is over it). Returns the
     * bytes left.
     */
    public long clean() {
        List<Path> all = entries();
        List<long[]> info = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < all.size(); i++) {
            long s = treeSize(all.get(i));
            total += s;
            info.add(new long[] {i, s, mtime(all.get(i))});
        }
        if (total <= limitBytes) return total;
        info.sort(Comparator.comparingLong(x -> x[2]));
        long target = limitBytes / 10 * 9;
        for (long[] x : info) {
            if (total <= target) break;
            evict(all.get((int) x[0]));
            total -= x[1];
        }
        return total;
    }

    /** Every entry directory: {@code ROOT/pN-*}{@code /KK/KEY}. */
    List<Path> entries() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> stages = Files.list(root)) {
            for (Path s : stages.filter(p -> p.getFileName().toString().matches("p[1-9]-.+")).toList()) {
                try (Stream<Path> fans = Files.list(s)) {
                    for (Path f : fans.toList()) {
                        if (!Files.isDirectory(f)) continue;
                        try (Stream<Path> keys = Files.list(f)) {
                            keys.filter(Files::isDirectory).forEach(out::add);
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a concurrent clean removed something: what we have is enough
        }
        return out;
    }

    /** The directory's inode (or null): tells an entry from the one that replaced it. */
    private static Object identity(Path dir) {
        try {
            return Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // LRU order is advisory
        }
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Renames the entry aside first, so readers never see it half deleted. */
    private void evict(Path dir) {
        Path trash = root.resolve(".tmp").resolve("evicted-" + UUID.randomUUID());
        try {
            Files.createDirectories(trash.getParent());
            Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(trash);
        } catch (IOException e) {
            deleteTree(dir);
        }
    }

    private static long treeSize(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
