package org.jstap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code --plugin-path=DIR} (repeatable, or {@code JSTAP_PLUGIN_PATH=DIR:DIR}): the jars in each DIR join the class
 * path before {@link org.jstap.api.spi.Registry#discover} looks for {@code JstapModule}s, so a jar dropped there
 * adds a backend or replaces a stage. Read from the raw arguments because the registry is built before (and for)
 * option parsing.
 */
final class PluginLoader {
    static final String OPTION = "--plugin-path";
    static final String ENV = "JSTAP_PLUGIN_PATH";

    private PluginLoader() {}

    /** {@code parent} itself when no plugin directory is named. */
    static ClassLoader loaderFor(String[] args, Map<String, String> env, ClassLoader parent) {
        List<Path> dirs = dirs(args, env);
        if (dirs.isEmpty()) return parent;
        List<URL> jars = new ArrayList<>();
        for (Path d : dirs) jars.addAll(jars(d));
        return jars.isEmpty() ? parent : new URLClassLoader("jstap-plugins", jars.toArray(URL[]::new), parent);
    }

    static List<Path> dirs(String[] args, Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        String fromEnv = env.get(ENV);
        if (fromEnv != null) for (String d : fromEnv.split(":")) if (!d.isEmpty()) dirs.add(Path.of(d));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) break;
            if (args[i].startsWith(OPTION + "=")) dirs.add(Path.of(args[i].substring(OPTION.length() + 1)));
            else if (args[i].equals(OPTION) && i + 1 < args.length) dirs.add(Path.of(args[++i]));
        }
        return dirs;
    }

    /** The jars in a directory, sorted by name; a plain jar path is taken as is. */
    static List<URL> jars(Path dir) {
        try {
            if (Files.isRegularFile(dir)) return List.of(dir.toUri().toURL());
            if (!Files.isDirectory(dir)) return List.of();
            try (Stream<Path> s = Files.list(dir)) {
                List<URL> out = new ArrayList<>();
                for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) out.add(p.toUri().toURL());
                return out;
            }
        } catch (MalformedURLException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
