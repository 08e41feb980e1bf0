package org.jstap.irtools;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;

/**
 * Which globals each probe touches, for a backend's locks: stap holds a lock on every global a probe uses (read or
 * write) for the whole hit, taken in one global order. Per global: whether the probe needs the write lock
 * (statistics reads aggregate per-CPU data and a sorted {@code foreach} reorders the array, so both count as
 * writes; {@code <<<} alone is a read), how many times the code names it, whether {@code <<<} is all it does, and
 * whether every use is one machine word read or updated in place (a long scalar or element read, {@code ++},
 * {@code --}, {@code =}, {@code +=}, {@code -=}): a backend whose updates are atomic may skip the lock of a probe
 * whose single global use is such a word operation, since one atomic access is already serialised.
 * A probe's uses include those of every function it reaches (the {@link CallGraph}).
 */
public final class GlobalUse {
    /** How one probe (or function body) uses one global. */
    public record Use(boolean write, int uses, boolean aggregateOnly, boolean wordOnly) {
        Use merge(Use o) {
            return new Use(write || o.write, uses + o.uses, aggregateOnly && o.aggregateOnly, wordOnly && o.wordOnly);
        }
    }

    private final Map<String, Integer> order = new HashMap<>();
    private final Map<String, Map<String, Use>> ownOfFunction = new HashMap<>();
    private final Map<String, Map<String, Use>> ofProbe = new HashMap<>();
    private final Set<String> iterated = new LinkedHashSet<>();

    private GlobalUse(IrProgram program) {
        Map<String, IrGlobal> byName = new HashMap<>();
        for (IrGlobal g : program.globals()) {
            order.put(g.mangled(), order.size());
            byName.put(g.mangled(), g);
        }
        for (IrFunction f : program.functions()) {
            Scan s = new Scan(byName);
            s.function(f);
            ownOfFunction.put(f.id(), s.uses);
        }
        CallGraph cg = CallGraph.of(program);
        for (IrProbe p : program.probes()) {
            Scan s = new Scan(byName);
            s.probe(p);
            Map<String, Use> all = new TreeMap<>((a, b) -> Integer.compare(rank(a), rank(b)));
            s.uses.forEach((k, v) -> all.merge(k, v, Use::merge));
            for (String fn : cg.reachable(CallGraph.callsIn(p))) {
                Map<String, Use> own = ownOfFunction.get(fn);
                if (own != null) own.forEach((k, v) -> all.merge(k, v, Use::merge));
            }
            ofProbe.put(p.id(), Collections.unmodifiableMap(all));
        }
    }

    public static GlobalUse of(IrProgram program) {
        return new GlobalUse(program);
    }

    private int rank(String mangled) {
        return order.getOrDefault(mangled, Integer.MAX_VALUE);
    }

    /** The globals probe {@code id} (with the functions it reaches) uses, in the program's global order. */
    public Map<String, Use> probe(String id) {
        return ofProbe.getOrDefault(id, Map.of());
    }

    /** The globals {@code probe} uses, in the program's global order. */
    public Map<String, Use> probe(IrProbe probe) {
        return probe(probe.id());
    }

    /** {@code global -> needs the write lock}, in the program's global order: the lock set of a probe. */
    public Map<String, Boolean> locks(IrProbe probe) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        probe(probe).forEach((k, v) -> m.put(k, v.write()));
        return m;
    }

    /** Arrays some probe or function iterates with {@code foreach}. */
    public Set<String> iterated() {
        return Collections.unmodifiableSet(iterated);
    }

    private final class Scan extends IrScanner {
        final Map<String, Use> uses = new LinkedHashMap<>();
        private final Map<String, IrGlobal> byName;

        Scan(Map<String, IrGlobal> byName) {
            this.byName = byName;
        }

        private void use(String g, boolean write, boolean aggregate, boolean word) {
            uses.merge(g, new Use(write, 1, aggregate, word), Use::merge);
        }

        private boolean isStats(String g) {
            IrGlobal ig = byName.get(g);
            return ig != null && ig.type() == IrType.STATS;
        }

        /** The global behind an lvalue or statistics operand in the given mode; its keys are scanned. */
        private void target(IrExpr t, boolean write, boolean aggregate, boolean word) {
            if (t instanceof IrExpr.GlobalRef g) {
                use(g.global(), write, aggregate, word);
            } else if (t instanceof IrExpr.ArrayGet a) {
                use(a.global(), write, aggregate, word);
                exprs(a.keys());
            } else {
                expr(t);
            }
        }

        private boolean wordRead(IrExpr e, String g) {
            return e.type() == IrType.LONG && !isStats(g);
        }

        @Override
        public Void visitForeach(IrStmt.Foreach s) {
            use(s.global(), isStats(s.global()) || s.sortColumn() >= 0, false, false);
            iterated.add(s.global());
            return super.visitForeach(s);
        }

        @Override public Void visitDelete(IrStmt.Delete s) { target(s.target(), true, false, false); return null; }
        @Override public Void visitGlobalRef(IrExpr.GlobalRef e) { use(e.global(), isStats(e.global()), false, wordRead(e, e.global())); return null; }

        @Override
        public Void visitArrayGet(IrExpr.ArrayGet e) {
            use(e.global(), isStats(e.global()), false, wordRead(e, e.global()));
            return super.visitArrayGet(e);
        }

        @Override public Void visitIn(IrExpr.In e) { use(e.global(), isStats(e.global()), false, false); return super.visitIn(e); }

        @Override
        public Void visitAssign(IrExpr.Assign e) {
            boolean word = e.target().type() == IrType.LONG
                    && (e.op() == AssignOp.ASSIGN || e.op() == AssignOp.ADD || e.op() == AssignOp.SUB);
            target(e.target(), true, false, word);
            expr(e.value());
            return null;
        }

        @Override public Void visitIncDec(IrExpr.IncDec e) { target(e.target(), true, false, true); return null; }
        @Override public Void visitAggregate(IrExpr.Aggregate e) { target(e.target(), false, true, false); expr(e.value()); return null; }
        @Override public Void visitStatOp(IrExpr.StatOp e) { target(e.stats(), true, false, false); return null; }
        @Override public Void visitHistPrint(IrExpr.HistPrint e) { target(e.stats(), true, false, false); return null; }
        @Override public Void visitHistBucket(IrExpr.HistBucket e) { target(e.stats(), true, false, false); expr(e.bucket()); return null; }
    }
}
