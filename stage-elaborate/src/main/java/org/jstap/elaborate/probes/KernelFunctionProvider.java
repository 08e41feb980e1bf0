package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.FunctionSig;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.ir.TargetAccess;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.irtools.Glob;

/**
 * {@code kernel.function(PATTERN)} and {@code module(NAME).function(PATTERN)} with {@code .call .return .inline
 * .maxactive(N)}: wildcards expand over the BTF function list; parameters become {@code $name} in argument
 * registers. A {@code @FILE} suffix selects by source file and adds the inlined copies, from the kernel's DWARF
 * (the {@code -dbg} package: needed for a pattern or {@code .inline}, used when installed for a plain name); BTF
 * alone has no inlined copies, so without DWARF {@code .inline} matches nothing.
 */
public final class KernelFunctionProvider implements ProbeProvider {

    @Override public String family() { return "kernel.function"; }


    @Override
    public List<String> shapes() {
        return List.of("kernel.function(\"PATTERN\")", "kernel.function(\"PATTERN\").call",
                "kernel.function(\"PATTERN\").return", "module(\"NAME\").function(\"PATTERN\")");
    }

    @Override
    public boolean matches(ProbePoint p) {
        return (PointArgs.named(p, 0, "kernel") && PointArgs.named(p, 1, "function"))
                || (PointArgs.named(p, 0, "module") && PointArgs.named(p, 1, "function"));
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        boolean module = cs.get(0).name().equals("module");
        String mod = null;
        if (module) {
            mod = PointArgs.string(p, 0, ctx);
            if (mod == null) return List.of();
        } else if (cs.get(0).arg() != null) {
            return List.of();
        }
        String pattern = PointArgs.string(p, 1, ctx);
        if (pattern == null) return List.of();
        FunctionSuffix sfx = FunctionSuffix.parse(cs.subList(2, cs.size()), ctx);
        if (sfx == null) return List.of();
        int at = pattern.indexOf('@');
        String filePattern = null;
        if (at >= 0) {
            filePattern = pattern.substring(at + 1);
            int colon = filePattern.indexOf(':');
            if (colon >= 0) filePattern = filePattern.substring(0, colon); // the line is for stap's listing only
            boolean glob = Glob.isPattern(pattern.substring(0, at));
            if (!(module && Glob.isPattern(mod))) {
                // BTF has no source files nor inlined copies: the kernel's DWARF (the -dbg package) has both. A
                // pattern or .inline needs it; a plain NAME@FILE uses it when installed, else BTF alone
                String name = pattern.substring(0, at);
                boolean needed = glob || sfx.inline();
                String prefix = module ? "module(" + PointArgs.quote(mod) + ").function(" : "kernel.function(";
                String what = prefix + "\"" + pattern + "\")";
                var idx = module ? SourceLines.module(ctx, cs.get(1), mod, what, needed)
                        : SourceLines.kernel(ctx, cs.get(1), what, needed);
                if (idx.isPresent()) {
                    return fromSource(idx.get(), module ? ctx.module(mod) : ctx.kernel(), Glob.matcher(name),
                            SourceLines.fileMatcher(filePattern), prefix, mod, sfx, cs.get(1), ctx);
                }
                if (needed) return List.of();
            }
            if (sfx.inline()) return List.of();
            if (Glob.isPattern(pattern.substring(0, at))) {
                PointArgs.error(ctx, cs.get(1), "cannot select functions by source file '" + filePattern
                        + "' across modules matching '" + mod + "'", "name one module: module(\"xfs\")");
                return List.of();
            }
            pattern = pattern.substring(0, at);
        }
        if (module && Glob.isPattern(mod)) return acrossModules(mod, pattern, sfx, ctx);
        Optional<DebugInfo> di = module ? ctx.module(mod) : ctx.kernel();
        if (di.isEmpty()) {
            Optional<String> why = ctx.whyNoDebugInfo(module ? mod : null);
            boolean builtin = why.isPresent() && why.get().contains("built into");
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, cs.get(module ? 0 : 1).span(),
                    "no debug information (BTF) for " + (module ? "module '" + mod + "'" : "the kernel")
                            + why.map(w -> ": " + w).orElse(""))
                    .withHint(builtin ? "probe it as kernel.function(\"" + pattern + "\")"
                            : why.isPresent() && why.get().contains("not found") ? "check the module's name"
                            : "install the kernel image or use a kernel with /sys/kernel/btf/vmlinux"));
            return List.of();
        }
        List<ResolvedPoint> out = new ArrayList<>();
        addPoints(out, di.get(), pattern, mod, sfx);
        if (!sfx.exported() && (out.isEmpty() || Glob.isPattern(pattern))) {
            out.addAll(dwarfOnly(di.get(), pattern, mod, sfx, cs.get(1), ctx));
        }
        return out;
    }

    /**
     * The functions matching {@code pattern} that BTF leaves out (static ones, inlined-only ones) from the DWARF of
     * the {@code -dbg} package when it is installed (else none, and nothing is read): their out-of-line copies and
     * inlined instances as for a {@code @FILE} pattern, with their {@code $vars} from DWARF. Not exported, so never
     * for {@code .exported}.
     */
    private static List<ResolvedPoint> dwarfOnly(DebugInfo di, String pattern, String mod, FunctionSuffix sfx,
                                                 ProbePoint.Component c, PointContext ctx) {
        String prefix = mod != null ? "module(" + PointArgs.quote(mod) + ").function(" : "kernel.function(";
        String what = prefix + "\"" + pattern + "\")";
        var idx = mod != null ? SourceLines.module(ctx, c, mod, what, false) : SourceLines.kernel(ctx, c, what, false);
        return idx.isEmpty() ? List.of() : dwarfOnly(idx.get(), di, pattern, mod, sfx, c, ctx);
    }

    /** As above, from the index {@code idx} (a test's compiled object). */
    static List<ResolvedPoint> dwarfOnly(org.jstap.elaborate.dwarf.SourceIndex idx, DebugInfo di, String pattern,
                                         String mod, FunctionSuffix sfx, ProbePoint.Component c, PointContext ctx) {
        String prefix = mod != null ? "module(" + PointArgs.quote(mod) + ").function(" : "kernel.function(";
        Predicate<String> names = Glob.matcher(pattern);
        return fromSource(idx, Optional.of(di), n -> names.test(n) && di.function(n).isEmpty(), f -> true,
                prefix, mod, sfx, c, ctx);
    }

    /**
     * The functions of a source file pattern from DWARF: the out-of-line ones that have a BTF prototype (their
     * {@code $params}; unless {@code .inline}) and every inlined copy (unless {@code .call} or {@code .return}), a
     * kprobe at its entry inside the function it was inlined into (no {@code $vars}: BTF has no locations).
     */
    private static List<ResolvedPoint> fromSource(org.jstap.elaborate.dwarf.SourceIndex idx, Optional<DebugInfo> di,
                                                  Predicate<String> names, Predicate<String> files, String prefix,
                                                  String mod, FunctionSuffix sfx, ProbePoint.Component c,
                                                  PointContext ctx) {
        List<ResolvedPoint> out = new ArrayList<>();
        if (!sfx.inline()) {
            // one point per function and file; gcc's parts of it (.part.0, .cold) are not entries
            java.util.Map<String, List<org.jstap.elaborate.dwarf.SourceIndex.Function>> byFile = new java.util.LinkedHashMap<>();
            for (var f : idx.functions(names, files)) byFile.computeIfAbsent(f.name() + "@" + f.file(), k -> new ArrayList<>()).add(f);
            for (var group : byFile.values()) {
                var f = group.get(0);
                String text = prefix + PointArgs.quote(f.name() + "@" + f.file() + ":" + f.line()) + ")" + sfx.text();
                FunctionSig sig = di.flatMap(d -> d.function(f.name())).orElse(null);
                if (mod != null) { // a module's symbols count from each section: by name
                    if (sig != null) out.add(point(di.get(), sig, text, mod, sfx));
                    else if (di.isPresent()) out.add(dwarfPoint(idx, di.get(), f, f.name(), mod, 0, text, sfx, c));
                    continue;
                }
                ResolvedPoint rp = outOfLine(idx, group, sig, di, text, sfx, c);
                if (rp != null) out.add(rp);
            }
        }
        if (sfx.call()) return out;
        var inlined = idx.inlines(names, files);
        if (sfx.isReturn()) {
            java.util.Set<String> skipped = new java.util.TreeSet<>();
            for (var f : inlined) skipped.add(f.name());
            if (!skipped.isEmpty()) {
                ctx.diagnostics().report(Diagnostic.warning(Codes.WARN_INLINE_RETURN, c.span(),
                        "cannot probe .return of " + skipped.size() + " inlined function" + (skipped.size() == 1 ? "" : "s")
                                + "  " + String.join(" ", skipped)));
            }
            return out;
        }
        for (var f : inlined) {
            if (idx.count(f.caller()) > 1) continue; // a static caller several files define: its symbol is ambiguous
            String text = prefix + PointArgs.quote(f.name() + "@" + f.file() + ":" + f.line()) + ")" + sfx.text();
            // the copy's parameters and locals at its entry, from their DWARF locations there
            DwarfVars.Found vars = DwarfVars.at(idx, di.orElse(null), f.unit(), f.die(), f.entryPc(), false, c.span(), false);
            out.add(new ResolvedPoint(text, f.name(), new IrSite.Kprobe(f.caller(), mod, f.offset(), false, null),
                    vars == null ? List.of() : vars.vars(), vars == null ? null : vars.debugInfo(), null, false));
        }
        return out;
    }

    /**
     * The kernel point of one out-of-line function of a file ({@code group}: its concrete DWARF copies, by address):
     * the copy at the symbol of its own name, with its BTF {@code $params}; else a clone gcc made and named
     * ({@code find_entry.isra.0}), at that symbol without {@code $params}; else, for a static name several files
     * define (the symbol and prototype could be the other one's), its entry placed from {@code _stext}, without
     * {@code $params} and not for {@code .return}. Null when none applies.
     */
    private static ResolvedPoint outOfLine(org.jstap.elaborate.dwarf.SourceIndex idx,
                                           List<org.jstap.elaborate.dwarf.SourceIndex.Function> group, FunctionSig sig,
                                           Optional<DebugInfo> di, String text, FunctionSuffix sfx,
                                           ProbePoint.Component c) {
        String name = group.get(0).name();
        DebugInfo btf = di.orElse(null);
        for (var f : group) {
            if (!name.equals(idx.uniqueSymbolAt(f.lowPc()))) continue;
            if (sig != null) return point(di.get(), sig, text, null, sfx);
            return dwarfPoint(idx, btf, f, name, null, 0, text, sfx, c);
        }
        for (var f : group) {
            String sym = idx.uniqueSymbolAt(f.lowPc());
            if (sym == null || !sym.startsWith(name + ".") || sym.contains(".part.") || sym.contains(".cold")) continue;
            return dwarfPoint(idx, btf, f, sym, null, 0, text, sfx, c);
        }
        Long stext = idx.stext();
        var f = group.get(0);
        if (idx.count(name) > 1 && stext != null && !sfx.isReturn() && Long.compareUnsigned(f.lowPc(), stext) >= 0) {
            return dwarfPoint(idx, btf, f, "_stext", null, f.lowPc() - stext, text, sfx, c);
        }
        return null;
    }

    /**
     * An out-of-line copy BTF has no prototype for, probed at {@code symbol + offset}: its parameters and locals at
     * its entry from their DWARF locations there (stap reads a function's entry from its own scope), typed
     * through the BTF; none without BTF.
     */
    private static ResolvedPoint dwarfPoint(org.jstap.elaborate.dwarf.SourceIndex idx, DebugInfo btf,
                                            org.jstap.elaborate.dwarf.SourceIndex.Function f, String symbol, String mod,
                                            long offset, String text, FunctionSuffix sfx, ProbePoint.Component c) {
        DwarfVars.Found vars = DwarfVars.at(idx, btf, f.unit(), f.die(), f.lowPc(), false, c.span(), false);
        boolean ret = sfx.isReturn() && offset == 0;
        return new ResolvedPoint(text, f.name(), new IrSite.Kprobe(symbol, mod, offset, ret, ret ? sfx.maxActive() : null),
                vars == null ? List.of() : vars.vars(), vars == null ? null : vars.debugInfo(), null, false);
    }

    /**
     * {@code module("GLOB")}: every installed module of the target kernel whose name matches and whose BTF has a
     * matching function; modules without BTF (or built in) are skipped, as stap skips those without debuginfo.
     */
    private static List<ResolvedPoint> acrossModules(String glob, String pattern, FunctionSuffix sfx, PointContext ctx) {
        Predicate<String> m = Glob.matcher(glob.replace('-', '_'));
        List<ResolvedPoint> out = new ArrayList<>();
        for (String name : ctx.moduleNames()) {
            if (!m.test(name)) continue;
            ctx.module(name).ifPresent(di -> addPoints(out, di, pattern, name, sfx));
        }
        return out;
    }

    private static void addPoints(List<ResolvedPoint> out, DebugInfo di, String pattern, String mod, FunctionSuffix sfx) {
        String prefix = mod != null ? "module(" + PointArgs.quote(mod) + ").function(" : "kernel.function(";
        for (String name : names(di, pattern)) {
            FunctionSig sig = di.function(name).orElse(null);
            if (sig == null) continue;
            out.add(point(di, sig, prefix + PointArgs.quote(name) + ")" + sfx.text(), mod, sfx));
        }
    }

    static List<String> names(DebugInfo di, String pattern) {
        if (!Glob.isPattern(pattern)) return di.function(pattern).isPresent() ? List.of(pattern) : List.of();
        Predicate<String> m = Glob.matcher(pattern);
        List<String> out = new ArrayList<>();
        for (String n : di.functionNames()) if (m.test(n)) out.add(n);
        return out;
    }

    private static ResolvedPoint point(DebugInfo di, FunctionSig sig, String text, String mod, FunctionSuffix sfx) {
        List<IrSite.Param> params = new ArrayList<>();
        List<ResolvedPoint.TargetVarDef> vars = new ArrayList<>();
        List<TargetAccess.Source> where = ArgLocations.of(di, sig.params());
        for (int i = 0; i < sig.params().size(); i++) {
            CType.Param prm = sig.params().get(i);
            params.add(param(di, prm.name(), prm.type()));
            if (where.get(i) != null && !prm.name().isEmpty()) {
                vars.add(new ResolvedPoint.TargetVarDef(prm.name(), prm.type(), where.get(i)));
            }
        }
        IrSite site = new IrSite.KernelFunction(sig.name(), mod, sfx.isReturn(), false, sfx.maxActive(), params,
                di.typeName(sig.returnType()));
        Integer ret = sfx.isReturn() && sig.returnType() != 0 ? sig.returnType() : null;
        return new ResolvedPoint(text, sig.name(), site, vars, di, ret, false);
    }

    static IrSite.Param param(DebugInfo di, String name, int type) {
        int r = di.resolve(type);
        CType t = di.type(r);
        boolean signed = t instanceof CType.Int i ? i.signed() : t instanceof CType.Enum e && e.signed();
        return new IrSite.Param(name, di.typeName(type), (int) Math.max(0, di.sizeOf(type)), signed,
                t instanceof CType.Pointer);
    }
}
