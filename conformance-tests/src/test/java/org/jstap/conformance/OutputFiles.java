package org.jstap.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jstap.api.SessionOptions;

/**
 * A run script's {@code # output-files: NAME [SIZE[,N]]} line: the run writes to {@code -o DIR/NAME} (with
 * {@code -S SIZE[,N]}) in a fresh directory, and what the runners compare with {@code .expected} is stdout followed
 * by {@link #listing} of that directory. The oracle ({@code oracle/stap-vm.sh}) lists stap's files the same way.
 */
final class OutputFiles {
    static final String DIRECTIVE = "# output-files:";
    /** Files up to this size are listed whole; larger ones by their first and last line. */
    static final int WHOLE = 2048;

    private final String name;
    private final Long sizeMb;
    private final Integer keep;
    private Path dir;

    private OutputFiles(String name, Long sizeMb, Integer keep) {
        this.name = name;
        this.sizeMb = sizeMb;
        this.keep = keep;
    }

    /** The script's directive, or null when it has none. */
    static OutputFiles of(String text) {
        String d = RunCorpusVmTest.directive(text, DIRECTIVE);
        if (d == null) return null;
        String[] w = d.split("\\s+");
        if (w.length == 1) return new OutputFiles(w[0], null, null);
        String[] s = w[1].split(",");
        return new OutputFiles(w[0], Long.valueOf(s[0]), s.length > 1 ? Integer.valueOf(s[1]) : null);
    }

    /** The options with {@code -o} (and {@code -S}) into a new temporary directory. */
    SessionOptions apply(SessionOptions o) {
        try {
            dir = Files.createTempDirectory("jstap-outfiles");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toBuilder().outputFile(dir.resolve(name))
                .stap(o.stap().toBuilder().outputSizeMb(sizeMb).outputFiles(keep).build()).build();
    }

    /**
     * Every file the run left, by name: {@code == NAME (SIZE bytes)}, then the text (up to {@value #WHOLE} bytes)
     * or {@code first: LINE} / {@code last: LINE}; the directory is removed.
     */
    String listing() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                byte[] c = Files.readAllBytes(f);
                b.append("== ").append(f.getFileName()).append(" (").append(c.length).append(" bytes)\n");
                String t = new String(c, StandardCharsets.ISO_8859_1);
                if (c.length <= WHOLE) {
                    b.append(t);
                } else {
                    List<String> lines = t.lines().toList();
                    b.append("first: ").append(lines.get(0)).append('\n');
                    b.append("last: ").append(lines.get(lines.size() - 1)).append('\n');
                }
                Files.delete(f);
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }
}
