package org.jstap.debuginfo.btf;

/**
 * C spellings of BTF types the way {@code stap -L} prints DWARF types: qualifiers after the type
 * ({@code char const*}), no space before {@code *}, typedef names kept ({@code size_t}), base types by their
 * compiler names ({@code long unsigned int}), anonymous aggregates as {@code struct {...}}.
 */
final class BtfTypeNames {
    private BtfTypeNames() {}

    static String of(BtfDebugInfo di, int id) {
        StringBuilder sb = new StringBuilder();
        append(di, id, sb, 0);
        return sb.toString();
    }

    private static void append(BtfDebugInfo di, int id, StringBuilder sb, int depth) {
        if (depth > 32) {
            sb.append("...");
            return;
        }
        if (id == 0) {
            sb.append("void");
            return;
        }
        Btf b = di.btf();
        int kind = b.kind(id);
        switch (kind) {
            case Btf.KIND_INT, Btf.KIND_FLOAT, Btf.KIND_TYPEDEF -> sb.append(b.name(id));
            case Btf.KIND_STRUCT -> tagged(sb, "struct ", b.name(id));
            case Btf.KIND_UNION -> tagged(sb, "union ", b.name(id));
            case Btf.KIND_ENUM, Btf.KIND_ENUM64 -> tagged(sb, "enum ", b.name(id));
            case Btf.KIND_FWD -> tagged(sb, b.kindFlag(id) ? "union " : "struct ", b.name(id));
            case Btf.KIND_PTR -> {
                int target = b.sizeOrType(id);
                int proto = skipTags(b, target);
                if (proto != 0 && b.kind(proto) == Btf.KIND_FUNC_PROTO) {
                    proto(di, proto, "(*)", sb, depth);
                } else {
                    append(di, target, sb, depth + 1);
                    sb.append('*');
                }
            }
            case Btf.KIND_ARRAY -> {
                append(di, b.word(id, 0), sb, depth + 1);
                sb.append('[').append(Integer.toUnsignedLong(b.word(id, 2))).append(']');
            }
            case Btf.KIND_CONST, Btf.KIND_VOLATILE, Btf.KIND_RESTRICT -> {
                append(di, b.sizeOrType(id), sb, depth + 1);
                sb.append(kind == Btf.KIND_CONST ? " const" : kind == Btf.KIND_VOLATILE ? " volatile" : " restrict");
            }
            case Btf.KIND_TYPE_TAG, Btf.KIND_DECL_TAG, Btf.KIND_VAR -> append(di, b.sizeOrType(id), sb, depth + 1);
            case Btf.KIND_FUNC -> proto(di, b.sizeOrType(id), "", sb, depth);
            case Btf.KIND_FUNC_PROTO -> proto(di, id, "", sb, depth);
            case Btf.KIND_DATASEC -> sb.append(b.name(id));
            default -> sb.append("?");
        }
    }

    private static int skipTags(Btf b, int id) {
        while (id != 0 && b.kind(id) == Btf.KIND_TYPE_TAG) id = b.sizeOrType(id);
        return id;
    }

    private static void tagged(StringBuilder sb, String tag, String name) {
        sb.append(tag).append(name.isEmpty() ? "{...}" : name);
    }

    /** {@code ret (*)(a, b)} for pointers, {@code ret (a, b)} for bare prototypes. */
    private static void proto(BtfDebugInfo di, int proto, String declarator, StringBuilder sb, int depth) {
        Btf b = di.btf();
        if (proto == 0 || b.kind(proto) != Btf.KIND_FUNC_PROTO) {
            sb.append("void (").append(declarator).append(")");
            return;
        }
        append(di, b.sizeOrType(proto), sb, depth + 1);
        sb.append(' ');
        if (!declarator.isEmpty()) sb.append(declarator);
        sb.append('(');
        int vlen = b.vlen(proto);
        for (int p = 0; p < vlen; p++) {
            if (p > 0) sb.append(", ");
            int t = b.word(proto, 2 * p + 1);
            if (p == vlen - 1 && t == 0 && b.word(proto, 2 * p) == 0) sb.append("...");
            else append(di, t, sb, depth + 1);
        }
        if (vlen == 0) sb.append("void");
        sb.append(')');
    }
}
