package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The ELF64 little-endian basics the user-space readers share ({@link ElfSymbols} for uprobes, {@link ElfSymbolTable}
 * for stacks, {@link EhFrameRows} for unwinding): the mapped file with its header checked, the function-symbol walk
 * and NUL-terminated strings; and the sections the DWARF reader ({@code org.jstap.elaborate.dwarf}) views.
 */
public final class ElfImage {
    private ElfImage() {}

    /** What the walk hands over per defined, non-zero function symbol: its st_name string offset, st_info, value, size. */
    public interface FunctionSink {
        void accept(int nameAt, int info, long value, long size);
    }

    /** The file mapped read-only, little-endian; an IOException saying why when it is not a 64-bit LE ELF file. */
    public static ByteBuffer map(Path file) throws IOException {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f) throw new IOException(file + ": not an ELF file");
        if (b.get(4) != 2) throw new IOException(file + ": not a 64-bit ELF file");
        if (b.get(5) != 1) throw new IOException(file + ": not a little-endian ELF file");
        return b;
    }

    /** Every defined function symbol (STT_FUNC, a section, a non-zero value) of {@code .symtab}, else {@code .dynsym}. */
    public static void functionSymbols(ByteBuffer b, FunctionSink sink) {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff, shnum = b.getShort(60) & 0xffff;
        int symtab = -1, dynsym = -1;
        for (int i = 0; i < shnum; i++) {
            int type = b.getInt((int) (shoff + (long) i * shentsize + 4));
            if (type == 2) symtab = i;
            else if (type == 11) dynsym = i;
        }
        int sec = symtab >= 0 ? symtab : dynsym;
        if (sec < 0) return;
        int sh = (int) (shoff + (long) sec * shentsize);
        long off = b.getLong(sh + 24), size = b.getLong(sh + 32), entsize = b.getLong(sh + 56);
        int link = b.getInt(sh + 40);
        long strOff = b.getLong((int) (shoff + (long) link * shentsize + 24));
        for (long p = off; p + 24 <= off + size; p += entsize == 0 ? 24 : entsize) {
            int ip = (int) p;
            int info = b.get(ip + 4) & 0xff;
            int shndx = b.getShort(ip + 6) & 0xffff;
            long value = b.getLong(ip + 8), sz = b.getLong(ip + 16);
            if ((info & 0xf) != 2 || shndx == 0 || value == 0) continue;
            sink.accept((int) (strOff + b.getInt(ip)), info, value, sz);
        }
    }

    /** A section header: its name, type, address, file offset and size. */
    public record Section(String name, int type, long addr, long offset, long size) {}

    /** Whether the section named {@code name} is compressed ({@code SHF_COMPRESSED}, as in Debian's -dbg files). */
    public static boolean compressed(ByteBuffer b, String name) {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff, shnum = b.getShort(60) & 0xffff, shstrndx = b.getShort(62) & 0xffff;
        if (shoff == 0 || shstrndx >= shnum) return false;
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 24));
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (cstring(b, (int) (strOff + b.getInt(sh)), StandardCharsets.ISO_8859_1).equals(name)) {
                return (b.getLong(sh + 8) & 0x800) != 0;
            }
        }
        return false;
    }

    /** The section named {@code name} (names from {@code .shstrtab}), or null. */
    public static Section section(ByteBuffer b, String name) {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff, shnum = b.getShort(60) & 0xffff, shstrndx = b.getShort(62) & 0xffff;
        if (shoff == 0 || shstrndx >= shnum) return null;
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 24));
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (!cstring(b, (int) (strOff + b.getInt(sh)), StandardCharsets.ISO_8859_1).equals(name)) continue;
            return new Section(name, b.getInt(sh + 4), b.getLong(sh + 16), b.getLong(sh + 24), b.getLong(sh + 32));
        }
        return null;
    }

    /**
     * The value of the defined symbol {@code name} of any type ({@code .symtab}, then {@code .dynsym}), or null:
     * what a {@code sym(%rip)} marker argument refers to.
     */
    public static Long symbolValue(ByteBuffer b, String name) {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff, shnum = b.getShort(60) & 0xffff;
        for (int want : new int[] {2, 11}) {
            for (int i = 0; i < shnum; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                if (b.getInt(sh + 4) != want) continue;
                long off = b.getLong(sh + 24), size = b.getLong(sh + 32), entsize = b.getLong(sh + 56);
                long strOff = b.getLong((int) (shoff + (long) b.getInt(sh + 40) * shentsize + 24));
                for (long p = off; p + 24 <= off + size; p += entsize == 0 ? 24 : entsize) {
                    int ip = (int) p;
                    if ((b.getShort(ip + 6) & 0xffff) == 0) continue;
                    if (cstring(b, (int) (strOff + b.getInt(ip)), StandardCharsets.ISO_8859_1).equals(name)) return b.getLong(ip + 8);
                }
            }
        }
        return null;
    }

    public static String cstring(ByteBuffer b, int at, Charset cs) {
        int e = at;
        while (e < b.limit() && b.get(e) != 0) e++;
        byte[] s = new byte[e - at];
        b.get(at, s);
        return new String(s, cs);
    }
}
