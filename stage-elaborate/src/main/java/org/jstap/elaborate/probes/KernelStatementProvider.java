package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.elaborate.dwarf.SourceIndex;
import org.jstap.irtools.Glob;

/**
 * {@code kernel.statement("FUNC@FILE:LINE")} (and {@code module("NAME").statement(...)}, from the module's debug
 * file in the same package) with LINE a number, {@code N-M} or {@code *}, and FUNC / FILE globs
 * ({@code "*@fs/open.c:1330"}): a kprobe at the first address of each source line in the function and in each
 * inlined copy of a matching function, from the kernel's DWARF line tables ({@link SourceIndex#statements}: the
 * {@code -dbg} package; the same points as stap 4.8's). The kprobe is placed by the
 * function's symbol and the line's offset in it (KASLR moves the kernel as a whole); a static function whose name
 * several files define is skipped, a symbol would not say which one. The {@code $vars} are the variables in scope
 * at the line's address with their DWARF locations there ({@link DwarfVars}).
 */
public final class KernelStatementProvider implements ProbeProvider {
    @Override public String family() { return "kernel.statement"; }

    @Override
    public List<String> shapes() {
        return List.of("kernel.statement(\"FUNC@FILE:LINE\")", "kernel.statement(\"FUNC@FILE:*\")",
                "kernel.statement(\"*@FILE:LINE\")", "module(\"NAME\").statement(\"FUNC@FILE:LINE\")");
    }

    @Override
    public boolean matches(ProbePoint p) {
        return (PointArgs.named(p, 0, "kernel") && p.components().get(0).arg() == null
                || PointArgs.named(p, 0, "module") && p.components().get(0).arg() instanceof org.jstap.api.ast.Expr.StrLit)
                && PointArgs.named(p, 1, "statement");
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        Component c = cs.get(1);
        String text = PointArgs.string(p, 1, ctx);
        if (text == null) return List.of();
        if (cs.size() != 2) {
            PointArgs.error(ctx, cs.get(2), "kernel.statement(...) takes no suffix here", "kernel.statement(\"f@file.c:*\")");
            return List.of();
        }
        SourceLines.Spec spec = SourceLines.Spec.parse(text);
        if (spec.line() == null || spec.file().isEmpty()) {
            PointArgs.error(ctx, c, "kernel.statement needs FUNCTION@FILE:LINE (LINE a number, N-M or *)",
                    "kernel.statement(\"do_sys_open@fs/open.c:*\")");
            return List.of();
        }
        long[] range = SourceLines.lines(spec.line());
        if (range == null) {
            PointArgs.error(ctx, c, "bad line '" + spec.line() + "': a number, N-M or *", null);
            return List.of();
        }
        long lo = range[0], hi = range[1];
        String mod = cs.get(0).name().equals("module") ? PointArgs.string(p, 0, ctx) : null;
        String prefix = mod == null ? "kernel" : "module(" + PointArgs.quote(mod) + ")";
        Optional<SourceIndex> idx = mod == null ? SourceLines.kernel(ctx, c, "kernel.statement(\"" + text + "\")")
                : SourceLines.module(ctx, c, mod, prefix + ".statement(\"" + text + "\")");
        if (idx.isEmpty()) return List.of();
        Predicate<String> name = Glob.matcher(spec.name()), file = SourceLines.fileMatcher(spec.file());
        List<ResolvedPoint> out = new ArrayList<>();
        List<String> ambiguous = new ArrayList<>();
        org.jstap.api.debuginfo.DebugInfo btf = (mod == null ? ctx.kernel() : ctx.module(mod)).orElse(null);
        if (!idx.get().relocatable()) {
            for (SourceIndex.Statement st : idx.get().statements(name, file, ambiguous)) {
                if (st.line() < lo || st.line() > hi) continue;
                String point = prefix + ".statement(" + PointArgs.quote(st.name() + "@" + st.file() + ":" + st.line()) + ")";
                DwarfVars.Found vars = DwarfVars.at(idx.get(), btf, st.unit(), st.die(), st.address(), true, c.span(), false);
                out.add(new ResolvedPoint(point, st.name(), new IrSite.Kprobe(st.anchor(), mod, st.offset(), false, null),
                        vars == null ? List.of() : vars.vars(), vars == null ? null : vars.debugInfo(), null, false));
            }
        }
        // a module's debug file is relocatable (every section from 0): its lines by the sequence holding a function
        for (SourceIndex.Function f : idx.get().relocatable() ? idx.get().functions(name, file) : List.<SourceIndex.Function>of()) {
            if (idx.get().count(f.name()) > 1) {
                if (!ambiguous.contains(f.name())) ambiguous.add(f.name());
                continue;
            }
            for (Map.Entry<Integer, Long> l : idx.get().lines(f).entrySet()) {
                if (l.getKey() < lo || l.getKey() > hi) continue;
                String point = prefix + ".statement(" + PointArgs.quote(f.name() + "@" + f.file() + ":" + l.getKey()) + ")";
                DwarfVars.Found vars = DwarfVars.at(idx.get(), btf, f.unit(), f.die(), l.getValue(), true, c.span(), false);
                out.add(new ResolvedPoint(point, f.name(), new IrSite.Kprobe(f.name(), mod, l.getValue() - f.lowPc(),
                        false, null), vars == null ? List.of() : vars.vars(), vars == null ? null : vars.debugInfo(),
                        null, false));
            }
        }
        if (out.isEmpty() && !ambiguous.isEmpty() && !p.optional() && !p.sufficient()) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, c.span(), "static function"
                    + (ambiguous.size() > 1 ? "s " : " ") + String.join(", ", ambiguous)
                    + " of this name exist in several files: a kprobe by symbol cannot tell them apart"));
        }
        return out;
    }
}
