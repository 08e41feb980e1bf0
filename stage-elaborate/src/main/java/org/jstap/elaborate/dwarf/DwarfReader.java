package org.jstap.elaborate.dwarf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jstap.elaborate.probes.ElfImage;

/**
 * The little of DWARF (versions 4 and 5, as gcc emits them) that source-file and line probes need: each compile
 * unit's name and line-program file table, each subprogram's name, declaring file and line and address range
 * ({@link #read}), and a unit's line table on demand ({@link #lines}). Type and location information is skipped;
 * BTF stays the type reader. The sections of a linked file hold final values (a vmlinux keeps its relocations as
 * extra sections only), so no relocation is applied.
 */
public final class DwarfReader {
    /** A compile unit: its name ("fs/open.c"), its line program's offset and file table (index as decl_file uses). */
    public record Unit(String name, String compDir, long stmtList, int version, List<String> files, long offset) {}

    /** An out-of-line function: {@code file} is its declaring file as the line table names it; pcs 0 when absent. */
    public record Function(String name, int unit, String file, int line, long lowPc, long highPc, long die) {}

    /**
     * An inlined copy of a function ({@code DW_TAG_inlined_subroutine}): the inlined function's name, declaring file
     * and line (from its abstract origin), its entry address, and the out-of-line function it was inlined into
     * ({@code caller}, whose entry is {@code callerLowPc}): a kprobe goes to {@code caller + (entryPc - callerLowPc)}.
     */
    public record Inline(String name, int unit, String file, int line, long entryPc, String caller, long callerLowPc,
                         long die) {}

    /** One row of a line table. */
    public record Row(long address, int file, int line, boolean stmt, boolean endSequence) {}

    private final ByteBuffer info, abbrev, str, lineStr, line, strOffsets, addr, ranges, rnglists, loclists, loc, frame;
    private final List<Unit> units = new ArrayList<>();
    private final List<Function> functions = new ArrayList<>();
    private final List<Inline> inlines = new ArrayList<>();
    private final Map<Long, Map<Integer, Abbrev>> abbrevs = new HashMap<>();

    private DwarfReader(ByteBuffer elf) throws IOException {
        info = view(elf, ".debug_info");
        abbrev = view(elf, ".debug_abbrev");
        if (info == null || abbrev == null) throw new IOException("no DWARF (.debug_info, .debug_abbrev)");
        str = view(elf, ".debug_str");
        lineStr = view(elf, ".debug_line_str");
        line = view(elf, ".debug_line");
        strOffsets = view(elf, ".debug_str_offsets");
        addr = view(elf, ".debug_addr");
        ranges = view(elf, ".debug_ranges");
        rnglists = view(elf, ".debug_rnglists");
        loclists = view(elf, ".debug_loclists");
        loc = view(elf, ".debug_loc");
        frame = view(elf, ".debug_frame");
    }

    /** The sections {@link Scopes} reads variables, types and locations from (null: absent). */
    record Sections(ByteBuffer info, ByteBuffer str, ByteBuffer lineStr, ByteBuffer strOffsets, ByteBuffer addr,
                    ByteBuffer ranges, ByteBuffer rnglists, ByteBuffer loclists, ByteBuffer loc, ByteBuffer frame) {}

    Sections sections() {
        return new Sections(info, str, lineStr, strOffsets, addr, ranges, rnglists, loclists, loc, frame);
    }

    /**
     * A section's bytes as a view of the mapped file (no copy: a vmlinux's .debug_info is 160 MB), or null. In a
     * relocatable file (a kernel module's debug file) the section is copied and its {@code .rela} section applied:
     * string offsets and addresses are relocations there (addresses then count from their own section's start).
     */
    private static ByteBuffer view(ByteBuffer elf, String name) throws IOException {
        ElfImage.Section s = ElfImage.section(elf, name);
        if (s == null || s.type() == 8 /* SHT_NOBITS */) return null;
        if (s.offset() < 0 || s.size() < 0 || s.offset() + s.size() > elf.limit() || s.size() > Integer.MAX_VALUE)
            throw new IOException("section " + name + " lies outside the file");
        ByteBuffer v = elf.slice((int) s.offset(), (int) s.size()).order(elf.order());
        if (elf.getShort(16) != 1 /* ET_REL */) return v;
        ElfImage.Section rela = ElfImage.section(elf, ".rela" + name), symtab = ElfImage.section(elf, ".symtab");
        if (rela == null || symtab == null) return v;
        ByteBuffer copy = ByteBuffer.allocate(v.limit()).order(elf.order());
        copy.put(v).flip();
        for (long r = rela.offset(); r + 24 <= rela.offset() + rela.size(); r += 24) {
            long off = elf.getLong((int) r), info = elf.getLong((int) r + 8), addend = elf.getLong((int) r + 16);
            long sym = info >>> 32;
            int type = (int) info;
            long value = elf.getLong((int) (symtab.offset() + sym * 24 + 8)) + addend;
            if (off < 0 || off >= copy.limit()) continue;
            if (type == 1 /* R_X86_64_64 */ && off + 8 <= copy.limit()) copy.putLong((int) off, value);
            else if ((type == 10 || type == 11) /* R_X86_64_32, 32S */ && off + 4 <= copy.limit()) copy.putInt((int) off, (int) value);
        }
        return copy.asReadOnlyBuffer().order(elf.order());
    }

