package org.jstap.elaborate.dwarf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.FunctionSig;

/**
 * The kernel's BTF with the DWARF types of one point's variables mapped onto it ({@link #map}): a named type
 * (base, typedef, struct, union, enum) is the BTF type of that name, so {@code $f->f_path} walks BTF's layout as
 * for any other point; pointers, qualifiers and arrays around it, and the few names BTF lacks, are added as types
 * of this overlay (ids from {@link #FIRST}), spelled as {@code stap -L} spells them ({@code char const*}).
 */
public final class BtfOverlay implements DebugInfo {
    static final int FIRST = 1 << 30;

    private final DebugInfo base;
    private final List<CType> added = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> byShape = new HashMap<>();

    public BtfOverlay(DebugInfo base) {
        this.base = base;
    }

    /**
     * A base with no types, for a user-space program (no BTF): its variables keep their scalar and pointer types
     * from DWARF; a struct is a declaration only (no members to walk: cast it with a header's type).
     */
    public static DebugInfo noTypes(String owner) {
        return noTypes(owner, "");
    }

    /** How {@link #noTypes(String, String)}'s format starts; the reason follows it. */
    public static final String NO_TYPES = "none: ";

    /** As {@link #noTypes(String)}, saying why the program's own types are missing ({@code why}, may be empty). */
    public static DebugInfo noTypes(String owner, String why) {
        return new DebugInfo() {
            @Override public String format() { return why.isEmpty() ? "none" : NO_TYPES + why; }
            @Override public String owner() { return owner; }
            @Override public String hash() { return ""; }
            @Override public CType type(int id) { return new CType.Void(); }
            @Override public OptionalInt findType(String cName) { return OptionalInt.empty(); }
            @Override public String typeName(int id) { return "void"; }
            @Override public long sizeOf(int id) { return 0; }
            @Override public int resolve(int id) { return id; }
            @Override public List<String> functionNames() { return List.of(); }
            @Override public Optional<FunctionSig> function(String name) { return Optional.empty(); }
            @Override public List<String> tracepointNames() { return List.of(); }
            @Override public Optional<FunctionSig> tracepoint(String name) { return Optional.empty(); }
        };
    }

    /** The id of a DWARF type here. */
    public int map(DwarfType t) {
        if (t instanceof DwarfType.Void) return 0;
        if (t instanceof DwarfType.Base b) {
            OptionalInt id = base.findType(b.name());
            if (id.isPresent()) return id.getAsInt();
            if (b.encoding() == 4) return add(new CType.Float(b.name(), Math.max(1, b.size())), b.name()); // DW_ATE_float
            boolean signed = b.encoding() == 5 || b.encoding() == 6;
            return add(new CType.Int(b.name(), Math.max(1, b.size()), signed, b.encoding() == 6 || b.encoding() == 8,
                    b.encoding() == 2), b.name());
        }
        if (t instanceof DwarfType.Tagged g) {
            String spelled = g.kind() + " " + (g.name().isEmpty() ? "{...}" : g.name());
            if (!g.name().isEmpty()) {
                OptionalInt id = base.findType(g.kind() + " " + g.name());
                if (id.isPresent()) return id.getAsInt();
            }
            CType c = g.kind().equals("enum") ? new CType.Enum(g.name(), (int) Math.max(1, g.size()), false, Map.of())
                    : new CType.Forward(g.name(), g.kind().equals("union"));
            return add(c, spelled);
        }
        if (t instanceof DwarfType.Typedef d) {
            OptionalInt id = base.findType(d.name());
            if (id.isPresent()) return id.getAsInt();
            int target = map(d.target());
            return add(new CType.Typedef(d.name(), target), d.name());
        }
        if (t instanceof DwarfType.Pointer p) {
            if (p.target() instanceof DwarfType.Function f) return add(new CType.Pointer(0), function(f));
            int target = map(p.target());
            return add(new CType.Pointer(target), typeName(target) + "*");
        }
        if (t instanceof DwarfType.Qualified q) {
            int target = map(q.target());
            return add(new CType.Qualified(q.qualifier(), target), typeName(target) + " " + q.qualifier());
        }
        if (t instanceof DwarfType.Array a) {
            int element = map(a.element());
            return add(new CType.Array(element, a.count()), typeName(element) + "[]"); // stap -L shows no count
        }
        return 0; // a function type: only behind a pointer
    }

    /** A function pointer as stap -L spells it: {@code int (*) (struct inode*, struct file*)}. */
    private String function(DwarfType.Function f) {
        StringBuilder b = new StringBuilder(typeName(map(f.returns()))).append(" (*) (");
        for (int i = 0; i < f.params().size(); i++) b.append(i > 0 ? ", " : "").append(typeName(map(f.params().get(i))));
        if (f.variadic()) b.append(f.params().isEmpty() ? "..." : ", ...");
        else if (f.params().isEmpty()) b.append("void");
        return b.append(')').toString();
    }

    private int add(CType c, String name) {
        String shape = c + "|" + name;
        Integer known = byShape.get(shape);
        if (known != null) return known;
        added.add(c);
        names.add(name);
        int id = FIRST + added.size() - 1;
        byShape.put(shape, id);
        return id;
    }

    private boolean ours(int id) {
        return id >= FIRST && id - FIRST < added.size();
    }

    @Override public String format() { return base.format() + "+dwarf"; }
    @Override public String owner() { return base.owner(); }
    @Override public String hash() { return base.hash(); }

    @Override
    public CType type(int id) {
        return ours(id) ? added.get(id - FIRST) : base.type(id);
    }

    @Override
    public OptionalInt findType(String cName) {
        return base.findType(cName);
    }

    @Override
    public String typeName(int id) {
        return ours(id) ? names.get(id - FIRST) : base.typeName(id);
    }

    @Override
    public long sizeOf(int id) {
        if (!ours(id)) return base.sizeOf(id);
        CType c = type(resolve(id));
        if (c instanceof CType.Pointer) return 8;
        if (c instanceof CType.Array a) return a.count() * sizeOf(a.element());
        if (c instanceof CType.Int i) return i.bytes();
        if (c instanceof CType.Float f) return f.bytes();
        if (c instanceof CType.Enum e) return e.bytes();
        return ours(resolve(id)) ? 0 : base.sizeOf(resolve(id));
    }

    @Override
    public int resolve(int id) {
        for (int guard = 0; guard < 64 && ours(id); guard++) {
            CType c = added.get(id - FIRST);
            if (c instanceof CType.Qualified q) id = q.target();
            else if (c instanceof CType.Typedef d) id = d.target();
            else return id;
        }
        return ours(id) ? id : base.resolve(id);
    }

    @Override public List<String> functionNames() { return base.functionNames(); }
    @Override public Optional<FunctionSig> function(String name) { return base.function(name); }
    @Override public List<String> tracepointNames() { return base.tracepointNames(); }
    @Override public Optional<FunctionSig> tracepoint(String name) { return base.tracepoint(name); }
}
