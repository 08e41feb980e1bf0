package org.jstap.build;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jstap.api.diag.Span;
import org.junit.jupiter.api.Test;

class ScriptMarkersTest {
    static final String C = "#include <linux/module.h>\n"          // 1
            + "static void probe_0(void) {\n"                      // 2
            + "  /* @jstap s.stp:3:5 */\n"                          // 3
            + "  x = 1;\n"                                          // 4
            + "  /* @jstap my dir/s.stp:4:9 */ y = 2;\n"            // 5
            + "  z = 3;\n";                                         // 6

    @Test
    void lastMarkerAtOrBeforeTheLineWins() {
        assertNull(ScriptMarkers.scriptSpanFor(C, 2));
        assertEquals(Span.at("s.stp", 3, 5), ScriptMarkers.scriptSpanFor(C, 4));
        assertEquals(Span.at("my dir/s.stp", 4, 9), ScriptMarkers.scriptSpanFor(C, 5));
        assertEquals(Span.at("my dir/s.stp", 4, 9), ScriptMarkers.scriptSpanFor(C, 6));
    }

    @Test
    void gccAndModpostErrorsAreParsedAndMapped() {
        String out = "  CC [M]  /tmp/jstap1/probes.c\n"
                + "/tmp/jstap1/probes.c: In function 'probe_0':\n"
                + "/tmp/jstap1/probes.c:4:3: error: 'x' undeclared (first use in this function)\n"
                + "/tmp/jstap1/probes.c:4:3: note: each undeclared identifier is reported only once\n"
                + "/tmp/jstap1/probes.c:6:7: warning: unused variable 'q'\n"
                + "ERROR: modpost: \"nosuch\" [/tmp/jstap1/jstap_x.ko] undefined!\n";
        List<CompilerMessages.CError> e = CompilerMessages.errors(out, "/tmp/jstap1",
                Map.of("probes.c", C.getBytes(StandardCharsets.UTF_8)), 5);
        assertEquals(2, e.size(), e.toString());
        assertEquals("probes.c", e.get(0).cFile());
        assertEquals(4, e.get(0).cLine());
        assertEquals(Span.at("s.stp", 3, 5), e.get(0).scriptSpan());
        assertEquals("'x' undeclared (first use in this function)", e.get(0).message());
        assertTrue(e.get(1).message().startsWith("modpost: \"nosuch\" [jstap_x.ko] undefined"), e.get(1).message());
    }

    @Test
    void moduleNames() {
        assertEquals("jstap_0123456789abcdef_42", ModuleNames.defaultName("0123456789abcdef0123", 42));
        assertNull(ModuleNames.problem("jstap_ok_1"));
        assertNotNull(ModuleNames.problem("bad-name"));
        assertNotNull(ModuleNames.problem("x".repeat(56)));
    }
}