    /** Reads every compile unit and subprogram of an ELF file with DWARF. */
    public static DwarfReader read(Path file) throws IOException {
        ByteBuffer elf = ElfImage.map(file);
        DwarfReader r = new DwarfReader(elf);
        try {
            r.readUnits();
            r.dropDiscarded(elf);
            r.callerSymbols(elf);
        } catch (RuntimeException e) { // an index past a section's end: a file this reader does not understand
            throw new IOException("malformed DWARF in " + file + ": " + e, e);
        }
        return r;
    }

    /**
     * Like {@link #read}, with the units and functions from an earlier read ({@link DwarfCache}): only the line
     * tables are read from the file, on demand.
     */
    static DwarfReader withIndex(Path file, List<Unit> units, List<Function> functions, List<Inline> inlines)
            throws IOException {
        DwarfReader r = new DwarfReader(ElfImage.map(file));
        r.units.addAll(units);
        r.functions.addAll(functions);
        r.inlines.addAll(inlines);
        return r;
    }

    /**
     * Leaves out the functions and inlined copies in a linked file's {@code .init.text} / {@code .exit.text}: freed
     * after boot, no probe can go there (stap 4.8 lists none of them either). A relocatable file keeps them: its
     * addresses count from each section and cannot say which one.
     */
    private void dropDiscarded(ByteBuffer elf) {
        if (elf.getShort(16) == 1 /* ET_REL */) return;
        List<long[]> gone = new ArrayList<>();
        for (String n : List.of(".init.text", ".exit.text")) {
            ElfImage.Section s = ElfImage.section(elf, n);
            if (s != null && s.addr() != 0) gone.add(new long[] {s.addr(), s.addr() + s.size()});
        }
        if (gone.isEmpty()) return;
        java.util.function.LongPredicate in = a -> {
            for (long[] g : gone) if (Long.compareUnsigned(a, g[0]) >= 0 && Long.compareUnsigned(a, g[1]) < 0) return true;
            return false;
        };
        functions.removeIf(f -> in.test(f.lowPc()));
        inlines.removeIf(f -> in.test(f.entryPc()));
    }

    /**
     * Names each inlined copy's caller by the ELF symbol at its entry: gcc's clones ({@code m_next.isra.0},
     * {@code .constprop.0}) carry the original name in DWARF, and a kprobe by that name would go elsewhere or not
     * load. A caller whose name several functions share (static {@code m_next} of four files) cannot be named: the
     * copy is then placed from {@code _stext}, which KASLR moves with the rest of the kernel text. A copy whose
     * caller has no symbol there is left out. A relocatable file (symbol values count from each section) keeps the
     * DWARF names.
     */
    private void callerSymbols(ByteBuffer elf) {
        if (elf.getShort(16) == 1 /* ET_REL */ || inlines.isEmpty()) return;
        java.util.Set<Long> wanted = new java.util.HashSet<>();
        for (Inline i : inlines) wanted.add(i.callerLowPc());
        Map<Long, String> at = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        ElfImage.functionSymbols(elf, (nameAt, info, value, size) -> {
            String n = ElfImage.cstring(elf, nameAt, StandardCharsets.ISO_8859_1);
            count.merge(n, 1, Integer::sum);
            if (wanted.contains(value)) at.merge(value, n, (a, b) -> a.contains(".") ? b : a); // prefer a plain name
        });
        if (at.isEmpty()) return; // no symbol table: keep what DWARF says
        Long stext = ElfImage.symbolValue(elf, "_stext");
        List<Inline> named = new ArrayList<>();
        for (Inline i : inlines) {
            String sym = at.get(i.callerLowPc());
            if (sym == null) continue;
            if (count.getOrDefault(sym, 0) == 1) {
                named.add(new Inline(i.name(), i.unit(), i.file(), i.line(), i.entryPc(), sym, i.callerLowPc(), i.die()));
            } else if (stext != null && Long.compareUnsigned(i.entryPc(), stext) >= 0) {
                named.add(new Inline(i.name(), i.unit(), i.file(), i.line(), i.entryPc(), "_stext", stext, i.die()));
            }
        }
        inlines.clear();
        inlines.addAll(named);
    }

