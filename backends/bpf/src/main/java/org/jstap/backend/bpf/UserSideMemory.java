package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jstap.api.diag.Codes;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.TargetAccess;
import org.jstap.irtools.CallGraph;
import org.jstap.irtools.IrScanner;

/**
 * Target variables ({@code @cast(p, "T"[, "<h.h>" | "kernel<...>" | "MODULE"])->f}, {@code $var}) in the bodies
 * that run in user space on bpf (begin, end, error, timer, and the functions they call): interp's engine runs
 * them, and it reads no kernel memory (kmod's begin reads it from inside the kernel; a BPF program per read, or
 * /proc/kcore, which lockdown refuses, would be the only ways from user space). A pass-3 refusal at the
 * expression, instead of pass 5's refusal by the engine without a place; kernel probes read the same memory in
 * BPF, and a global carries the value to end.
 */
final class UserSideMemory {
    private UserSideMemory() {}

    /** The first target-variable read of the user-space part, or null. */
    static IrExpr.Target first(IrProgram ir) {
        List<IrProbe> user = new ArrayList<>();
        for (IrProbe p : ir.probes()) if (BpfCWriter.userSide(p.site())) user.add(p);
        if (user.isEmpty()) return null;
        Set<String> fns = CallGraph.of(ir).reachableFrom(user);
        IrExpr.Target[] found = {null};
        IrScanner s = new IrScanner() {
            @Override
            public Void visitTarget(IrExpr.Target e) {
                // input.char / input.line's $value is what the engine read from stdin, not memory; a @defined(member)
                // check reads nothing (pass 5 answers it with the build's BTF: CoreExistence.answeredAtBuild)
                if (found[0] == null && !(e.access().source() instanceof TargetAccess.Source.ProcfsValue)
                        && !(e.access().result() instanceof TargetAccess.Result.Exists)) found[0] = e;
                return super.visitTarget(e);
            }
        };
        for (IrProbe p : user) s.probe(p);
        for (IrFunction f : ir.functions()) if (fns.contains(f.id())) s.function(f);
        return found[0];
    }

    static void check(IrProgram ir) {
        IrExpr.Target t = first(ir);
        if (t == null) return;
        throw new BpfCWriter.Unsupported(t.span(), "the bpf backend cannot compile " + t.text() + " in a begin, end, error or timer body (or a function"
                + " one calls): on bpf those run in user space (interp's engine), which reads no kernel memory", Codes.TRANSLATE_BPF_USER_MEMORY,
                "read it in a kernel probe and keep it in a global for the user-space body, or use --runtime=kmod");
    }
}
