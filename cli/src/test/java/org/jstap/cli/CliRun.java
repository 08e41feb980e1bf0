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
    static CliRun run(Registry registry, String... args) {
        return run(registry, "", Map.of(), args);
    }

    static CliRun run(Registry registry, String stdin, Map<String, String> env, String... args) {
        return run(() -> registry, stdin, env, args);
    }

    static CliRun run(Supplier<Registry> registry, String stdin, Map<String, String> env, String... args) {
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
