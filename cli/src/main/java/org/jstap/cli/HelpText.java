package org.jstap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.jstap.api.spi.Backend;
import org.jstap.api.spi.Registry;
import org.jstap.api.spi.Subcommand;

/** {@code --help}: our own text ({@code help.txt}) plus the runtimes and commands the class path contributes. */
final class HelpText {
    private HelpText() {}

    static String text(Registry registry) {
        StringBuilder b = new StringBuilder(resource());
        if (!registry.backends().isEmpty()) {
            b.append("\nRuntimes (--runtime=NAME):\n");
            registry.backends().stream().sorted(Comparator.comparing(Backend::name))
                    .forEach(x -> b.append(String.format("  %-14s %s%n", x.name(), x.description())));
        }
        if (!registry.subcommands().isEmpty()) {
            b.append("\nCommands (jstap NAME ARGS...):\n");
            registry.subcommands().stream().sorted(Comparator.comparing(Subcommand::name))
                    .forEach(x -> b.append(String.format("  %-14s %s%n", x.name(), x.summary())));
        }
        return b.toString();
    }

    private static String resource() {
        try (InputStream in = HelpText.class.getResourceAsStream("help.txt")) {
            if (in == null) throw new IllegalStateException("help.txt missing from the jstap jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
