package org.jstap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.stream.Collectors;
import org.jstap.api.spi.JstapModule;
import org.jstap.api.spi.Registry;

/**
 * Registries made of chosen fake modules only: a class loader whose JstapModule service file lists exactly
 * those classes, hiding the real stages on the test class path.
 */
final class TestRegistries {
    private static final String SERVICE = "META-INF/services/" + JstapModule.class.getName();

    private TestRegistries() {}

    @SafeVarargs
    static Registry of(Class<? extends JstapModule>... modules) {
        try {
            Path file = Files.createTempFile("jstap-modules", ".txt");
            file.toFile().deleteOnExit();
            Files.writeString(file, Arrays.stream(modules).map(Class::getName).collect(Collectors.joining("\n")) + "\n");
            URL url = file.toUri().toURL();
            ClassLoader loader = new ClassLoader(TestRegistries.class.getClassLoader()) {
                @Override
                public Enumeration<URL> getResources(String name) throws IOException {
                    return name.equals(SERVICE) ? Collections.enumeration(java.util.List.of(url)) : super.getResources(name);
                }
            };
            return Registry.discover(loader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
