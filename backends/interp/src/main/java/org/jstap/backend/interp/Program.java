package org.jstap.backend.interp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrVar;
import org.jstap.api.ir.Near;

/** The IR program compiled for one {@link Session}: functions and probe handlers as closures. */
final class Program {
    final Session session;
    final IrProgram ir;
    private final Map<String, Fn> functions = new HashMap<>();
    final List<Probe> probes = new ArrayList<>();

    /** A script function; {@code body} is filled in after every function exists, so recursion resolves. */
    static final class Fn {
        final IrFunction ir;
        final int frameSize;
        Nodes.XNode body;

        Fn(IrFunction ir) {
            this.ir = ir;
            int n = ir.frameSize();
            for (IrVar v : ir.params()) n = Math.max(n, v.slot() + 1);
            for (IrVar v : ir.locals()) n = Math.max(n, v.slot() + 1);
            this.frameSize = n;
        }
    }

    /** A probe handler: condition (may be null), body, frame size. */
    record Probe(IrProbe ir, int frameSize, Nodes.LNode condition, String conditionNear, Nodes.XNode body) {}

    /** Compiles everything; throws {@link Unsupported} for what the interpreter cannot run. */
    Program(IrProgram ir, Session session) {
        this.ir = ir;
        this.session = session;
        for (IrFunction f : ir.functions()) functions.put(f.id(), new Fn(f));
        ExprCompiler ec = new ExprCompiler(this);
        StmtCompiler sc = new StmtCompiler(ec);
        for (Fn fn : functions.values()) {
            if (fn.ir.body() instanceof IrFunction.Body.Script s) {
                fn.body = sc.compile(s.block());
            } else {
                IrFunction f = fn.ir;
                // compiled lazily into an error: only a call that actually happens is a problem
                // probemod(): a user-space probe has no probed point, kmod's begin answers this error as well
                String msg = f.library() && f.name().equals("probemod") && f.params().isEmpty()
                        ? "Cannot determine kernel module name"
                        : "function " + f.name() + " is embedded C, which the interp backend cannot run";
                fn.body = frame -> {
                    throw frame.h.error(msg, null);
                };
            }
        }
        for (IrProbe p : ir.probes()) {
            if (!InterpBackend.fires(p.site())) {
                // pass 2 should have refused it (sem.backend.unsupported); never run a probe silently
                throw new Unsupported(p.span(), "probe point '" + p.point() + "'");
            }
            int n = 0;
            for (IrVar v : p.locals()) n = Math.max(n, v.slot() + 1);
            Nodes.LNode cond = p.condition() == null ? null : ec.L(p.condition());
            String near = p.condition() == null ? null : Strs.fromJava(Near.of(p.condition()));
            probes.add(new Probe(p, n, cond, near, sc.compile(p.body())));
        }
    }

    Fn function(String id) {
        return functions.get(id);
    }
}
