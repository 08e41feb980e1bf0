package org.jstap.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code input.char} / {@code input.line} read: jstap's standard input, as stap's scripts read stap's; or,
 * for tests and tools that run a stage in-process, the file named by the {@link #EXTRA_KEY} setting of
 * {@link SessionOptions#extra()}. Every backend's run stage opens it here, and only for a script with input
 * probes (any other leaves stdin to a {@code -c} command).
 */
public final class ScriptInput {
    /** {@code extra} key: a file to read instead of stdin. */
    public static final String EXTRA_KEY = "input.file";

    private ScriptInput() {
    }

    /** The input of a run with these options (not closed by readers when it is stdin). */
    public static InputStream open(SessionOptions o) throws IOException {
        String f = o.extra().get(EXTRA_KEY);
        return f == null ? System.in : Files.newInputStream(Path.of(f));
    }

    /** The options with {@code file} as the input. */
    public static SessionOptions from(SessionOptions o, Path file) {
        java.util.Map<String, String> extra = new java.util.LinkedHashMap<>(o.extra());
        extra.put(EXTRA_KEY, file.toString());
        return o.toBuilder().extra(extra).build();
    }
}
