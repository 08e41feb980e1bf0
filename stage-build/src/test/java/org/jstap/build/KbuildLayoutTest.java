package org.jstap.build;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.junit.jupiter.api.Test;

class KbuildLayoutTest {
    static Map<String, byte[]> files(String... pathAndText) {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        for (int i = 0; i < pathAndText.length; i += 2) m.put(pathAndText[i], pathAndText[i + 1]);
        return ModuleSourceArtefact.utf8(m);
    }

    static String text(Map<String, byte[]> f, String p) {
        return new String(f.get(p), StandardCharsets.UTF_8);
    }

    @Test
    void literalModuleNameIsRenamedWithItsSource() {
        Map<String, byte[]> out = KbuildLayout.adapt(files("Kbuild", "obj-m := stap_abc.o\nstap_abc-y := x.o\n"
                + "include $(src)/jst_runtime.mk\n", "stap_abc.c", "int a;", "stap_abcd.c", "int b;"), "jstap_x_1");
        assertEquals("obj-m := jstap_x_1.o\njstap_x_1-y := x.o\ninclude $(src)/jst_runtime.mk\n", text(out, "Kbuild"));
        assertEquals("int a;", text(out, "jstap_x_1.c"));
        assertFalse(out.containsKey("stap_abc.c"));
        assertTrue(out.containsKey("stap_abcd.c"), "only the exact name is renamed");
    }

    @Test
    void variableNameOrNoKbuild() {
        Map<String, byte[]> v = files("Kbuild", "obj-m := $(JSTAP_MODULE).o\n", "a.c", "");
        assertEquals(text(v, "Kbuild"), text(KbuildLayout.adapt(v, "m"), "Kbuild"));
        Map<String, byte[]> none = KbuildLayout.adapt(files("a.c", "", "sub/b.c", "", "c.h", ""), "m");
        assertTrue(text(none, "Kbuild").contains("$(JSTAP_MODULE)-y := a.o sub/b.o\n"), text(none, "Kbuild"));
    }
}
