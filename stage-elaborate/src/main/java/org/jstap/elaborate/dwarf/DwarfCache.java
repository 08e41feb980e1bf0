package org.jstap.elaborate.dwarf;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The units and functions {@link DwarfReader} finds in a file, cached per file build (path, size, mtime) under
 * {@code $XDG_CACHE_HOME/jstap/dwarf/} as the BTF extraction is under {@code .../btf/}: a later run reads the
 * index instead of walking the whole {@code .debug_info} (a Debian vmlinux: ~4 s, the index ~0.3 s). Written to a
 * temporary file and renamed into place; a damaged or older entry is read again from the file.
 */
final class DwarfCache {
    private static final int MAGIC = 0x4a445749; // "JDWI"
    private static final int VERSION = 6; // 6: DIE and unit offsets (variables at a pc) // 2: inlined copies; 3: DW_AT_ranges, no .init/.exit functions; 4: callers by symbol, else _stext

    private DwarfCache() {}

    static Path dir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jstap").resolve("dwarf");
    }

    static Path entry(Path dir, Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String name = file.toAbsolutePath().toString().replaceAll("[^A-Za-z0-9._+-]", "_");
        if (name.length() > 120) name = name.substring(name.length() - 120);
        return dir.resolve(name + "-" + a.size() + "-" + Long.toHexString(a.lastModifiedTime().toMillis()) + ".idx");
    }

    /** Files smaller than this are read directly: the walk is quick, and temporary files would litter the cache. */
    static final long MIN_SIZE = 64L << 20;

    /** The reader for {@code file}: from the cache when it has an entry, else read and stored. */
    static DwarfReader read(Path dir, Path file, long minSize) throws IOException {
        if (Files.size(file) < minSize) return DwarfReader.read(file);
        Path e = entry(dir, file);
        if (Files.isRegularFile(e)) {
            try {
                return load(e, file);
            } catch (IOException | RuntimeException bad) {
                // read it again below
            }
        }
        DwarfReader r = DwarfReader.read(file);
        try {
            store(e, r);
        } catch (IOException ignored) {
            // a read-only cache is only slower
        }
        return r;
    }

    private static final int GLOBALS_MAGIC = 0x4a445747; // "JDWG"

    /**
     * The file-scope variables' units of a large file ({@link SourceIndex#unitsWithGlobal}), cached beside its index
     * entry: the walk reads every unit's top-level DIEs (a Debian vmlinux: ~15 s), the entry ~0.2 s.
     */
    static Map<String, List<Integer>> globals(Path file, java.util.function.Supplier<Map<String, List<Integer>>> walk) {
        Path e;
        try {
            if (Files.size(file) < MIN_SIZE) return walk.get();
            e = entry(dir(), file);
            e = e.resolveSibling(e.getFileName() + ".globals");
        } catch (IOException bad) {
            return walk.get();
        }
        if (Files.isRegularFile(e)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(e)))) {
                if (in.readInt() == GLOBALS_MAGIC && in.readInt() == VERSION) {
                    int n = in.readInt();
                    Map<String, List<Integer>> m = new HashMap<>(n * 2);
                    for (int i = 0; i < n; i++) {
                        String name = in.readUTF();
                        int k = in.readInt();
                        List<Integer> us = new ArrayList<>(k);
                        for (int j = 0; j < k; j++) us.add(in.readInt());
                        m.put(name, us);
                    }
                    return m;
                }
            } catch (IOException | RuntimeException bad) {
                // walk again below
            }
        }
        Map<String, List<Integer>> m = walk.get();
        try {
            Files.createDirectories(e.getParent());
            Path tmp = Files.createTempFile(e.getParent(), "glb", ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(GLOBALS_MAGIC);
                out.writeInt(VERSION);
                out.writeInt(m.size());
                for (Map.Entry<String, List<Integer>> x : m.entrySet()) {
                    out.writeUTF(x.getKey());
                    out.writeInt(x.getValue().size());
                    for (int u : x.getValue()) out.writeInt(u);
                }
            }
            try {
                Files.move(tmp, e, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException x) {
                Files.move(tmp, e, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // a read-only cache is only slower
        }
        return m;
    }

    private static void store(Path e, DwarfReader r) throws IOException {
        Files.createDirectories(e.getParent());
        Path tmp = Files.createTempFile(e.getParent(), "idx", ".tmp");
        Map<String, Integer> strings = new HashMap<>();
        List<String> table = new ArrayList<>();
        java.util.function.ToIntFunction<String> id = s -> strings.computeIfAbsent(s == null ? "" : s, k -> {
            table.add(k);
            return table.size() - 1;
        });
        int[][] unitFiles = new int[r.units().size()][];
        int[] unitName = new int[r.units().size()], unitDir = new int[r.units().size()];
        for (int i = 0; i < r.units().size(); i++) {
            DwarfReader.Unit u = r.units().get(i);
            unitName[i] = id.applyAsInt(u.name());
            unitDir[i] = id.applyAsInt(u.compDir());
            unitFiles[i] = u.files().stream().mapToInt(id).toArray();
        }
        int[] fnName = new int[r.functions().size()], fnFile = new int[r.functions().size()];
        for (int i = 0; i < r.functions().size(); i++) {
            fnName[i] = id.applyAsInt(r.functions().get(i).name());
            fnFile[i] = id.applyAsInt(r.functions().get(i).file());
        }
        int[] inName = new int[r.inlines().size()], inFile = new int[r.inlines().size()], inCaller = new int[r.inlines().size()];
        for (int i = 0; i < r.inlines().size(); i++) {
            inName[i] = id.applyAsInt(r.inlines().get(i).name());
            inFile[i] = id.applyAsInt(r.inlines().get(i).file());
            inCaller[i] = id.applyAsInt(r.inlines().get(i).caller());
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(table.size());
            for (String s : table) out.writeUTF(s.length() > 20000 ? s.substring(0, 20000) : s);
            out.writeInt(r.units().size());
            for (int i = 0; i < r.units().size(); i++) {
                DwarfReader.Unit u = r.units().get(i);
                out.writeInt(unitName[i]);
                out.writeInt(unitDir[i]);
                out.writeLong(u.stmtList());
                out.writeInt(u.version());
                out.writeInt(unitFiles[i].length);
                for (int f : unitFiles[i]) out.writeInt(f);
                out.writeLong(u.offset());
            }
            out.writeInt(r.functions().size());
            for (int i = 0; i < r.functions().size(); i++) {
                DwarfReader.Function f = r.functions().get(i);
                out.writeInt(fnName[i]);
                out.writeInt(f.unit());
                out.writeInt(fnFile[i]);
                out.writeInt(f.line());
                out.writeLong(f.lowPc());
                out.writeLong(f.highPc());
                out.writeLong(f.die());
            }
            out.writeInt(r.inlines().size());
            for (int i = 0; i < r.inlines().size(); i++) {
                DwarfReader.Inline f = r.inlines().get(i);
                out.writeInt(inName[i]);
                out.writeInt(f.unit());
                out.writeInt(inFile[i]);
                out.writeInt(f.line());
                out.writeLong(f.entryPc());
                out.writeInt(inCaller[i]);
                out.writeLong(f.callerLowPc());
                out.writeLong(f.die());
            }
        }
        try {
            Files.move(tmp, e, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException x) {
            Files.move(tmp, e, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static DwarfReader load(Path e, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(e), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) throw new IOException("not a jstap DWARF index");
            String[] table = new String[in.readInt()];
            for (int i = 0; i < table.length; i++) table[i] = in.readUTF();
            int nu = in.readInt();
            List<DwarfReader.Unit> units = new ArrayList<>(nu);
            for (int i = 0; i < nu; i++) {
                String name = table[in.readInt()], dir = table[in.readInt()];
                long stmt = in.readLong();
                int version = in.readInt();
                String[] files = new String[in.readInt()];
                for (int k = 0; k < files.length; k++) files[k] = table[in.readInt()];
                units.add(new DwarfReader.Unit(name, dir.isEmpty() ? null : dir, stmt, version, List.of(files),
                        in.readLong()));
            }
            int nf = in.readInt();
            List<DwarfReader.Function> fns = new ArrayList<>(nf);
            for (int i = 0; i < nf; i++) {
                String name = table[in.readInt()];
                int unit = in.readInt();
                String f = table[in.readInt()];
                int line = in.readInt();
                fns.add(new DwarfReader.Function(name, unit, f, line, in.readLong(), in.readLong(), in.readLong()));
            }
            int ni = in.readInt();
            List<DwarfReader.Inline> inl = new ArrayList<>(ni);
            for (int i = 0; i < ni; i++) {
                String name = table[in.readInt()];
                int unit = in.readInt();
                String f = table[in.readInt()];
                int line = in.readInt();
                long entry = in.readLong();
                String caller = table[in.readInt()];
                long callerLow = in.readLong();
                inl.add(new DwarfReader.Inline(name, unit, f, line, entry, caller, callerLow, in.readLong()));
            }
            return DwarfReader.withIndex(file, units, fns, inl);
        }
    }
}
