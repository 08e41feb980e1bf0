package org.jstap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jstap.api.Stage;
import org.jstap.api.spi.Registry;

/** {@code -V}: stap's banner shape, with what this installation can actually do. */
final class Banner {
    static final String COMPATIBLE_WITH = "4.8";

    private Banner() {}

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Banner.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // fall back below
        }
        String v = p.getProperty("version", "unknown");
        return v.startsWith("$") ? "unknown" : v.replace("-SNAPSHOT", "");
    }

    static String text(Registry registry) {
        String passes = registry.stages().stream().map(Stage::pass).map(p -> p.number)
                .collect(Collectors.toCollection(TreeSet::new)).stream().map(String::valueOf)
                .collect(Collectors.joining(" "));
        return "jstap translator/driver (version " + version() + ", compatible with SystemTap " + COMPATIBLE_WITH + ")\n"
                + "enabled features: passes " + orNone(passes)
                + "; runtimes " + orNone(names(registry.backends().stream().map(b -> b.name())))
                + "; run targets " + orNone(names(registry.runTargets().stream().map(t -> t.name()))) + "\n";
    }

    private static String names(java.util.stream.Stream<String> s) {
        return s.sorted().collect(Collectors.joining(" "));
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "(none)" : s;
    }
}
