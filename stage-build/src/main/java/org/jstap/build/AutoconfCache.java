package org.jstap.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.jstap.api.KernelInfo;
import org.jstap.api.artefact.Hashes;

/**
 * runtime-c's {@code jst_runtime.mk} probes the kernel API into {@code jst_autoconf.h} (about a second of compiler
 * runs) unless the file is already there. We keep the result per kernel build and runtime version:
 * {@code ~/.cache/jstap/autoconf/<hash>/jst_autoconf.h}, keyed by release, {@code uname -v} string, build dir and
 * the probe sources ({@code autoconf/*}, {@code jst_runtime.mk}).
 */
final class AutoconfCache {
    static final String HEADER = "jst_autoconf.h";
    static final String MAKEFILE = "jst_runtime.mk";

    private final Path root;

    AutoconfCache(Path root) {
        this.root = root;
    }

    static AutoconfCache standard() {
        return new AutoconfCache(BuildStage.moduleCacheDir().resolveSibling("autoconf"));
    }

    /** Null when these sources do not use the autoconf step (or bring their own header). */
    static String key(Map<String, byte[]> files, KernelInfo k) {
        if (!files.containsKey(MAKEFILE) || files.containsKey(HEADER)) return null;
        Hashes h = Hashes.start().add(k.release()).add(k.version()).add(String.valueOf(k.buildDir()));
        files.forEach((p, b) -> {
            if (p.equals(MAKEFILE) || p.startsWith("autoconf/")) h.add(p).add(b);
        });
        return h.hex().substring(0, 32);
    }

    /** Drops a cached header into the build dir; true if there was one. */
    boolean restore(String key, Path buildDir) {
        if (key == null) return false;
        Path cached = root.resolve(key).resolve(HEADER);
        try {
            if (!Files.isRegularFile(cached)) return false;
            Files.copy(cached, buildDir.resolve(HEADER), StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Keeps the header a successful build produced. */
    void save(String key, Path buildDir) {
        if (key == null) return;
        Path made = buildDir.resolve(HEADER);
        Path cached = root.resolve(key).resolve(HEADER);
        try {
            if (!Files.isRegularFile(made) || Files.isRegularFile(cached)) return;
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), HEADER, ".tmp");
            Files.copy(made, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a cache miss next time is all this costs
        }
    }
}
