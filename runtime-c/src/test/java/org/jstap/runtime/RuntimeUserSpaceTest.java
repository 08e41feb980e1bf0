package org.jstap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compiles the runtime with the user-space shim and gcc, runs the C tests in src/test/c and
 * compares their output with golden files (src/test/resources/golden/NAME.out). The C tests
 * also check themselves (CHECK macros, "ALL CHECKS PASSED"). Regenerate goldens with
 * {@code -Djstap.updateGolden=true}.
 */
class RuntimeUserSpaceTest {
    private static final Path TEST_C = Path.of("src/test/c");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static Path work;

    @BeforeAll
    static void copyRuntime() throws IOException {
        work = Files.createTempDirectory("jstap-runtime-user");
        // the files as shipped in the jar, not the source tree: also checks RuntimeFiles
        RuntimeFiles.copyTo(work.resolve("runtime"), RuntimeFiles.all());
    }

    @AfterAll
    static void cleanup() throws IOException {
        Procs.deleteTree(work);
    }

    @ParameterizedTest
    @ValueSource(strings = {"test_printf", "test_string", "test_stat", "test_map", "test_context", "test_memory", "test_fp"})
    void cTestMatchesGolden(String name) throws Exception {
        assumeTrue(Procs.onPath("gcc"), "gcc is not installed: skipping the user-space runtime tests");
        Path bin = work.resolve(name);
        List<String> cc = new ArrayList<>(List.of("gcc", "-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
                "-Wno-unused-parameter", "-I", work.resolve("runtime").toString(), "-I", TEST_C.toAbsolutePath().toString(),
                "-o", bin.toString(), TEST_C.resolve(name + ".c").toAbsolutePath().toString(), "-lm"));
        Procs.Result build = Procs.run(work, 120, cc);
        assertEquals(0, build.exit(), "gcc failed:\n" + build.out());

        Procs.Result run = Procs.run(work, 60, List.of(bin.toString()));
        assertTrue(run.out().endsWith("ALL CHECKS PASSED\n"), "C checks failed:\n" + run.out());
        assertEquals(0, run.exit());

        Path golden = GOLDEN.resolve(name + ".out");
        if (Boolean.getBoolean("jstap.updateGolden") || !Files.exists(golden)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, run.out());
        }
        assertEquals(Files.readString(golden), run.out(), "output differs from " + golden);
    }
}
