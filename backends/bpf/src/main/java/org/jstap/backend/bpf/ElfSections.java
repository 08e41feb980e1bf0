package org.jstap.backend.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads one named section of a little-endian ELF64 file (the sections pass 4 added to the .bpf.o). */
final class ElfSections {
    private ElfSections() {}

    static Optional<byte[]> section(byte[] elf, String name) {
        if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff, shnum = b.getShort(0x3c) & 0xffff, shstrndx = b.getShort(0x3e) & 0xffff;
        if (shoff <= 0 || shoff + (long) shnum * shentsize > elf.length || shstrndx >= shnum) return Optional.empty();
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            int nameOff = b.getInt(h);
            long off = b.getLong(h + 0x18), size = b.getLong(h + 0x20);
            if (cstring(elf, (int) (strOff + nameOff)).equals(name)) {
                if (off < 0 || off + size > elf.length) return Optional.empty();
                byte[] out = new byte[(int) size];
                System.arraycopy(elf, (int) off, out, 0, (int) size);
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    private static String cstring(byte[] b, int at) {
        int e = at;
        while (e >= 0 && e < b.length && b[e] != 0) e++;
        return at < 0 || at >= b.length ? "" : new String(b, at, e - at, StandardCharsets.ISO_8859_1);
    }
}
