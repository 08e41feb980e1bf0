package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PLT stubs of a dynamically linked ELF64 x86-64 file, by the function each one calls: the i-th
 * {@code R_X86_64_JUMP_SLOT} relocation of {@code .rela.plt} names the function (its {@code .dynsym} symbol) of the
 * i-th stub. The stubs are 16 bytes each: in {@code .plt.sec} when the file has one (IBT: {@code .plt} then holds
 * only the lazy-binding trampolines), else in {@code .plt} after its 16-byte header (PLT0). A uprobe on a stub fires on
 * every call the file makes to that function through its PLT, what {@code process(...).plt("NAME")} means.
 */
public final class PltEntries {
    /** A stub: the called function's name, the stub's address and its file offset. */
    public record Entry(String name, long address, long fileOffset) {}

    private PltEntries() {}

    public static List<Entry> read(Path file) throws IOException {
        ByteBuffer b = ElfImage.map(file);
        ElfImage.Section rela = ElfImage.section(b, ".rela.plt");
        ElfImage.Section sec = ElfImage.section(b, ".plt.sec");
        ElfImage.Section plt = ElfImage.section(b, ".plt");
        if (rela == null || (plt == null && sec == null)) return List.of();
        long base = sec != null ? sec.addr() : plt.addr() + 16;
        long baseOff = sec != null ? sec.offset() : plt.offset() + 16;
        long limit = sec != null ? sec.size() : plt.size() - 16;
        // .rela.plt's sh_link is its symbol table (.dynsym), whose sh_link is the string table
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        int relaIdx = sectionIndex(b, rela);
        int symIdx = b.getInt((int) (shoff + (long) relaIdx * shentsize + 40));
        int symSh = (int) (shoff + (long) symIdx * shentsize);
        long symOff = b.getLong(symSh + 24);
        long strOff = b.getLong((int) (shoff + (long) b.getInt(symSh + 40) * shentsize + 24));
        List<Entry> out = new ArrayList<>();
        int n = (int) (rela.size() / 24);
        for (int i = 0; i < n; i++) {
            int r = (int) (rela.offset() + 24L * i);
            long info = b.getLong(r + 8);
            if ((info & 0xffffffffL) != 7 || 16L * (i + 1) > limit) continue; // R_X86_64_JUMP_SLOT only
            long sym = info >>> 32;
            String name = ElfImage.cstring(b, (int) (strOff + b.getInt((int) (symOff + 24 * sym))), StandardCharsets.ISO_8859_1);
            int at = name.indexOf('@');
            if (at > 0) name = name.substring(0, at);
            if (name.isEmpty()) continue;
            out.add(new Entry(name, base + 16L * i, baseOff + 16L * i));
        }
        return out;
    }

    private static int sectionIndex(ByteBuffer b, ElfImage.Section s) {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff, shnum = b.getShort(60) & 0xffff;
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getLong(sh + 24) == s.offset() && b.getLong(sh + 32) == s.size() && b.getInt(sh + 4) == s.type()) return i;
        }
        return 0;
    }
}
