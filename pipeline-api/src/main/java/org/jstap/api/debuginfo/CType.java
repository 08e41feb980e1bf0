package org.jstap.api.debuginfo;

import java.util.List;
import java.util.Map;

/**
 * A C type as debug information describes it (BTF's model, which DWARF also fits). Types refer to each other by
 * id within their {@link DebugInfo} so recursive structs stay finite; id 0 is {@code void}.
 */
public sealed interface CType {
    record Void() implements CType {}

    /** {@code bytes} 1,2,4,8,16; {@code isChar} for char types (strings), {@code isBool} for _Bool. */
    record Int(String name, int bytes, boolean signed, boolean isChar, boolean isBool) implements CType {}

    record Float(String name, int bytes) implements CType {}

    record Pointer(int target) implements CType {}

    record Array(int element, long count) implements CType {}

    /** Struct or union; {@code name} is empty for anonymous ones. */
    record Struct(String name, boolean union, long size, List<Member> members) implements CType {
        public Struct { members = List.copyOf(members); }
    }

    /** Forward declaration with no body in this debug info. */
    record Forward(String name, boolean union) implements CType {}

    record Enum(String name, int bytes, boolean signed, Map<String, Long> values) implements CType {
        public Enum { values = Map.copyOf(values); }
    }

    record Typedef(String name, int target) implements CType {}

    /** {@code const}, {@code volatile} or {@code restrict}. */
    record Qualified(String qualifier, int target) implements CType {}

    record FuncProto(int returnType, List<Param> params, boolean variadic) implements CType {
        public FuncProto { params = List.copyOf(params); }
    }

    /** A struct/union member; {@code bitSize} 0 unless a bitfield. Anonymous members have an empty name. */
    record Member(String name, int type, long bitOffset, int bitSize) {}

    record Param(String name, int type) {}
}
