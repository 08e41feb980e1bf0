package org.jstap.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@link java.util.ServiceLoader}'s providers of a service on a plain class path, found by reading each entry's
 * {@code META-INF/services} file directly: the service loader asks the class loader for the resources, which walks
 * the class path and opens a {@code jar:} URL connection per file found (about 10 ms of a cached {@code -p1}).
 * Only when the launcher says the class path is just its jars ({@value #PLAIN}: no {@code Class-Path} manifests,
 * which the class loader would follow) and {@code loader} is the one that reads it; anything unexpected is
 * {@link Optional#empty()}, and the caller asks {@code ServiceLoader} as before (which also reports the errors).
 * Same order as the service loader: class path order, then line order; a name seen before is skipped.
 */
final class ClassPathServices {
    /** Set to {@code true} by {@code bin/jstap}. */
    static final String PLAIN = "jstap.plainClassPath";

    private ClassPathServices() {}

    static <S> Optional<List<S>> load(Class<S> service, ClassLoader loader) {
        if (!Boolean.getBoolean(PLAIN) || loader != ClassLoader.getSystemClassLoader()) return Optional.empty();
        try {
            List<String> entries = List.of(System.getProperty("java.class.path", "").split(java.io.File.pathSeparator));
            List<S> out = new ArrayList<>();
            for (String name : names(entries, "META-INF/services/" + service.getName())) {
                Class<?> c = Class.forName(name, false, loader);
                if (!service.isAssignableFrom(c)) return Optional.empty();
                out.add(service.cast(c.getConstructor().newInstance()));
            }
            return Optional.of(out);
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The provider names in the {@code file} of each class path entry (a jar or a directory), in order, once each. */
    static Set<String> names(List<String> entries, String file) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String entry : entries) {
            if (entry.isEmpty()) continue;
            Path p = Path.of(entry);
            byte[] text = null;
            if (Files.isDirectory(p)) {
                Path f = p.resolve(file);
                if (Files.isRegularFile(f)) text = Files.readAllBytes(f);
            } else if (Files.isRegularFile(p)) {
                try (ZipFile z = new ZipFile(p.toFile())) {
                    ZipEntry e = z.getEntry(file);
                    if (e != null) {
                        try (InputStream in = z.getInputStream(e)) {
                            text = in.readAllBytes();
                        }
                    }
                }
            }
            if (text == null) continue;
            for (String line : new String(text, StandardCharsets.UTF_8).split("\n", -1)) {
                int hash = line.indexOf('#');
                String n = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (n.isEmpty()) continue;
                if (!validName(n)) throw new IOException("not a class name in " + entry + "!/" + file + ": " + n);
                names.add(n);
            }
        }
        return names;
    }

    /** As the service loader checks a line: a Java binary name (no spaces, tabs or odd characters). */
    private static boolean validName(String n) {
        int cp = n.codePointAt(0);
        if (!Character.isJavaIdentifierStart(cp)) return false;
        for (int i = Character.charCount(cp); i < n.length(); i += Character.charCount(cp)) {
            cp = n.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp) && cp != '.') return false;
        }
        return true;
    }
}
