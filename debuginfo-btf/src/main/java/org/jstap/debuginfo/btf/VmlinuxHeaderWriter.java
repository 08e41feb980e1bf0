package org.jstap.debuginfo.btf;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes C declarations of BTF types that {@code clang -target bpf} compiles with the kernel's layouts: a
 * {@code vmlinux.h} for BPF CO-RE programs. Structs and unions carry {@code preserve_access_index}, so every field
 * access through them becomes a CO-RE relocation resolved against the running kernel's BTF at load time.
 *
 * <p>Layout: BTF gives each member's bit offset but not why it is there (alignment attributes, packing), so each
 * struct is laid out the way the compiler will lay out what we print: where the next member would land earlier
 * than BTF says, unnamed bit-fields fill the gap; where it would land later (or the size is no multiple of the
 * alignment), the struct is printed {@code packed} and padded explicitly. Alignments used are those of our own
 * declarations, so an outer struct pads for an inner one we printed less aligned than the kernel's.
 *
 * <p>Order: every named struct and union is forward-declared first and every enum defined next (they depend on
 * nothing), so pointers never constrain order; typedefs and struct definitions then follow their by-value
 * dependencies (depth first). Names that clash in C but not in BTF (two different {@code struct foo}, an
 * enumerator defined by two enums) get a {@code ___N} suffix, which CO-RE ignores when it matches types.
 *
 * <p>Subset: {@link #root} asks for a type's complete definition; what it holds by value comes along, what it only
 * points to is forward-declared. {@link #all} asks for every type.
 */
public final class VmlinuxHeaderWriter {
    /**
     * Names the compiler predeclares. The kernel's BTF defines {@code __builtin_va_list} as x86-64's
     * {@code struct __va_list_tag[1]} (24 bytes) while the BPF target's is a pointer: renamed, it keeps the kernel's
     * layout of structs that hold a {@code va_list}.
     */
    private static final Set<String> COMPILER_NAMES = Set.of("__builtin_va_list");

    private final Btf btf;
    private final int limit;

    // closure (pass 1)
    private final byte[] state;                       // typedefs and named aggregates: 0 new, 1 open, 2 recorded
    private final List<Integer> items = new ArrayList<>();   // typedefs and definitions in emission order
    private final BitSet forward = new BitSet();      // named struct/union/fwd ids to forward-declare
    private final BitSet enums = new BitSet();        // named enums and standalone anonymous enums
    private final BitSet anonEnums = new BitSet();    // anonymous enums printed inline at first use
    private int[] refCounts;

    // naming and printing (pass 2)
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Long, String> enumerators = new HashMap<>();   // (enum id << 16 | index) -> name if renamed
    private final BitSet anonEnumPrinted = new BitSet();
    private final Map<Integer, Layout> layouts = new HashMap<>();

    public VmlinuxHeaderWriter(Btf btf) {
        this.btf = btf;
        this.limit = btf.nextId();
        this.state = new byte[limit];
    }

    /** Every type: all named structs, unions and enums defined, every typedef, every anonymous enum's constants. */
    public VmlinuxHeaderWriter all() {
        for (int id = 1; id < limit; id++) {
            int k = btf.kind(id);
            switch (k) {
                case Btf.KIND_STRUCT, Btf.KIND_UNION -> {
                    if (btf.nameOff(id) != 0) complete(id);
                }
                case Btf.KIND_TYPEDEF -> declared(id);
                case Btf.KIND_ENUM, Btf.KIND_ENUM64 -> {
                    if (btf.nameOff(id) != 0 || refCount(id) == 0) enums.set(id);
                }
                case Btf.KIND_FWD -> forward.set(id);
                default -> { }
            }
        }
        return this;
    }

    /** A type with its complete definition (a typedef: its target's), and what that holds by value. */
    public VmlinuxHeaderWriter root(int id) {
        if (id <= 0 || id >= limit) throw new IllegalArgumentException("no BTF type " + id);
        int k = btf.kind(id);
        if ((k == Btf.KIND_ENUM || k == Btf.KIND_ENUM64) && btf.nameOff(id) == 0) enums.set(id);
        else complete(id);
        return this;
    }

    /**
     * Every typedef of an integer type ({@code __u32}, {@code __be16}, {@code pid_t}, ...): small, and what libbpf's
     * {@code bpf_helpers.h} and hand-written BPF C expect a vmlinux.h to provide.
     */
    public VmlinuxHeaderWriter integerTypedefs() {
        for (int id = 1; id < limit; id++) {
            if (btf.kind(id) != Btf.KIND_TYPEDEF) continue;
            int r = resolve(id);
            if (r != 0 && btf.kind(r) == Btf.KIND_INT) declared(id);
        }
        return this;
    }

    /**
     * The BPF UAPI's enums: named {@code bpf_*} ones ({@code BPF_MAP_TYPE_HASH}, ...) and anonymous ones defining
     * {@code BPF_*} constants ({@code BPF_ANY}, {@code BPF_F_CURRENT_CPU}, ...), which map definitions and helper
     * calls in BPF C use.
     */
    public VmlinuxHeaderWriter bpfEnums() {
        for (int id = 1; id < limit; id++) {
            int k = btf.kind(id);
            if (k != Btf.KIND_ENUM && k != Btf.KIND_ENUM64) continue;
            if (btf.nameOff(id) != 0) {
                if (btf.nameStartsWith(id, "bpf_")) enums.set(id);
            } else if (btf.vlen(id) > 0 && btf.string(btf.word(id, 0)).startsWith("BPF_")) {
                enums.set(id);
            }
        }
        return this;
    }

    // ---------------------------------------------------------------- pass 1: what to print, in which order

    /** The type is used by value: its definition must come first. */
    private void complete(int id) {
        if (id == 0) return;
        switch (btf.kind(id)) {
            case Btf.KIND_PTR -> declared(btf.sizeOrType(id));
            case Btf.KIND_ARRAY -> complete(btf.word(id, 0));
            case Btf.KIND_CONST, Btf.KIND_VOLATILE, Btf.KIND_RESTRICT, Btf.KIND_TYPE_TAG -> complete(btf.sizeOrType(id));
            case Btf.KIND_TYPEDEF -> {
                declared(id);
                complete(btf.sizeOrType(id));
            }
            case Btf.KIND_STRUCT, Btf.KIND_UNION -> {
                if (btf.nameOff(id) == 0) {
                    members(id);
                } else if (state[id] == 0) {
                    state[id] = 1;
                    forward.set(id);
                    members(id);
                    state[id] = 2;
                    items.add(id);
                }
            }
            case Btf.KIND_ENUM, Btf.KIND_ENUM64 -> enumUse(id);
            case Btf.KIND_FWD -> forward.set(id);
            case Btf.KIND_FUNC_PROTO -> proto(id);
            default -> { }
        }
    }

    /** The type is named (e.g. pointed to): a declaration suffices. */
    private void declared(int id) {
        if (id == 0) return;
        switch (btf.kind(id)) {
            case Btf.KIND_PTR, Btf.KIND_CONST, Btf.KIND_VOLATILE, Btf.KIND_RESTRICT, Btf.KIND_TYPE_TAG ->
                    declared(btf.sizeOrType(id));
            case Btf.KIND_ARRAY -> complete(btf.word(id, 0));
            case Btf.KIND_TYPEDEF -> {
                if (state[id] == 0) {
                    state[id] = 1;
                    declared(btf.sizeOrType(id));
                    state[id] = 2;
                    items.add(id);
                }
            }
            case Btf.KIND_STRUCT, Btf.KIND_UNION -> {
                if (btf.nameOff(id) == 0) members(id);
                else forward.set(id);
            }
            case Btf.KIND_ENUM, Btf.KIND_ENUM64 -> enumUse(id);
            case Btf.KIND_FWD -> forward.set(id);
            case Btf.KIND_FUNC_PROTO -> proto(id);
            default -> { }
        }
    }

    private void enumUse(int id) {
        if (btf.nameOff(id) != 0) enums.set(id);
        else anonEnums.set(id);
    }

    private void members(int id) {
        int vlen = btf.vlen(id);
        for (int m = 0; m < vlen; m++) complete(btf.word(id, 3 * m + 1));
    }

    private void proto(int id) {
        declared(btf.sizeOrType(id));
        int vlen = btf.vlen(id);
        for (int p = 0; p < vlen; p++) declared(btf.word(id, 2 * p + 1));
    }

    /** How many types refer to an id (anonymous enums nobody uses are printed on their own). */
    private int refCount(int id) {
        if (refCounts == null) {
            int[] rc = new int[limit];
            for (int t = 1; t < limit; t++) {
                switch (btf.kind(t)) {
                    case Btf.KIND_PTR, Btf.KIND_TYPEDEF, Btf.KIND_CONST, Btf.KIND_VOLATILE, Btf.KIND_RESTRICT,
                            Btf.KIND_TYPE_TAG, Btf.KIND_FUNC, Btf.KIND_VAR, Btf.KIND_DECL_TAG -> rc[ref(btf.sizeOrType(t))]++;
                    case Btf.KIND_ARRAY -> rc[ref(btf.word(t, 0))]++;
                    case Btf.KIND_STRUCT, Btf.KIND_UNION -> {
                        for (int m = 0; m < btf.vlen(t); m++) rc[ref(btf.word(t, 3 * m + 1))]++;
                    }
                    case Btf.KIND_FUNC_PROTO -> {
                        rc[ref(btf.sizeOrType(t))]++;
                        for (int p = 0; p < btf.vlen(t); p++) rc[ref(btf.word(t, 2 * p + 1))]++;
                    }
                    default -> { }
                }
            }
            refCounts = rc;
        }
        return refCounts[id];
    }

    private int ref(int id) {
        return id > 0 && id < limit ? id : 0;
    }

    // ---------------------------------------------------------------- names

    private void assignNames() {
        Set<String> tags = new HashSet<>();
        Map<String, Integer> firstAggregate = new HashMap<>();    // "s name"/"u name" -> id of its first definition
        BitSet tagged = new BitSet();
        tagged.or(forward);
        tagged.or(enums);
        for (int id = tagged.nextSetBit(1); id >= 0; id = tagged.nextSetBit(id + 1)) {
            int k = btf.kind(id);
            if (k == Btf.KIND_FWD || btf.nameOff(id) == 0) continue;
            String n = unique(btf.name(id), tags);
            names.put(id, n);
            if (k == Btf.KIND_STRUCT || k == Btf.KIND_UNION)
                firstAggregate.putIfAbsent((k == Btf.KIND_UNION ? "u " : "s ") + btf.name(id), id);
        }
        for (int id = forward.nextSetBit(1); id >= 0; id = forward.nextSetBit(id + 1)) {
            if (btf.kind(id) != Btf.KIND_FWD) continue;
            Integer def = firstAggregate.get((btf.kindFlag(id) ? "u " : "s ") + btf.name(id));
            names.put(id, def != null ? names.get(def) : unique(btf.name(id), tags));
        }
        // ordinary identifiers: typedef names and enumerators share one name space in C
        Set<String> idents = new HashSet<>(COMPILER_NAMES);
        BitSet ordinary = new BitSet();
        for (int id : items) if (btf.kind(id) == Btf.KIND_TYPEDEF) ordinary.set(id);
        ordinary.or(enums);
        ordinary.or(anonEnums);
        for (int id = ordinary.nextSetBit(1); id >= 0; id = ordinary.nextSetBit(id + 1)) {
            if (btf.kind(id) == Btf.KIND_TYPEDEF) {
                names.put(id, unique(btf.name(id), idents));
            } else {
                for (int v = 0; v < btf.vlen(id); v++) {
                    String base = btf.string(btf.word(id, (btf.kind(id) == Btf.KIND_ENUM ? 2 : 3) * v));
                    String n = unique(base, idents);
                    if (!n.equals(base)) enumerators.put((long) id << 16 | v, n);
                }
            }
        }
    }

    private static String unique(String base, Set<String> used) {
        if (used.add(base)) return base;
        for (int i = 2; ; i++) {
            String n = base + "___" + i;
            if (used.add(n)) return n;
        }
    }

    // ---------------------------------------------------------------- pass 2: printing

    /** The header text; {@code comment} goes on its first line. */
    public String write(String comment) {
        assignNames();
        StringBuilder out = new StringBuilder(1 << 20);
        out.append("/* ").append(comment).append(" */\n");
        out.append("#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n");
        Set<String> declaredTags = new HashSet<>();
        for (int id = forward.nextSetBit(1); id >= 0; id = forward.nextSetBit(id + 1)) {
            String tag = (isUnion(id) ? "union " : "struct ") + names.get(id);   // a FWD shares its definition's name
            if (declaredTags.add(tag)) out.append(tag).append(";\n");
        }
        out.append('\n');
        for (int id = enums.nextSetBit(1); id >= 0; id = enums.nextSetBit(id + 1)) {
            if (btf.vlen(id) == 0) {
                if (btf.nameOff(id) != 0) out.append("enum ").append(names.get(id)).append(";\n\n");
                continue;
            }
            enumBody(id, 0, out);
            out.append(";\n\n");
        }
        for (int id : items) {
            if (btf.kind(id) == Btf.KIND_TYPEDEF) {
                out.append("typedef ").append(decl(btf.sizeOrType(id), names.get(id), 0)).append(";\n\n");
            } else {
                aggregateBody(id, 0, out);
                out.append(";\n\n");
            }
        }
        out.append("#endif /* __VMLINUX_H__ */\n");
        return out.toString();
    }

    private boolean isUnion(int id) {
        int k = btf.kind(id);
        return k == Btf.KIND_UNION || (k == Btf.KIND_FWD && btf.kindFlag(id));
    }

    private static void indent(StringBuilder out, int level) {
        for (int i = 0; i < level; i++) out.append('\t');
    }

    private static String join(String base, String declarator) {
        return declarator.isEmpty() ? base : base + " " + declarator;
    }

    private int skipTags(int id) {
        while (id != 0 && btf.kind(id) == Btf.KIND_TYPE_TAG) id = btf.sizeOrType(id);
        return id;
    }

    /** A C declaration of {@code declarator} with type {@code id}; anonymous aggregates are printed inline. */
    String decl(int id, String declarator, int level) {
        id = skipTags(id);
        if (id == 0) return join("void", declarator);
        switch (btf.kind(id)) {
            case Btf.KIND_INT, Btf.KIND_FLOAT:
                return join(btf.name(id), declarator);
            case Btf.KIND_TYPEDEF:
                return join(names.getOrDefault(id, btf.name(id)), declarator);
            case Btf.KIND_FWD:
                return join((btf.kindFlag(id) ? "union " : "struct ") + names.getOrDefault(id, btf.name(id)), declarator);
            case Btf.KIND_STRUCT:
            case Btf.KIND_UNION: {
                if (btf.nameOff(id) != 0)
                    return join((btf.kind(id) == Btf.KIND_UNION ? "union " : "struct ") + names.get(id), declarator);
                StringBuilder sb = new StringBuilder();
                aggregateBody(id, level, sb);
                return join(sb.toString(), declarator);
            }
            case Btf.KIND_ENUM:
            case Btf.KIND_ENUM64: {
                if (btf.nameOff(id) != 0) return join("enum " + names.get(id), declarator);
                if (enums.get(id) || anonEnumPrinted.get(id) || btf.vlen(id) == 0)
                    return join(intSpelling(btf.sizeOrType(id), btf.kindFlag(id)), declarator);
                anonEnumPrinted.set(id);     // its constants can be defined once only: later uses say the integer
                StringBuilder sb = new StringBuilder();
                enumBody(id, level, sb);
                return join(sb.toString(), declarator);
            }
            case Btf.KIND_PTR: {
                int target = skipTags(btf.sizeOrType(id));
                int tk = btf.kind(target);
                String inner = tk == Btf.KIND_ARRAY || tk == Btf.KIND_FUNC_PROTO ? "(*" + declarator + ")" : "*" + declarator;
                return decl(target, inner, level);
            }
            case Btf.KIND_CONST:
            case Btf.KIND_VOLATILE:
            case Btf.KIND_RESTRICT: {
                String q = btf.kind(id) == Btf.KIND_CONST ? "const" : btf.kind(id) == Btf.KIND_VOLATILE ? "volatile" : "restrict";
                int target = skipTags(btf.sizeOrType(id));
                if (target != 0 && btf.kind(target) == Btf.KIND_PTR) return decl(target, join(q, declarator), level);
                String inner = decl(target, declarator, level);
                // a qualified array qualifies its elements, which BTF may already say
                return inner.startsWith(q + " ") ? inner : q + " " + inner;
            }
            case Btf.KIND_ARRAY:
                return decl(btf.word(id, 0), declarator + "[" + Integer.toUnsignedLong(btf.word(id, 2)) + "]", level);
            case Btf.KIND_FUNC_PROTO: {
                StringBuilder params = new StringBuilder("(");
                int vlen = btf.vlen(id);
                for (int p = 0; p < vlen; p++) {
                    if (p > 0) params.append(", ");
                    int t = btf.word(id, 2 * p + 1);
                    if (p == vlen - 1 && t == 0 && btf.word(id, 2 * p) == 0) params.append("...");
                    else params.append(decl(t, "", level));
                }
                if (vlen == 0) params.append("void");
                params.append(')');
                return decl(btf.sizeOrType(id), declarator + params, level);
            }
            default:
                return join("void", declarator);    // FUNC, VAR, DATASEC, DECL_TAG are not types of members
        }
    }

    private static String intSpelling(int size, boolean signed) {
        String base = switch (size) {
            case 1 -> "char";
            case 2 -> "short";
            case 8 -> "long long";
            default -> "int";
        };
        return (signed ? (size == 1 ? "signed " : "") : "unsigned ") + base;
    }

    private void enumBody(int id, int level, StringBuilder out) {
        out.append("enum");
        if (btf.nameOff(id) != 0) out.append(' ').append(names.get(id));
        out.append(" {\n");
        boolean e64 = btf.kind(id) == Btf.KIND_ENUM64;
        boolean signed = btf.kindFlag(id);
        int vlen = btf.vlen(id);
        boolean wide = false;
        for (int v = 0; v < vlen; v++) {
            String n = enumerators.get((long) id << 16 | v);
            if (n == null) n = btf.string(btf.word(id, (e64 ? 3 : 2) * v));
            long value;
            if (e64) {
                value = Integer.toUnsignedLong(btf.word(id, 3 * v + 2)) << 32 | Integer.toUnsignedLong(btf.word(id, 3 * v + 1));
            } else {
                int raw = btf.word(id, 2 * v + 1);
                value = signed ? raw : Integer.toUnsignedLong(raw);
            }
            if (value < Integer.MIN_VALUE || value > 0xffffffffL) wide = true;
            indent(out, level + 1);
            out.append(n).append(" = ");
            if (signed || value >= 0) out.append(value);
            else out.append(Long.toUnsignedString(value)).append("ULL");
            if (!signed && value < 0) wide = true;
            out.append(",\n");
        }
        indent(out, level);
        out.append('}');
        int size = btf.sizeOrType(id);
        // an enum is an int unless its values need more; the kernel's packed and 64-bit enums say their size
        if (size != 4 && !(size == 8 && wide)) {
            out.append(" __attribute__((mode(").append(switch (size) {
                case 1 -> "QI";
                case 2 -> "HI";
                case 8 -> "DI";
                default -> "SI";
            }).append(")))");
        }
    }

    // ---------------------------------------------------------------- layout

    /** How we print an aggregate: {@code packed} or not, and the alignment our declaration will have. */
    private record Layout(boolean packed, int align, long alignAttr) {}

    private int alignOf(int id) {
        id = resolve(id);
        if (id == 0) return 1;
        return switch (btf.kind(id)) {
            case Btf.KIND_INT, Btf.KIND_FLOAT, Btf.KIND_ENUM, Btf.KIND_ENUM64 -> Math.max(1, Math.min(16, btf.sizeOrType(id)));
            case Btf.KIND_PTR -> 8;
            case Btf.KIND_ARRAY -> alignOf(btf.word(id, 0));
            case Btf.KIND_STRUCT, Btf.KIND_UNION -> layout(id).align();
            default -> 1;
        };
    }

    private long sizeOf(int id) {
        id = resolve(id);
        if (id == 0) return 0;
        return switch (btf.kind(id)) {
            case Btf.KIND_INT, Btf.KIND_FLOAT, Btf.KIND_ENUM, Btf.KIND_ENUM64, Btf.KIND_STRUCT, Btf.KIND_UNION ->
                    Integer.toUnsignedLong(btf.sizeOrType(id));
            case Btf.KIND_PTR -> 8;
            case Btf.KIND_ARRAY -> Integer.toUnsignedLong(btf.word(id, 2)) * sizeOf(btf.word(id, 0));
            default -> 0;
        };
    }

    private int resolve(int id) {
        for (int guard = 0; guard < 64 && id != 0; guard++) {
            int k = btf.kind(id);
            if (k == Btf.KIND_TYPEDEF || k == Btf.KIND_CONST || k == Btf.KIND_VOLATILE || k == Btf.KIND_RESTRICT
                    || k == Btf.KIND_TYPE_TAG) id = btf.sizeOrType(id);
            else return id;
        }
        return id;
    }

    private long bitOffset(int id, int m) {
        int off = btf.word(id, 3 * m + 2);
        return btf.kindFlag(id) ? off & 0xffffff : Integer.toUnsignedLong(off);
    }

    private int bitSize(int id, int m) {
        if (btf.kindFlag(id)) return btf.word(id, 3 * m + 2) >>> 24;
        int r = resolve(btf.word(id, 3 * m + 1));
        if (r != 0 && btf.kind(r) == Btf.KIND_INT) {       // old encoding: the width lives in the INT
            int nbits = btf.word(r, 0) & 0xff;
            if (nbits != 0 && nbits != 8 * btf.sizeOrType(r)) return nbits;
        }
        return 0;
    }

    /** Members that take part in layout: named ones and anonymous structs/unions. */
    private boolean printable(int id, int m) {
        if (btf.word(id, 3 * m) != 0) return true;
        int r = resolve(btf.word(id, 3 * m + 1));
        return r != 0 && (btf.kind(r) == Btf.KIND_STRUCT || btf.kind(r) == Btf.KIND_UNION);
    }

    private Layout layout(int id) {
        Layout l = layouts.get(id);
        if (l != null) return l;
        int vlen = btf.vlen(id);
        long size = Integer.toUnsignedLong(btf.sizeOrType(id));
        int natural = 1;
        for (int m = 0; m < vlen; m++) if (printable(id, m)) natural = Math.max(natural, alignOf(btf.word(id, 3 * m + 1)));
        boolean union = btf.kind(id) == Btf.KIND_UNION;
        long alignAttr = 0;
        boolean packed;
        if (union) {
            long max = 0;
            for (int m = 0; m < vlen; m++) if (printable(id, m)) max = Math.max(max, sizeOf(btf.word(id, 3 * m + 1)));
            packed = size % natural != 0;
            long end = packed ? max : roundUp(max, natural);
            if (!packed && end < size) {
                // larger than its members: an aligned(N) union (a power of two that rounds the members up to it)
                for (long a = natural * 2L; a <= size && a <= 4096; a *= 2) {
                    if (roundUp(max, a) == size && size % a == 0) {
                        alignAttr = a;
                        break;
                    }
                }
            }
        } else {
            packed = size % natural != 0 || !fits(id, false);
        }
        l = new Layout(packed, packed ? 1 : alignAttr != 0 ? (int) alignAttr : natural, alignAttr);
        layouts.put(id, l);
        return l;
    }

    private static long roundUp(long v, long a) {
        return (v + a - 1) / a * a;
    }

    /** Where the compiler puts member {@code m} if the previous one ended at bit {@code off}. */
    private long place(int id, int m, long off, boolean packed) {
        int type = btf.word(id, 3 * m + 1);
        int bits = bitSize(id, m);
        if (bits == 0) return roundUp(off, 8L * (packed ? 1 : alignOf(type)));
        if (packed) return off;
        long unit = 8L * alignOf(type);
        long tsize = 8L * sizeOf(type);
        return (off % unit) + bits > tsize ? roundUp(off, unit) : off;
    }

    /** True if, with padding, every member lands where BTF says without {@code packed}. */
    private boolean fits(int id, boolean packed) {
        long off = 0;
        for (int m = 0; m < btf.vlen(id); m++) {
            if (!printable(id, m)) continue;
            long want = bitOffset(id, m);
            long at = place(id, m, off, packed);
            if (at != want && (at > want || place(id, m, want, packed) != want)) return false;
            off = want + memberBits(id, m);
        }
        return off <= 8L * btf.sizeOrType(id);
    }

    private long memberBits(int id, int m) {
        int bits = bitSize(id, m);
        return bits != 0 ? bits : 8 * sizeOf(btf.word(id, 3 * m + 1));
    }

    private void aggregateBody(int id, int level, StringBuilder out) {
        boolean union = btf.kind(id) == Btf.KIND_UNION;
        Layout l = layout(id);
        out.append(union ? "union" : "struct");
        if (btf.nameOff(id) != 0) out.append(' ').append(names.get(id));
        out.append(" {\n");
        long off = 0;
        int vlen = btf.vlen(id);
        for (int m = 0; m < vlen; m++) {
            if (!printable(id, m)) continue;
            int type = btf.word(id, 3 * m + 1);
            long want = bitOffset(id, m);
            int bits = bitSize(id, m);
            if (!union) {
                if (place(id, m, off, l.packed()) != want && want > off) pad(off, want, level + 1, out);
            }
            indent(out, level + 1);
            out.append(decl(type, btf.string(btf.word(id, 3 * m)), level + 1));
            if (bits != 0) out.append(": ").append(bits);
            out.append(";\n");
            if (!union) off = want + memberBits(id, m);
        }
        long size = 8L * Integer.toUnsignedLong(btf.sizeOrType(id));
        if (!union && roundUp(off, 8L * l.align()) < size) pad(off, size, level + 1, out);
        indent(out, level);
        out.append("} __attribute__((");
        if (l.packed()) out.append("packed, ");
        if (l.alignAttr() != 0) out.append("aligned(").append(l.alignAttr()).append("), ");
        out.append("preserve_access_index))");
    }

    /** Unnamed bit-fields from bit {@code from} to {@code to}; they do not change the struct's alignment. */
    private static void pad(long from, long to, int level, StringBuilder out) {
        long off = from;
        while (off < to) {
            long n;
            String type;
            if (off % 8 != 0) {
                n = Math.min(8 - off % 8, to - off);
                type = "char";
            } else if (off % 64 == 0 && to - off >= 64) {
                n = 64;
                type = "long";
            } else if (off % 32 == 0 && to - off >= 32) {
                n = 32;
                type = "int";
            } else if (off % 16 == 0 && to - off >= 16) {
                n = 16;
                type = "short";
            } else {
                n = Math.min(8, to - off);
                type = "char";
            }
            indent(out, level);
            out.append(type).append(": ").append(n).append(";\n");
            off += n;
        }
    }
}
