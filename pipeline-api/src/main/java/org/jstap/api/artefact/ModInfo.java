package org.jstap.api.artefact;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key=value} strings of a kernel module's {@code .modinfo} section ({@code vermagic}, {@code name},
 * {@code license}, {@code depends}, ...), read straight from the ELF64 file: what {@code modinfo} prints,
 * without needing the tool or the target kernel. The first value wins for repeated keys ({@code parm} etc.).
 */
public final class ModInfo {
    private ModInfo() {}

    /** Empty map if the bytes are not a little-endian ELF64 file with a {@code .modinfo} section. */
    public static Map<String, String> of(byte[] elf) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
            if (elf.length < 64 || b.getInt(0) != 0x464c457f || elf[4] != 2 || elf[5] != 1) return out;
            long shoff = b.getLong(0x28);
            int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
            int shnum = Short.toUnsignedInt(b.getShort(0x3c));
            int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
            long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
            for (int i = 0; i < shnum; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                int nameOff = b.getInt(sh);
                if (!"modinfo".equals(cString(elf, (int) strOff + nameOff).replaceFirst("^\\.", ""))) continue;
                int off = (int) b.getLong(sh + 0x18);
                int size = (int) b.getLong(sh + 0x20);
                int p = off;
                while (p < off + size) {
                    String s = cString(elf, p);
                    p += s.length() + 1;
                    int eq = s.indexOf('=');
                    if (eq > 0) out.putIfAbsent(s.substring(0, eq), s.substring(eq + 1));
                }
                break;
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return new LinkedHashMap<>();
        }
        return out;
    }

    /** The kernel release a vermagic names: its first word ({@code 6.1.0-27-cloud-amd64 SMP mod_unload ...}). */
    public static String releaseOf(String vermagic) {
        if (vermagic == null) return null;
        String v = vermagic.strip();
        int sp = v.indexOf(' ');
        return sp < 0 ? v : v.substring(0, sp);
    }

    private static String cString(byte[] b, int off) {
        int end = off;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }
}
