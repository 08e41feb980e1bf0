package org.jstap.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.jstap.api.artefact.Hashes;
import org.jstap.api.artefact.Json;
import org.junit.jupiter.api.Test;

/** Script bytes survive the trip through Java text, JSON artefacts and hashes unchanged. */
class ScriptBytesTest {
    private static final byte[] LATIN1 = "probe begin { println(\"caf\u00e9\") } # \u00e0 bient\u00f4t\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void latin1BytesRoundTrip() {
        String text = ScriptBytes.decode(LATIN1);
        assertEquals('\uDCE9', text.charAt(text.indexOf("caf") + 3));
        assertArrayEquals(LATIN1, ScriptBytes.encode(text));
    }

    @Test
    void utf8IsText() {
        byte[] utf8 = "x = \"\u00e9\u20ac\uD83D\uDE00\"".getBytes(StandardCharsets.UTF_8);
        assertEquals("x = \"\u00e9\u20ac\uD83D\uDE00\"", ScriptBytes.decode(utf8));
        assertArrayEquals(utf8, ScriptBytes.encode(ScriptBytes.decode(utf8)));
    }

    @Test
    void everyByteSequenceRoundTrips() {
        java.util.Random r = new java.util.Random(15);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[r.nextInt(12)];
            r.nextBytes(b);
            assertArrayEquals(b, ScriptBytes.encode(ScriptBytes.decode(b)), java.util.Arrays.toString(b));
        }
    }

    @Test
    void rawBytesSurviveJsonAndHashApart() throws Exception {
        String text = ScriptBytes.decode(LATIN1);
        var m = Json.mapper();
        assertEquals(text, m.readValue(m.writeValueAsString(text), String.class));
        String other = ScriptBytes.decode("probe begin { println(\"caf\u00e8\") } # \u00e0 bient\u00f4t\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(false, Hashes.start().add(text).hex().equals(Hashes.start().add(other).hex()));
    }
}
