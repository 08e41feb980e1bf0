package org.jstap.backend.bpf;

import org.jstap.api.diag.Codes;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.TargetAccess;
import org.jstap.irtools.IrScanner;

/**
 * What the bodies bpf runs in user space (begin, end, error, timer, and the functions they call) cannot read: they
 * run on interp's engine, which reads kernel memory through the loader's reader program (UserReads, LoaderMemory),
 * so {@code @cast(p, "T")->a->b}, {@code @var} and the kernel_* readers work there; refused at the expression are
 * a user-space or header type's member ({@code @cast(p, "T", "<sys/time.h>")}: user memory of no probed process,
 * only the loader is there) and pretty printing ({@code $var$}: not in interp's engine).
 */
final class UserSideMemory {
    private UserSideMemory() {}

    /** The first target variable of the user-space part that cannot be read there, or null. */
    static IrExpr.Target first(IrProgram ir) {
        IrProgram user = UserReads.userPart(ir);
        IrExpr.Target[] found = {null};
        IrScanner s = new IrScanner() {
            @Override
            public Void visitTarget(IrExpr.Target e) {
                TargetAccess a = e.access();
                // input.char / input.line's $value is what the engine read from stdin, not memory; a @defined(member)
                // check reads nothing (pass 5 answers it with the build's BTF: CoreExistence.answeredAtBuild)
                if (found[0] == null && UserReads.reads(a) && (a.userSpace() || a.result() instanceof TargetAccess.Result.Pretty
                        || !(a.source() instanceof TargetAccess.Source.Value))) found[0] = e;
                return super.visitTarget(e);
            }
        };
        for (IrProbe p : user.probes()) s.probe(p);
        for (IrFunction f : user.functions()) s.function(f);
        return found[0];
    }

    static void check(IrProgram ir) {
        IrExpr.Target t = first(ir);
        if (t == null) return;
        boolean user = t.access().userSpace();
        throw new BpfCWriter.Unsupported(t.span(), "the bpf backend cannot compile " + t.text() + " in a begin, end, error or timer body (or a function"
                + " one calls): on bpf those run in user space (interp's engine), which reads kernel memory through the loader but "
                + (user ? "no user-space memory (a user-space type's member)" : "cannot pretty-print a struct"), Codes.TRANSLATE_BPF_USER_MEMORY,
                "read it in a kernel probe and keep it in a global for the user-space body, or use --runtime=kmod");
    }
}
