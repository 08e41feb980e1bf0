package org.jstap.api.artefact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The direct reader of plain tars reads what commons-compress reads, and leaves every other tar to it. */
class TarEntriesTest {
    private static byte[] tar(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TarEntries.write(entries, b);
        return b.toByteArray();
    }

    private static void sameAsCommons(byte[] t, Map<String, byte[]> plain) throws Exception {
        Map<String, byte[]> any = TarEntries.readAny(new ByteArrayInputStream(t));
        assertEquals(List.copyOf(any.keySet()), List.copyOf(plain.keySet()));
        for (String k : any.keySet()) assertArrayEquals(any.get(k), plain.get(k), k);
    }

    @Test
    void plainTarsAreReadDirectly() throws Exception {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("manifest.json", "{}".getBytes());
        e.put("dir/sub/jstap_x.ko", new byte[70_001]);
        e.put("empty", new byte[0]);
        e.put("\u00e9t\u00e9.c", "x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] t = tar(e);
        Map<String, byte[]> plain = TarEntries.readPlain(t);
        assertNotNull(plain);
        sameAsCommons(t, plain);
        assertEquals(e.keySet(), TarEntries.read(new ByteArrayInputStream(t)).keySet());
    }

    @Test
    void longNamesAndDamageGoToTheGeneralReader() throws Exception {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("a/" + "n".repeat(150) + ".c", "long".getBytes());
        byte[] t = tar(e);
        assertNull(TarEntries.readPlain(t)); // a PAX header
        assertEquals(e.keySet(), TarEntries.read(new ByteArrayInputStream(t)).keySet());

        byte[] ok = tar(Map.of("f", new byte[2000]));
        assertNull(TarEntries.readPlain(java.util.Arrays.copyOf(ok, 1024))); // entry cut short
        byte[] bad = ok.clone();
        bad[10] ^= 1; // header checksum no longer matches
        assertNull(TarEntries.readPlain(bad));
    }
}
