package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Optional: where SystemTap is installed, its pass-1 verdict on parse/ok and parse/ko must match ours, except
 * where a script records a deliberate difference ({@code // ORACLE: stap-accepts|stap-rejects|stap-skip why}).
 * Needs {@code /usr/bin/stap} and a kernel build directory under /lib/modules (stap -p1 reads its .config for
 * CONFIG_* conditionals); skipped elsewhere or with {@code -Djstap.oracle=false}. Two stap processes at a time
 * (about 0.3-0.7 s each, so a few minutes for both corpora).
 */
class StapOracleTest {
    static final Path STAP = Path.of("/usr/bin/stap");
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "stap-oracle");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void shutdown() {
        POOL.shutdownNow();
    }

    @TestFactory
    Stream<DynamicTest> stapAgreesOnParseVerdicts() {
        assumeTrue(!"false".equals(System.getProperty("jstap.oracle")), "-Djstap.oracle=false: oracle skipped");
        assumeTrue(Files.isExecutable(STAP), "stap is not installed: oracle skipped");
        Optional<String> release = kernelWithBuildDir();
        assumeTrue(release.isPresent(), "no /lib/modules/*/build/.config: stap -p1 cannot run here, oracle skipped");
        List<DynamicTest> tests = new ArrayList<>();
        for (String folder : List.of("parse/ok", "parse/ko")) {
            boolean ok = folder.endsWith("ok");
            for (Path p : Corpus.files(folder)) {
                CorpusScript s = CorpusScript.load(p);
                if (s.stapSkipped()) {
                    tests.add(DynamicTest.dynamicTest(folder + "/" + p.getFileName(), () -> assumeTrue(false,
                            "not run through stap: " + s.oracleNote())));
                    continue;
                }
                Future<Verdict> v = POOL.submit(() -> stap(release.get(), s));
                tests.add(DynamicTest.dynamicTest(folder + "/" + p.getFileName(), () -> {
                    Verdict got = v.get(60, TimeUnit.SECONDS);
                    boolean want = s.stapShouldAccept(ok);
                    assertEquals(want, got.accepted(), () -> s.displayName() + ": stap -p1 "
                            + (got.accepted() ? "accepts" : "rejects") + " it, expected the opposite"
                            + (s.oracleNote() != null ? " (ORACLE note: " + s.oracleNote() + ")" : "")
                            + "\nstap said:\n" + got.stderr());
                }));
            }
        }
        return tests.stream();
    }

    record Verdict(boolean accepted, String stderr) {}

    private static Verdict stap(String release, CorpusScript s) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(STAP.toString(), "-r", release, "-p1"));
        cmd.addAll(s.header().stapFlags());
        cmd.add(s.path().toString());
        cmd.addAll(s.header().scriptArgs());
        Path err = Files.createTempFile("stap-oracle", ".err");
        try {
            Process proc = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start();
            if (!proc.waitFor(30, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                return new Verdict(false, "timed out after 30 s");
            }
            return new Verdict(proc.exitValue() == 0, Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The newest kernel release whose build directory has a .config, found at run time. */
    static Optional<String> kernelWithBuildDir() {
        Path modules = Path.of("/lib/modules");
        if (!Files.isDirectory(modules)) return Optional.empty();
        try (Stream<Path> s = Files.list(modules)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("build/.config")))
                    .map(d -> d.getFileName().toString())
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
