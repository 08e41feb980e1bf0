package org.jstap.debuginfo.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Random;
import org.jstap.api.KernelConfigText;
import org.jstap.api.KernelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelConfigTest {
    @TempDir
    Path dir;

    @Test
    void loadedTextReadsAsTheParsedMap() throws Exception {
        Path f = dir.resolve("config");
        Files.writeString(f, "#\n# comment\nCONFIG_A=y\r\nCONFIG_B=\"a \\\"q\\\" b\"\n# CONFIG_C is not set\nCONFIG_D =  m \n"
                + "CONFIG_A=m\nNOT_CONFIG=1\nCONFIG_E\n", StandardCharsets.ISO_8859_1);
        KernelConfigText t = KernelConfig.load(f);
        assertEquals(KernelConfig.read(f), t);
        assertEquals(Map.of("CONFIG_A", "m", "CONFIG_B", "a \"q\" b", "CONFIG_D", "m"), t);
        assertEquals("m", t.get("CONFIG_A"));
        // kept as it is by KernelInfo, and still equal to the plain map
        KernelInfo k = new KernelInfo("r", "v", "x86_64", t, null, null);
        assertEquals(new KernelInfo("r", "v", "x86_64", KernelConfig.read(f), null, null), k);
    }

    /** The arch scan over the bytes gives what {@link KernelConfig#arch(Map)} gives for the parsed entries. */
    @Test
    void archOfTheBytesIsArchOfTheEntries() throws Exception {
        String[] keys = KernelConfig.ARCH_KEYS.toArray(String[]::new);
        String[] values = {"y", "m", "n", "\"y\"", " y ", ""};
        Random r = new Random(16);
        for (int round = 0; round < 2000; round++) {
            StringBuilder b = new StringBuilder();
            int lines = r.nextInt(8);
            for (int i = 0; i < lines; i++) {
                String key = r.nextInt(5) == 0 ? (r.nextBoolean() ? "CONFIG_X86_64_FOO" : "CONFIG_XEN") : keys[r.nextInt(keys.length)];
                switch (r.nextInt(6)) {
                    case 0 -> b.append("# ").append(key).append(" is not set");
                    case 1 -> b.append(key).append(r.nextBoolean() ? " " : " \t\t        \u00e9").append('=')
                            .append(values[r.nextInt(values.length)]);
                    default -> b.append(key).append('=').append(values[r.nextInt(values.length)]);
                }
                b.append(r.nextInt(4) == 0 ? "\r\n" : r.nextInt(8) == 0 ? "\r" : "\n");
            }
            byte[] text = b.toString().getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(KernelConfig.arch(KernelConfig.parse(text)), KernelConfig.arch(text), b.toString());
            assertEquals(KernelConfig.arch(KernelConfig.parse(text)), KernelConfig.archByBytes(text), b.toString());
            byte[] lf = b.toString().replace("\r\n", "\n").replace('\r', '\n').getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(KernelConfig.arch(KernelConfig.parse(lf)), KernelConfig.arch(lf), "LF only: " + b);
        }
    }

    @Test
    void identityNamesAnUnchangedPlainFileOnly() throws Exception {
        Path f = dir.resolve("config-1");
        Files.writeString(f, "CONFIG_A=y\n");
        String first = KernelConfig.load(f).identity();
        assertNotNull(first);
        assertEquals(first, KernelConfig.load(f).identity());
        // same size, same modification time, other bytes: the change time (and inode) still tell
        Thread.sleep(20); // past the file-system clock's tick
        FileTime mtime = Files.getLastModifiedTime(f);
        Files.writeString(f, "CONFIG_A=m\n");
        Files.setLastModifiedTime(f, mtime);
        assertNotEquals(first, KernelConfig.load(f).identity());

        Path gz = dir.resolve("config.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("CONFIG_A=y\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        KernelConfigText t = KernelConfig.load(gz);
        assertNull(t.identity());
        assertEquals("y", t.get("CONFIG_A"));
        assertEquals(64, t.sha256().length());
    }
}
