package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.ir.TargetAccess;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.irtools.Glob;

/**
 * {@code process("PATH"|PID)[.library("LIB")]} followed by {@code .function("NAME")[.return]},
 * {@code .statement(ADDR)} or {@code [.provider("P")].mark("NAME")}: uprobes at file offsets found in the ELF
 * symbol table ({@link ElfSymbols}) or in the static-marker notes ({@link SdtNotes}). PATH may be a glob (files,
 * symlinks resolved, each once); a relative PATH is looked up in {@code $PATH}; a PID stands for its executable
 * (and the probe fires in that process only). With {@code .library}, the uprobe is in the library and, as in stap
 * 4.8, fires in every process that maps it. A function's {@code $params}, {@code $return} and locals come from the
 * program's DWARF ({@link UserFunctionVars}); a marker's {@code $argN} from its note.
 */
public final class ProcessProvider implements ProbeProvider {
    @Override public String family() { return "process"; }


    @Override
    public List<String> shapes() {
        return List.of("process(\"PATH\").function(\"NAME\")", "process(\"PATH\").function(\"NAME\").return",
                "process(\"PATH\").statement(ADDR)", "process(\"PATH\").mark(\"NAME\")",
                "process(\"PATH\").provider(\"PROVIDER\").mark(\"NAME\")", "process(PID).mark(\"NAME\")",
                "process(\"PATH\").library(\"LIB\").mark(\"NAME\")", "process(\"PATH\").library(\"LIB\").function(\"NAME\")",
                "process(\"PATH\").plt(\"NAME\")", "process(\"PATH\").plt(\"NAME\").return");
    }

    @Override
    public boolean matches(ProbePoint p) {
        return PointArgs.named(p, 0, "process") && p.components().size() >= 2 && !ProcessLifeProvider.claims(p);
    }

