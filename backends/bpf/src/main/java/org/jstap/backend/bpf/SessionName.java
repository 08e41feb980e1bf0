package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;
import org.jstap.irtools.IrEdit;

/**
 * The name of a bpf session, what the tapset's {@code module_name()} returns (stap: the instrumentation module's
 * name, {@code -m NAME} or a generated one): {@code -m NAME} as given, else the BPF object's name,
 * {@code jstap_bpf_<script hash>} (kmod's {@code jstap_<hash>_<pid>} has the loader's pid in it, which a cached,
 * compile-once object cannot hold). The tapset's function reads the kernel module's own name (embedded C): here
 * its body becomes {@code return "NAME"}, so the kernel side and interp's user-space engine answer the same.
 */
final class SessionName {
    private SessionName() {}

    static String of(String moduleOption, String scriptHash) {
        if (moduleOption != null && !moduleOption.isEmpty()) return moduleOption;
        return "jstap_bpf_" + (scriptHash == null ? "x" : scriptHash.substring(0, Math.min(12, scriptHash.length())));
    }

    /** The program with the tapset's {@code module_name()} (if it is there) returning {@code name}. */
    static IrProgram apply(IrProgram p, String name) {
        List<IrFunction> fs = new ArrayList<>(p.functions().size());
        boolean changed = false;
        for (IrFunction f : p.functions()) {
            if (f.library() && f.name().equals("module_name") && f.params().isEmpty()
                    && f.body() instanceof IrFunction.Body.EmbeddedC) {
                IrStmt ret = new IrStmt.Return(f.span(), new IrExpr.StrConst(f.span(), name));
                f = IrEdit.withBody(f, new IrFunction.Body.Script(new IrStmt.Block(f.span(), List.of(ret))));
                changed = true;
            }
            fs.add(f);
        }
        return changed ? IrEdit.withFunctions(p, fs) : p;
    }
}
