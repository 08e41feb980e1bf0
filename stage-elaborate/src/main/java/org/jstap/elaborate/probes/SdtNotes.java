package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The static markers of an ELF64 binary: the {@code NT_STAPSDT} notes of its {@code .note.stapsdt} section, as
 * {@code <sys/sdt.h>} writes them (descriptor: the marker's address, the link-time address of {@code .stapsdt.base},
 * the semaphore's address or 0, then provider, name and argument text, each NUL-terminated). A file that was moved
 * after linking (prelink) has its {@code .stapsdt.base} elsewhere than the note says: both addresses move by that
 * difference. Addresses are then mapped to file offsets through the PT_LOAD segments: a uprobe goes at the file
 * offset of the marker, and the kernel counts the semaphore at its file offset ({@code ref_ctr_offset}).
 */
public final class SdtNotes {
    /** One marker: its addresses (adjusted), their file offsets (semaphore 0 when none) and argument text. */
    public record Marker(String provider, String name, long pc, long pcOffset, long semaphore, long semaphoreOffset,
                         String args) {
        /** The argument operands ({@code -4@%eax 8@-16(%rbp)}), split on blanks. */
        public List<String> argList() {
            String a = args.strip();
            return a.isEmpty() ? List.of() : List.of(a.split("\\s+"));
        }
    }

    private final List<Marker> markers;
    private final ByteBuffer image;

    private SdtNotes(List<Marker> markers, ByteBuffer image) {
        this.markers = markers;
        this.image = image;
    }

    public List<Marker> markers() {
        return markers;
    }

    /** The value of a symbol of the file (any type), or null: {@code sym(%rip)} arguments name one. */
    public Long symbol(String name) {
        return ElfImage.symbolValue(image, name);
    }

    public static SdtNotes read(Path file) throws IOException {
        ByteBuffer b = ElfImage.map(file);
        ElfImage.Section notes = ElfImage.section(b, ".note.stapsdt");
        if (notes == null || notes.type() != 7) return new SdtNotes(List.of(), b);
        ElfImage.Section base = ElfImage.section(b, ".stapsdt.base");
        List<long[]> loads = loads(b);
        List<Marker> out = new ArrayList<>();
        long p = notes.offset(), end = notes.offset() + notes.size();
        while (p + 12 <= end) {
            int namesz = b.getInt((int) p), descsz = b.getInt((int) p + 4), type = b.getInt((int) p + 8);
            long name = p + 12, desc = name + ((namesz + 3L) & ~3L);
            long next = desc + ((descsz + 3L) & ~3L);
            if (type == 3 && descsz >= 24 && ElfImage.cstring(b, (int) name, StandardCharsets.ISO_8859_1).equals("stapsdt")) {
                long pc = b.getLong((int) desc), noteBase = b.getLong((int) desc + 8), sem = b.getLong((int) desc + 16);
                int s = (int) desc + 24;
                String provider = ElfImage.cstring(b, s, StandardCharsets.UTF_8);
                s += provider.getBytes(StandardCharsets.UTF_8).length + 1;
                String mname = ElfImage.cstring(b, s, StandardCharsets.UTF_8);
                s += mname.getBytes(StandardCharsets.UTF_8).length + 1;
                String args = s < desc + descsz ? ElfImage.cstring(b, s, StandardCharsets.UTF_8) : "";
                if (base != null && noteBase != 0 && base.addr() != noteBase) { // prelinked: the file moved
                    long delta = base.addr() - noteBase;
                    pc += delta;
                    if (sem != 0) sem += delta;
                }
                out.add(new Marker(provider, mname, pc, fileOffset(loads, pc), sem, sem == 0 ? 0 : fileOffset(loads, sem), args));
            }
            p = next;
        }
        return new SdtNotes(List.copyOf(out), b);
    }

    private static List<long[]> loads(ByteBuffer b) {
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xffff, phnum = b.getShort(56) & 0xffff;
        List<long[]> loads = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            if (b.getInt(o) == 1) loads.add(new long[] {b.getLong(o + 16), b.getLong(o + 32), b.getLong(o + 8)}); // vaddr, filesz, offset
        }
        return loads;
    }

    /** File offset of a virtual address inside a PT_LOAD segment's file bytes; -1 when none holds it. */
    private static long fileOffset(List<long[]> loads, long vaddr) {
        for (long[] l : loads) if (vaddr >= l[0] && vaddr < l[0] + l[1]) return vaddr - l[0] + l[2];
        return -1;
    }
}
