package org.jstap.backend.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The {@code jstapbpf} loader (jstapbpf.c over libbpf), built with cc on first use and cached by its source and
 * link flags. Statically linked against Debian's libbpf.a, libelf.a and libz.a (libbpf-dev, libelf-dev,
 * zlib1g-dev) so the same binary runs on hosts without libbpf: the test VM's busybox initramfs, --remote hosts
 * (about 1.3 MB). Where no static libraries are installed, a dynamically linked one serves this machine only.
 */
final class LoaderBinary {
    private static final List<String> STATIC = List.of("-static", "-s", "-lbpf", "-lelf", "-lz");
    private static final List<String> DYNAMIC = List.of("-lbpf", "-lelf", "-lz");

    private LoaderBinary() {}

    /**
     * A loader for this machine: the static one when it can be built, else a dynamic one. A dynamic one already
     * built serves this machine as well, so a machine without the static libraries runs cc once, not on every run.
     */
    static synchronized Path get() throws IOException {
        Path s = binary(STATIC), d = binary(DYNAMIC);
        if (Files.isExecutable(s)) return s;
        if (Files.isExecutable(d)) return d;
        try {
            return build(STATIC);
        } catch (IOException e) {
            return build(DYNAMIC);
        }
    }

    /** The self-contained loader other hosts run. */
    static synchronized Path portable() throws IOException {
        try {
            return build(STATIC);
        } catch (IOException e) {
            throw new IOException("cannot build the static bpf loader another host runs (needs libbpf-dev, libelf-dev, "
                    + "zlib1g-dev and libc6-dev): " + e.getMessage());
        }
    }

    /** The cache key of a loader binary: its source and link flags. */
    static String key(List<String> flags) throws IOException {
        return org.jstap.api.artefact.Hashes.start().add(BpfFiles.resource("jstapbpf.c")).add(String.join(" ", flags))
                .hex().substring(0, 16);
    }

    /** Where the loader built with {@code flags} is cached. */
    private static Path binary(List<String> flags) throws IOException {
        return BpfCache.dir().resolve("jstapbpf-" + key(flags));
    }

    private static Path build(List<String> flags) throws IOException {
        byte[] src = BpfFiles.resource("jstapbpf.c");
        Path out = binary(flags);
        if (Files.isExecutable(out)) return out;
        Files.createDirectories(out.getParent());
        Path dir = Files.createTempDirectory(out.getParent(), "build");
        try {
            Files.write(dir.resolve("jstapbpf.c"), src);
            List<String> cmd = new java.util.ArrayList<>(List.of("cc", "-O2", "-o", "jstapbpf", "jstapbpf.c"));
            cmd.addAll(flags);
            Tool.Result r = Tool.run(dir, cmd);
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
