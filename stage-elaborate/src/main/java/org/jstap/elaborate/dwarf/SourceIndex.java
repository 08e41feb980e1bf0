package org.jstap.elaborate.dwarf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Source files and lines of one ELF file's functions, from its DWARF ({@link DwarfReader}): which functions a file
 * declares ({@code kernel.function("*@fs/proc*.c")}) and at which address each source line of a function starts
 * ({@code kernel.statement("f@fs/open.c:*")}). Loaded on first use, once per file per process, from the per-build
 * cache ({@link DwarfCache}; the first read of a Debian vmlinux's 164 MB .debug_info takes about 4 s); nothing else
 * in jstap needs it.
 */
public final class SourceIndex {
    /** One function with its source position; {@code offset}s of its lines are from its start. */
    public record Function(String name, String file, int line, long lowPc, long highPc, int unit, long die) {}

    /** An inlined copy of {@code name}: a probe on it is a kprobe at {@code caller + offset}. */
    public record Inline(String name, String file, int line, String caller, long offset, int unit, long die,
                         long entryPc) {}

    private static final Map<Path, SourceIndex> LOADED = new ConcurrentHashMap<>();

    private final DwarfReader dwarf;
    private final Map<String, List<Function>> byName = new HashMap<>();
    private final List<Function> functions = new ArrayList<>();
    private final List<Inline> inlines = new ArrayList<>();
    private final Map<Integer, List<DwarfReader.Row>> rows = new HashMap<>();

    private final Path file;
    private Map<Long, String> symbolAt;
    private Map<String, Integer> symbolCount;
    private Long stext;

    private SourceIndex(Path file, DwarfReader dwarf) {
        this.file = file;
        this.dwarf = dwarf;
        for (DwarfReader.Function f : dwarf.functions()) {
            Function g = new Function(f.name(), f.file(), f.line(), f.lowPc(), f.highPc(), f.unit(), f.die());
            functions.add(g);
            byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(g);
        }
        for (DwarfReader.Inline i : dwarf.inlines()) {
            inlines.add(new Inline(i.name(), i.file(), i.line(), i.caller(), i.entryPc() - i.callerLowPc(), i.unit(),
                    i.die(), i.entryPc()));
        }
    }

    /** The index of {@code file} (read once per process). */
    public static SourceIndex of(Path file) throws IOException {
        SourceIndex s = LOADED.get(file);
        if (s != null) return s;
        synchronized (LOADED) {
            s = LOADED.get(file);
            if (s == null) {
                s = new SourceIndex(file, DwarfCache.read(DwarfCache.dir(), file, DwarfCache.MIN_SIZE));
                LOADED.put(file, s);
            }
            return s;
        }
    }

    /**
     * Where the DWARF of user-space program {@code exe} is: the file itself when it has {@code .debug_info}, else
     * the separate debug file its build id names ({@code /usr/lib/debug/.build-id/xx/yyyy.debug}, what Debian's
     * {@code -dbg}/{@code -dbgsym} packages install) unless its DWARF is compressed, else null.
     */
    public static Path debugFileOf(Path exe) {
        try {
            java.nio.ByteBuffer elf = org.jstap.elaborate.probes.ElfImage.map(exe);
            org.jstap.elaborate.probes.ElfImage.Section info = org.jstap.elaborate.probes.ElfImage.section(elf, ".debug_info");
            if (info != null && info.type() != 8 /* SHT_NOBITS */ && info.size() > 0) return exe;
            String id = org.jstap.elaborate.probes.ElfSymbolTable.read(exe).buildId();
            if (id.length() > 2) {
                Path d = Path.of("/usr/lib/debug/.build-id", id.substring(0, 2), id.substring(2) + ".debug");
                // jstap's DWARF reader does not inflate SHF_COMPRESSED sections (Debian's libc6-dbg has them)
                if (Files.isRegularFile(d) && !org.jstap.elaborate.probes.ElfImage.compressed(
                        org.jstap.elaborate.probes.ElfImage.map(d), ".debug_info")) return d;
            }
        } catch (IOException | RuntimeException e) {
            // not an ELF file this reader understands: no DWARF
        }
        return null;
    }

    /** Debian's kernel debug file for a release, {@code /usr/lib/debug/boot/vmlinux-RELEASE}. */
    public static Path kernelDebugFile(String release) {
        return Path.of("/usr/lib/debug/boot/vmlinux-" + release);
    }

    /** The Debian package that holds {@link #kernelDebugFile}. */
    public static String kernelDebugPackage(String release) {
        return "linux-image-" + release + "-dbg";
    }

    /** The kernel's index, or empty when its debug file is not installed. */
    public static Optional<SourceIndex> kernel(String release) throws IOException {
        Path f = kernelDebugFile(release);
        return Files.isRegularFile(f) ? Optional.of(of(f)) : Optional.empty();
    }

    /** The functions whose name matches {@code name} and whose declaring file matches {@code file}, by name. */
    public List<Function> functions(Predicate<String> name, Predicate<String> file) {
        List<Function> out = new ArrayList<>();
        for (Function f : functions) if (name.test(f.name()) && file.test(f.file())) out.add(f);
        out.sort((a, b) -> a.name().equals(b.name()) ? Long.compare(a.lowPc(), b.lowPc()) : a.name().compareTo(b.name()));
        return out;
    }

    /** The inlined copies of the functions whose name and declaring file match, by name then caller and offset. */
    public List<Inline> inlines(Predicate<String> name, Predicate<String> file) {
        List<Inline> out = new ArrayList<>();
        for (Inline f : inlines) if (name.test(f.name()) && file.test(f.file())) out.add(f);
        out.sort(java.util.Comparator.comparing(Inline::name).thenComparing(Inline::caller)
                .thenComparingLong(Inline::offset));
        return out;
    }

    /**
     * The ELF function symbol that starts at {@code address} when it is the only function of that name, else null
     * (and always null in a relocatable file, whose symbol values count from each section). gcc's clones are named
     * there ({@code find_entry.isra.0}) and not in DWARF. The symbol table is read on first use.
     */
    public synchronized String uniqueSymbolAt(long address) {
        if (symbolAt == null) {
            symbolAt = new HashMap<>();
            symbolCount = new HashMap<>();
            try {
                java.nio.ByteBuffer elf = org.jstap.elaborate.probes.ElfImage.map(file);
                if (elf.getShort(16) != 1 /* ET_REL */) {
                    stext = org.jstap.elaborate.probes.ElfImage.symbolValue(elf, "_stext");
                    org.jstap.elaborate.probes.ElfImage.functionSymbols(elf, (nameAt, info, value, size) -> {
                        String n = org.jstap.elaborate.probes.ElfImage.cstring(elf, nameAt,
                                java.nio.charset.StandardCharsets.ISO_8859_1);
                        symbolCount.merge(n, 1, Integer::sum);
                        symbolAt.merge(value, n, (a, b) -> a.contains(".") ? b : a);
                    });
                }
            } catch (IOException | RuntimeException e) {
                // no symbols: every answer is null
            }
        }
        String n = symbolAt.get(address);
        return n != null && symbolCount.getOrDefault(n, 0) == 1 ? n : null;
    }

    /** The address of {@code _stext} (the anchor of a kprobe whose function has no unique symbol), or null. */
    public synchronized Long stext() {
        uniqueSymbolAt(0);
        return stext;
    }

    /**
     * The variables in scope at {@code pc} inside the function or inlined copy whose DIE is {@code die} in unit
     * {@code unit}, with their locations there ({@link Scopes}: {@code blocks} for a source line's); read from the
     * file each time (a probe's worth).
     */
    public synchronized List<Scopes.Variable> variables(int unit, long die, long pc, boolean blocks) {
        return Scopes.at(dwarf, dwarf.units().get(unit).offset(), die, pc, blocks, ehFrameCfa(pc));
    }

    /** The return type of the function whose DIE is {@code die} in unit {@code unit}. */
    public synchronized DwarfType returnType(int unit, long die) {
        return Scopes.returns(dwarf, dwarf.units().get(unit).offset(), die);
    }

    /** The out-of-line function that starts at {@code address}, or null (none, or not in this file's DWARF). */
    public Function functionAt(long address) {
        for (Function f : functions) if (f.lowPc() == address) return f;
        return null;
    }

    private List<org.jstap.elaborate.probes.EhFrameRows.Row> ehRows;

    /**
     * The CFA rule at pc from {@code .eh_frame} (a user-space program keeps its call frame information there, not
     * in .debug_frame), or null.
     */
    private CallFrames.Cfa ehFrameCfa(long pc) {
        if (ehRows == null) {
            try {
                ehRows = org.jstap.elaborate.probes.EhFrameRows.read(file);
            } catch (IOException | RuntimeException e) {
                ehRows = List.of();
            }
        }
        org.jstap.elaborate.probes.EhFrameRows.Row best = null;
        for (var r : ehRows) if (Long.compareUnsigned(r.pc(), pc) <= 0) best = r; else break;
        return best == null || best.cfaReg() < 0 ? null : new CallFrames.Cfa(best.cfaReg(), best.cfaOff());
    }

    /** How many out-of-line functions carry this name (static functions of different files may share one). */
    public int count(String name) {
        return byName.getOrDefault(name, List.of()).size();
    }

    /**
     * A statement point: source line {@code line} of {@code name} (an out-of-line function or an inlined copy) at
     * {@code address}, probed as {@code anchor + offset} (the out-of-line function holding it, or {@code _stext});
     * its variables are those of the scope at {@code die}.
     */
    public record Statement(String name, String file, int line, long address, String anchor, long offset, int unit,
                            long die) {}

    /** A function or an inlined copy to take statement points from, with its ranges and entry. */
    private record StmtScope(String name, String file, int declLine, int unit, long die, String anchor,
                             long anchorPc, List<long[]> ranges, boolean outOfLine, long entry) {
        boolean covers(long a) {
            for (long[] r : ranges) {
                if (Long.compareUnsigned(a, r[0]) >= 0 && Long.compareUnsigned(a, r[1]) < 0) return true;
            }
            return false;
        }
    }

    /**
     * The statement points of the functions and inlined copies whose name and declaring file match, as stap 4.8
     * takes them (measured against {@code stap -p2} on the 6.1 kernel: every name, line and pc identical on
     * fs/open.c, fs/read_write.c and fs/proc/array.c). Each function or copy gives a run of lines: from the line
     * of the last line-table row at its entry (what addr2line says of the entry) upwards through the lines its
     * file has code for, each at its lowest address inside the scope, stopping at the first line with no code
     * there (so do_sys_open's out-of-line copy gives only its brace line, and a copy of build_open_how nested in
     * __x64_sys_open's copies gives build_open_how's lines). An address is taken once: out-of-line functions
     * first, then the copies in the order of their DIEs (an outer copy before the copies inside it), each
     * scope's lines in ascending order (the lowest line at an address wins within a scope). Every point is then a point of each matching
     * scope whose ranges hold its address, named by that scope: {@code __x64_sys_open@fs/open.c:1113} is a line
     * of build_open_how nested three copies deep. A static function whose name several out-of-line copies share
     * is left out when {@code skipped} is not null (and its name added there): a kprobe by symbol cannot tell
     * them apart (a uprobe by address can). Sorted by name, line and address.
     */
    public synchronized List<Statement> statements(Predicate<String> name, Predicate<String> file, List<String> skipped) {
        Map<Integer, List<StmtScope>> byUnit = new java.util.TreeMap<>();
        for (Function f : functions(name, file)) {
            if (skipped != null && count(f.name()) > 1) {
                if (!skipped.contains(f.name())) skipped.add(f.name());
                continue;
            }
            byUnit.computeIfAbsent(f.unit(), k -> new ArrayList<>()).add(new StmtScope(f.name(), f.file(), f.line(),
                    f.unit(), f.die(), f.name(), f.lowPc(), scopeRanges(f.unit(), f.die()), true, f.lowPc()));
        }
        List<StmtScope> copies = new ArrayList<>();
        for (Inline i : inlines(name, file)) {
            copies.add(new StmtScope(i.name(), i.file(), i.line(), i.unit(), i.die(), i.caller(),
                    i.entryPc() - i.offset(), scopeRanges(i.unit(), i.die()), false, i.entryPc()));
        }
        copies.sort(java.util.Comparator.comparingLong(StmtScope::die));
        for (StmtScope c : copies) byUnit.computeIfAbsent(c.unit(), k -> new ArrayList<>()).add(c);
        java.util.LinkedHashMap<String, Statement> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<Integer, List<StmtScope>> e : byUnit.entrySet()) {
            DwarfReader.Unit u = dwarf.units().get(e.getKey());
            List<DwarfReader.Row> all = rows.computeIfAbsent(e.getKey(), k -> dwarf.lines(u));
            Map<Integer, String> fileNames = new HashMap<>();
            Map<Long, Integer> lastLineAt = new HashMap<>();
            Map<String, java.util.TreeSet<Integer>> codeLines = new HashMap<>();
            for (DwarfReader.Row r : all) {
                if (r.endSequence()) continue;
                lastLineAt.put(r.address(), r.line());
                String f = fileNames.computeIfAbsent(r.file(), k -> DwarfReader.file(u, k));
                codeLines.computeIfAbsent(f, k -> new java.util.TreeSet<>()).add(r.line());
            }
            // address -> line, in the order the scopes take them
            Map<Long, Integer> taken = new java.util.LinkedHashMap<>();
            for (StmtScope s : e.getValue()) {
                Map<Integer, Long> lowest = new HashMap<>();
                for (DwarfReader.Row r : all) {
                    if (r.endSequence() || !s.covers(r.address()) || !fileNames.get(r.file()).equals(s.file())) continue;
                    lowest.merge(r.line(), r.address(), (a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b);
                }
                java.util.TreeSet<Integer> lines = codeLines.getOrDefault(s.file(), new java.util.TreeSet<>());
                for (Integer l = lines.ceiling(lastLineAt.getOrDefault(s.entry(), s.declLine())); l != null;
                     l = lines.higher(l)) {
                    Long at = lowest.get(l);
                    if (at == null) break;
                    taken.putIfAbsent(at, l);
                }
            }
            for (Map.Entry<Long, Integer> a : taken.entrySet()) {
                for (StmtScope t : e.getValue()) {
                    if (!t.covers(a.getKey())) continue;
                    Statement st = new Statement(t.name(), t.file(), a.getValue(), a.getKey(), t.anchor(),
                            a.getKey() - t.anchorPc(), t.unit(), t.die());
                    out.putIfAbsent(t.name() + "\0" + a.getValue() + "\0" + a.getKey(), st);
                }
            }
        }
        List<Statement> list = new ArrayList<>(out.values());
        list.sort(java.util.Comparator.comparing(Statement::name).thenComparingInt(Statement::line)
                .thenComparing(Statement::address, Long::compareUnsigned));
        return list;
    }

    private List<long[]> scopeRanges(int unit, long die) {
        try {
            return Scopes.ranges(dwarf, dwarf.units().get(unit).offset(), die);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The compile units whose source file name matches {@code file} (their indexes). */
    public List<Integer> units(Predicate<String> file) {
        List<Integer> out = new ArrayList<>();
        List<DwarfReader.Unit> us = dwarf.units();
        for (int i = 0; i < us.size(); i++) if (us.get(i).name() != null && file.test(us.get(i).name())) out.add(i);
        return out;
    }

    private Map<String, List<Integer>> globalUnits;

    /**
     * The units that define file-scope variable {@code name}, then those that only declare it; built on first use
     * from every unit's top-level DIEs (one walk of .debug_info).
     */
    public synchronized List<Integer> unitsWithGlobal(String name) {
        if (globalUnits == null) globalUnits = DwarfCache.globals(file, this::walkGlobals);
        return globalUnits.getOrDefault(name, List.of());
    }

    private Map<String, List<Integer>> walkGlobals() {
        Map<String, List<Integer>> defs = new HashMap<>(), decls = new HashMap<>();
        List<DwarfReader.Unit> us = dwarf.units();
        for (int i = 0; i < us.size(); i++) {
            Map<String, Boolean> names;
            try {
                names = Scopes.globalNames(dwarf, us.get(i).offset());
            } catch (RuntimeException e) {
                continue; // a unit this reader does not understand
            }
            for (Map.Entry<String, Boolean> n : names.entrySet()) {
                (n.getValue() ? defs : decls).computeIfAbsent(n.getKey(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> d : decls.entrySet()) {
            defs.computeIfAbsent(d.getKey(), k -> new ArrayList<>()).addAll(d.getValue());
        }
        return defs;
    }

    /** The name (source file) of unit {@code unit}. */
    public String unitName(int unit) {
        return dwarf.units().get(unit).name();
    }

    /**
     * The file-scope variable {@code name} of unit {@code unit} ({@link Scopes#global}: a unit that only declares it
     * takes its address from the ELF symbol of that name), or null.
     */
    public synchronized Scopes.Variable global(int unit, String name) {
        return Scopes.global(dwarf, dwarf.units().get(unit).offset(), name, n -> {
            try {
                java.nio.ByteBuffer elf = org.jstap.elaborate.probes.ElfImage.map(file);
                return elf.getShort(16) == 1 ? null : org.jstap.elaborate.probes.ElfImage.symbolValue(elf, n);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        });
    }

    /** The ELF file type: 1 relocatable, 2 executable (fixed addresses), 3 shared/position-independent; 0 unknown. */
    public synchronized int elfType() {
        try {
            return org.jstap.elaborate.probes.ElfImage.map(file).getShort(16);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Whether the file is relocatable (a kernel module's debug file: every section's addresses start at 0). */
    public synchronized boolean relocatable() {
        try {
            return org.jstap.elaborate.probes.ElfImage.map(file).getShort(16) == 1;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The source lines of {@code f}'s own file that have code inside it, each with its lowest address: every row of
     * its line table between its start and its end, including the lines of functions of the same file inlined into
     * it. stap 4.8 lists a subset of these (on do_sys_openat2 18 of our 19 lines, on do_sys_open 6 of 9).
     */
    public synchronized TreeMap<Integer, Long> lines(Function f) {
        TreeMap<Integer, Long> out = new TreeMap<>();
        DwarfReader.Unit u = dwarf.units().get(f.unit());
        List<DwarfReader.Row> all = rows.computeIfAbsent(f.unit(), k -> dwarf.lines(u));
        // one sequence per contiguous code section: in a relocatable file (a module) addresses count from each
        // section's start, so only the sequence holding the function's entry is its own
        int from = 0, start = -1, end = all.size();
        for (int i = 0; i < all.size(); i++) {
            if (start < 0 && all.get(i).address() == f.lowPc() && !all.get(i).endSequence()) start = from;
            if (all.get(i).endSequence()) {
                if (start >= 0) {
                    end = i;
                    break;
                }
                from = i + 1;
            }
        }
        if (start < 0) start = 0;
        for (DwarfReader.Row r : all.subList(start, end)) {
            if (r.endSequence() || Long.compareUnsigned(r.address(), f.lowPc()) < 0
                    || Long.compareUnsigned(r.address(), f.highPc()) >= 0) continue;
            if (!DwarfReader.file(u, r.file()).equals(f.file())) continue;
            out.merge(r.line(), r.address(), (a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b);
        }
        return out;
    }

}
