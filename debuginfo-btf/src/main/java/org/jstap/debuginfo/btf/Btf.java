package org.jstap.debuginfo.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Raw BTF (the kernel's compact type format, Documentation/bpf/btf.rst): the header, an index of where each type
 * record starts, and the string section. Loading only walks the type section once to record offsets; records are
 * decoded on demand by callers ({@link BtfDebugInfo}). Split BTF (a module's {@code .BTF}) continues the base's type
 * ids and string offsets. Immutable and thread-safe.
 */
public final class Btf {
    public static final int MAGIC = 0xeB9F;

    public static final int KIND_INT = 1, KIND_PTR = 2, KIND_ARRAY = 3, KIND_STRUCT = 4, KIND_UNION = 5, KIND_ENUM = 6,
            KIND_FWD = 7, KIND_TYPEDEF = 8, KIND_VOLATILE = 9, KIND_CONST = 10, KIND_RESTRICT = 11, KIND_FUNC = 12,
            KIND_FUNC_PROTO = 13, KIND_VAR = 14, KIND_DATASEC = 15, KIND_FLOAT = 16, KIND_DECL_TAG = 17,
            KIND_TYPE_TAG = 18, KIND_ENUM64 = 19;

    /** INT encoding bits. */
    public static final int INT_SIGNED = 1, INT_CHAR = 2, INT_BOOL = 4;

    private static final String[] KIND_NAMES = {"UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD",
            "TYPEDEF", "VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC", "FLOAT", "DECL_TAG",
            "TYPE_TAG", "ENUM64"};

    private final Btf base;
    private final byte[] raw;
    private final ByteBuffer buf;
    private final int typeStart;
    private final int strStart;
    private final int strLen;
    private final int firstId;
    private final int[] offs;
    private final int strBase;

    private Btf(Btf base, byte[] raw, ByteBuffer buf, int typeStart, int strStart, int strLen, int[] offs) {
        this.base = base;
        this.raw = raw;
        this.buf = buf;
        this.typeStart = typeStart;
        this.strStart = strStart;
        this.strLen = strLen;
        this.offs = offs;
        this.firstId = base == null ? 1 : base.nextId();
        this.strBase = base == null ? 0 : base.totalStrLen();
    }

    /** Parses standalone BTF (vmlinux). */
    public static Btf parse(byte[] data) throws IOException {
        return parse(data, null);
    }

    /** Parses BTF; with a {@code base}, as split BTF whose ids and strings continue the base's. */
    public static Btf parse(byte[] data, Btf base) throws IOException {
        if (data.length < 24) throw new IOException("BTF too short");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int magic = Short.toUnsignedInt(b.getShort(0));
        if (magic != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (Short.toUnsignedInt(b.getShort(0)) != MAGIC) throw new IOException("not BTF (bad magic)");
        }
        if (b.get(2) != 1) throw new IOException("unsupported BTF version " + b.get(2));
        int hdrLen = b.getInt(4);
        if (hdrLen < 24 || hdrLen > data.length) throw new IOException("bad BTF header length");
        long typeOff = Integer.toUnsignedLong(b.getInt(8)), typeLen = Integer.toUnsignedLong(b.getInt(12));
        long strOff = Integer.toUnsignedLong(b.getInt(16)), strLen = Integer.toUnsignedLong(b.getInt(20));
        if (hdrLen + typeOff + typeLen > data.length || hdrLen + strOff + strLen > data.length)
            throw new IOException("BTF sections exceed the data");
        int ts = (int) (hdrLen + typeOff), te = (int) (ts + typeLen);
        int[] offs = new int[Math.max(16, (int) (typeLen / 16))];
        int n = 0;
        int p = ts;
        while (p < te) {
            if (p + 12 > te) throw new IOException("truncated BTF type at " + (p - ts));
            if (n == offs.length) offs = java.util.Arrays.copyOf(offs, n * 2);
            offs[n++] = p;
            int info = b.getInt(p + 4);
            p += 12 + extraBytes((info >>> 24) & 0x1f, info & 0xffff);
        }
        if (p != te) throw new IOException("BTF type section overruns");
        return new Btf(base, data, b, ts, (int) (hdrLen + strOff), (int) strLen, java.util.Arrays.copyOf(offs, n));
    }

    private static int extraBytes(int kind, int vlen) throws IOException {
        return switch (kind) {
            case KIND_INT, KIND_VAR, KIND_DECL_TAG -> 4;
            case KIND_ARRAY -> 12;
            case KIND_STRUCT, KIND_UNION, KIND_DATASEC, KIND_ENUM64 -> 12 * vlen;
            case KIND_ENUM, KIND_FUNC_PROTO -> 8 * vlen;
            case KIND_PTR, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC, KIND_FLOAT,
                    KIND_TYPE_TAG -> 0;
            default -> throw new IOException("unknown BTF kind " + kind);
        };
    }

    public static String kindName(int kind) {
        return kind >= 0 && kind < KIND_NAMES.length ? KIND_NAMES[kind] : "KIND" + kind;
    }

    /**
     * Checks every type reference and string offset of the types defined here; loading does not, to stay fast.
     * Throws on the first problem.
     */
    public void validate() throws IOException {
        int limit = nextId();
        for (int id = firstId; id < limit; id++) {
            int kind = kind(id), vlen = vlen(id), st = sizeOrType(id);
            checkString(id, nameOff(id));
            switch (kind) {
                case KIND_PTR, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC, KIND_FUNC_PROTO,
                        KIND_VAR, KIND_DECL_TAG, KIND_TYPE_TAG -> checkRef(id, st, limit);
                default -> { }
            }
            switch (kind) {
                case KIND_ARRAY -> {
                    checkRef(id, word(id, 0), limit);
                    checkRef(id, word(id, 1), limit);
                }
                case KIND_STRUCT, KIND_UNION -> {
                    for (int m = 0; m < vlen; m++) {
                        checkString(id, word(id, 3 * m));
                        checkRef(id, word(id, 3 * m + 1), limit);
                    }
                }
                case KIND_ENUM -> {
                    for (int m = 0; m < vlen; m++) checkString(id, word(id, 2 * m));
                }
                case KIND_ENUM64 -> {
                    for (int m = 0; m < vlen; m++) checkString(id, word(id, 3 * m));
                }
                case KIND_FUNC_PROTO -> {
                    for (int p = 0; p < vlen; p++) {
                        checkString(id, word(id, 2 * p));
                        checkRef(id, word(id, 2 * p + 1), limit);
                    }
                }
                case KIND_DATASEC -> {
                    for (int m = 0; m < vlen; m++) checkRef(id, word(id, 3 * m), limit);
                }
                default -> { }
            }
        }
    }

    private static void checkRef(int id, int ref, int limit) throws IOException {
        if (ref < 0 || ref >= limit) throw new IOException("BTF type " + id + " refers to missing type " + ref);
    }

    private void checkString(int id, int off) throws IOException {
        if (off < 0 || off >= totalStrLen()) throw new IOException("BTF type " + id + " has a bad string offset " + off);
    }

    /** The base this split BTF continues, or null. */
    public Btf base() {
        return base;
    }

    /** First type id defined here: 1, or the base's {@link #nextId()} for split BTF. */
    public int firstId() {
        return firstId;
    }

    /** One past the last type id defined here. */
    public int nextId() {
        return firstId + offs.length;
    }

    /** Number of types defined here (not counting the base's or void). */
    public int localCount() {
        return offs.length;
    }

    public boolean isLocal(int id) {
        return id >= firstId && id < nextId();
    }

    /** String section length including the base's, i.e. where a split BTF's own strings start. */
    public int totalStrLen() {
        return strBase + strLen;
    }

    public ByteOrder order() {
        return buf.order();
    }

    private Btf owner(int id) {
        Btf b = this;
        while (id < b.firstId) {
            b = b.base;
            if (b == null) throw new IllegalArgumentException("type id " + id + " is not in this BTF");
        }
        if (id >= b.nextId()) throw new IllegalArgumentException("type id " + id + " out of range (< " + b.nextId() + ")");
        return b;
    }

    /** Absolute offset of a type record in its owner's buffer; id must be valid and non-zero. */
    private int off(int id) {
        return offs[id - firstId];
    }

    public boolean valid(int id) {
        if (id <= 0) return false;
        Btf b = this;
        while (b != null && id < b.firstId) b = b.base;
        return b != null && id < b.nextId();
    }

    public int info(int id) {
        Btf o = owner(id);
        return o.buf.getInt(o.off(id) + 4);
    }

    public int kind(int id) {
        return id == 0 ? 0 : (info(id) >>> 24) & 0x1f;
    }

    public int vlen(int id) {
        return info(id) & 0xffff;
    }

    public boolean kindFlag(int id) {
        return info(id) < 0;
    }

    public int nameOff(int id) {
        Btf o = owner(id);
        return o.buf.getInt(o.off(id));
    }

    /** The record's third word: size (INT, ENUM, STRUCT, UNION, DATASEC, FLOAT) or a type id (the rest). */
    public int sizeOrType(int id) {
        Btf o = owner(id);
        return o.buf.getInt(o.off(id) + 8);
    }

    /** The {@code k}th 32-bit word after the 12-byte common header (members, params, array info, ...). */
    public int word(int id, int k) {
        Btf o = owner(id);
        return o.buf.getInt(o.off(id) + 12 + 4 * k);
    }

    public String name(int id) {
        return id == 0 ? "" : string(nameOff(id));
    }

    /** True if the type's name equals {@code s}, without building a String. */
    public boolean nameEquals(int id, String s) {
        int end = afterPrefix(id, s);
        return end >= 0 && stringOwner(nameOff(id)).raw[end] == 0;
    }

    /** True if the type's name starts with {@code prefix}, without building a String. */
    public boolean nameStartsWith(int id, String prefix) {
        return afterPrefix(id, prefix) >= 0;
    }

    /** Where in its owner's raw bytes the name of {@code id} continues after {@code prefix}; -1 if it does not start so. */
    private int afterPrefix(int id, String prefix) {
        int off = nameOff(id);
        Btf o = stringOwner(off);
        int at = o.strStart + off - o.strBase;
        int n = prefix.length();
        if (at + n >= o.strStart + o.strLen) return -1;
        for (int i = 0; i < n; i++) if ((o.raw[at + i] & 0xff) != prefix.charAt(i)) return -1;
        return at + n;
    }

    private Btf stringOwner(int off) {
        Btf o = this;
        while (off < o.strBase) o = o.base;
        return o;
    }

    /** The NUL-terminated string at a string-section offset (offsets continue across split BTF). */
    public String string(int off) {
        if (off < 0) throw new IllegalArgumentException("bad string offset " + off);
        Btf o = stringOwner(off);
        int rel = off - o.strBase;
        if (rel >= o.strLen) throw new IllegalArgumentException("string offset " + off + " out of range");
        int s = o.strStart + rel, e = s, end = o.strStart + o.strLen;
        byte[] r = o.raw;
        int high = 0;
        byte c;
        while (e < end && (c = r[e]) != 0) {
            high |= c;
            e++;
        }
        if (e == s) return "";
        // names are ASCII in practice: Latin-1 decoding is a plain copy; anything else is UTF-8
        return new String(r, s, e - s, high < 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /** This BTF's raw bytes (header, types, strings); shared, do not modify. */
    byte[] rawBytes() {
        return raw;
    }

    int typeSectionStart() {
        return typeStart;
    }
}
