package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrVar;
import org.jstap.irtools.Effects;
import org.jstap.irtools.IrRewriter;
import org.jstap.irtools.IrScanner;

/**
 * Drops assignments to probe locals that nothing reads when the assigned value has no side effect (alias
 * prologues define many variables a script never uses: {@code syscall.write}'s {@code buf_str} would copy user
 * memory on every call), then renumbers the remaining locals. Repeats until nothing changes, since removing one
 * store can make another dead. Function calls count as side-effect free when the function's body is
 * ({@link Effects}, transitively).
 */
final class DeadStores {
    private final Effects effects;
    private int removed;

    DeadStores(List<IrFunction> functions) {
        this.effects = Effects.of(functions);
    }

    int removed() {
        return removed;
    }

    /** The body without dead stores, and its locals renumbered. */
    record Result(IrStmt.Block body, List<IrVar> locals) {}

    Result run(IrStmt.Block body, List<IrVar> locals, Set<String> keep) {
        while (true) {
            Set<String> read = new HashSet<>(keep);
            new Reads(read).stmt(body);
            int before = removed;
            body = new Remover(read).block(body);
            if (removed == before) break;
        }
        Set<String> used = new HashSet<>();
        new Uses(used).stmt(body);
        Map<Integer, Integer> renumber = new HashMap<>();
        List<IrVar> out = new ArrayList<>();
        for (IrVar v : locals) {
            if (!used.contains(v.name()) && !keep.contains(v.name())) continue;
            renumber.put(v.slot(), out.size());
            out.add(new IrVar(v.name(), v.type(), out.size()));
        }
        body = new Renumber(renumber).block(body);
        return new Result(body, out);
    }

    /** Collects the locals that are read anywhere (compound assignments and ++ read too; a catch variable counts). */
    private static final class Reads extends IrScanner {
        private final Set<String> read;

        Reads(Set<String> read) {
            this.read = read;
        }

        @Override public Void visitLocalRef(IrExpr.LocalRef e) {
            read.add(e.name());
            return null;
        }

        @Override public Void visitAssign(IrExpr.Assign e) {
            if (e.target() instanceof IrExpr.LocalRef && e.op() == AssignOp.ASSIGN) {
                expr(e.value());
                return null;
            }
            return super.visitAssign(e);
        }

        @Override public Void visitTry(IrStmt.Try s) {
            if (s.catchVar() != null) read.add(s.catchVar().name());
            return super.visitTry(s);
        }
    }

    /** Removes {@code local = pure} statements whose local is never read (statement level only). */
    private final class Remover extends IrRewriter {
        private final Set<String> read;

        Remover(Set<String> read) {
            this.read = read;
        }

        @Override public IrStmt visitExprStmt(IrStmt.ExprStmt s) {
            if (s.expr() instanceof IrExpr.Assign a && a.op() == AssignOp.ASSIGN && a.target() instanceof IrExpr.LocalRef l
                    && !read.contains(l.name()) && effects.pure(a.value())) {
                removed++;
                return null;
            }
            return s;
        }
    }

    /** Collects every local still mentioned, bindings included. */
    private static final class Uses extends IrScanner {
        private final Set<String> used;

        Uses(Set<String> used) {
            this.used = used;
        }

        @Override public Void visitLocalRef(IrExpr.LocalRef e) {
            used.add(e.name());
            return null;
        }

        @Override public Void visitForeach(IrStmt.Foreach s) {
            for (IrExpr.LocalRef k : s.keys()) used.add(k.name());
            if (s.value() != null) used.add(s.value().name());
            return super.visitForeach(s);
        }

        @Override public Void visitTry(IrStmt.Try s) {
            if (s.catchVar() != null) used.add(s.catchVar().name());
            return super.visitTry(s);
        }
    }

    /** Rewrites slots after locals were dropped. */
    private static final class Renumber extends IrRewriter {
        private final Map<Integer, Integer> slots;

        Renumber(Map<Integer, Integer> slots) {
            this.slots = slots;
        }

        @Override protected IrExpr.LocalRef binding(IrExpr.LocalRef e) {
            if (e == null) return null;
            Integer n = slots.get(e.slot());
            return n == null ? e : new IrExpr.LocalRef(e.span(), e.type(), e.name(), n);
        }

        @Override public IrExpr visitLocalRef(IrExpr.LocalRef e) {
            return binding(e);
        }
    }
}
