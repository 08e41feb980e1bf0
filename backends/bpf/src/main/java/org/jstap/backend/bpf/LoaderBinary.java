package org.jstap.backend.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The {@code jstapbpf} loader (jstapbpf.c over libbpf), built with cc on first use and cached by its source. */
final class LoaderBinary {
    private LoaderBinary() {}

    static synchronized Path get() throws IOException {
        byte[] src = BpfFiles.resource("jstapbpf.c");
        String key = org.jstap.api.artefact.Hashes.start().add(src).hex().substring(0, 16);
        Path out = BpfCache.dir().resolve("jstapbpf-" + key);
        if (Files.isExecutable(out)) return out;
        Files.createDirectories(out.getParent());
        Path dir = Files.createTempDirectory(out.getParent(), "build");
        try {
            Files.write(dir.resolve("jstapbpf.c"), src);
            Tool.Result r = Tool.run(dir, List.of("cc", "-O2", "-o", "jstapbpf", "jstapbpf.c", "-lbpf", "-lelf", "-lz"));
            if (r.status() != 0) {
                throw new IOException("cannot build the bpf loader (needs cc and libbpf-dev): "
                        + r.output().lines().limit(5).reduce("", (a, l) -> a + "\n  " + l));
            }
            Files.move(dir.resolve("jstapbpf"), out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            BpfBuildStage.deleteTree(dir);
        }
        return out;
    }
}
