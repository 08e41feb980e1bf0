package org.jstap.irtools;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;

/**
 * Scalar long globals that every probe able to run concurrently with another (all but begin, end and error) only
 * adds to, as a statement whose value is unused ({@code n++}, {@code n--}, {@code n += e}, {@code n -= e}),
 * directly or through the functions it reaches. Such a global needs no lock in those probes: each update is one
 * atomic 64-bit add (kmod: {@code jst_counter_add}), and since no concurrent probe reads it, no hit can observe
 * another's partial update — what stap's per-hit lock guarantees. Begin, end and error probes run while no other
 * probe can (begin before the probes are registered, end and error after they are unregistered and every CPU is
 * idle: jst_session.c), so they read and assign it plainly under their locks as before. The sum over CPUs is
 * exact: an atomic add loses nothing.
 *
 * <p>The same holds for a statistic (scalar or array) that concurrent probes only {@code <<<} into: each CPU adds
 * to its own per-CPU part with interrupts off, and only begin/end/error probes aggregate it, so those concurrent
 * probes need no lock on it either ({@link #lockFree}); the {@code <<<} itself is emitted as before.
 */
public final class CounterGlobals {
    private CounterGlobals() {}

    /** The long scalars among {@link #lockFree}: their statement-level adds become jst_counter_add. */
    public static Set<String> of(IrProgram program) {
        Set<String> s = lockFree(program);
        Set<String> longs = new LinkedHashSet<>();
        for (IrGlobal g : program.globals()) if (g.type() == IrType.LONG && !g.isArray() && s.contains(g.mangled())) longs.add(g.mangled());
        return longs;
    }

    /** Globals that probes able to run concurrently need no lock for: counters and write-only statistics. */
    public static Set<String> lockFree(IrProgram program) {
        Set<String> counters = new LinkedHashSet<>();
        for (IrGlobal g : program.globals()) {
            if (g.type() == IrType.LONG && !g.isArray() || g.type() == IrType.STATS) counters.add(g.mangled());
        }
        if (counters.isEmpty()) return counters;
        CallGraph cg = CallGraph.of(program);
        Disqualify d = new Disqualify(counters);
        Set<String> fns = new LinkedHashSet<>();
        for (IrProbe p : program.probes()) {
            if (exclusive(p.site())) continue;
            d.probe(p);
            fns.addAll(cg.reachable(CallGraph.callsIn(p)));
        }
        for (IrFunction f : program.functions()) if (fns.contains(f.id())) d.function(f);
        return counters;
    }

    /** Probes that never run alongside another probe of the script. */
    public static boolean exclusive(IrSite site) {
        return site instanceof IrSite.Begin || site instanceof IrSite.End || site instanceof IrSite.Error;
    }

    /** The counter global a statement-level add updates, or null: {@code g++}, {@code --g}, {@code g += e}. */
    public static IrExpr.GlobalRef counterAdd(IrExpr e) {
        if (e instanceof IrExpr.IncDec i && i.target() instanceof IrExpr.GlobalRef g) return g;
        if (e instanceof IrExpr.Assign a && (a.op() == AssignOp.ADD || a.op() == AssignOp.SUB)
                && a.target() instanceof IrExpr.GlobalRef g && g.type() == IrType.LONG) return g;
        return null;
    }

    /** Removes every candidate used other than by a statement-level add. */
    private static final class Disqualify extends IrScanner {
        private final Set<String> counters;

        Disqualify(Set<String> counters) {
            this.counters = counters;
        }

        @Override
        public Void visitExprStmt(IrStmt.ExprStmt s) {
            if (counterAdd(s.expr()) != null) {
                if (s.expr() instanceof IrExpr.Assign a) expr(a.value());   // the added value may name others
                return null;
            }
            return super.visitExprStmt(s);
        }

        @Override
        public Void visitGlobalRef(IrExpr.GlobalRef e) {
            counters.remove(e.global());
            return super.visitGlobalRef(e);
        }

        @Override
        public Void visitAggregate(IrExpr.Aggregate e) {
            // `<<<` into a statistic (or an element of an array of them): its own use does not disqualify it
            if (e.target() instanceof IrExpr.ArrayGet a) exprs(a.keys());
            else if (!(e.target() instanceof IrExpr.GlobalRef)) expr(e.target());
            expr(e.value());
            return null;
        }

        @Override
        public Void visitArrayGet(IrExpr.ArrayGet e) {
            counters.remove(e.global());
            return super.visitArrayGet(e);
        }

        @Override
        public Void visitIn(IrExpr.In e) {
            counters.remove(e.global());
            return super.visitIn(e);
        }

        @Override
        public Void visitForeach(IrStmt.Foreach s) {
            counters.remove(s.global());
            return super.visitForeach(s);
        }
    }
}
