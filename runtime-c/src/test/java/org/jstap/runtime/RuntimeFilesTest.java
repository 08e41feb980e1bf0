package org.jstap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RuntimeFilesTest {
    @Test
    void everyListedFileIsOnTheClassPath() throws IOException {
        for (String f : RuntimeFiles.all()) {
            try (InputStream in = RuntimeFiles.open(f)) {
                assertTrue(in.readAllBytes().length > 0, f);
            }
        }
    }

    @Test
    void everyRuntimeSourceIsListed() throws IOException {
        Path root = Path.of("src/main/resources/runtime");
        Set<String> onDisk = new TreeSet<>();
        try (var walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> onDisk.add(root.relativize(p).toString().replace('\\', '/')));
        }
        assertEquals(onDisk, new TreeSet<>(RuntimeFiles.all()));
    }

    @Test
    void modulesWithoutMapsOrStatsLeaveThemOut() {
        List<String> core = RuntimeFiles.forModule(false, false);
        assertFalse(core.contains("jst_map.c"));
        assertFalse(core.contains("jst_stat.c"));
        assertFalse(core.contains("jst_shim_user.h"));
        assertTrue(RuntimeFiles.forModule(false, true).contains("jst_stat.c"));
        assertTrue(RuntimeFiles.forModule(true, false).containsAll(List.of("jst_map.c", "jst_stat.c")));
    }

    @Test
    void loaderSourceShipsInTheJar() throws IOException {
        try (InputStream in = RuntimeFiles.class.getClassLoader().getResourceAsStream(LoaderBuild.SOURCE)) {
            assertTrue(in != null && in.readAllBytes().length > 0);
        }
    }
}
