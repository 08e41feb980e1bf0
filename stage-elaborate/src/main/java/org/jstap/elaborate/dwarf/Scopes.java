package org.jstap.elaborate.dwarf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.elaborate.dwarf.Dies.Attr;
import org.jstap.elaborate.dwarf.Dies.Die;

/**
 * The variables in scope at one address of a function or of an inlined copy, with their DWARF types and where
 * each lives there: the parameters and locals of the function (or copy) and of every lexical block around the
 * address, innermost first (an inner name hides an outer one), each in declaration order, as {@code stap -L}
 * lists them. A variable's location is its {@code DW_AT_location} expression, or the entry of its location list
 * ({@code .debug_loclists}, DWARF 4's {@code .debug_loc}) that covers the address ({@link #pick}), compiled by
 * {@link LocationExpr} with the function's frame base and the CFA at that address ({@link CallFrames}).
 */
public final class Scopes {
    /** One variable; {@code location} is {@link Location.Unavailable} when it has none at this address. */
    public record Variable(String name, boolean parameter, DwarfType type, Location location) {}

    /** The reasons of an {@link Location.Unavailable} that mean "no location here" (not "one jstap cannot read"). */
    public static final String NO_LOCATION = "not accessible at this address", OPTIMIZED_OUT = "optimized out";

    private static final int TAG_FORMAL_PARAMETER = 0x05, TAG_LEXICAL_BLOCK = 0x0b, TAG_VARIABLE = 0x34,
            TAG_INLINED_SUBROUTINE = 0x1d;
    private static final int AT_LOCATION = 0x02, AT_LOW_PC = 0x11, AT_HIGH_PC = 0x12,
            AT_CONST_VALUE = 0x1c, AT_UPPER_BOUND = 0x2f, AT_ABSTRACT_ORIGIN = 0x31, AT_COUNT = 0x37,
            AT_DECLARATION = 0x3c, AT_FRAME_BASE = 0x40, AT_SPECIFICATION = 0x47, AT_TYPE = 0x49, AT_RANGES = 0x55,
            AT_BYTE_SIZE = 0x0b, AT_ENCODING = 0x3e;

    private final Dies unit;
    private final long pc;
    private final Map<Long, DwarfType> types = new HashMap<>();

    private Scopes(Dies unit, long pc) {
        this.unit = unit;
        this.pc = pc;
    }

    /**
     * The variables at {@code pc} inside the function or inlined copy whose DIE is at {@code die} in the unit at
     * {@code unitOffset}; with {@code blocks} also those of the lexical blocks around the address (a source line:
     * stap 4.8 reads a function's or inlined copy's entry from its own scope only). An inlined copy has no frame
     * base of its own: gcc's is the CFA for every function.
     */
    public static List<Variable> at(DwarfReader reader, long unitOffset, long die, long pc, boolean blocks) {
        return at(reader, unitOffset, die, pc, blocks, null);
    }

