package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.List;
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
 * {@code kernel.trace("NAME")} (also {@code "SYSTEM:NAME"}, the system is dropped: tracepoints are attached by
 * name, and BTF does not record systems, so {@code "SYSTEM:*"} is refused): wildcards over the BTF
 * {@code btf_trace_*} list; the tracepoint's arguments become {@code $name}. A pattern that matches no built-in
 * tracepoint is matched against the tracepoints of the kernel's loadable modules ({@link PointContext#moduleTracepoints});
 * those are typed by the module's BTF and armed at run time while their module is loaded.
 */
public final class TracepointProvider implements ProbeProvider {
    @Override public String family() { return "kernel.trace"; }


    @Override public List<String> shapes() { return List.of("kernel.trace(\"NAME\")"); }

    @Override
    public boolean matches(ProbePoint p) {
        return PointArgs.named(p, 0, "kernel") && PointArgs.named(p, 1, "trace");
    }

    @Override
    public List<ResolvedPoint> resolve(ProbePoint p, PointContext ctx) {
        var cs = p.components();
        if (cs.size() != 2 || cs.get(0).arg() != null) return List.of();
        String pattern = PointArgs.string(p, 1, ctx);
        if (pattern == null) return List.of();
        int colon = pattern.indexOf(':');
        if (colon >= 0 && pattern.substring(0, colon).equals("syscalls")) {
            return syscallEvents(pattern.substring(colon + 1), ctx);
        }
        if (colon >= 0) {
            String system = pattern.substring(0, colon);
            pattern = pattern.substring(colon + 1);
            if (pattern.equals("*") && !system.equals("*")) {
                // BTF names tracepoints without their system: "sched:*" would mean every tracepoint.
                PointArgs.error(ctx, cs.get(1), "cannot select tracepoints by system '" + system
                        + "': BTF does not record it", "match the names: kernel.trace(\"" + system + "_*\")");
                return List.of();
            }
        }
        var di = ctx.kernel();
        if (di.isEmpty()) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, cs.get(1).span(),
                    "no debug information (BTF) for the kernel: cannot find tracepoints"));
            return List.of();
        }
        Predicate<String> m = Glob.matcher(pattern);
        List<ResolvedPoint> out = new ArrayList<>();
        for (String name : di.get().tracepointNames()) {
            if (!m.test(name)) continue;
            FunctionSig sig = di.get().tracepoint(name).orElse(null);
            if (sig != null) out.add(point(di.get(), null, name, sig));
        }
        if (out.isEmpty()) {
            // not built in: tracepoints of loadable modules, typed by the module's own (split) BTF
            for (var e : ctx.moduleTracepoints().entrySet()) {
                if (!m.test(e.getKey())) continue;
                DebugInfo mdi = ctx.module(e.getValue()).orElse(null);
                FunctionSig sig = mdi == null ? null : mdi.tracepoint(e.getKey()).orElse(null);
                if (sig != null) out.add(point(mdi, e.getValue(), e.getKey(), sig));
            }
        }
        return out;
    }

    /**
     * A tracepoint of a loadable module is named {@code "module:name"} in the IR site (as kprobes name
     * {@code "module:symbol"}): the runtime registers it while that module is loaded.
     */
    private static ResolvedPoint point(DebugInfo di, String module, String name, FunctionSig sig) {
        List<IrSite.Param> args = new ArrayList<>();
        List<ResolvedPoint.TargetVarDef> vars = new ArrayList<>();
        for (int i = 0; i < sig.params().size(); i++) {
            CType.Param prm = sig.params().get(i);
            args.add(KernelFunctionProvider.param(di, prm.name(), prm.type()));
            vars.add(new ResolvedPoint.TargetVarDef(prm.name(), prm.type(),
                    new TargetAccess.Source.TracepointArg(i, prm.name())));
        }
        return new ResolvedPoint("kernel.trace(" + PointArgs.quote(name) + ")", "", new IrSite.Tracepoint(module == null ? name : module + ":" + name, args),
                vars, di, null, false);
    }

    /**
     * {@code kernel.trace("syscalls:sys_enter_*")}: the syscall trace events (tracefs), bpf only. Every field is a
     * long ({@code __syscall_nr} an int), so pointer fields are numbers, as stap reads {@code char *} anyway.
     */
    private static List<ResolvedPoint> syscallEvents(String pattern, PointContext ctx) {
        var di = ctx.kernel();
        if (di.isEmpty()) return List.of();
        Predicate<String> m = Glob.matcher(pattern);
        List<ResolvedPoint> out = new ArrayList<>();
        var longT = di.get().findType("long int");
        var ulongT = di.get().findType("long unsigned int");
        var intT = di.get().findType("int");
        if (longT.isEmpty() || intT.isEmpty()) return List.of();
        for (String name : SyscallEvents.names()) {
            if (!m.test(name)) continue;
            List<SyscallEvents.Field> fs = SyscallEvents.fields(name);
            if (fs == null) continue;
            List<IrSite.Param> args = new ArrayList<>();
            List<ResolvedPoint.TargetVarDef> vars = new ArrayList<>();
            for (int i = 0; i < fs.size(); i++) {
                SyscallEvents.Field f = fs.get(i);
                // the field's own C type where BTF names it (int dfd: -100 reads as -100), pointers as numbers
                var own = f.cType().contains("*") ? java.util.OptionalInt.empty()
                        : di.get().findType(f.cType().replace("const ", "").trim());
                int type = i == 0 ? intT.getAsInt() : own.isPresent() ? own.getAsInt()
                        : f.signed() || ulongT.isEmpty() ? longT.getAsInt() : ulongT.getAsInt();
                args.add(KernelFunctionProvider.param(di.get(), f.name(), type));
                vars.add(new ResolvedPoint.TargetVarDef(f.name(), type, new TargetAccess.Source.TracepointArg(i, f.name())));
            }
            out.add(new ResolvedPoint("kernel.trace(" + PointArgs.quote("syscalls:" + name) + ")", "",
                    new IrSite.Tracepoint("syscalls:" + name, args), vars, di.get(), null, false));
        }
        return out;
    }
}
