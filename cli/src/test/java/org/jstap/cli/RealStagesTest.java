package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jstap.api.Pass;
import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command over the stages really on the class path. Stages arrive one by one; each test runs once its
 * pass is contributed and is skipped before.
 */
class RealStagesTest {
    private static Registry registry;

    @BeforeAll
    static void discover() {
        registry = Registry.discover(RealStagesTest.class.getClassLoader());
    }

    private static void assumePass(Pass p) {
        assumeTrue(registry.stage(p, "kmod").isPresent(), "no stage for pass " + p.number + " on the class path yet");
    }

    @Test
    void bannerReflectsTheClassPath() {
        CliRun r = CliRun.run(registry, "-V");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("jstap translator/driver (version "), r.out());
    }

    @Test
    void parsesAGoodScript() {
        assumePass(Pass.PARSE);
        CliRun r = CliRun.run(registry, "-p1", "-e", "probe begin { printf(\"hello %d\\n\", 42); exit() }");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("probe begin"), r.out());
        assertTrue(r.out().contains("hello"), r.out());
    }

    @Test
    void aBadScriptFailsPass1WithACode() {
        assumePass(Pass.PARSE);
        CliRun r = CliRun.run(registry, "--raw-diagnostics", "-p1", "-e", "probe begin { x = ; }");
        assertEquals(1, r.status());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals("Pass 1: parse failed.", lines.get(lines.size() - 1), r.err());
        assertTrue(lines.get(0).matches("<input>:1:\\d+: error: (parse|preproc)\\.[a-z.]+"), lines.get(0));

        CliRun text = CliRun.run(registry, "-p1", "-e", "probe begin { x = ; }");
        assertTrue(text.err().contains(" 1 | probe begin { x = ; }"), "the source line is shown: " + text.err());
        assertFalse(text.err().contains("\tat "), text.err());
    }

    @Test
    void theExamplesParse() throws Exception {
        assumePass(Pass.PARSE);
        Path examples = Path.of("..", "examples");
        assumeTrue(Files.isDirectory(examples));
        try (var files = Files.list(examples)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".stp")).sorted().toList()) {
                CliRun r = CliRun.run(registry, "", Map.of(), "-p1", f.toString());
                assertEquals(0, r.status(), f + ": " + r.err());
            }
        }
    }

    @Test
    void verbosePass1Line() {
        assumePass(Pass.PARSE);
        CliRun r = CliRun.run(registry, "-vp1", "--disable-cache", "-e", "probe begin {}");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("Pass 1: parsed user script and \\d+ library scripts? using "
                + "\\d+virt/\\d+res/\\d+shr/\\d+data kb, in \\d+usr/\\d+sys/\\d+real ms\\.")), r.err());
    }

    /** Issue 11 item 12: Jackson's default nesting limit of 1000 made a deep expression an internal error with the cache on. */
    @Test
    void aTenThousandTermChainGoesThroughTheCache(@org.junit.jupiter.api.io.TempDir Path cache) {
        assumePass(Pass.ELABORATE);
        // on the test's own small stack: jstap gives its passes their stack itself, not bin/jstap's -Xss
        chainThroughCache(cache);
    }

    private static void chainThroughCache(Path cache) {
        String script = "probe begin { x = " + String.join("+", java.util.Collections.nCopies(10_000, "1"))
                + "; println(x); exit() }";
        for (int run = 0; run < 2; run++) { // the first stores, the second reads the entries back
            CliRun r = CliRun.run(registry, "", Map.of("JSTAP_CACHE_DIR", cache.toString()), "-p2", "-e", script);
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("x:long"), r.out());
        }
    }
}
