package org.jstap.backend.bpf;

import java.util.HashSet;
import java.util.Set;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.Near;
import org.jstap.irtools.IrScanner;

/**
 * The first write to the iterated array inside a foreach body, directly or through a function it calls. A kernel
 * probe's foreach walks a copy of the array taken at its start, so a body that changes the array would see what
 * kmod's live walk does not; stap 4.8 refuses such a body at pass 2 ("variable 'a' modified during 'foreach'
 * iteration", "function call modifies var 'a' during 'foreach' iteration"), and so does the bpf backend, with
 * stap's words.
 */
final class ForeachWrites extends IrScanner {
    private final IrProgram ir;
    private final String global;
    private final Set<String> seen = new HashSet<>();
    /** the function call of the body being scanned when inside a callee, else null */
    private IrExpr.CallFunction via;
    private String found;
    private Span at;

    private ForeachWrites(IrProgram ir, String global) {
        this.ir = ir;
        this.global = global;
    }

    /** Refuses {@code s} (an Unsupported at the write) when its body modifies the array it iterates. */
    static void check(IrProgram ir, IrStmt.Foreach s) {
        ForeachWrites w = new ForeachWrites(ir, s.global());
        w.stmt(s.body());
        if (w.found != null) throw new BpfCWriter.Unsupported(w.at, w.found, org.jstap.api.diag.Codes.TRANSLATE_BPF_FOREACH_MODIFIED);
    }

    private void write(IrExpr target, Span span) {
        if (found != null) return;
        String g = target instanceof IrExpr.ArrayGet a ? a.global() : target instanceof IrExpr.GlobalRef r ? r.global() : null;
        if (!global.equals(g)) return;
        String name = Near.demangle(global);
        if (via == null) {
            found = "the bpf backend cannot compile a foreach body that modifies the array it iterates (variable '" + name + "' modified during 'foreach' iteration)";
            at = span;
        } else {
            found = "the bpf backend cannot compile a foreach body that modifies the array it iterates (function call modifies var '" + name
                    + "' during 'foreach' iteration: '" + ir.function(via.function()).name() + "')";
            at = via.span();
        }
    }

    @Override public Void visitAssign(IrExpr.Assign e) { write(e.target(), e.span()); return super.visitAssign(e); }
    @Override public Void visitIncDec(IrExpr.IncDec e) { write(e.target(), e.span()); return super.visitIncDec(e); }
    @Override public Void visitAggregate(IrExpr.Aggregate e) { write(e.target(), e.span()); return super.visitAggregate(e); }
    @Override public Void visitDelete(IrStmt.Delete s) { write(s.target(), s.span()); return super.visitDelete(s); }

    @Override
    public Void visitCallFunction(IrExpr.CallFunction e) {
        super.visitCallFunction(e);
        IrFunction f = ir.function(e.function());
        if (f != null && f.body() instanceof IrFunction.Body.Script sc && seen.add(e.function())) {
            IrExpr.CallFunction outer = via;
            if (outer == null) via = e;
            stmt(sc.block());
            via = outer;
        }
        return null;
    }
}
