package org.jstap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pike VM of jst_regex.c in user space (gcc, the user shim): src/test/c/test_regex.c checks itself and its
 * output must equal golden/test_regex.out; a second build with AddressSanitizer and UBSan must pass the same
 * checks (no out-of-bounds access in the thread lists, stack or slots). Regenerate the golden file with
 * {@code -Djstap.updateGolden=true}.
 */
class RegexUserSpaceTest {
    private static final Path TEST_C = Path.of("src/test/c");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/test_regex.out");

    @TempDir
    Path work;

    private Procs.Result build(String bin, List<String> extra) throws Exception {
        RuntimeFiles.copyTo(work.resolve("runtime"), RuntimeFiles.all());
        List<String> cc = new java.util.ArrayList<>(List.of("gcc", "-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
                "-Wno-unused-parameter"));
        cc.addAll(extra);
        cc.addAll(List.of("-I", work.resolve("runtime").toString(), "-I", TEST_C.toAbsolutePath().toString(), "-o",
                work.resolve(bin).toString(), TEST_C.resolve("test_regex.c").toAbsolutePath().toString()));
        return Procs.run(work, 120, cc);
    }

    @Test
    void pikeVmMatchesGolden() throws Exception {
        assumeTrue(Procs.onPath("gcc"), "gcc is not installed: skipping the user-space runtime tests");
        Procs.Result b = build("test_regex", List.of());
        assertEquals(0, b.exit(), "gcc failed:\n" + b.out());
        Procs.Result run = Procs.run(work, 60, List.of(work.resolve("test_regex").toString()));
        assertTrue(run.out().endsWith("ALL CHECKS PASSED\n"), "C checks failed:\n" + run.out());
        if (Boolean.getBoolean("jstap.updateGolden") || !Files.exists(GOLDEN)) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, run.out());
        }
        assertEquals(Files.readString(GOLDEN), run.out(), "output differs from " + GOLDEN);
    }

    @Test
    void pikeVmIsCleanUnderSanitizers() throws Exception {
        assumeTrue(Procs.onPath("gcc"), "gcc is not installed: skipping the user-space runtime tests");
        Procs.Result b = build("test_regex_asan", List.of("-fsanitize=address,undefined", "-fno-sanitize-recover=all"));
        assumeTrue(b.exit() == 0, "gcc cannot build with -fsanitize=address,undefined here:\n" + b.out());
        Procs.Result run = Procs.run(work, 120, List.of(work.resolve("test_regex_asan").toString()));
        assertTrue(run.out().endsWith("ALL CHECKS PASSED\n"), "checks or sanitizers failed:\n" + run.out());
        assertEquals(0, run.exit());
    }
}