    public List<Unit> units() {
        return units;
    }

    public List<Function> functions() {
        return functions;
    }

    public List<Inline> inlines() {
        return inlines;
    }

    // ---- .debug_info ----------------------------------------------------------------------------------------------

    record Abbrev(int tag, boolean children, int[] attrs, int[] forms, long[] consts) {}

    /** What one DIE carried of interest; offsets of strings and addresses resolved once the unit's bases are known. */
    private static final class Die {
        int tag;
        long offset;          // in .debug_info
        String name;
        long strx = -1, lowAddrx = -1;
        long lowPc, highPc;
        boolean highIsOffset, hasLow, declaration;
        int declFile = -1, declLine;
        long origin = -1;     // DW_AT_abstract_origin / DW_AT_specification, absolute .debug_info offset
        long entryPc, entryAddrx = -1;
        boolean hasEntry, entryIsOffset;
        Die caller;           // an inlined copy's enclosing out-of-line subprogram
        long ranges = -1, rnglistsBase = -1; // DW_AT_ranges (an offset, or an index with rnglistx)
        boolean rangesIsIndex;
        String compDir;
        long stmtList = -1;
        long strOffsetsBase = -1, addrBase = -1;
    }

    private static final int TAG_COMPILE_UNIT = 0x11, TAG_PARTIAL_UNIT = 0x3c, TAG_SUBPROGRAM = 0x2e,
            TAG_INLINED_SUBROUTINE = 0x1d;
    private static final int AT_NAME = 0x03, AT_STMT_LIST = 0x10, AT_LOW_PC = 0x11, AT_HIGH_PC = 0x12,
            AT_COMP_DIR = 0x1b, AT_ABSTRACT_ORIGIN = 0x31, AT_DECL_FILE = 0x3a, AT_DECL_LINE = 0x3b,
            AT_DECLARATION = 0x3c, AT_SPECIFICATION = 0x47, AT_ENTRY_PC = 0x52, AT_STR_OFFSETS_BASE = 0x72, AT_ADDR_BASE = 0x73,
            AT_RANGES = 0x55, AT_RNGLISTS_BASE = 0x74;

    /** A unit's initial length: 32 bits, or 0xffffffff and 64 bits in the 64-bit format (whose offsets are 8 bytes). */
    private record UnitLength(long length, int offSize) {
        static UnitLength read(ByteBuffer b) {
            long len = Integer.toUnsignedLong(b.getInt());
            return len == 0xffffffffL ? new UnitLength(b.getLong(), 8) : new UnitLength(len, 4);
        }
    }

    /** A section offset in the unit's format (4 or 8 bytes). */
    private static long offset(ByteBuffer b, int offSize) {
        return offSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
    }

    private void readUnits() {
        ByteBuffer b = info.duplicate().order(info.order());
        int pos = 0;
        while (pos + 11 <= b.limit()) {
            b.position(pos);
            UnitLength ul = UnitLength.read(b);
            int offSize = ul.offSize();
            int end = (int) (b.position() + ul.length());
            int version = Short.toUnsignedInt(b.getShort());
            long abbrevOff;
            int addrSize;
            int unitType = 1;
            if (version >= 5) {
                unitType = Byte.toUnsignedInt(b.get());
                addrSize = Byte.toUnsignedInt(b.get());
                abbrevOff = offset(b, offSize);
                if (unitType == 2 || unitType == 6) b.position(b.position() + 8 + offSize); // type units
                else if (unitType == 4 || unitType == 5) b.position(b.position() + 8);     // dwo id
            } else {
                abbrevOff = offset(b, offSize);
                addrSize = Byte.toUnsignedInt(b.get());
            }
            if (version >= 2 && version <= 5 && (unitType == 1 || unitType == 3)) {
                readUnit(b, end, pos, version, offSize, addrSize, abbrevs(abbrevOff));
            }
            pos = end;
        }
    }

