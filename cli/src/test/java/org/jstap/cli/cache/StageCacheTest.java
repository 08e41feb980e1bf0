package org.jstap.cli.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jstap.api.artefact.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCacheTest {
    @TempDir Path root;

    private static String key(String s) {
        return Hashes.sha256(s);
    }

    @Test
    void storesAndFindsAnEntryWithItsLogAndDiagnostics() throws Exception {
        StageCache c = new StageCache(root, 1 << 20);
        String k = key("a");
        assertTrue(c.get("p3-translate-kmod", k, "module-src.tar").isEmpty());
        Optional<Path> p = c.put("p3-translate-kmod", k, "module-src.tar", bytes("C code"), "stage: 3\n", "warning: x\n", false);
        assertTrue(p.isPresent());
        CacheEntry e = c.get("p3-translate-kmod", k, "module-src.tar").orElseThrow();
        assertArrayEquals(bytes("C code"), e.bytes());
        assertEquals("warning: x\n", e.diagnostics());
        assertEquals(p.get(), e.artefact());
        assertEquals("stage: 3\n", Files.readString(e.artefact().resolveSibling("hash.log")));
        assertEquals(List.of(), listing(root.resolve(".tmp")), "no temporary files left behind");
    }

    @Test
    void aCorruptedEntryIsDetectedAndRemovedNeverLoaded() throws Exception {
        StageCache c = new StageCache(root, 1 << 20);
        String k = key("b");
        Path art = c.put("p4-build-kmod", k, "module.tar", bytes("the module bytes"), "", "", false).orElseThrow();
        Files.write(art, bytes("the module bytez")); // same size, one byte flipped
        assertTrue(c.get("p4-build-kmod", k, "module.tar").isEmpty());
        assertFalse(Files.exists(art.getParent()), "the bad entry is evicted");

        Path art2 = c.put("p4-build-kmod", k, "module.tar", bytes("the module bytes"), "", "", false).orElseThrow();
        Files.write(art2, bytes("the mod")); // truncated
        assertTrue(c.get("p4-build-kmod", k, "module.tar").isEmpty());

        Path art3 = c.put("p4-build-kmod", k, "module.tar", bytes("the module bytes"), "", "", false).orElseThrow();
        Files.delete(art3.resolveSibling("sha256")); // half an entry
        assertTrue(c.get("p4-build-kmod", k, "module.tar").isEmpty());
        assertFalse(Files.exists(art3.getParent()));
    }

    @Test
    void firstWriterWinsUnlessPoisoned() {
        StageCache c = new StageCache(root, 1 << 20);
        String k = key("c");
        c.put("p1-parse", k, "ast.json", bytes("one"), "", "", false);
        c.put("p1-parse", k, "ast.json", bytes("two"), "", "", false);
        assertArrayEquals(bytes("one"), c.get("p1-parse", k, "ast.json").orElseThrow().bytes());
        c.put("p1-parse", k, "ast.json", bytes("three"), "", "", true);
        assertArrayEquals(bytes("three"), c.get("p1-parse", k, "ast.json").orElseThrow().bytes());
    }

    @Test
    void concurrentWritersAndReadersNeverSeeAMixedEntry() throws Exception {
        StageCache c = new StageCache(root, 64L << 20);
        String k = key("d");
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i < 8; i++) versions.add(bytes(("version " + i + " ").repeat(20_000)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 8; i++) {
                    byte[] mine = versions.get(i);
                    boolean poison = i % 2 == 0; // replacing writers race the first-writer-wins ones
                    fs.add(pool.submit(() -> c.put("p2-elaborate", k, "ir.json", mine, "log", "", poison)));
                    fs.add(pool.submit(() -> {
                        Optional<CacheEntry> e = c.get("p2-elaborate", k, "ir.json");
                        if (e.isPresent()) {
                            byte[] got = e.get().bytes();
                            assertTrue(versions.stream().anyMatch(v -> java.util.Arrays.equals(v, got)), "a torn read");
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        byte[] end = c.get("p2-elaborate", k, "ir.json").orElseThrow().bytes();
        assertTrue(versions.stream().anyMatch(v -> java.util.Arrays.equals(v, end)));
        assertEquals(1, c.entries().size());
    }

    @Test
    void leastRecentlyUsedEntriesGoFirstWhenOverTheLimit() throws Exception {
        StageCache c = new StageCache(root, 10_000); // about three 3000-byte entries
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String k = key("e" + i);
            keys.add(k);
            c.put("p4-build-kmod", k, "module.tar", new byte[3000], "", "", false);
            Files.setLastModifiedTime(c.entryDir("p4-build-kmod", k), FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        assertTrue(c.get("p4-build-kmod", keys.get(0), "module.tar").isPresent()); // a hit makes the oldest the newest
        c.put("p4-build-kmod", key("e3"), "module.tar", new byte[3000], "", "", false);
        assertTrue(c.size() <= 10_000, "size " + c.size());
        assertTrue(c.get("p4-build-kmod", keys.get(0), "module.tar").isPresent(), "recently used: kept");
        assertTrue(c.get("p4-build-kmod", keys.get(1), "module.tar").isEmpty(), "least recently used: cleaned");
        assertTrue(c.get("p4-build-kmod", key("e3"), "module.tar").isPresent(), "the new entry: kept");
    }

    @Test
    void theRunningTotalSparesTheWalkUntilTheLimitIsCrossed() throws Exception {
        StageCache c = new StageCache(root, 10_000);
        c.put("p4-build-kmod", key("t1"), "module.tar", new byte[3000], "", "", false);
        long first = Long.parseLong(Files.readString(root.resolve(StageCache.SIZE)).strip());
        assertTrue(first >= 3000, "total " + first);
        c.put("p4-build-kmod", key("t2"), "module.tar", new byte[3000], "", "", false);
        long second = Long.parseLong(Files.readString(root.resolve(StageCache.SIZE)).strip());
        assertEquals(2 * first, second); // the second entry (same size) added, not walked
        for (int i = 3; i < 6; i++) c.put("p4-build-kmod", key("t" + i), "module.tar", new byte[3000], "", "", false);
        assertTrue(c.size() <= 10_000, "size " + c.size()); // crossing the limit walked and cleaned
        assertEquals(c.size(), Long.parseLong(Files.readString(root.resolve(StageCache.SIZE)).strip()));
    }

    @Test
    void wipeRemovesStageEntriesOnly() throws Exception {
        StageCache c = new StageCache(root, 1 << 20);
        c.put("p1-parse", key("f"), "ast.json", bytes("{}"), "", "", false);
        c.put("p4-build-kmod", key("g"), "module.tar", bytes("x"), "", "", false);
        Files.createDirectories(root.resolve("btf"));
        Files.writeString(root.resolve("btf/keep"), "other caches live here too");
        assertEquals(2, c.wipe());
        assertEquals(0, c.entries().size());
        assertTrue(Files.exists(root.resolve("btf/keep")));
    }

    @Test
    void rootFromTheEnvironment() {
        assertEquals(Path.of("/x/c"), StageCache.defaultRoot(java.util.Map.of(StageCache.ENV_DIR, "/x/c")));
        assertEquals(Path.of("/x/xdg/jstap"), StageCache.defaultRoot(java.util.Map.of("XDG_CACHE_HOME", "/x/xdg")));
        assertEquals(3L << 20, StageCache.limit(java.util.Map.of(StageCache.ENV_LIMIT, "3")));
        assertEquals(StageCache.DEFAULT_LIMIT, StageCache.limit(java.util.Map.of()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Path> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** Issue 11 item 3: a fresh cache is private (0700/0600); an entry others can write is not used (StrictModes). */
    @Test
    void theCacheIsPrivateAndAnOpenEntryIsRefused() throws Exception {
        Path fresh = root.resolve("fresh-cache");
        StageCache c = new StageCache(fresh, 1 << 20);
        String key = Hashes.start().add("trust").hex();
        Path art = c.put("p4-build", key, "module.tar", "ko".getBytes(StandardCharsets.UTF_8), "log", "", false).orElseThrow();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(art)));
        assertTrue(c.get("p4-build", key, "module.tar").isPresent());
        // someone else could have rewritten the artefact and its hash together: not trusted, whatever the hash says
        Files.setPosixFilePermissions(art.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxr-x"));
        assertFalse(c.get("p4-build", key, "module.tar").isPresent());
        String why = c.takeRefusal();
        assertTrue(why != null && why.contains("writable by its group"), String.valueOf(why));
        Files.setPosixFilePermissions(art.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(fresh, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertFalse(c.get("p4-build", key, "module.tar").isPresent(), "a world-writable root");
        assertTrue(c.takeRefusal().contains("writable by others"));
        assertFalse(c.put("p4-build", Hashes.start().add("x").hex(), "module.tar", new byte[1], "", "", false).isPresent());
    }
}