    /** As {@link #at}, with the CFA rule at pc when the file has no .debug_frame ({@code cfa}, may be null). */
    static List<Variable> at(DwarfReader reader, long unitOffset, long die, long pc, boolean blocks,
                             CallFrames.Cfa cfa) {
        Dies unit = new Dies(reader, unitOffset);
        Scopes s = new Scopes(unit, pc);
        Die root = unit.read(die, true);
        LocationExpr.Frame frame = s.frame(root, cfa);
        List<Die> chain = new ArrayList<>();
        chain.add(root);
        for (Die cur = blocks ? root : null; cur != null; ) {
            Die next = null;
            for (Die k : cur.children()) {
                if (k.tag() == TAG_LEXICAL_BLOCK && s.covers(k)) next = k;
            }
            if (next != null) chain.add(next);
            cur = next;
        }
        List<Variable> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (Die k : chain.get(i).children()) {
                if (k.tag() != TAG_FORMAL_PARAMETER && k.tag() != TAG_VARIABLE) continue;
                Variable v = s.variable(k, frame);
                if (v != null && seen.add(v.name())) out.add(v);
            }
        }
        return out;
    }

    /**
     * The file-scope variable {@code name} of the unit at {@code unitOffset} (a global or a file's static), its
     * location the definition's ({@code DW_OP_addr}: a link-time address); a unit that only declares it
     * ({@code extern}) gives its type and the address of its ELF symbol ({@code symbol}, null when none). Null when
     * the unit neither declares nor defines it.
     */
    public static Variable global(DwarfReader reader, long unitOffset, String name,
                                  java.util.function.Function<String, Long> symbol) {
        Dies unit = new Dies(reader, unitOffset);
        Scopes s = new Scopes(unit, 0);
        Die decl = null, def = null;
        for (Die k : unit.topLevel()) {
            if (k.tag() != TAG_VARIABLE) continue;
            Die named = k.name() != null ? k : s.origin(k);
            if (named == null || !name.equals(named.name())) continue;
            if (k.attr(AT_LOCATION) != null || k.attr(AT_CONST_VALUE) != null) def = k;
            else if (decl == null) decl = k;
        }
        Die d = def != null ? def : decl;
        if (d == null) return null;
        Die named = d.name() != null ? d : s.origin(d);
        Attr typeRef = d.attr(AT_TYPE) != null ? d.attr(AT_TYPE) : named.attr(AT_TYPE);
        DwarfType type = typeRef == null ? new DwarfType.Void() : s.type(typeRef.asLong(), 0);
        Location loc;
        if (def != null) {
            loc = s.location(def, null);
        } else {
            Long a = symbol.apply(name);
            loc = a == null ? new Location.Unavailable("declared here but defined in no symbol of the file")
                    : new Location.Memory(new Location.Expr.Addr(a));
        }
        return new Variable(name, false, type, loc);
    }

    /**
     * The return type of the function whose DIE is at {@code die} (its own {@code DW_AT_type}, else its abstract
     * origin's or declaration's); void when it has none.
     */
    public static DwarfType returns(DwarfReader reader, long unitOffset, long die) {
        Dies unit = new Dies(reader, unitOffset);
        Scopes s = new Scopes(unit, 0);
        Die d = unit.read(die, false);
        Die named = s.origin(d);
        Attr typeRef = d.attr(AT_TYPE) != null ? d.attr(AT_TYPE) : named == null ? null : named.attr(AT_TYPE);
        return typeRef == null ? new DwarfType.Void() : s.type(typeRef.asLong(), 0);
    }

    /**
     * The names of the file-scope variables the unit at {@code unitOffset} defines (true) or only declares (false).
     */
    public static Map<String, Boolean> globalNames(DwarfReader reader, long unitOffset) {
        Dies unit = new Dies(reader, unitOffset);
        Scopes s = new Scopes(unit, 0);
        Map<String, Boolean> out = new HashMap<>();
        for (Die k : unit.topLevel()) {
            if (k.tag() != TAG_VARIABLE) continue;
            Die named = k.name() != null ? k : s.origin(k);
            if (named == null || named.name() == null) continue;
            out.merge(named.name(), k.attr(AT_LOCATION) != null || k.attr(AT_CONST_VALUE) != null, Boolean::logicalOr);
        }
        return out;
    }

    private Variable variable(Die d, LocationExpr.Frame frame) {
        if (d.attr(AT_DECLARATION) != null) return null; // an extern declared inside a function
        Die named = origin(d);
        String name = d.name() != null ? d.name() : named == null ? null : named.name();
        if (name == null) return null;
        Attr typeRef = d.attr(AT_TYPE) != null ? d.attr(AT_TYPE) : named == null ? null : named.attr(AT_TYPE);
        DwarfType type = typeRef == null ? new DwarfType.Void() : type(typeRef.asLong(), 0);
        return new Variable(name, d.tag() == TAG_FORMAL_PARAMETER, type, location(d, frame));
    }

    /** The DIE an inlined copy's or concrete instance's variable takes its name and type from. */
    private Die origin(Die d) {
        Die o = d;
        for (int hops = 0; hops < 4; hops++) {
            Attr a = o.attr(AT_ABSTRACT_ORIGIN) != null ? o.attr(AT_ABSTRACT_ORIGIN) : o.attr(AT_SPECIFICATION);
            if (a == null || !unit.contains(a.asLong())) return o == d ? null : o;
            o = unit.read(a.asLong(), false);
            if (o.name() != null) return o;
        }
        return o;
    }

    private LocationExpr.Frame frame(Die root, CallFrames.Cfa fallback) {
        CallFrames.Cfa c = CallFrames.at(unit.s.frame(), pc);
        if (c == null) c = fallback;
        Location.Expr cfa = c == null ? null : LocationExpr.plus(new Location.Expr.Reg(c.reg()), c.offset());
        Location.Expr base = cfa;
        Attr fb = root.tag() == TAG_INLINED_SUBROUTINE ? null : root.attr(AT_FRAME_BASE);
        if (fb != null) {
            Location l = fb.isBlock() ? LocationExpr.compile((ByteBuffer) fb.value(), new LocationExpr.Frame(null, cfa))
                    : pick(fb, new LocationExpr.Frame(null, cfa));
            base = l instanceof Location.Memory m ? m.address()
                    : l instanceof Location.Register r ? new Location.Expr.Reg(r.reg())
                    : l instanceof Location.Value v ? v.value() : null;
        }
        return new LocationExpr.Frame(base, cfa);
    }

    private Location location(Die d, LocationExpr.Frame frame) {
        Attr loc = d.attr(AT_LOCATION);
        if (loc == null) {
            Attr cv = d.attr(AT_CONST_VALUE);
            if (cv != null && cv.value() instanceof Long v) return new Location.Constant(v);
            return new Location.Unavailable(OPTIMIZED_OUT);
        }
        if (loc.isBlock()) return LocationExpr.compile((ByteBuffer) loc.value(), frame);
        return pick(loc, frame);
    }

    /** The location-list entry of {@code list} (sec_offset or loclistx) that covers the address, compiled. */
    private Location pick(Attr list, LocationExpr.Frame frame) {
        ByteBuffer expr = unit.version >= 5 ? pickLoclists(list) : pickLoc(list.asLong());
        return expr == null ? new Location.Unavailable(NO_LOCATION)
                : LocationExpr.compile(expr, frame);
    }

    /** DWARF 5 {@code .debug_loclists}: the entry covering pc, or the default entry, or null. */
    private ByteBuffer pickLoclists(Attr list) {
        ByteBuffer sec = unit.s.loclists();
        if (sec == null) return null;
        long off = list.asLong();
        if (list.form() == 0x22) { // loclistx: an index into the offsets after the unit's base
            long base = unit.loclistsBase >= 0 ? unit.loclistsBase : 12;
            off = base + (unit.offSize == 8 ? sec.getLong((int) (base + off * 8))
                    : Integer.toUnsignedLong(sec.getInt((int) (base + off * 4))));
        }
        return pick(sec, off, unit.lowPc, pc, unit.addrSize, unit::addrx);
    }

    /**
     * Picks the entry of the DWARF 5 location list at {@code off} in {@code sec} whose range holds {@code pc}
     * (the default entry when none does), starting from base address {@code base}; null when neither exists.
     */
    static ByteBuffer pick(ByteBuffer sec, long off, long base, long pc, int addrSize,
                           java.util.function.LongUnaryOperator addrx) {
        ByteBuffer b = sec.duplicate().order(sec.order());
        b.position((int) off);
        ByteBuffer fallback = null;
        while (true) {
            int kind = Byte.toUnsignedInt(b.get());
            long lo, hi;
            switch (kind) {
                case 0 -> { return fallback; }                                   // end_of_list
                case 1 -> { base = addrx.applyAsLong(DwarfReader.uleb(b)); continue; } // base_addressx
                case 2 -> { lo = addrx.applyAsLong(DwarfReader.uleb(b)); hi = addrx.applyAsLong(DwarfReader.uleb(b)); }
                case 3 -> { lo = addrx.applyAsLong(DwarfReader.uleb(b)); hi = lo + DwarfReader.uleb(b); }
                case 4 -> { lo = base + DwarfReader.uleb(b); hi = base + DwarfReader.uleb(b); }
                case 5 -> { fallback = counted(b); continue; }                   // default_location
                case 6 -> { base = address(b, addrSize); continue; }             // base_address
                case 7 -> { lo = address(b, addrSize); hi = address(b, addrSize); }
                case 8 -> { lo = address(b, addrSize); hi = lo + DwarfReader.uleb(b); }
                default -> { return null; }
            }
            ByteBuffer e = counted(b);
            if (Long.compareUnsigned(pc, lo) >= 0 && Long.compareUnsigned(pc, hi) < 0) return e;
        }
    }

    /** DWARF 4 {@code .debug_loc}: (begin, end, 2-byte length, expression) entries relative to the base. */
    private ByteBuffer pickLoc(long off) {
        ByteBuffer sec = unit.s.loc();
        if (sec == null) return null;
        ByteBuffer b = sec.duplicate().order(sec.order());
        b.position((int) off);
        long base = unit.lowPc;
        long max = unit.addrSize == 8 ? -1L : 0xffffffffL;
        while (true) {
            long lo = address(b, unit.addrSize), hi = address(b, unit.addrSize);
            if (lo == 0 && hi == 0) return null;
            if (lo == max) {
                base = hi;
                continue;
            }
            int n = Short.toUnsignedInt(b.getShort());
            ByteBuffer e = b.slice(b.position(), n).order(b.order());
            b.position(b.position() + n);
            if (Long.compareUnsigned(pc, base + lo) >= 0 && Long.compareUnsigned(pc, base + hi) < 0) return e;
        }
    }

    private static ByteBuffer counted(ByteBuffer b) {
        int n = (int) DwarfReader.uleb(b);
        ByteBuffer e = b.slice(b.position(), n).order(b.order());
        b.position(b.position() + n);
        return e;
    }

    private static long address(ByteBuffer b, int addrSize) {
        return addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
    }

    /** Whether a lexical block's pcs (low/high or DW_AT_ranges) hold the address. */
    private boolean covers(Die d) {
        for (long[] r : ranges(unit, d)) {
            if (Long.compareUnsigned(pc, r[0]) >= 0 && Long.compareUnsigned(pc, r[1]) < 0) return true;
        }
        return false;
    }

    /**
     * The address ranges [low, high) of the function or inlined copy whose DIE is at {@code die} (its low/high pcs,
     * or every range of its DW_AT_ranges: an inlined copy often comes in pieces).
     */
    public static List<long[]> ranges(DwarfReader reader, long unitOffset, long die) {
        Dies unit = new Dies(reader, unitOffset);
        return ranges(unit, unit.read(die, false));
    }

    private static List<long[]> ranges(Dies unit, Die d) {
        Attr low = d.attr(AT_LOW_PC), high = d.attr(AT_HIGH_PC), ranges = d.attr(AT_RANGES);
        List<long[]> out = new ArrayList<>();
        if (low != null && high != null) {
            long lo = unit.address(low);
            out.add(new long[] {lo, high.isConstant() ? lo + high.asLong() : unit.address(high)});
            return out;
        }
        if (ranges == null) return out;
        try {
            if (unit.version >= 5) rnglist(unit, ranges, out); else rangeList(unit, ranges.asLong(), out);
        } catch (RuntimeException e) {
            // a damaged list: the ranges read so far
        }
        return out;
    }

    private static void rnglist(Dies unit, Attr ranges, List<long[]> out) {
        ByteBuffer sec = unit.s.rnglists();
        if (sec == null) return;
        long off = ranges.asLong();
        if (ranges.form() == 0x23) {
            long base = unit.rnglistsBase >= 0 ? unit.rnglistsBase : 12;
            off = base + (unit.offSize == 8 ? sec.getLong((int) (base + off * 8))
                    : Integer.toUnsignedLong(sec.getInt((int) (base + off * 4))));
        }
        ByteBuffer b = sec.duplicate().order(sec.order());
        b.position((int) off);
        long base = unit.lowPc;
        while (true) {
            int kind = Byte.toUnsignedInt(b.get());
            long lo, hi;
            switch (kind) {
                case 0 -> { return; }
                case 1 -> { base = unit.addrx(DwarfReader.uleb(b)); continue; }
                case 2 -> { lo = unit.addrx(DwarfReader.uleb(b)); hi = unit.addrx(DwarfReader.uleb(b)); }
                case 3 -> { lo = unit.addrx(DwarfReader.uleb(b)); hi = lo + DwarfReader.uleb(b); }
                case 4 -> { lo = base + DwarfReader.uleb(b); hi = base + DwarfReader.uleb(b); }
                case 5 -> { base = address(b, unit.addrSize); continue; }
                case 6 -> { lo = address(b, unit.addrSize); hi = address(b, unit.addrSize); }
                case 7 -> { lo = address(b, unit.addrSize); hi = lo + DwarfReader.uleb(b); }
                default -> { return; }
            }
            out.add(new long[] {lo, hi});
        }
    }

    private static void rangeList(Dies unit, long off, List<long[]> out) {
        ByteBuffer sec = unit.s.ranges();
        if (sec == null) return;
        ByteBuffer b = sec.duplicate().order(sec.order());
        b.position((int) off);
        long base = unit.lowPc, max = unit.addrSize == 8 ? -1L : 0xffffffffL;
        while (true) {
            long lo = address(b, unit.addrSize), hi = address(b, unit.addrSize);
            if (lo == 0 && hi == 0) return;
            if (lo == max) {
                base = hi;
                continue;
            }
            out.add(new long[] {base + lo, base + hi});
        }
    }

    // ---- types -------------------------------------------------------------------------------------------------

    private DwarfType type(long offset, int depth) {
        DwarfType t = types.get(offset);
        if (t != null) return t;
        if (depth > 16 || !unit.contains(offset)) return new DwarfType.Void();
        Die d = unit.read(offset, true);
        Attr next = d.attr(AT_TYPE);
        java.util.function.Supplier<DwarfType> target = () -> next == null ? new DwarfType.Void() : type(next.asLong(), depth + 1);
        String name = d.name() == null ? "" : d.name();
        long size = d.attr(AT_BYTE_SIZE) == null ? 0 : d.attr(AT_BYTE_SIZE).asLong();
        t = switch (d.tag()) {
            case 0x24 -> new DwarfType.Base(name, (int) size, d.attr(AT_ENCODING) == null ? 0 : (int) d.attr(AT_ENCODING).asLong());
            case 0x13 -> new DwarfType.Tagged("struct", name, size);
            case 0x17 -> new DwarfType.Tagged("union", name, size);
            case 0x04 -> new DwarfType.Tagged("enum", name, size);
            case 0x16 -> new DwarfType.Typedef(name, target.get());
            case 0x0f, 0x10, 0x42 -> new DwarfType.Pointer(target.get()); // pointer, reference, rvalue reference
            case 0x26 -> new DwarfType.Qualified("const", target.get());
            case 0x35 -> new DwarfType.Qualified("volatile", target.get());
            case 0x37 -> new DwarfType.Qualified("restrict", target.get());
            case 0x01 -> new DwarfType.Array(target.get(), count(d));
            case 0x15 -> {
                List<DwarfType> params = new ArrayList<>();
                boolean variadic = false;
                for (Die k : d.children()) {
                    if (k.tag() == TAG_FORMAL_PARAMETER && k.attr(AT_TYPE) != null) params.add(type(k.attr(AT_TYPE).asLong(), depth + 1));
                    else if (k.tag() == 0x18) variadic = true; // unspecified parameters
                }
                yield new DwarfType.Function(target.get(), params, variadic);
            }
            default -> next != null ? target.get() : new DwarfType.Void(); // atomic, type tags: what they wrap
        };
        types.put(offset, t);
        return t;
    }

    /** An array's element count from its first subrange (count, or upper bound + 1); 0 when unknown. */
    private static long count(Die array) {
        for (Die k : array.children()) {
            if (k.tag() != 0x21) continue;
            if (k.attr(AT_COUNT) != null) return k.attr(AT_COUNT).asLong();
            if (k.attr(AT_UPPER_BOUND) != null && k.attr(AT_UPPER_BOUND).value() instanceof Long ub) return ub + 1;
            return 0;
        }
        return 0;
    }
}
