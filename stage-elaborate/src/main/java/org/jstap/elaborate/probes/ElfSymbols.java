package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        ByteBuffer b = ElfImage.map(file);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xffff, phnum = b.getShort(56) & 0xffff;
        List<long[]> loads = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            if (b.getInt(o) == 1) loads.add(new long[] {b.getLong(o + 16), b.getLong(o + 40), b.getLong(o + 8)});
        }
        Map<String, Symbol> fns = new TreeMap<>();
        ElfSymbols tmp = new ElfSymbols(Map.of(), loads);
        ElfImage.functionSymbols(b, (nameAt, info, value, sz) -> {
            String name = ElfImage.cstring(b, nameAt, StandardCharsets.ISO_8859_1);
            int ver = name.indexOf('@');
            if (ver > 0) name = name.substring(0, ver);
            fns.putIfAbsent(name, new Symbol(name, value, sz, tmp.fileOffset(value)));
        });
        return new ElfSymbols(fns, loads);
    }
}
