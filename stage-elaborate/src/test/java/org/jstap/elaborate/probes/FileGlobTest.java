package org.jstap.elaborate.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileGlobTest {
    @Test
    void libGlobsLookInTheMultiarchDirectoryToo(@TempDir Path dir) throws Exception {
        String triplet = FileGlob.multiarch();
        assumeTrue(triplet != null, "no multiarch name for this architecture");
        Path real = dir.resolve("lib").resolve(triplet).resolve("libfoo.so.6");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "x");
        Path plain = dir.resolve("usr/lib64/libfoo.so.6");
        Files.createDirectories(plain.getParent());
        Files.writeString(plain, "y");
        String root = dir.toRealPath().toString();
        assertEquals(List.of(real.toRealPath()), FileGlob.expand(root + "/lib*/libfoo.so.6"));
        assertEquals(List.of(plain.toRealPath()), FileGlob.expand(root + "/usr/lib*/libfoo.so*"));
        // not a lib* directory: no multiarch look-up
        assertEquals(List.of(), FileGlob.expand(root + "/l?b/x*/nothing*"));
    }
}
