package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Just enough of ELF64 to find named sections (vmlinux {@code .BTF}, a module's {@code .BTF} and {@code .modinfo}).
 * Works over any buffer: a mapped file or a decompressed kernel image in memory.
 */
public final class ElfFile {
    /** One section header; {@code offset}/{@code size} locate its bytes in the file. */
    public record Section(String name, int type, long offset, long size) {}

    private final ByteBuffer data;
    private final List<Section> sections;

    private ElfFile(ByteBuffer data, List<Section> sections) {
        this.data = data;
        this.sections = sections;
    }

    /** True if the buffer starts with an ELF64 header. */
    public static boolean isElf64(ByteBuffer b) {
        return b.limit() >= 64 && b.get(0) == 0x7f && b.get(1) == 'E' && b.get(2) == 'L' && b.get(3) == 'F'
                && b.get(4) == 2;
    }

    public static ElfFile open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
        }
    }

    public static ElfFile parse(ByteBuffer buffer) throws IOException {
        ByteBuffer b = buffer.duplicate();
        if (!isElf64(b)) throw new IOException("not an ELF64 file");
        b.order(b.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
        if (shoff == 0) return new ElfFile(b, List.of());
        if (shoff < 0 || shoff + (long) shentsize > b.limit() || shentsize < 64) throw new IOException("bad ELF section table");
        if (shnum == 0) shnum = (int) b.getLong((int) shoff + 0x20);      // extended numbering: count in section 0
        if (shstrndx == 0xffff) shstrndx = b.getInt((int) shoff + 0x28);
        if (shoff + (long) shnum * shentsize > b.limit()) throw new IOException("truncated ELF section table");
        int[] nameOff = new int[shnum];
        int[] type = new int[shnum];
        long[] off = new long[shnum];
        long[] size = new long[shnum];
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            nameOff[i] = b.getInt(h);
            type[i] = b.getInt(h + 4);
            off[i] = b.getLong(h + 0x18);
            size[i] = b.getLong(h + 0x20);
        }
        List<Section> out = new ArrayList<>(shnum);
        long strBase = shstrndx < shnum ? off[shstrndx] : -1;
        for (int i = 0; i < shnum; i++) {
            String name = strBase < 0 ? "" : cString(b, strBase + Integer.toUnsignedLong(nameOff[i]));
            out.add(new Section(name, type[i], off[i], size[i]));
        }
        return new ElfFile(b, Collections.unmodifiableList(out));
    }

    private static String cString(ByteBuffer b, long at) {
        if (at < 0 || at >= b.limit()) return "";
        int s = (int) at, e = s;
        while (e < b.limit() && b.get(e) != 0) e++;
        byte[] bytes = new byte[e - s];
        b.get(s, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public List<Section> sections() {
        return sections;
    }

    public Optional<Section> section(String name) {
        for (Section s : sections) if (s.name().equals(name)) return Optional.of(s);
        return Optional.empty();
    }

    /** The bytes of a named section (a copy), if present and not NOBITS. */
    public Optional<byte[]> sectionBytes(String name) throws IOException {
        Optional<Section> s = section(name);
        if (s.isEmpty() || s.get().type() == 8 /* SHT_NOBITS */) return Optional.empty();
        Section sec = s.get();
        if (sec.offset() < 0 || sec.size() < 0 || sec.offset() + sec.size() > data.limit() || sec.size() > Integer.MAX_VALUE)
            throw new IOException("section " + name + " lies outside the file");
        byte[] out = new byte[(int) sec.size()];
        data.get((int) sec.offset(), out);
        return Optional.of(out);
    }

    /** {@code .modinfo} strings ({@code key=value}, NUL separated) as a list, empty if absent. */
    public List<String> modinfo() throws IOException {
        Optional<byte[]> raw = sectionBytes(".modinfo");
        if (raw.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        byte[] m = raw.get();
        int s = 0;
        for (int i = 0; i <= m.length; i++) {
            if (i == m.length || m[i] == 0) {
                if (i > s) out.add(new String(m, s, i - s, StandardCharsets.ISO_8859_1));
                s = i + 1;
            }
        }
        return out;
    }
}
