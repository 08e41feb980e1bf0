package org.jstap.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The providers read straight from the class path's service files are ServiceLoader's, in its order. */
class ClassPathServicesTest {
    /** A service and providers in the unnamed module (the service loader skips providers in named ones). */
    public interface Svc {}
    public static final class P1 implements Svc {}
    public static final class P2 implements Svc {}
    public static final class P3 implements Svc {}
    public static final class P4 implements Svc {}

    private static final String P = "org.jstap.api.spi.ClassPathServicesTest$";
    private static final String FILE = "META-INF/services/" + Svc.class.getName();

    @TempDir
    Path dir;

    private Path jar(String name, String services) throws IOException {
        Path j = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(j))) {
            z.putNextEntry(new ZipEntry("META-INF/"));
            z.closeEntry();
            if (services != null) {
                z.putNextEntry(new ZipEntry(FILE));
                z.write(services.getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return j;
    }

    @Test
    void sameProvidersInTheSameOrderAsServiceLoader() throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve(FILE), P + "P1\n# " + P + "P4\n" + P + "P3");
        List<Path> entries = List.of(
                jar("a.jar", P + "P1 # a comment\n\n  " + P + "P2\t\r\n"),
                jar("none.jar", null),
                classes,
                dir.resolve("missing.jar"),
                jar("b.jar", P + "P4\n" + P + "P2\n"));
        List<URL> urls = new ArrayList<>();
        for (Path p : entries) urls.add(p.toUri().toURL());
        List<String> expected;
        try (URLClassLoader l = new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader())) {
            expected = ServiceLoader.load(Svc.class, l).stream().map(p -> p.type().getName()).toList();
        }
        assertEquals(List.of(P + "P1", P + "P2", P + "P3", P + "P4"), expected);
        assertEquals(expected, List.copyOf(ClassPathServices.names(entries.stream().map(Path::toString).toList(), FILE)));
    }

    @Test
    void aLineServiceLoaderWouldRefuseIsNoAnswer() throws Exception {
        Path bad = jar("bad.jar", P + "P1 " + P + "P2\n");
        assertThrows(IOException.class, () -> ClassPathServices.names(List.of(bad.toString()), FILE));
    }

    @Test
    void onlyWhenTheLauncherSaysTheClassPathIsPlain() {
        // surefire's class path is a manifest-only jar: without the launcher's word the service loader is asked
        assertTrue(System.getProperty(ClassPathServices.PLAIN) == null);
        assertTrue(ClassPathServices.load(Object.class, ClassLoader.getSystemClassLoader()).isEmpty());
    }
}