    /** The binaries a point names, with the pid it is limited to (0: any) and how the point prints them. */
    private record Target(Path exe, long pid) {}

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        List<Target> targets = targets(p, ctx);
        if (targets == null) return List.of();
        int k = 1;
        String libPattern = null;
        if (cs.get(k).name().equals("library")) {
            libPattern = PointArgs.string(p, k, ctx);
            if (libPattern == null) return List.of();
            k++;
            if (k >= cs.size()) {
                PointArgs.error(ctx, cs.get(k - 1), "library(...) needs .function(...) or .mark(...) after it",
                        ".library(\"LIB\").mark(\"NAME\")");
                return List.of();
            }
        }
        String providerPattern = null;
        if (cs.get(k).name().equals("provider")) {
            providerPattern = PointArgs.string(p, k, ctx);
            if (providerPattern == null) return List.of();
            k++;
            if (k >= cs.size() || !cs.get(k).name().equals("mark")) {
                PointArgs.error(ctx, cs.get(k - 1), "provider(...) must be followed by .mark(...)",
                        ".provider(\"P\").mark(\"NAME\")");
                return List.of();
            }
        }
        List<ResolvedPoint> out = new ArrayList<>();
        for (Target t : targets) {
            String prefix = "process(" + PointArgs.quote(t.exe().toString()) + ")"; // a pid prints as its executable, as stap
            if (libPattern == null) {
                resolveIn(p, k, ctx, t.exe(), prefix, t.pid(), providerPattern, out);
                continue;
            }
            List<Path> libs = libraries(libPattern);
            if (libs.isEmpty() && !Glob.isPattern(libPattern) && !p.optional() && !p.sufficient()) {
                ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, cs.get(1).span(),
                        "cannot find library '" + libPattern + "'").withHint("give its absolute path, or a name in the "
                        + "library directories (" + String.join(" ", LIB_DIRS) + ")"));
                return List.of();
            }
            for (Path lib : libs) {
                resolveIn(p, k, ctx, lib, prefix + ".library(" + PointArgs.quote(lib.toString()) + ")", t.pid(),
                        providerPattern, out);
            }
        }
        return out;
    }

    /** The executables of component 0: a path (a glob: every matching file), or a pid's executable. */
    private List<Target> targets(ProbePoint p, PointContext ctx) {
        Component head = p.components().get(0);
        if (head.arg() instanceof Expr.IntLit pid) {
            Path exe;
            try {
                exe = Path.of("/proc", Long.toString(pid.value()), "exe").toRealPath();
            } catch (IOException | RuntimeException e) {
                ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, head.span(),
                        "cannot find the executable of process " + pid.value() + " (no such process here)")
                        .withHint("pass 2 reads /proc/PID/exe on this machine"));
                return null;
            }
            return List.of(new Target(exe, pid.value()));
        }
        String path = PointArgs.string(p, 0, ctx);
        if (path == null) return null;
        if (path.indexOf('\0') >= 0) { // no file name holds a NUL byte (and Path.of would throw)
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_BAD_PROBE_ARG, head.span(),
                    "the executable path contains a NUL byte (at character " + (path.indexOf('\0') + 1) + ")"));
            return null;
        }
        if (Glob.isPattern(path) && path.startsWith("/")) {
            List<Target> out = new ArrayList<>();
            for (Path f : FileGlob.expand(path)) out.add(new Target(f, 0));
            return out;
        }
        Path bin = locate(path);
        if (bin == null && (p.optional() || p.sufficient())) return null; // an optional point on a machine without it
        if (bin == null) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, head.span(),
                    "cannot find executable '" + path + "'"));
            return null;
        }
        return List.of(new Target(bin, 0));
    }

    /** Components {@code k..} (function / statement / mark) against {@code file}. */
    private void resolveIn(ProbePoint p, int k, PointContext ctx, Path file, String prefix, long pid,
                           String providerPattern, List<ResolvedPoint> out) {
        var cs = p.components();
        String kind = cs.get(k).name();
        if (kind.equals("mark")) {
            marks(p, k, ctx, file, prefix, pid, providerPattern, out);
            return;
        }
        if (kind.equals("plt")) {
            plt(p, k, ctx, file, prefix, pid, out);
            return;
        }
        ElfSymbols elf;
        try {
            elf = ElfSymbols.read(file);
        } catch (IOException | RuntimeException e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, cs.get(0).span(),
                    "cannot read symbols of '" + file + "': " + e.getMessage()));
            return;
        }
        String path = file.toString();
        if (kind.equals("statement") && cs.get(k).arg() instanceof org.jstap.api.ast.Expr.StrLit spec) {
            sourceStatements(p, k, ctx, file, elf, prefix, pid, spec.value(), out);
            return;
        }
        if (kind.equals("statement")) {
            Long addr = PointArgs.number(p, k, ctx);
            if (addr == null || cs.size() != k + 1) return;
            long off = elf.fileOffset(addr);
            if (off < 0) {
                PointArgs.error(ctx, cs.get(k), String.format("address 0x%x is not in a loaded segment of %s", addr, file), null);
                return;
            }
            out.add(new ResolvedPoint(prefix + String.format(".statement(0x%x)", addr), "",
                    new IrSite.Process(path, null, addr, off, false, 0, pid), List.of(), null, null, true));
            return;
        }
        if (!kind.equals("function")) return;
        String pattern = PointArgs.string(p, k, ctx);
        if (pattern == null) return;
        FunctionSuffix sfx = FunctionSuffix.parse(cs.subList(k + 1, cs.size()), ctx);
        if (sfx == null || sfx.inline()) return;
        Predicate<String> m = Glob.matcher(pattern);
        UserFunctionVars dwarf = null;
        for (ElfSymbols.Symbol s : elf.functions().values()) {
            if (!m.test(s.name()) || s.fileOffset() < 0) continue;
            if (dwarf == null) dwarf = UserFunctionVars.of(file, ctx); // read on the first match only
            UserFunctionVars.Found vars = dwarf.at(s.address(), sfx.isReturn(), cs.get(k).span());
            out.add(new ResolvedPoint(prefix + ".function(" + PointArgs.quote(s.name()) + ")" + sfx.text(), s.name(),
                    new IrSite.Process(path, s.name(), s.address(), s.fileOffset(), sfx.isReturn(), 0, pid),
                    vars == null ? List.of() : vars.vars(), vars == null ? null : vars.debugInfo(),
                    vars == null ? null : vars.returnType(), true));
        }
    }

    /**
     * {@code .statement("FUNC@FILE:LINE|N-M|*")}: a uprobe at the first address of each matching source line, from
     * the file's own DWARF (built with -g); a file without DWARF is an error saying so.
     */
    private void sourceStatements(ProbePoint p, int k, PointContext ctx, Path file, ElfSymbols elf, String prefix,
                                  long pid, String text, List<ResolvedPoint> out) {
        Component c = p.components().get(k);
        SourceLines.Spec spec = SourceLines.Spec.parse(text);
        long[] range = spec.line() == null || spec.file().isEmpty() ? null : SourceLines.lines(spec.line());
        if (range == null) {
            PointArgs.error(ctx, c, ".statement needs FUNCTION@FILE:LINE (LINE a number, N-M or *)",
                    ".statement(\"main@prog.c:*\")");
            return;
        }
        org.jstap.elaborate.dwarf.SourceIndex idx;
        try {
            idx = org.jstap.elaborate.dwarf.SourceIndex.of(file);
        } catch (IOException e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_NEEDS_DWARF, c.span(), ".statement(\"" + text
                    + "\") needs the source lines of " + file + " (DWARF): " + e.getMessage())
                    .withHint("build it with -g"));
            return;
        }
        // the same points as the kernel's (SourceIndex.statements: stap 4.8's rule with inlined copies); a uprobe
        // is placed by address, so static functions sharing a name are all kept
        for (var st : idx.statements(Glob.matcher(spec.name()), SourceLines.fileMatcher(spec.file()), null)) {
            if (st.line() < range[0] || st.line() > range[1]) continue;
            long off = elf.fileOffset(st.address());
            if (off < 0) continue;
            // the variables at the line from the program's DWARF, typed by the program's own types
            DwarfVars.Found vars = DwarfVars.at(idx, UserTypes.of(file, ctx),
                    st.unit(), st.die(), st.address(), true, c.span(), true);
            out.add(new ResolvedPoint(prefix + ".statement(" + PointArgs.quote(st.name() + "@" + st.file() + ":"
                    + st.line()) + ")", st.name(), new IrSite.Process(file.toString(), null, st.address(), off,
                    false, 0, pid), vars == null ? List.of() : vars.vars(), vars == null ? null : vars.debugInfo(),
                    null, true));
        }
    }

    /**
     * {@code .plt[("NAME")][.return]}: a uprobe (uretprobe) on each matching PLT stub of {@code file}, i.e. on the
     * file's calls to that function through its PLT. {@code ppfunc()} and {@code $$name} are the function's name.
     */
    private void plt(ProbePoint p, int k, PointContext ctx, Path file, String prefix, long pid,
                     List<ResolvedPoint> out) {
        var cs = p.components();
        String pattern = cs.get(k).arg() == null ? "*" : PointArgs.string(p, k, ctx);
        if (pattern == null) return;
        boolean ret = false;
        if (cs.size() == k + 2 && cs.get(k + 1).name().equals("return") && cs.get(k + 1).arg() == null) ret = true;
        else if (cs.size() != k + 1) {
            PointArgs.error(ctx, cs.get(k + 1), "'" + cs.get(k + 1).name() + "' cannot follow .plt(...)", ".plt(\"NAME\").return");
            return;
        }
        List<PltEntries.Entry> entries;
        try {
            entries = PltEntries.read(file);
        } catch (IOException | RuntimeException e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, cs.get(0).span(),
                    "cannot read the PLT of '" + file + "': " + e.getMessage()));
            return;
        }
        Predicate<String> m = Glob.matcher(pattern);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PltEntries.Entry e : entries) {
            if (!m.test(e.name()) || !seen.add(e.name())) continue;
            String point = prefix + ".plt(" + PointArgs.quote(e.name()) + ")" + (ret ? ".return" : "");
            out.add(new ResolvedPoint(point, e.name(), new IrSite.Process(file.toString(), e.name(), e.address(),
                    e.fileOffset(), ret, 0, pid), List.of(), null, null, true,
                    new ResolvedPoint.Mark("", e.name(), List.of(), List.of())));
        }
    }

    /** {@code [.provider("P")].mark("NAME")}: one point per matching marker note of {@code file}. */
    private void marks(ProbePoint p, int k, PointContext ctx, Path file, String prefix, long pid,
                       String providerPattern, List<ResolvedPoint> out) {
        var cs = p.components();
        String pattern = PointArgs.string(p, k, ctx);
        if (pattern == null) return;
        if (cs.size() != k + 1) {
            PointArgs.error(ctx, cs.get(k + 1), "'" + cs.get(k + 1).name() + "' cannot follow .mark(...)", ".mark(\"NAME\")");
            return;
        }
        SdtNotes notes;
        try {
            notes = SdtNotes.read(file);
        } catch (IOException | RuntimeException e) {
            if (Glob.isPattern(p.components().get(0).arg() instanceof Expr.StrLit s ? s.value() : "")) return; // a glob's non-ELF file
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, cs.get(0).span(),
                    "cannot read the markers of '" + file + "': " + e.getMessage()));
            return;
        }
        Predicate<String> name = Glob.matcher(pattern);
        Predicate<String> provider = providerPattern == null ? x -> true : Glob.matcher(providerPattern);
        for (SdtNotes.Marker mk : notes.markers()) {
            if (!name.test(mk.name()) || !provider.test(mk.provider()) || mk.pcOffset() < 0) continue;
            String point = prefix + (providerPattern == null ? "" : ".provider(" + PointArgs.quote(mk.provider()) + ")")
                    + ".mark(" + PointArgs.quote(mk.name()) + ")";
            List<TargetAccess> args = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (String a : mk.argList()) {
                try {
                    args.add(SdtArgument.parse(a, mk.pc(), notes::symbol, cs.get(k).span()));
                    errors.add(null);
                } catch (SdtArgument.Unsupported e) {
                    args.add(null);
                    errors.add(e.getMessage());
                }
            }
            // one marker name may be in the file more than once (inlined or cloned code): one probe per address
            out.add(new ResolvedPoint(point, "", new IrSite.Process(file.toString(), null, mk.pc(), mk.pcOffset(), false,
                    mk.semaphoreOffset() > 0 ? mk.semaphoreOffset() : 0, pid), List.of(), null, null, true, new ResolvedPoint.Mark(mk.provider(), mk.name(), args, errors)));
        }
    }

    /** Where a library given by name is looked for (the dynamic linker's default directories on Debian). */
    static final List<String> LIB_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
            "/usr/lib64", "/lib", "/usr/lib");

    /** A library path (absolute, maybe a glob) or name (maybe a glob) to the files, symlinks resolved, each once. */
    static List<Path> libraries(String lib) {
        if (lib.indexOf('\0') >= 0) return List.of();
        if (lib.startsWith("/")) {
            if (Glob.isPattern(lib)) return FileGlob.expand(lib);
            Path p = real(Path.of(lib));
            return p == null ? List.of() : List.of(p);
        }
        java.util.LinkedHashSet<Path> out = new java.util.LinkedHashSet<>();
        for (String d : LIB_DIRS) {
            if (Glob.isPattern(lib)) {
                out.addAll(FileGlob.expand(d + "/" + lib));
            } else {
                Path p = real(Path.of(d, lib));
                if (p != null) {
                    out.add(p);
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    private static Path real(Path p) {
        try {
            Path r = p.toRealPath();
            return Files.isRegularFile(r) ? r : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static Path locate(String path) {
        if (path.indexOf('\0') >= 0) return null;
        if (path.contains("/")) return real(Path.of(path).toAbsolutePath().normalize());
        String env = System.getenv("PATH");
        if (env == null) return null;
        for (String dir : env.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, path);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return real(p.toAbsolutePath().normalize());
        }
        return null;
    }
}
