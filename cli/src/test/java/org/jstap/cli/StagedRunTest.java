package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jstap.api.Pass;
import org.jstap.api.spi.Registry;
import org.jstap.cli.cache.StageCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache, {@code --emit} and {@code --from} through the command, over the real passes 1-3 (pass 4 needs kbuild
 * and seconds per run: bench/cache.sh covers it).
 */
class StagedRunTest {
    static final String SCRIPT = "global n\nprobe begin { n = 2; printf(\"hello %d\\n\", n); exit() }\n";
    private static Registry registry;

    @TempDir Path tmp;

    @BeforeAll
    static void discover() {
        registry = Registry.discover(StagedRunTest.class.getClassLoader());
    }

    private static void assumePasses123() {
        for (Pass p : List.of(Pass.PARSE, Pass.ELABORATE, Pass.TRANSLATE)) {
            assumeTrue(registry.stage(p, "kmod").isPresent(), "no stage for pass " + p.number);
        }
    }

    private Map<String, String> env() {
        return Map.of(StageCache.ENV_DIR, tmp.resolve("cache").toString());
    }

    private CliRun jstap(String... args) {
        return CliRun.run(registry, "", env(), args);
    }

    private static List<String> cachedPasses(CliRun r) {
        return r.err().lines().filter(l -> l.matches("Pass \\d: using cached .*")).map(l -> l.substring(5, 6)).toList();
    }

    @Test
    void anUnchangedScriptIsServedFromTheCacheAndADefineRebuildsFromPass3() {
        assumePasses123();
        CliRun cold = jstap("-v", "-p3", "-e", SCRIPT);
        assertEquals(0, cold.status(), cold.err());
        assertEquals(List.of(), cachedPasses(cold));

        CliRun hot = jstap("-v", "-p3", "-e", SCRIPT);
        assertEquals(0, hot.status(), hot.err());
        assertEquals(List.of("1", "2", "3"), cachedPasses(hot));
        assertEquals(cold.out(), hot.out(), "a cache hit prints the same C");
        assertTrue(hot.err().contains(tmp.resolve("cache").resolve("p3-translate-kmod").toString()), hot.err());

        CliRun defined = jstap("-v", "-p3", "-DMAXACTION=77", "-e", SCRIPT);
        assertEquals(0, defined.status(), defined.err());
        assertEquals(List.of("1", "2"), cachedPasses(defined), "-D rebuilds from pass 3");

        CliRun args = jstap("-v", "-p3", "-e", SCRIPT, "7");
        assertEquals(List.of(), cachedPasses(args), "script arguments reach pass 1");
    }

    @Test
    void disablePoisonAndCleanCache() throws Exception {
        assumePasses123();
        assertEquals(0, jstap("-p2", "--disable-cache", "-e", SCRIPT).status());
        assertFalse(Files.exists(tmp.resolve("cache/p1-parse")), "--disable-cache writes nothing");

        assertEquals(0, jstap("-p2", "-e", SCRIPT).status());
        Path ir = only(tmp.resolve("cache/p2-elaborate"), "ir.json");
        long before = Files.getLastModifiedTime(ir.getParent()).toMillis();
        Thread.sleep(20);
        CliRun poisoned = jstap("-v", "-p2", "--poison-cache", "-e", SCRIPT);
        assertEquals(List.of(), cachedPasses(poisoned), "--poison-cache rebuilds everything");
        Path again = only(tmp.resolve("cache/p2-elaborate"), "ir.json");
        assertTrue(Files.getLastModifiedTime(again.getParent()).toMillis() > before, "and overwrites the entry");

        CliRun clean = jstap("--clean-cache");
        assertEquals(0, clean.status(), clean.err());
        assertFalse(Files.exists(again));
        assertEquals(List.of(), cachedPasses(jstap("-v", "-p2", "-e", SCRIPT)));
    }

