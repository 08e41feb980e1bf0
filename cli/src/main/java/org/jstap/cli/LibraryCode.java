package org.jstap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The text of the tapset library this jstap ships ({@code tapset/INDEX} on the class path) and of the {@code -I}
 * directories: embedded C in an artefact made elsewhere is trusted without {@code -g} only when it is this text,
 * as pass 2 trusts library files and refuses the script's own C.
 */
final class LibraryCode {
    private LibraryCode() {}

    static Predicate<String> trusted(List<Path> includeDirs) {
        StringBuilder all = new StringBuilder();
        ClassLoader cl = LibraryCode.class.getClassLoader();
        String index = resource(cl, "tapset/INDEX");
        if (index != null) {
            for (String line : index.lines().toList()) {
                String f = line.strip();
                if (f.isEmpty() || f.startsWith("#")) continue;
                String text = resource(cl, "tapset/" + f);
                if (text != null) all.append(text).append('\u0000');
            }
        }
        for (Path d : includeDirs) {
            try (Stream<Path> s = Files.walk(d)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".stp") || p.toString().endsWith(".stpm")).toList()) {
                    all.append(Files.readString(p, StandardCharsets.ISO_8859_1)).append('\u0000');
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable -I directory contributes nothing
            }
        }
        String text = all.toString();
        return code -> code != null && !code.isBlank() && text.contains(code);
    }

    private static String resource(ClassLoader cl, String name) {
        try (InputStream in = cl.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
