package org.jstap.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The {@code .stp} files of one corpus folder, relative to the module directory, in name order. */
final class Corpus {
    private Corpus() {}

    static Path root() {
        // Surefire runs with the module directory as working directory (see pom.xml); IDEs usually do too.
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("parse"))) return here;
        Path nested = here.resolve("conformance-tests");
        if (Files.isDirectory(nested.resolve("parse"))) return nested;
        throw new IllegalStateException("cannot find the corpora from " + here);
    }

    static List<Path> files(String folder) {
        Path dir = root().resolve(folder);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".stp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scripts of a folder, recursing one level for run/ (run/&lt;topic&gt;/x.stp). */
    static List<Path> filesDeep(String folder) {
        Path dir = root().resolve(folder);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".stp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
