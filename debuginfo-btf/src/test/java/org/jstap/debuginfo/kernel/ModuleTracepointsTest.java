package org.jstap.debuginfo.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tracepoint names of loadable modules, read from their {@code __tracepoints_strings} sections. */
class ModuleTracepointsTest {
    @TempDir Path root;

    private void module(String rel, String... tracepoints) throws Exception {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (String t : tracepoints) {
            names.write(t.getBytes(StandardCharsets.ISO_8859_1));
            names.write(0);
        }
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put(".text", new byte[16]);
        if (tracepoints.length > 0) s.put("__tracepoints_strings", names.toByteArray());
        Path ko = root.resolve("lib/modules/6.1.0-t/kernel").resolve(rel);
        Files.createDirectories(ko.getParent());
        Files.write(ko, FakeKernel.elf(s));
    }

    @Test
    void mapsEachTracepointToItsModule() throws Exception {
        module("drivers/watchdog/watch-dog.ko", "wd_start", "wd_stop");
        module("fs/xfs/xfs.ko", "xfs_alloc");
        module("drivers/none/plain.ko");
        Files.writeString(root.resolve("lib/modules/6.1.0-t/kernel/README"), "not a module");
        Map<String, String> m = ModuleTracepoints.scan(root.resolve("lib/modules/6.1.0-t"));
        assertEquals(Map.of("wd_start", "watch_dog", "wd_stop", "watch_dog", "xfs_alloc", "xfs"), m);
    }

    @Test
    void noModulesNoTracepoints() throws Exception {
        assertEquals(Map.of(), ModuleTracepoints.scan(root.resolve("lib/modules/none")));
    }

    /** The installed cloud kernel's modules, when present: watchdog.ko defines the watchdog_* tracepoints. */
    @Test
    void installedKernelWatchdog() throws Exception {
        Path mods = Path.of("/lib/modules");
        if (!Files.isDirectory(mods)) return;
        try (var rels = Files.list(mods)) {
            for (Path rel : rels.toList()) {
                Path wd = rel.resolve("kernel/drivers/watchdog/watchdog.ko");
                if (!Files.isRegularFile(wd)) continue;
                Map<String, String> m = ModuleTracepoints.scan(rel);
                assertEquals("watchdog", m.get("watchdog_start"), rel.toString());
                assertEquals(null, m.get("sched_switch"), "built-in tracepoints are not module ones");
            }
        }
    }
}
