package org.jstap.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * C the kmod translator pastes into a generated module (class-path resources under {@value #PREFIX}, not runtime
 * files: they are not copied beside the module). A snippet file is a leading comment, then sections, each from a
 * line {@code @@ NAME} to the next; {@link #helper} returns one section's lines (each ending in a newline).
 */
public final class ModuleSnippets {
    /** Resource folder of the snippets inside the jar. */
    public static final String PREFIX = "snippets/";

    private static final Map<String, String> HELPERS = sections("jt_helpers.c");

    private ModuleSnippets() {
    }

    /** One helper of {@code jt_helpers.c}, e.g. {@code "ppid"}. */
    public static String helper(String name) {
        String s = HELPERS.get(name);
        if (s == null) throw new IllegalArgumentException("no helper snippet " + name);
        return s;
    }

    static Map<String, String> sections(String file) {
        String text;
        try (InputStream in = ModuleSnippets.class.getClassLoader().getResourceAsStream(PREFIX + file)) {
            if (in == null) throw new IllegalStateException("no snippet file " + file);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("@@ ")) {
                if (name != null) out.put(name, b.toString());
                name = line.substring(3).strip();
                b.setLength(0);
            } else if (name != null) {
                b.append(line).append('\n');
            }
        }
        if (name != null) {
            // the file's final newline ends the last section's last line, not one more empty line
            String last = b.toString();
            out.put(name, last.endsWith("\n\n") ? last.substring(0, last.length() - 1) : last);
        }
        return Map.copyOf(out);
    }
}
