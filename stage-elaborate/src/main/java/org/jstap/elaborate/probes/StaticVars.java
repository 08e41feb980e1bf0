package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.elaborate.dwarf.BtfOverlay;
import org.jstap.elaborate.dwarf.Scopes;
import org.jstap.elaborate.dwarf.SourceIndex;

/**
 * {@code @var("NAME[@FILE]"[, MODULE])}: a file-scope variable (a global or a file's static) from DWARF, in the
 * compile unit of the probed function or in those whose source file matches FILE. Its location is a link-time
 * address: the kernel's is relocated by its KASLR offset when the session starts ({@link DwarfVars#statics}), a
 * fixed-address program's is used as is. Kernel types come from its BTF (through {@link BtfOverlay}), a
 * program's from its DWARF.
 */
public final class StaticVars {
    /** The variable as a target variable and the debug info its type belongs to; or why there is none. */
    public record Found(ResolvedPoint.TargetVarDef def, DebugInfo debugInfo, String error, String hint) {
        static Found fail(String error, String hint) {
            return new Found(null, null, error, hint);
        }
    }

    private StaticVars() {}

    public static Found find(PointContext ctx, ResolvedPoint rp, String spec, String module, Span span) {
        int at = spec.indexOf('@');
        String name = at < 0 ? spec : spec.substring(0, at), file = at < 0 ? null : spec.substring(at + 1);
        String what = "@var(\"" + spec + "\")";
        SourceIndex idx;
        DebugInfo types;
        boolean user = rp.userSpace();
        String owner = "kernel";
        if (user) {
            String path = module != null ? module : rp.site() instanceof IrSite.Process p ? p.path() : null;
            if (path == null) return Found.fail(what + " needs the program's DWARF, and this probe names no program",
                    "give the program: @var(\"" + spec + "\", \"/path/to/program\")");
            try {
                idx = SourceIndex.of(Path.of(path));
            } catch (IOException e) {
                return Found.fail(what + ": cannot read the DWARF of " + path + ": " + e.getMessage(), "build it with -g");
            }
            types = UserTypes.of(Path.of(path), ctx);
            owner = path;
        } else {
            if (module != null && !module.equals("kernel")) {
                return Found.fail(what + " in module " + module + ": jstap reads file-scope variables of the kernel"
                        + " itself only (a module's debug file is relocatable)", "read it from a probe on the kernel");
            }
            Optional<SourceIndex> k = SourceLines.kernel(ctx, span, what, true);
            if (k.isEmpty()) return null; // reported
            Optional<DebugInfo> btf = ctx.kernel();
            if (btf.isEmpty()) return Found.fail(what + " needs the kernel's BTF for its type", null);
            idx = k.get();
            types = btf.get();
        }
        List<Integer> units = new ArrayList<>();
        if (file != null) {
            units.addAll(idx.units(SourceLines.fileMatcher(file)));
            if (units.isEmpty()) return Found.fail(what + ": no compile unit has the source file '" + file + "'",
                    "name the file as the build did, e.g. kernel/fork.c");
        } else {
            // the probed function's unit first, then every unit (as stap 4.8: a global or another file's static)
            if (rp.function() != null) {
                for (SourceIndex.Function f : idx.functions(rp.function()::equals, x -> true)) {
                    if (!units.contains(f.unit())) units.add(f.unit());
                }
            }
            for (int u : idx.unitsWithGlobal(name)) if (!units.contains(u)) units.add(u);
        }
        for (int u : units) {
            Scopes.Variable v;
            try {
                v = idx.global(u, name);
            } catch (RuntimeException e) {
                continue; // a unit this reader does not understand
            }
            if (v == null) continue;
            BtfOverlay overlay = new BtfOverlay(types);
            ResolvedPoint.TargetVarDef def = DwarfVars.global(idx, v, overlay, span, user);
            if (def.unavailable() != null) return Found.fail(what + ": " + def.unavailable(), null);
            return new Found(def, overlay, null, null);
        }
        return Found.fail("unable to find global '" + name + "' in " + (file != null ? file : owner),
                null);
    }
}
