package org.jstap.backend.bpf;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the bpf backend keeps what it builds once per machine (vmlinux.h, the loader): under jstap's cache root. */
final class BpfCache {
    private BpfCache() {}

    static Path dir() {
        String dir = System.getenv("JSTAP_CACHE_DIR"); // the one cache root, as the stage cache
        if (dir != null && !dir.isEmpty()) return Paths.get(dir).resolve("bpf");
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("jstap").resolve("bpf");
    }
}
