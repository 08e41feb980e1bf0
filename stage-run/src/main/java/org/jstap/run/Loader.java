package org.jstap.run;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the static {@code jstaprun} loader: {@code -Djstap.loader=PATH}, {@code $JSTAP_LOADER}, runtime-c's
 * {@code org.jstap.runtime.LoaderBuild} when it is on the class path (looked up reflectively: runtime-c is not a
 * compile dependency yet), then {@code jstaprun} on the PATH. Empty when there is none: the VM agent then falls back
 * to insmod/rmmod, and the local target refuses.
 */
public final class Loader {
    static final String LOADER_BUILD = "org.jstap.runtime.LoaderBuild";

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
     * runtime-c's {@code LoaderBuild.build(Path output)} (gcc -static), run once per LoaderBuild jar into
     * {@code ~/.cache/jstap/loader/}; a public static no-argument method returning the binary's Path is accepted too.
     */
    static Optional<Path> fromLoaderBuild() {
        try {
            Class<?> c = Class.forName(LOADER_BUILD);
            for (Method m : c.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) continue;
                if (m.getName().equals("build") && m.getParameterCount() == 1 && m.getParameterTypes()[0] == Path.class) {
                    Path out = cacheFile(c);
                    if (!Files.isExecutable(out)) {
                        Files.createDirectories(out.getParent());
                        Path tmp = Files.createTempFile(out.getParent(), "jstaprun", ".tmp");
                        Object r = m.invoke(null, tmp);
                        Path built = r instanceof Path p ? p : tmp;
                        if (!Files.isExecutable(built)) return Optional.empty();
                        Files.move(built, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    return Optional.of(out);
                }
            }
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == Path.class) {
                    Object r = m.invoke(null);
                    if (r instanceof Path p && Files.isExecutable(p)) return Optional.of(p);
                }
            }
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException | LinkageError e) {
            // not there (yet), or no static libc: callers fall back
        }
        return Optional.empty();
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
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("jstap").resolve("loader").resolve("jstaprun-" + key);
    }
}
