package org.jstap.elaborate.sem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jstap.api.SessionOptions;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;
import org.jstap.elaborate.probes.EhFrameRows;
import org.jstap.elaborate.probes.ElfSymbolTable;

/**
 * The user-space symbol tables a module carries for ubacktrace(), usymname() and the rest (tapset ucontext.stp,
 * runtime-c jst_usyms.c), as stap does with {@code -d FILE} and {@code --ldd}: the files the script's
 * {@code process("PATH")} probes name, the {@code -d} files, and with {@code --ldd} the shared libraries they
 * need. Emitted as C (struct jst_ufile, jst_syms.h) placed among the program's embeds.
 */
final class UserSymbolTables {
    /** Where DT_NEEDED libraries are looked for (a Debian multiarch system first). */
    private static final List<Path> LIB_DIRS = List.of(Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/lib64"), Path.of("/usr/lib64"), Path.of("/lib"), Path.of("/usr/lib"));

    private UserSymbolTables() {}

    /** A file as the script (or -d, or a DT_NEEDED search) named it, and its canonical path. */
    record File(Path named, Path real) {}

    /** The files, each once (by canonical path), in a stable order. */
    static List<File> files(List<IrProbe> probes, SessionOptions o, Diagnostics diags) {
        java.util.Map<Path, File> out = new java.util.LinkedHashMap<>();
        for (IrProbe p : probes) {
            String path = p.site() instanceof IrSite.Process x ? x.path()
                    : p.site() instanceof IrSite.ProcessLife l ? l.path() : null;
            if (path != null && path.startsWith("/")) add(out, Path.of(path), null);
        }
        {
            for (String f : o.symbolFiles()) {
                // a kernel module name (no '/'): jstap symbolises every module from kallsyms at run time
                if (f.isEmpty() || (!f.contains("/") && !Files.exists(Path.of(f)))) continue;
                add(out, Path.of(f), diags);
            }
        }
        if (o.ldd()) {
            List<File> todo = new ArrayList<>(out.values());
            for (int i = 0; i < todo.size(); i++) {
                List<String> needed;
                try {
                    needed = ElfSymbolTable.read(todo.get(i).real()).needed();
                } catch (IOException e) {
                    continue;
                }
                for (String n : needed) {
                    Path lib = findLibrary(n);
                    if (lib == null) continue;
                    int before = out.size();
                    add(out, lib, diags);
                    if (out.size() > before) todo.add(List.copyOf(out.values()).get(out.size() - 1));
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static void add(java.util.Map<Path, File> out, Path p, Diagnostics diags) {
        try {
            Path real = p.toRealPath();
            out.putIfAbsent(real, new File(p, real));
        } catch (IOException e) {
            if (diags != null) {
                diags.report(Diagnostic.warning(Codes.WARN_NO_SYMBOLS, Span.NONE, "cannot read symbols of " + p
                        + ": " + e.getMessage()));
            }
        }
    }

    private static Path findLibrary(String name) {
        if (name.contains("/")) return Files.isRegularFile(Path.of(name)) ? Path.of(name) : null;
        for (Path d : LIB_DIRS) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** The file's symbol table, or null after a warning saying why it cannot be read (kmod's and bpf's tables alike). */
    private static ElfSymbolTable symbols(File f, Diagnostics diags) {
        try {
            return ElfSymbolTable.read(f.real());
        } catch (IOException | RuntimeException e) {
            diags.report(Diagnostic.warning(Codes.WARN_NO_SYMBOLS, Span.NONE, "cannot read symbols of " + f.named()
                    + ": " + e.getMessage()));
            return null;
        }
    }

    /** The C tables for these files ("" when none can be read). */
    static String emit(List<File> files, Diagnostics diags) {
        StringBuilder c = new StringBuilder();
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (File f : files) {
            ElfSymbolTable t = symbols(f, diags);
            if (t == null) continue;
            c.append("static const struct jst_useg jst_useg_").append(i).append("[] = {");
            for (ElfSymbolTable.Segment s : t.segments())
                c.append(String.format("{0x%xUL, 0x%xUL, 0x%xUL}, ", s.offset(), s.vaddr(), s.filesz()));
            c.append("{0, 0, 0}};\n");
            StringBuilder names = new StringBuilder();
            c.append("static const struct jst_usym jst_usym_").append(i).append("[] = {\n");
            int at = 0, line = 0;
            for (ElfSymbolTable.Sym s : t.symbols()) {
                c.append(String.format("\t{0x%xUL, 0x%xUL, %d},\n", s.address(), s.size(), at));
                String n = cString(s.name()) + "\\000";
                names.append(n);
                at += s.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
                line += n.length();
                if (line > 100) {
                    names.append("\"\n\t\"");
                    line = 0;
                }
            }
            c.append("\t{0, 0, 0}};\n");
            c.append("static const char jst_unames_").append(i).append("[] =\n\t\"").append(names).append("\";\n");
            List<EhFrameRows.Row> cfi;
            try {
                cfi = EhFrameRows.read(f.real());
            } catch (IOException | RuntimeException e) {
                cfi = List.of();
            }
            // rows whose address does not fit the compact 32-bit form are dropped (the walk then ends there)
            cfi = cfi.stream().filter(r -> r.pc() >= 0 && r.pc() <= 0xffffffffL).toList();
            c.append("static const struct jst_ucfi jst_ucfi_").append(i).append("[] = {\n");
            for (EhFrameRows.Row r : cfi)
                c.append(String.format("\t{0x%x, %d, %d, %d},\n", r.pc(), r.cfaOff(), r.cfaReg(), r.rbpOff()));
            c.append("\t{0, 0, -1, 0}};\n");
            long size;
            try {
                size = Files.size(f.real());
            } catch (IOException e) {
                size = -1;
            }
            entries.add(String.format("\t{\"%s\", \"%s\", %dUL, \"%s\", jst_useg_%d, %d, jst_usym_%d, %d, jst_unames_%d, jst_ucfi_%d, %d},",
                    cString(f.real().toString()), cString(f.named().toString()), size, t.buildId(), i, t.segments().size(), i,
                    t.symbols().size(), i, i, cfi.size()));
            i++;
        }
        if (entries.isEmpty()) return "";
        return "/* ---- user-space symbol tables (pass 2: the ELF symbols of the files the script names) */\n"
                + "#define JST_UFILES 1\n" + c + "static const struct jst_ufile jst_ufiles[] = {\n"
                + String.join("\n", entries) + "\n};\nstatic const int jst_nufiles = " + entries.size() + ";\n";
    }

    /**
     * The same tables for the bpf backend (jstap_ustacks.h): flat arrays without pointers, as BPF's read-only data
     * section holds them (one file's segments, symbols and rows are a range of the shared arrays; its strings are
     * offsets in one string table). "" when none can be read.
     */
    static String emitBpf(List<File> files, Diagnostics diags) {
        StringBuilder fl = new StringBuilder(), sg = new StringBuilder(), sy = new StringBuilder(), cf = new StringBuilder();
        java.io.ByteArrayOutputStream str = new java.io.ByteArrayOutputStream();
        int nf = 0, ns = 0, nsym = 0, ncfi = 0;
        for (File f : files) {
            ElfSymbolTable t = symbols(f, diags);
            if (t == null) continue;
            List<EhFrameRows.Row> cfi;
            try {
                cfi = EhFrameRows.read(f.real());
            } catch (IOException | RuntimeException e) {
                cfi = List.of();
            }
            cfi = cfi.stream().filter(r -> r.pc() >= 0 && r.pc() <= 0xffffffffL).toList();
            long size;
            try {
                size = Files.size(f.real());
            } catch (IOException e) {
                size = -1;
            }
            String real = f.real().toString();
            int path = string(str, real), alias = string(str, f.named().toString());
            int base = string(str, real.substring(real.lastIndexOf('/') + 1)), bid = string(str, t.buildId());
            fl.append(String.format("\t{%dULL, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d},\n", size, ns, t.segments().size(), nsym,
                    t.symbols().size(), ncfi, cfi.size(), path, alias, base, bid));
            for (ElfSymbolTable.Segment s : t.segments())
                sg.append(String.format("\t{0x%xULL, 0x%xULL, 0x%xULL},\n", s.offset(), s.vaddr(), s.filesz()));
            for (ElfSymbolTable.Sym s : t.symbols())
                sy.append(String.format("\t{0x%xULL, 0x%xULL, %d},\n", s.address(), s.size(), string(str, s.name())));
            for (EhFrameRows.Row r : cfi)
                cf.append(String.format("\t{0x%x, %d, %d, %d},\n", r.pc(), r.cfaOff(), r.cfaReg(), r.rbpOff()));
            ns += t.segments().size();
            nsym += t.symbols().size();
            ncfi += cfi.size();
            nf++;
        }
        if (nf == 0) return "";
        StringBuilder c = new StringBuilder("/* ---- user-space symbol tables (pass 2, bpf form: jstap_ustacks.h) */\n");
        c.append("#define JST_NUFILES ").append(nf).append("\n#define JST_NUSEGS ").append(ns).append("\n#define JST_NUSYMS ")
                .append(nsym).append("\n#define JST_NUCFI ").append(ncfi).append("\n#define JST_USTR_BYTES ").append(str.size()).append('\n');
        c.append("static const struct jst_ubfile jst_ubfiles[] = {\n").append(fl).append("};\n");
        c.append("static const struct jst_ubseg jst_ubsegs[] = {\n").append(ns == 0 ? "\t{0, 0, 0},\n" : sg).append("};\n");
        c.append("static const struct jst_ubsym jst_ubsyms[] = {\n").append(nsym == 0 ? "\t{0, 0, 0},\n" : sy).append("};\n");
        c.append("static const struct jst_ubcfi jst_ubcfis[] = {\n").append(ncfi == 0 ? "\t{0, 0, -1, 0},\n" : cf).append("};\n");
        c.append("static const char jst_ustr[] =\n\t\"");
        byte[] b = str.toByteArray();
        int line = 0;
        for (byte x : b) {
            int ch = x & 0xff;
            String e = ch == '"' || ch == '\\' || ch == '?' || ch < 0x20 || ch >= 0x7f ? String.format("\\%03o", ch) : String.valueOf((char) ch);
            c.append(e);
            line += e.length();
            if (ch == 0 && line > 100) {
                c.append("\"\n\t\"");
                line = 0;
            }
        }
        return c.append("\";\n").toString();
    }

    /** s and its NUL appended to the string table; its offset */
    private static int string(java.io.ByteArrayOutputStream str, String s) {
        int at = str.size();
        str.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        str.write(0);
        return at;
    }

    /** Escapes for a C string literal (names and paths are bytes; anything unusual becomes octal). */
    private static String cString(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int ch = x & 0xff;
            if (ch == '"' || ch == '\\' || ch == '?' || ch < 0x20 || ch >= 0x7f) b.append(String.format("\\%03o", ch));
            else b.append((char) ch);
        }
        return b.toString();
    }
}
