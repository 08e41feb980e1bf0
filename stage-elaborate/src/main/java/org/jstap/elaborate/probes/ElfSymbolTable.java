package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * What a user-space stack needs of an ELF64 little-endian file: every function symbol by address ({@code .symtab},
 * else {@code .dynsym}; one name per address), the PT_LOAD segments (file offset to address), the GNU build id
 * and the DT_NEEDED libraries (for {@code --ldd}).
 */
public record ElfSymbolTable(List<Sym> symbols, List<Segment> segments, String buildId, List<String> needed) {
    /** A function: address (st_value), size (up to the next function; st_size for the last one), name. */
    public record Sym(long address, long size, String name) {}

    /** A PT_LOAD segment. */
    public record Segment(long offset, long vaddr, long filesz) {}

    public static ElfSymbolTable read(Path file) throws IOException {
        ByteBuffer b = ElfImage.map(file);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xffff, phnum = b.getShort(56) & 0xffff;
        List<Segment> segs = new ArrayList<>();
        String buildId = "";
        long dynOff = -1, dynSize = 0;
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            int type = b.getInt(o);
            long off = b.getLong(o + 8), vaddr = b.getLong(o + 16), filesz = b.getLong(o + 32);
            if (type == 1) segs.add(new Segment(off, vaddr, filesz));
            else if (type == 2) { dynOff = off; dynSize = filesz; }
            else if (type == 4 && buildId.isEmpty()) buildId = buildId(b, off, filesz);
        }
        TreeMap<Long, Sym> byAddr = new TreeMap<>();
        ElfImage.functionSymbols(b, (nameAt, info, value, sz) -> {
            String name = ElfImage.cstring(b, nameAt, StandardCharsets.UTF_8);
            Sym old = byAddr.get(value);
            // one name per address: prefer a global one (binding 1) and the one with a size
            if (old == null || (old.size() == 0 && sz != 0) || ((info >> 4) == 1 && sz >= old.size()))
                byAddr.put(value, new Sym(value, sz, name));
        });
        List<Sym> syms = new ArrayList<>();
        Long[] keys = byAddr.keySet().toArray(new Long[0]);
        for (int i = 0; i < keys.length; i++) {
            Sym s = byAddr.get(keys[i]);
            // stap's size is the distance to the next function (alignment padding included), st_size for the last
            if (i + 1 < keys.length) s = new Sym(s.address(), keys[i + 1] - s.address(), s.name());
            syms.add(s);
        }
        return new ElfSymbolTable(List.copyOf(syms), List.copyOf(segs), buildId, needed(b, segs, dynOff, dynSize));
    }

    /** The descriptor of an NT_GNU_BUILD_ID note in a PT_NOTE segment, hex; "" when there is none. */
    private static String buildId(ByteBuffer b, long off, long size) {
        long p = off, end = off + size;
        while (p + 12 <= end) {
            int namesz = b.getInt((int) p), descsz = b.getInt((int) p + 4), type = b.getInt((int) p + 8);
            long name = p + 12, desc = name + ((namesz + 3) & ~3L);
            if (type == 3 && namesz == 4 && ElfImage.cstring(b, (int) name, StandardCharsets.UTF_8).equals("GNU")) {
                byte[] id = new byte[descsz];
                b.get((int) desc, id);
                return HexFormat.of().formatHex(id);
            }
            p = desc + ((descsz + 3) & ~3L);
        }
        return "";
    }

    /** DT_NEEDED names from the dynamic segment (DT_STRTAB is an address: mapped back through the segments). */
    private static List<String> needed(ByteBuffer b, List<Segment> segs, long dynOff, long dynSize) {
        if (dynOff < 0) return List.of();
        long strtab = -1;
        List<Long> names = new ArrayList<>();
        for (long p = dynOff; p + 16 <= dynOff + dynSize; p += 16) {
            long tag = b.getLong((int) p), val = b.getLong((int) p + 8);
            if (tag == 0) break;
            if (tag == 1) names.add(val);
            else if (tag == 5) strtab = val;
        }
        long strOff = -1;
        for (Segment s : segs) if (strtab >= s.vaddr() && strtab < s.vaddr() + s.filesz()) strOff = strtab - s.vaddr() + s.offset();
        List<String> out = new ArrayList<>();
        if (strOff >= 0) for (long n : names) out.add(ElfImage.cstring(b, (int) (strOff + n), StandardCharsets.UTF_8));
        return List.copyOf(out);
    }
}
