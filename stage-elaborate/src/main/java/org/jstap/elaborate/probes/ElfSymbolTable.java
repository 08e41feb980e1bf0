package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f) throw new IOException(file + ": not an ELF file");
        if (b.get(4) != 2 || b.get(5) != 1) throw new IOException(file + ": not a 64-bit little-endian ELF file");
        long phoff = b.getLong(32), shoff = b.getLong(40);
        int phentsize = b.getShort(54) & 0xffff, phnum = b.getShort(56) & 0xffff;
        int shentsize = b.getShort(58) & 0xffff, shnum = b.getShort(60) & 0xffff;
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
        int symtab = -1, dynsym = -1;
        for (int i = 0; i < shnum; i++) {
            int type = b.getInt((int) (shoff + (long) i * shentsize + 4));
            if (type == 2) symtab = i;
            else if (type == 11) dynsym = i;
        }
        TreeMap<Long, Sym> byAddr = new TreeMap<>();
        int sec = symtab >= 0 ? symtab : dynsym;
        if (sec >= 0) {
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
                String name = cstring(b, (int) (strOff + b.getInt(ip)));
                Sym old = byAddr.get(value);
                // one name per address: prefer a global one (binding 1) and the one with a size
                if (old == null || (old.size() == 0 && sz != 0) || ((info >> 4) == 1 && sz >= old.size()))
                    byAddr.put(value, new Sym(value, sz, name));
            }
        }
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
            if (type == 3 && namesz == 4 && cstring(b, (int) name).equals("GNU")) {
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
        if (strOff >= 0) for (long n : names) out.add(cstring(b, (int) (strOff + n)));
        return List.copyOf(out);
    }

    private static String cstring(ByteBuffer b, int at) {
        int e = at;
        while (e < b.limit() && b.get(e) != 0) e++;
        byte[] s = new byte[e - at];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
