package org.jstap.elaborate.dwarf;

/**
 * A variable's type as DWARF spells it, down to the first named type: pass 2 maps the names to the BTF types of
 * the same names ({@code struct file}, {@code size_t}, {@code long int}), so member chains walk BTF as everywhere
 * else; only the wrappers (pointers, qualifiers, arrays) come from here.
 */
public sealed interface DwarfType {
    record Void() implements DwarfType {}

    /** {@code encoding}: DW_ATE_* (5 signed, 6 signed char, 7 unsigned, 8 unsigned char, 2 boolean, 4 float). */
    record Base(String name, int size, int encoding) implements DwarfType {}

    /** {@code kind} "struct", "union" or "enum"; {@code name} empty when anonymous. */
    record Tagged(String kind, String name, long size) implements DwarfType {}

    record Typedef(String name, DwarfType target) implements DwarfType {}

    record Pointer(DwarfType target) implements DwarfType {}

    /** {@code const}, {@code volatile}, {@code restrict}. */
    record Qualified(String qualifier, DwarfType target) implements DwarfType {}

    record Array(DwarfType element, long count) implements DwarfType {}

    /** A function type (what a function pointer points to); {@code variadic}: a trailing "...". */
    record Function(DwarfType returns, java.util.List<DwarfType> params, boolean variadic) implements DwarfType {
        public Function {
            params = java.util.List.copyOf(params);
        }
    }
}