    private void readUnit(ByteBuffer b, int end, int unitStart, int version, int offSize, int addrSize,
                          Map<Integer, Abbrev> table) {
        List<Die> subprograms = new ArrayList<>(), inlined = new ArrayList<>();
        Map<Long, Die> byOffset = new HashMap<>();
        Die cu = null;
        Die[] open = new Die[32]; // the DIEs whose children are being read (null: one not kept), innermost last
        int depth = 0;
        while (b.position() < end) {
            long at = b.position();
            int code = (int) uleb(b);
            if (code == 0) {
                if (depth > 0) depth--;
                continue;
            }
            Abbrev a = table.get(code);
            if (a == null) throw new IllegalStateException("unknown abbreviation " + code + " at 0x" + Long.toHexString(at));
            boolean keep = a.tag == TAG_SUBPROGRAM || a.tag == TAG_COMPILE_UNIT || a.tag == TAG_PARTIAL_UNIT
                    || a.tag == TAG_INLINED_SUBROUTINE;
            Die d = keep ? new Die() : null;
            if (d != null) {
                d.tag = a.tag;
                d.offset = at;
            }
            for (int i = 0; i < a.attrs.length; i++) attribute(b, a.attrs[i], a.forms[i], a.consts[i], d, unitStart,
                    version, offSize, addrSize);
            if (a.children) {
                if (depth == open.length) open = java.util.Arrays.copyOf(open, depth * 2);
                open[depth++] = d;
            }
            if (d == null) continue;
            if (d.tag == TAG_SUBPROGRAM) {
                subprograms.add(d);
                byOffset.put(at, d);
            } else if (d.tag == TAG_INLINED_SUBROUTINE) {
                // its caller: the innermost enclosing subprogram (lexical blocks and inlined copies lie between)
                for (int k = depth - (a.children ? 2 : 1); k >= 0 && d.caller == null; k--) {
                    if (open[k] != null && open[k].tag == TAG_SUBPROGRAM) d.caller = open[k];
                }
                inlined.add(d);
            } else if (cu == null) {
                cu = d;
            }
        }
        if (cu == null) return;
        addresses(cu, cu, addrSize);
        String cuName = cu.name != null ? cu.name : cu.strx >= 0 ? strx(cu.strx, cu.strOffsetsBase, offSize) : "";
        List<String> files = cu.stmtList >= 0 && line != null ? fileTable(cu.stmtList, cuName, cu.compDir) : List.of();
        int unit = units.size();
        units.add(new Unit(cuName, cu.compDir, cu.stmtList, version, files, unitStart));
        for (Die d : subprograms) {
            if (d.declaration) continue;
            if (d.name == null && d.strx >= 0) d.name = strx(d.strx, cu.strOffsetsBase, offSize);
            addresses(d, cu, addrSize);
            if (!d.hasLow && d.ranges >= 0) firstRange(d, cu, version, addrSize, offSize);
        }
        Map<Die, String> names = new HashMap<>();
        for (Die d : subprograms) {
            if (d.declaration || !d.hasLow) continue; // out-of-line instances only: they have an address
            Function f = function(d, unit, files, byOffset, cu, offSize);
            if (f == null) continue;
            names.put(d, f.name());
            functions.add(f);
        }
        for (Die d : inlined) {
            addresses(d, cu, addrSize);
            if (!d.hasLow && d.ranges >= 0) firstRange(d, cu, version, addrSize, offSize);
            long entry = d.hasEntry ? (d.entryIsOffset ? d.lowPc + d.entryPc : d.entryPc) : d.lowPc;
            if (!d.hasEntry && !d.hasLow) continue; // only DW_AT_ranges: no entry to probe
            if (d.entryIsOffset && !d.hasLow) continue;
            String caller = d.caller == null ? null : names.get(d.caller);
            if (caller == null) continue;           // inside an inlined-only or unnamed function: no symbol
            Function f = function(d, unit, files, byOffset, cu, offSize);
            if (f == null) continue;
            inlines.add(new Inline(f.name(), unit, f.file(), f.line(), entry, caller, d.caller.lowPc, d.offset));
        }
    }

