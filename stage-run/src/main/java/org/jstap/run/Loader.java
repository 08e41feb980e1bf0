package org.jstap.run;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
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

    /** Any public static no-argument method of LoaderBuild returning a Path to an executable. */
    static Optional<Path> fromLoaderBuild() {
        try {
            Class<?> c = Class.forName(LOADER_BUILD);
            for (String name : List.of("loader", "build", "ensureBuilt", "locate", "path", "binary")) {
                for (Method m : c.getMethods()) {
                    if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                            && (Path.class.isAssignableFrom(m.getReturnType()) || Optional.class == m.getReturnType())) {
                        Object r = m.invoke(null);
                        if (r instanceof Optional<?> o) r = o.orElse(null);
                        if (r instanceof Path p && Files.isExecutable(p)) return Optional.of(p);
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not there (yet) or failed to build: callers fall back
        }
        return Optional.empty();
    }
}
