package org.jstap.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.jstap.api.spi.Registry;

/** One in-process {@code jstap} run with captured streams. */
record CliRun(int status, String out, String err) {
    /** One cache for the test JVM's runs that name none. */
    static final java.nio.file.Path TEST_CACHE = testCache();

    private static java.nio.file.Path testCache() {
        try {
            return java.nio.file.Files.createTempDirectory("jstap-test-cache");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static CliRun run(Registry registry, String... args) {
        return run(registry, "", Map.of(), args);
    }

    static CliRun run(Registry registry, String stdin, Map<String, String> env, String... args) {
        return run(() -> registry, stdin, env, args);
    }

    static CliRun run(Supplier<Registry> registry, String stdin, Map<String, String> env, String... args) {
        if (!env.containsKey("JSTAP_CACHE_DIR")) { // never read, fill or clean the real cache in the user's home
            Map<String, String> e = new java.util.HashMap<>(env);
            e.put("JSTAP_CACHE_DIR", TEST_CACHE.toString());
            env = e;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = new Main(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, env, registry)
                    .run(args);
        }
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
