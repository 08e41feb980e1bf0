package org.jstap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Builds the static jstaprun with LoaderBuild and checks its command line behaviour here. */
class LoaderBuildTest {
    @Test
    void buildsStaticLoader() throws Exception {
        assumeTrue(Procs.onPath(LoaderBuild.compiler()), "gcc is not installed: skipping the loader build");
        assumeTrue(LoaderBuild.staticLibcAvailable(), "no static libc (apt-get install libc6-dev): skipping the loader build");
        Path dir = Files.createTempDirectory("jstaprun-test");
        try {
            Path bin = LoaderBuild.build(dir.resolve("bin/jstaprun"));
            assertTrue(Files.isExecutable(bin));
            byte[] head = Files.readAllBytes(bin);
            assertTrue(head.length > 4 && head[0] == 0x7f && head[1] == 'E', "not an ELF file");
            // a static executable has no PT_INTERP program header: "/lib64/ld-linux" never appears
            assertTrue(!new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).contains("/lib64/ld-linux-x86-64.so"),
                    "jstaprun is dynamically linked");

            Procs.Result usage = Procs.run(dir, 30, List.of(bin.toString()));
            assertEquals(1, usage.exit());
            assertTrue(usage.out().contains("usage: jstaprun"), usage.out());

            Procs.Result missing = Procs.run(dir, 30, List.of(bin.toString(), "/nonexistent/x.ko"));
            assertEquals(1, missing.exit());
            assertTrue(missing.out().contains("ERROR: Couldn't open module '/nonexistent/x.ko'"), missing.out());
        } finally {
            Procs.deleteTree(dir);
        }
    }
}
