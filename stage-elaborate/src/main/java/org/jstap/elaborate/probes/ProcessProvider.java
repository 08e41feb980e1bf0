package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;

/**
 * {@code process("PATH").function("NAME")[.return]} and {@code process("PATH").statement(ADDR)}: uprobes at file
 * offsets found in the binary's ELF symbol table ({@link ElfSymbols}). A relative PATH is looked up in
 * {@code $PATH}. No DWARF, hence no {@code $vars}.
 */
public final class ProcessProvider implements ProbeProvider {
    @Override public String family() { return "process"; }

    @Override public Set<String> backends() { return Set.of("kmod"); }

    @Override
    public List<String> shapes() {
        return List.of("process(\"PATH\").function(\"NAME\")", "process(\"PATH\").function(\"NAME\").return",
                "process(\"PATH\").statement(ADDR)");
    }

    @Override
    public boolean matches(ProbePoint p) {
        return PointArgs.named(p, 0, "process") && p.components().size() >= 2 && !ProcessLifeProvider.claims(p);
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        String path = PointArgs.string(p, 0, ctx);
        if (path == null) return List.of();
        if (path.indexOf('\0') >= 0) { // no file name holds a NUL byte (and Path.of would throw)
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_BAD_PROBE_ARG, cs.get(0).span(),
                    "the executable path contains a NUL byte (at character " + (path.indexOf('\0') + 1) + ")"));
            return List.of();
        }
        Path bin = locate(path);
        if (bin == null) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, cs.get(0).span(),
                    "cannot find executable '" + path + "'"));
            return List.of();
        }
        ElfSymbols elf;
        try {
            elf = ElfSymbols.read(bin);
        } catch (IOException | RuntimeException e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, cs.get(0).span(),
                    "cannot read symbols of '" + bin + "': " + e.getMessage()));
            return List.of();
        }
        String prefix = "process(" + PointArgs.quote(bin.toString()) + ")";
        String kind = cs.get(1).name();
        List<ResolvedPoint> out = new ArrayList<>();
        if (kind.equals("statement")) {
            Long addr = PointArgs.number(p, 1, ctx);
            if (addr == null || cs.size() != 2) return List.of();
            long off = elf.fileOffset(addr);
            if (off < 0) {
                PointArgs.error(ctx, cs.get(1), String.format("address 0x%x is not in a loaded segment of %s", addr, bin), null);
                return List.of();
            }
            out.add(new ResolvedPoint(prefix + String.format(".statement(0x%x)", addr), "",
                    new IrSite.Process(bin.toString(), null, addr, off, false), List.of(), null, null, true,
                    KernelFunctionProvider.KMOD));
            return out;
        }
        if (!kind.equals("function")) return List.of();
        String pattern = PointArgs.string(p, 1, ctx);
        if (pattern == null) return List.of();
        FunctionSuffix sfx = FunctionSuffix.parse(cs.subList(2, cs.size()), ctx);
        if (sfx == null || sfx.inline()) return List.of();
        Predicate<String> m = Glob.matcher(pattern);
        for (ElfSymbols.Symbol s : elf.functions().values()) {
            if (!m.test(s.name()) || s.fileOffset() < 0) continue;
            out.add(new ResolvedPoint(prefix + ".function(" + PointArgs.quote(s.name()) + ")" + sfx.text(), s.name(),
                    new IrSite.Process(bin.toString(), s.name(), s.address(), s.fileOffset(), sfx.isReturn()),
                    List.of(), null, null, true, KernelFunctionProvider.KMOD));
        }
        return out;
    }

    static Path locate(String path) {
        if (path.indexOf('\0') >= 0) return null;
        if (path.contains("/")) {
            Path p = Path.of(path).toAbsolutePath().normalize();
            return Files.isRegularFile(p) ? p : null;
        }
        String env = System.getenv("PATH");
        if (env == null) return null;
        for (String dir : env.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, path);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toAbsolutePath().normalize();
        }
        return null;
    }
}