    @Test
    void concurrentRunsOfOneScriptShareTheCacheSafely() throws Exception {
        assumePasses123();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<CliRun>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) runs.add(pool.submit(() -> jstap("-p3", "-e", SCRIPT)));
            String first = null;
            for (var f : runs) {
                CliRun r = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(0, r.status(), r.err());
                if (first == null) first = r.out();
                assertEquals(first, r.out());
            }
        } finally {
            pool.shutdownNow();
        }
        for (String stage : List.of("p1-parse", "p2-elaborate", "p3-translate-kmod")) {
            try (Stream<Path> s = Files.walk(tmp.resolve("cache").resolve(stage))) {
                assertEquals(1, s.filter(p -> p.getFileName().toString().equals("sha256")).count(), stage);
            }
        }
        assertEquals(List.of("1", "2", "3"), cachedPasses(jstap("-v", "-p3", "-e", SCRIPT)));
    }

    @Test
    void aCorruptedEntryIsRebuiltNotLoaded() throws Exception {
        assumePasses123();
        CliRun first = jstap("-p3", "-e", SCRIPT);
        assertEquals(0, first.status(), first.err());
        Path src = only(tmp.resolve("cache/p3-translate-kmod"), "module-src.tar");
        byte[] b = Files.readAllBytes(src);
        b[b.length / 2] ^= 0x20;
        Files.write(src, b);
        CliRun r = jstap("-v", "-p3", "-e", SCRIPT);
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("1", "2"), cachedPasses(r));
        assertEquals(first.out(), r.out());
        assertEquals(List.of("1", "2", "3"), cachedPasses(jstap("-v", "-p3", "-e", SCRIPT)), "and stored again");
    }

    @Test
    void emitThenStartFromEachArtefact() throws Exception {
        assumePasses123();
        Path dir = tmp.resolve("out");
        CliRun all = jstap("-p3", "--disable-cache", "--emit=" + dir, "-e", SCRIPT);
        assertEquals(0, all.status(), all.err());
        for (String f : List.of("ast.json", "ir.json", "module-src.tar")) assertTrue(Files.isRegularFile(dir.resolve(f)), f);

        CliRun p2 = jstap("-p2", "-e", SCRIPT);
        CliRun fromAst = jstap("--from=" + dir.resolve("ast.json"), "-p2");
        assertEquals(0, fromAst.status(), fromAst.err());
        assertEquals(p2.out(), fromAst.out(), "ast.json -> pass 2 is the script's pass 2");

        CliRun fromIr = jstap("--from=" + dir.resolve("ir.json"), "-p3");
        assertEquals(0, fromIr.status(), fromIr.err());
        assertEquals(all.out(), fromIr.out());

        CliRun showSrc = jstap("--from=" + dir.resolve("module-src.tar"), "-p3");
        assertEquals(0, showSrc.status(), showSrc.err());
        assertEquals(all.out(), showSrc.out(), "-p equal to the artefact's pass prints it");

        CliRun withScript = jstap("--from=" + dir.resolve("ir.json"), "-p3", "-e", SCRIPT);
        assertEquals(1, withScript.status());
        assertTrue(withScript.err().contains("--from cannot be combined with -e"), withScript.err());

        CliRun tooEarly = jstap("--from=" + dir.resolve("ir.json"), "-p1");
        assertEquals(1, tooEarly.status());
        assertTrue(tooEarly.err().contains("holds the output of pass 2"), tooEarly.err());

        // the emitted files are byte-for-byte what a second emit writes: reproducible artefacts
        Path dir2 = tmp.resolve("out2");
        assertEquals(0, jstap("-p3", "--emit=" + dir2, "-e", SCRIPT).status());
        for (String f : List.of("ast.json", "ir.json", "module-src.tar")) {
            assertEquals(-1L, Files.mismatch(dir.resolve(f), dir2.resolve(f)), f);
        }
    }

    @Test
    void badArtefactsAreRejectedWithACode() throws Exception {
        assumePasses123();
        Path dir = tmp.resolve("out");
        assertEquals(0, jstap("-p3", "--emit=" + dir, "-e", SCRIPT).status());
        String ir = Files.readString(dir.resolve("ir.json"));

        Path newer = tmp.resolve("newer.json");
        Files.writeString(newer, ir.replaceFirst("\"formatVersion\":1", "\"formatVersion\":99"));
        assertRejected(newer, "format version 99");

        Path noProducer = tmp.resolve("noproducer.json");
        Files.writeString(noProducer, ir.replaceFirst("\"producer\":\"[^\"]*\"", "\"producer\":\"\""));
        assertRejected(noProducer, "producing stage");

        Path badHash = tmp.resolve("badhash.json");
        Files.writeString(badHash, ir.replaceFirst("\"inputHash\":\"[^\"]*\"", "\"inputHash\":\"not-a-hash\""));
        assertRejected(badHash, "input hash");

        Path truncated = tmp.resolve("truncated.json");
        Files.writeString(truncated, ir.substring(0, ir.length() / 2));
        assertRejected(truncated, "");

        Path unknown = tmp.resolve("unknown.json");
        Files.writeString(unknown, "{\"header\":{\"kind\":\"bytecode\"}}");
        assertRejected(unknown, "unknown artefact kind 'bytecode'");

        Path tar = tmp.resolve("cut.tar");
        byte[] src = Files.readAllBytes(dir.resolve("module-src.tar"));
        try (OutputStream o = Files.newOutputStream(tar)) {
            o.write(src, 0, 2048 + 100);
        }
        assertRejected(tar, "");

        assertRejected(tmp.resolve("missing.json"), "no such file");
    }

    private void assertRejected(Path file, String why) {
        CliRun r = jstap("--raw-diagnostics", "--from=" + file, "-p3");
        assertEquals(1, r.status(), file + ": " + r.out() + r.err());
        assertTrue(r.err().contains("artefact.invalid"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        CliRun text = jstap("--from=" + file, "-p3");
        assertTrue(text.err().contains(why), "'" + why + "' in " + text.err());
    }

    @Test
    void aPluginStageOutsideOrgJstapReplacesTheBuiltInOne() {
        Registry r = TestRegistries.of(org.jstap.cli.fakes.Modules.FrontEnd.class,
                com.example.replacement.LoudParse.Module.class);
        assertEquals(com.example.replacement.LoudParse.class, r.stage(Pass.PARSE, "kmod").orElseThrow().getClass());
        CliRun run = CliRun.run(r, "", env(), "-p1", "-e", "probe begin {}");
        assertEquals(0, run.status(), run.err());
        assertEquals("PROBE BEGIN {}\n", run.out());
    }

    @Test
    void pluginPathLoadsTheGraphvizBackend() throws Exception {
        assumePasses123();
        Path jarDir = Path.of("..", "backends", "graphviz", "target");
        assumeTrue(Files.isDirectory(jarDir) && jars(jarDir) > 0, "backend-graphviz not built");
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        try (Stream<Path> s = Files.list(jarDir)) {
            for (Path j : s.filter(p -> p.getFileName().toString().matches("backend-graphviz-[^-]+(-SNAPSHOT)?\\.jar")).toList()) {
                Files.copy(j, plugins.resolve(j.getFileName()));
            }
        }
        String[] args = {"--plugin-path=" + plugins, "--runtime=graphviz", "--from=" + tmp.resolve("out/ir.json")};
        assertEquals(0, jstap("-p2", "--emit=" + tmp.resolve("out"), "-e", SCRIPT).status());
        Registry withPlugin = Registry.discover(PluginLoader.loaderFor(args, Map.of(), getClass().getClassLoader()));
        assertTrue(withPlugin.backend("graphviz").isPresent());
        CliRun r = CliRun.run(withPlugin, "", env(), args);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("digraph jstap {"), r.out());
        assertTrue(r.out().contains("\"probe:probe_0\" -> \"global:n\" [label=\"writes\""), r.out());
        assertTrue(r.out().contains("-> \"builtin:printf\""), r.out());

        assertEquals(registry.backends().size(), Registry.discover(
                PluginLoader.loaderFor(new String[] {"-p1"}, Map.of(), getClass().getClassLoader())).backends().size());
    }

    /** A backend that does not execute probes (graphviz) takes a kernel probe straight from the script. */
    @Test
    void graphvizRuntimeTakesAKernelProbeStraightFromTheScript() throws Exception {
        assumeTrue(registry.stage(Pass.PARSE, "kmod").isPresent() && registry.stage(Pass.ELABORATE, "kmod").isPresent());
        Path jarDir = Path.of("..", "backends", "graphviz", "target");
        assumeTrue(Files.isDirectory(jarDir) && jars(jarDir) > 0, "backend-graphviz not built");
        Path plugins = Files.createDirectories(tmp.resolve("gv-plugins"));
        try (Stream<Path> s = Files.list(jarDir)) {
            for (Path j : s.filter(p -> p.getFileName().toString().matches("backend-graphviz-[^-]+(-SNAPSHOT)?\\.jar")).toList()) {
                Files.copy(j, plugins.resolve(j.getFileName()));
            }
        }
        String[] args = {"--plugin-path=" + plugins, "--runtime=graphviz", "-p3", "-e",
            "global n\nprobe kernel.function(\"vfs_read\") { n++ }\nprobe end { printf(\"%d\\n\", n) }\n"};
        Registry withPlugin = Registry.discover(PluginLoader.loaderFor(args, Map.of(), getClass().getClassLoader()));
        CliRun r = CliRun.run(withPlugin, "", env(), args);
        assumeTrue(!r.err().contains("sem.no.kernel") && !r.err().contains("BTF"), "no kernel debug info here: " + r.err());
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("sem.backend.unsupported"), r.err());
        assertTrue(r.out().contains("label=\"probe kernel.function(\\\"vfs_read\\\")\""), r.out());
        assertTrue(r.out().contains("\"probe:probe_0\" -> \"global:n\" [label=\"writes\""), r.out());
    }

    private static long jars(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).count();
        }
    }

    private static Path only(Path stageDir, String file) throws Exception {
        try (Stream<Path> s = Files.walk(stageDir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().equals(file)).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }
}
