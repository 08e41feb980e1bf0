package org.jstap.backend.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CO-RE relocation records of a {@code .bpf.o} ({@code .BTF.ext}'s core_relo section, named through
 * {@code .BTF}): what libbpf rewrites for the running kernel at load. For tests and {@code -v}: an object whose
 * target variables read kernel members has one per member access.
 */
public final class CoreRelocations {
    private CoreRelocations() {}

    /**
     * One record: the root type's name ({@code task_struct}), the access spec ({@code 0:77}: member indexes from it)
     * and libbpf's kind number (0 byte offset, 1 byte size, 2 exists, 3 signed, 4/5 shifts, 8..: type and enum kinds).
     */
    public record Reloc(String type, String access, int kind) {}

    /** Every record of {@code elf}; empty when it has no {@code .BTF.ext} or no CO-RE section. */
    public static List<Reloc> of(byte[] elf) {
        byte[] btf = ElfSections.section(elf, ".BTF").orElse(null);
        byte[] ext = ElfSections.section(elf, ".BTF.ext").orElse(null);
        List<Reloc> out = new ArrayList<>();
        if (btf == null || ext == null || btf.length < 24 || ext.length < 32) return out;
        ByteBuffer b = ByteBuffer.wrap(btf).order(ByteOrder.LITTLE_ENDIAN);
        int hdr = b.getInt(4), typeOff = hdr + b.getInt(8), typeLen = b.getInt(12), strOff = hdr + b.getInt(16);
        List<Integer> names = typeNames(b, typeOff, typeLen);
        ByteBuffer e = ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN);
        int ehdr = e.getInt(4);
        if (ehdr < 32) return out; // no core_relo section in this header
        int at = ehdr + e.getInt(24), end = at + e.getInt(28);
        if (end <= at) return out;
        int recSize = e.getInt(at);
        at += 4;
        while (at + 8 <= end) {
            int n = e.getInt(at + 4);
            at += 8;
            for (int i = 0; i < n && at + 16 <= end; i++, at += recSize) {
                int typeId = e.getInt(at + 4), access = e.getInt(at + 8), kind = e.getInt(at + 12);
                String type = typeId > 0 && typeId < names.size() ? cstring(btf, strOff + names.get(typeId)) : "";
                out.add(new Reloc(type, cstring(btf, strOff + access), kind));
            }
        }
        return out;
    }

    /** Each BTF type's name offset, by type id (id 0 is void). */
    private static List<Integer> typeNames(ByteBuffer b, int off, int len) {
        List<Integer> names = new ArrayList<>();
        names.add(0);
        int p = off, end = off + len;
        while (p + 12 <= end) {
            int name = b.getInt(p), info = b.getInt(p + 4);
            int kind = (info >>> 24) & 0x1f, vlen = info & 0xffff;
            names.add(name);
            p += 12 + switch (kind) {
                case 1, 14, 17 -> 4;             // INT, VAR, DECL_TAG
                case 3 -> 12;                    // ARRAY
                case 4, 5, 15 -> 12 * vlen;      // STRUCT, UNION, DATASEC
                case 6 -> 8 * vlen;              // ENUM
                case 13 -> 8 * vlen;             // FUNC_PROTO
                case 19 -> 12 * vlen;            // ENUM64
                default -> 0;                    // PTR, FWD, TYPEDEF, qualifiers, FUNC, FLOAT, TYPE_TAG
            };
        }
        return names;
    }

    private static String cstring(byte[] b, int at) {
        int e = at;
        while (e >= 0 && e < b.length && b[e] != 0) e++;
        return at < 0 || at >= b.length ? "" : new String(b, at, e - at, StandardCharsets.ISO_8859_1);
    }
}
