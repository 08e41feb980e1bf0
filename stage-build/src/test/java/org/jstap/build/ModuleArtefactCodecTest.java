package org.jstap.build;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jstap.api.artefact.ArtefactException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.artefact.ModuleCodecs;
import org.jstap.api.artefact.ModuleManifest;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.junit.jupiter.api.Test;

class ModuleArtefactCodecTest {
    static final ArtefactHeader SRC_HEADER = new ArtefactHeader(ModuleSourceArtefact.FORMAT_VERSION,
            ModuleSourceArtefact.KIND, "translate", "1", "abc");

    static ModuleSourceArtefact sources() {
        return new ModuleSourceArtefact(SRC_HEADER, "feedbeef", List.of("begin", "kernel.function(\"vfs_read\")"),
                ModuleSourceArtefact.utf8(Map.of("probes.c", "/* @jstap s.stp:1:1 */\nint x;\n",
                        "runtime/io.h", "#pragma once\n", "Kbuild", "obj-m := $(JSTAP_MODULE).o\n")));
    }

    @Test
    void moduleSourcesRoundTripAndAreAPlainTar() throws Exception {
        ModuleSourceArtefact a = sources();
        byte[] bytes = ModuleCodecs.MODULE_SRC.toBytes(a);
        ModuleSourceArtefact b = ModuleCodecs.MODULE_SRC.read(new ByteArrayInputStream(bytes));
        assertEquals(a.header(), b.header());
        assertEquals(a.scriptHash(), b.scriptHash());
        assertEquals(a.probes(), b.probes());
        assertEquals(a.files().keySet(), b.files().keySet());
        assertEquals(a.text("probes.c"), b.text("probes.c"));
        assertArrayEquals(bytes, ModuleCodecs.MODULE_SRC.toBytes(b), "writing is reproducible");
        try (TarArchiveInputStream t = new TarArchiveInputStream(new ByteArrayInputStream(bytes))) {
            assertEquals("jstap-artefact.json", t.getNextEntry().getName(), "header entry comes first");
        }
    }

    @Test
    void moduleRoundTripsAndKeepsTheKo() throws Exception {
        byte[] ko = elfWithModinfo("vermagic=6.1.0-99-test SMP mod_unload \0name=jstap_x\0");
        ModuleManifest mf = new ModuleManifest("jstap_x", "jstap_x.ko", "6.1.0-99-test", "#1 SMP Debian", "x86_64",
                "6.1.0-99-test SMP mod_unload ", "feedbeef", List.of("-DMAXACTION=10"), List.of("begin"));
        ModuleArtefact a = new ModuleArtefact(new ArtefactHeader(1, ModuleArtefact.KIND, "build", "1", "h"), mf, ko);
        ModuleArtefact b = ModuleCodecs.MODULE.fromBytes(ModuleCodecs.MODULE.toBytes(a));
        assertEquals(a, b);
        assertEquals("6.1.0-99-test SMP mod_unload ", b.koVermagic());
    }

    @Test
    void wrongKindAndVersionAreRejected() {
        ModuleSourceArtefact a = new ModuleSourceArtefact(new ArtefactHeader(1, "ast", "x", "1", "h"), null, List.of(),
                Map.of());
        ArtefactException e = assertThrows(ArtefactException.class,
                () -> ModuleCodecs.MODULE_SRC.read(new ByteArrayInputStream(ModuleCodecs.MODULE_SRC.toBytes(a))));
        assertTrue(e.getMessage().contains("expected a 'module-src' artefact"), e.getMessage());
        ModuleSourceArtefact v9 = new ModuleSourceArtefact(new ArtefactHeader(9, "module-src", "x", "1", "h"), null,
                List.of(), Map.of());
        e = assertThrows(ArtefactException.class,
                () -> ModuleCodecs.MODULE_SRC.read(new ByteArrayInputStream(ModuleCodecs.MODULE_SRC.toBytes(v9))));
        assertTrue(e.getMessage().contains("format version 9"), e.getMessage());
        assertThrows(ArtefactException.class, () -> ModuleCodecs.MODULE.fromBytes("not a tar".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> new ModuleSourceArtefact(SRC_HEADER, null, List.of(),
                Map.of("../evil.c", new byte[0])));
    }

    /** A minimal ELF64 with a section-name table and a .modinfo section: enough for ModInfo. */
    static byte[] elfWithModinfo(String modinfo) {
        byte[] names = "\0.shstrtab\0.modinfo\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] info = modinfo.getBytes(StandardCharsets.ISO_8859_1);
        int namesOff = 64, infoOff = namesOff + names.length, shoff = (infoOff + info.length + 7) & ~7;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(shoff + 3 * 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putLong(0x28, shoff).putShort(0x3a, (short) 64).putShort(0x3c, (short) 3).putShort(0x3e, (short) 1);
        b.put(namesOff, names).put(infoOff, info);
        int s1 = shoff + 64, s2 = shoff + 128;
        b.putInt(s1, 1).putLong(s1 + 0x18, namesOff).putLong(s1 + 0x20, names.length);
        b.putInt(s2, 11).putLong(s2 + 0x18, infoOff).putLong(s2 + 0x20, info.length);
        return b.array();
    }
}