    /**
     * A DIE with DW_AT_ranges (a function split into hot and cold parts, an inlined copy in pieces): its first
     * range, where gcc puts the entry, as its low and high pc. Left without a low pc when the list cannot be read.
     */
    private void firstRange(Die d, Die cu, int version, int addrSize, int offSize) {
        try {
            long base = cu.hasLow ? cu.lowPc : 0;
            if (version < 5) {
                if (ranges == null) return;
                ByteBuffer b = ranges.duplicate().order(ranges.order());
                b.position((int) d.ranges);
                while (true) {
                    long lo = addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
                    long hi = addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
                    if (lo == 0 && hi == 0) return;
                    if (lo == (addrSize == 8 ? -1L : 0xffffffffL)) { base = hi; continue; }
                    setRange(d, base + lo, base + hi);
                    return;
                }
            }
            if (rnglists == null) return;
            long off = d.ranges;
            if (d.rangesIsIndex) {
                long rb = cu.rnglistsBase >= 0 ? cu.rnglistsBase : 12;
                off = rb + (offSize == 8 ? rnglists.getLong((int) (rb + d.ranges * 8))
                        : Integer.toUnsignedLong(rnglists.getInt((int) (rb + d.ranges * 4))));
            }
            ByteBuffer b = rnglists.duplicate().order(rnglists.order());
            b.position((int) off);
            while (true) {
                int kind = Byte.toUnsignedInt(b.get());
                switch (kind) {
                    case 0 -> { return; }
                    case 1 -> base = addrx(uleb(b), cu.addrBase, addrSize);
                    case 2 -> { setRange(d, addrx(uleb(b), cu.addrBase, addrSize), addrx(uleb(b), cu.addrBase, addrSize)); return; }
                    case 3 -> { long lo = addrx(uleb(b), cu.addrBase, addrSize); setRange(d, lo, lo + uleb(b)); return; }
                    case 4 -> { long lo = base + uleb(b); setRange(d, lo, base + uleb(b)); return; }
                    case 5 -> base = addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
                    case 6 -> {
                        long lo = addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
                        setRange(d, lo, addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt()));
                        return;
                    }
                    case 7 -> { long lo = addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt()); setRange(d, lo, lo + uleb(b)); return; }
                    default -> { return; }
                }
            }
        } catch (RuntimeException e) { // a list past its section: the DIE stays without an address
        }
    }

    private static void setRange(Die d, long lo, long hi) {
        d.lowPc = lo;
        d.highPc = hi;
        d.highIsOffset = false;
        d.hasLow = true;
    }

    /** A DIE's addrx low_pc / entry_pc resolved through the unit's .debug_addr base. */
    private void addresses(Die d, Die cu, int addrSize) {
        if (d.lowAddrx >= 0) {
            d.lowPc = addrx(d.lowAddrx, cu.addrBase, addrSize);
            d.hasLow = true;
        }
        if (d.entryAddrx >= 0) {
            d.entryPc = addrx(d.entryAddrx, cu.addrBase, addrSize);
            d.hasEntry = true;
        }
    }

    /** A concrete subprogram or inlined copy with its name, file and line followed through its origins; or null. */
    private Function function(Die d, int unit, List<String> files, Map<Long, Die> byOffset, Die cu, int offSize) {
        {
            String name = d.name;
            int file = d.declFile, ln = d.declLine;
            Die o = d;
            for (int hops = 0; (name == null || file < 0) && o.origin >= 0 && hops < 4; hops++) {
                o = byOffset.get(o.origin);
                if (o == null) break;
                if (name == null) name = o.name != null ? o.name : o.strx >= 0 ? strx(o.strx, cu.strOffsetsBase, offSize) : null;
                if (file < 0) {
                    file = o.declFile;
                    ln = o.declLine;
                }
            }
            if (name == null) return null;
            String f = file >= 0 && file < files.size() ? files.get(file) : "";
            long high = d.highIsOffset ? d.lowPc + d.highPc : d.highPc;
            return new Function(name, unit, f, ln, d.lowPc, high, d.offset);
        }
    }

    private void attribute(ByteBuffer b, int at, int form, long implicitConst, Die d, int unitStart, int version,
                           int offSize, int addrSize) {
        long v;
        switch (form) {
            case 0x01 -> v = addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());     // addr
            case 0x03 -> { skip(b, Short.toUnsignedInt(b.getShort())); return; }                 // block2
            case 0x04 -> { skip(b, b.getInt()); return; }                                        // block4
            case 0x05 -> v = Short.toUnsignedInt(b.getShort());                                  // data2
            case 0x06 -> v = Integer.toUnsignedLong(b.getInt());                                 // data4
            case 0x07 -> v = b.getLong();                                                        // data8
            case 0x08 -> {                                                                       // string
                String s = cstring(b);
                if (d != null && at == AT_NAME) d.name = s;
                else if (d != null && at == AT_COMP_DIR) d.compDir = s;
                return;
            }
            case 0x09, 0x18 -> { skip(b, (int) uleb(b)); return; }                               // block, exprloc
            case 0x0a -> { skip(b, Byte.toUnsignedInt(b.get())); return; }                       // block1
            case 0x0b -> v = Byte.toUnsignedInt(b.get());                                        // data1
            case 0x0c -> v = Byte.toUnsignedInt(b.get());                                        // flag
            case 0x0d -> v = sleb(b);                                                            // sdata
            case 0x0e, 0x1f -> {                                                                 // strp, line_strp
                long off = offset(b, offSize);
                if (d != null && (at == AT_NAME || at == AT_COMP_DIR)) {
                    String s = cstring(form == 0x0e ? str : lineStr, off);
                    if (at == AT_NAME) d.name = s;
                    else d.compDir = s;
                }
                return;
            }
            case 0x0f, 0x15 -> v = uleb(b);                                                     // udata, ref_udata
            case 0x10 -> v = version <= 2 ? (addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt()))
                    : offset(b, offSize);              // ref_addr
            case 0x11 -> v = Byte.toUnsignedInt(b.get()) + (long) unitStart;                      // ref1
            case 0x12 -> v = Short.toUnsignedInt(b.getShort()) + (long) unitStart;                // ref2
            case 0x13 -> v = Integer.toUnsignedLong(b.getInt()) + unitStart;                      // ref4
            case 0x14 -> v = b.getLong() + unitStart;                                            // ref8
            case 0x16 -> { attribute(b, at, (int) uleb(b), 0, d, unitStart, version, offSize, addrSize); return; }
            case 0x17 -> v = offset(b, offSize);     // sec_offset
            case 0x19 -> v = 1;                                                                  // flag_present
            case 0x1a, 0x22, 0x23 -> v = uleb(b);                                               // strx, loclistx, rnglistx
            case 0x1b -> v = uleb(b);                                                            // addrx
            case 0x1c -> v = Integer.toUnsignedLong(b.getInt());                                 // ref_sup4
            case 0x1d -> v = offset(b, offSize);     // strp_sup
            case 0x1e -> { skip(b, 16); return; }                                                // data16
            case 0x20, 0x24 -> v = b.getLong();                                                  // ref_sig8, ref_sup8
            case 0x21 -> v = implicitConst;                                                      // implicit_const
            case 0x25, 0x29 -> v = Byte.toUnsignedInt(b.get());                                  // strx1, addrx1
            case 0x26, 0x2a -> v = Short.toUnsignedInt(b.getShort());                            // strx2, addrx2
            case 0x27, 0x2b -> v = Byte.toUnsignedInt(b.get()) | (Short.toUnsignedInt(b.getShort()) << 8); // x3
            case 0x28, 0x2c -> v = Integer.toUnsignedLong(b.getInt());                           // strx4, addrx4
            default -> throw new IllegalStateException("unknown DWARF form 0x" + Integer.toHexString(form));
        }
        if (d == null) return;
        boolean strxForm = form == 0x1a || (form >= 0x25 && form <= 0x28);
        boolean addrxForm = form == 0x1b || (form >= 0x29 && form <= 0x2c);
        switch (at) {
            case AT_NAME -> { if (strxForm) d.strx = v; }
            case AT_COMP_DIR -> { /* strx comp_dir: only split units use it */ }
            case AT_STMT_LIST -> d.stmtList = v;
            case AT_LOW_PC -> {
                if (addrxForm) d.lowAddrx = v;
                else {
                    d.lowPc = v;
                    d.hasLow = true;
                }
            }
            case AT_HIGH_PC -> {
                d.highPc = v;
                d.highIsOffset = form != 0x01 && !addrxForm;
            }
            case AT_ENTRY_PC -> {
                if (addrxForm) d.entryAddrx = v;
                else {
                    d.entryPc = v;
                    d.hasEntry = true;
                    d.entryIsOffset = form != 0x01; // DWARF 5: a constant is an offset from low_pc
                }
            }
            case AT_DECL_FILE -> d.declFile = (int) v;
            case AT_DECL_LINE -> d.declLine = (int) v;
            case AT_DECLARATION -> d.declaration = v != 0;
            case AT_ABSTRACT_ORIGIN, AT_SPECIFICATION -> d.origin = v;
            case AT_STR_OFFSETS_BASE -> d.strOffsetsBase = v;
            case AT_ADDR_BASE -> d.addrBase = v;
            case AT_RANGES -> {
                d.ranges = v;
                d.rangesIsIndex = form == 0x23;
            }
            case AT_RNGLISTS_BASE -> d.rnglistsBase = v;
            default -> { }
        }
    }

    synchronized Map<Integer, Abbrev> abbrevs(long offset) {
        return abbrevs.computeIfAbsent(offset, off -> {
            ByteBuffer b = abbrev.duplicate().order(abbrev.order());
            b.position((int) (long) off);
            Map<Integer, Abbrev> m = new HashMap<>();
            while (true) {
                int code = (int) uleb(b);
                if (code == 0) break;
                int tag = (int) uleb(b);
                boolean children = b.get() != 0;
                List<long[]> specs = new ArrayList<>();
                while (true) {
                    int at = (int) uleb(b), form = (int) uleb(b);
                    long c = form == 0x21 ? sleb(b) : 0;
                    if (at == 0 && form == 0) break;
                    specs.add(new long[] {at, form, c});
                }
                int[] ats = new int[specs.size()], forms = new int[specs.size()];
                long[] consts = new long[specs.size()];
                for (int i = 0; i < specs.size(); i++) {
                    ats[i] = (int) specs.get(i)[0];
                    forms[i] = (int) specs.get(i)[1];
                    consts[i] = specs.get(i)[2];
                }
                m.put(code, new Abbrev(tag, children, ats, forms, consts));
            }
            return m;
        });
    }

    private String strx(long index, long base, int offSize) {
        if (strOffsets == null) return null;
        long b = base >= 0 ? base : 8; // a v5 header precedes the first unit's offsets
        long at = b + index * offSize;
        long off = offSize == 8 ? strOffsets.getLong((int) at) : Integer.toUnsignedLong(strOffsets.getInt((int) at));
        return cstring(str, off);
    }

    private long addrx(long index, long base, int addrSize) {
        if (addr == null) return 0;
        long at = (base >= 0 ? base : 8) + index * addrSize;
        return addrSize == 8 ? addr.getLong((int) at) : Integer.toUnsignedLong(addr.getInt((int) at));
    }

    // ---- .debug_line ----------------------------------------------------------------------------------------------

    /** The header of the line program at {@code offset}, and where its opcodes start and end. */
    private record LineHeader(int version, int addrSize, int minInst, boolean defaultStmt, int lineBase, int lineRange,
                              int opcodeBase, int[] opLengths, List<String> files, int programStart, int end) {}

    private List<String> fileTable(long offset, String cuName, String compDir) {
        try {
            return lineHeader(offset, cuName).files();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private LineHeader lineHeader(long offset, String cuName) {
        ByteBuffer b = line.duplicate().order(line.order());
        b.position((int) offset);
        UnitLength ul = UnitLength.read(b);
        int offSize = ul.offSize();
        int end = (int) (b.position() + ul.length());
        int version = Short.toUnsignedInt(b.getShort());
        int addrSize = 8;
        if (version >= 5) {
            addrSize = Byte.toUnsignedInt(b.get());
            b.get(); // segment selector size
        }
        long headerLen = offset(b, offSize);
        int programStart = (int) (b.position() + headerLen);
        int minInst = Byte.toUnsignedInt(b.get());
        if (version >= 4) b.get(); // maximum operations per instruction (1 on x86)
        boolean defaultStmt = b.get() != 0;
        int lineBase = b.get();
        int lineRange = Byte.toUnsignedInt(b.get());
        int opcodeBase = Byte.toUnsignedInt(b.get());
        int[] opLengths = new int[opcodeBase];
        for (int i = 1; i < opcodeBase; i++) opLengths[i] = Byte.toUnsignedInt(b.get());
        List<String> files = new ArrayList<>();
        if (version >= 5) {
            List<String> dirs = entries(b, offSize, null);
            files = entries(b, offSize, dirs);
        } else {
            List<String> dirs = new ArrayList<>();
            dirs.add("");
            for (String d = cstring(b); !d.isEmpty(); d = cstring(b)) dirs.add(d);
            files.add(cuName); // file 0 is not used before v5; decl_file counts from 1
            for (String f = cstring(b); !f.isEmpty(); f = cstring(b)) {
                int dir = (int) uleb(b);
                uleb(b);
                uleb(b);
                files.add(join(dir < dirs.size() ? dirs.get(dir) : "", f));
            }
        }
        return new LineHeader(version, addrSize, minInst, defaultStmt, lineBase, lineRange, opcodeBase, opLengths,
                files, programStart, end);
    }

    /** A v5 directory or file-name table; files are joined with their directory (index 0 stays bare). */
    private List<String> entries(ByteBuffer b, int offSize, List<String> dirs) {
        int nformats = Byte.toUnsignedInt(b.get());
        int[][] fmt = new int[nformats][2];
        for (int i = 0; i < nformats; i++) {
            fmt[i][0] = (int) uleb(b);
            fmt[i][1] = (int) uleb(b);
        }
        long count = uleb(b);
        List<String> out = new ArrayList<>();
        for (long n = 0; n < count; n++) {
            String path = "";
            int dir = 0;
            for (int[] f : fmt) {
                long v = 0;
                String s = null;
                switch (f[1]) {
                    case 0x08 -> s = cstring(b);
                    case 0x0e -> s = cstring(str, offset(b, offSize));
                    case 0x1f -> s = cstring(lineStr, offset(b, offSize));
                    case 0x0b -> v = Byte.toUnsignedInt(b.get());
                    case 0x05 -> v = Short.toUnsignedInt(b.getShort());
                    case 0x0f -> v = uleb(b);
                    case 0x1e -> skip(b, 16);
                    case 0x09 -> skip(b, (int) uleb(b));
                    case 0x06 -> v = Integer.toUnsignedLong(b.getInt());
                    case 0x07 -> v = b.getLong();
                    default -> throw new IllegalStateException("unknown line table form 0x" + Integer.toHexString(f[1]));
                }
                if (f[0] == 1 && s != null) path = s;           // DW_LNCT_path
                else if (f[0] == 2) dir = (int) v;              // DW_LNCT_directory_index
            }
            out.add(dirs == null ? path : join(dir == 0 || dir >= dirs.size() ? "" : dirs.get(dir), path));
        }
        return out;
    }

    /** {@code dir/name}, without a leading "./"; an absolute name stays as it is. */
    private static String join(String dir, String name) {
        String p = name.startsWith("/") || dir.isEmpty() ? name : dir + "/" + name;
        while (p.startsWith("./")) p = p.substring(2);
        return p.replace("/./", "/");
    }

    /** The line table of a unit (every row of every sequence, in program order). */
    public List<Row> lines(Unit u) {
        if (u.stmtList() < 0 || line == null) return List.of();
        LineHeader h = lineHeader(u.stmtList(), u.name());
        ByteBuffer b = line.duplicate().order(line.order());
        b.position(h.programStart());
        List<Row> rows = new ArrayList<>();
        long address = 0;
        int file = 1, ln = 1;
        boolean stmt = h.defaultStmt();
        while (b.position() < h.end()) {
            int op = Byte.toUnsignedInt(b.get());
            if (op >= h.opcodeBase()) {
                int adj = op - h.opcodeBase();
                address += (long) (adj / h.lineRange()) * h.minInst();
                ln += h.lineBase() + adj % h.lineRange();
                rows.add(new Row(address, file, ln, stmt, false));
                continue;
            }
            switch (op) {
                case 0 -> {
                    int len = (int) uleb(b);
                    int next = b.position() + len;
                    int sub = len > 0 ? Byte.toUnsignedInt(b.get()) : 0;
                    if (sub == 1) {
                        rows.add(new Row(address, file, ln, stmt, true));
                        address = 0;
                        file = 1;
                        ln = 1;
                        stmt = h.defaultStmt();
                    } else if (sub == 2) {
                        address = len - 1 == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
                    }
                    b.position(next);
                }
                case 1 -> rows.add(new Row(address, file, ln, stmt, false));
                case 2 -> address += uleb(b) * h.minInst();
                case 3 -> ln += (int) sleb(b);
                case 4 -> file = (int) uleb(b);
                case 5 -> uleb(b);
                case 6 -> stmt = !stmt;
                case 7, 10, 11 -> { }
                case 8 -> address += (long) ((255 - h.opcodeBase()) / h.lineRange()) * h.minInst();
                case 9 -> address += Short.toUnsignedInt(b.getShort());
                case 12 -> uleb(b);
                default -> { for (int i = 0; i < h.opLengths()[op]; i++) uleb(b); }
            }
        }
        return rows;
    }

    /** File {@code index} of a unit's line table ("" when out of range). */
    public static String file(Unit u, int index) {
        return index >= 0 && index < u.files().size() ? u.files().get(index) : "";
    }

    // ---- primitives -----------------------------------------------------------------------------------------------

    static long uleb(ByteBuffer b) {
        long r = 0;
        int shift = 0;
        while (true) {
            int x = b.get();
            if (shift < 64) r |= (long) (x & 0x7f) << shift;
            shift += 7;
            if ((x & 0x80) == 0) return r;
        }
    }

    static long sleb(ByteBuffer b) {
        long r = 0;
        int shift = 0, x;
        do {
            x = b.get();
            if (shift < 64) r |= (long) (x & 0x7f) << shift;
            shift += 7;
        } while ((x & 0x80) != 0);
        if (shift < 64 && (x & 0x40) != 0) r |= -1L << shift;
        return r;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    static String cstring(ByteBuffer b) {
        int s = b.position(), e = s;
        while (b.get(e) != 0) e++;
        byte[] bytes = new byte[e - s];
        b.get(bytes);
        b.get();
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String cstring(ByteBuffer sec, long off) {
        if (sec == null || off < 0 || off >= sec.limit()) return "";
        int s = (int) off, e = s;
        while (e < sec.limit() && sec.get(e) != 0) e++;
        byte[] bytes = new byte[e - s];
        sec.get(s, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
