package org.jstap.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.jstap.runtime.LoaderBuild;

/**
 * Finds the static {@code jstaprun} loader: {@code -Djstap.loader=PATH}, {@code $JSTAP_LOADER}, runtime-c's
 * {@link LoaderBuild} (built once per runtime-c jar and cached), then {@code jstaprun} on the PATH. Empty when
 * there is none: modules built by jstap then refuse to run (the VM agent keeps an insmod/rmmod fallback for
 * hand-written test modules only).
 */
public final class Loader {
    private Loader() {}

    public static Optional<Path> find() {
        for (String s : new String[] {System.getProperty("jstap.loader"), System.getenv("JSTAP_LOADER")}) {
            if (s != null && !s.isEmpty() && Files.isExecutable(Paths.get(s))) return Optional.of(Paths.get(s));
        }
        Optional<Path> built = fromLoaderBuild();
        if (built.isPresent()) return built;
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (d.isEmpty()) continue;
            Path p = Paths.get(d, "jstaprun");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * runtime-c's {@link LoaderBuild#build(Path)} (gcc -static), run once per runtime-c jar into
     * {@code ~/.cache/jstap/loader/}. Empty when it cannot be built here (no gcc or no static libc).
     */
    static synchronized Optional<Path> fromLoaderBuild() {
        try {
            Path out = cacheFile(LoaderBuild.class);
            if (!Files.isExecutable(out)) {
                Files.createDirectories(out.getParent());
                Path tmp = Files.createTempFile(out.getParent(), "jstaprun", ".tmp");
                try {
                    Path built = LoaderBuild.build(tmp);
                    if (built == null || !Files.isExecutable(built)) return Optional.empty();
                    Files.move(built, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return Optional.of(out);
        } catch (LoaderBuild.LoaderBuildException | java.io.IOException | RuntimeException e) {
            return Optional.empty();            // no compiler or no static libc: callers report it
        }
    }

    /** One cached binary per LoaderBuild jar (path and modification time), so a new runtime-c rebuilds it. */
    static Path cacheFile(Class<?> loaderBuild) throws java.io.IOException {
        String where = "unknown";
        long mtime = 0;
        try {
            var src = loaderBuild.getProtectionDomain().getCodeSource();
            if (src != null) {
                Path p = Paths.get(src.getLocation().toURI());
                where = p.toString();
                mtime = Files.getLastModifiedTime(p).toMillis();
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // keep the defaults
        }
        String key = org.jstap.api.artefact.Hashes.sha256(where, String.valueOf(mtime)).substring(0, 16);
        String dir = System.getenv("JSTAP_CACHE_DIR"); // the one cache root, as the stage cache
        if (dir != null && !dir.isEmpty()) return Paths.get(dir).resolve("loader").resolve("jstaprun-" + key);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("jstap").resolve("loader").resolve("jstaprun-" + key);
    }
}
