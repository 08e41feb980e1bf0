package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The function symbols of an ELF64 little-endian binary ({@code .symtab}, else {@code .dynsym}) with their file
 * offsets, which is what a uprobe is registered at. Just enough ELF for {@code process(...).function(...)}.
 */
public final class ElfSymbols {
    /** A function symbol: name, virtual address, size, and the file offset of its first byte. */
    public record Symbol(String name, long address, long size, long fileOffset) {}

    private final Map<String, Symbol> functions;
    private final List<long[]> loads; // {vaddr, memsz, offset}

    private ElfSymbols(Map<String, Symbol> functions, List<long[]> loads) {
        this.functions = functions;
        this.loads = loads;
    }

    public Map<String, Symbol> functions() {
        return functions;
    }

    /** File offset of a virtual address, via the PT_LOAD segment containing it; -1 if none does. */
    public long fileOffset(long vaddr) {
        for (long[] l : loads) if (vaddr >= l[0] && vaddr < l[0] + l[1]) return vaddr - l[0] + l[2];
        return -1;
    }

    public static ElfSymbols read(Path file) throws IOException {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f) throw new IOException(file + ": not an ELF file");
        if (b.get(4) != 2) throw new IOException(file + ": not a 64-bit ELF file");
        if (b.get(5) != 1) throw new IOException(file + ": not a little-endian ELF file");
        b.order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(32), shoff = b.getLong(40);
        int phentsize = b.getShort(54) & 0xffff, phnum = b.getShort(56) & 0xffff;
        int shentsize = b.getShort(58) & 0xffff, shnum = b.getShort(60) & 0xffff;
        List<long[]> loads = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            if (b.getInt(o) == 1) loads.add(new long[] {b.getLong(o + 16), b.getLong(o + 40), b.getLong(o + 8)});
        }
        int symtab = -1, dynsym = -1;
        for (int i = 0; i < shnum; i++) {
            int type = b.getInt((int) (shoff + (long) i * shentsize + 4));
            if (type == 2) symtab = i;
            else if (type == 11) dynsym = i;
        }
        Map<String, Symbol> fns = new TreeMap<>();
        int sec = symtab >= 0 ? symtab : dynsym;
        if (sec >= 0) {
            int sh = (int) (shoff + (long) sec * shentsize);
            long off = b.getLong(sh + 24), size = b.getLong(sh + 32), entsize = b.getLong(sh + 56);
            int link = b.getInt(sh + 40);
            long strOff = b.getLong((int) (shoff + (long) link * shentsize + 24));
            ElfSymbols tmp = new ElfSymbols(Map.of(), loads);
            for (long p = off; p + 24 <= off + size; p += entsize == 0 ? 24 : entsize) {
                int ip = (int) p;
                int nameIdx = b.getInt(ip);
                int info = b.get(ip + 4) & 0xff;
                int shndx = b.getShort(ip + 6) & 0xffff;
                long value = b.getLong(ip + 8), sz = b.getLong(ip + 16);
                if ((info & 0xf) != 2 || shndx == 0 || value == 0) continue;
                String name = cstring(b, (int) (strOff + nameIdx));
                int ver = name.indexOf('@');
                if (ver > 0) name = name.substring(0, ver);
                fns.putIfAbsent(name, new Symbol(name, value, sz, tmp.fileOffset(value)));
            }
        }
        return new ElfSymbols(fns, loads);
    }

    private static String cstring(ByteBuffer b, int at) {
        int end = at;
        while (end < b.limit() && b.get(end) != 0) end++;
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
