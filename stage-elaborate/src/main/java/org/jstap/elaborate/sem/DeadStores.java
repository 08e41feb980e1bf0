package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrVar;
import org.jstap.api.ir.TargetAccess;

/**
 * Drops assignments to probe locals that nothing reads when the assigned value has no side effect (alias
 * prologues define many variables a script never uses: {@code syscall.write}'s {@code buf_str} would copy user
 * memory on every call), then renumbers the remaining locals. Repeats until nothing changes, since removing one
 * store can make another dead. Function calls count as side-effect free when the function's body is (no global
 * writes, output, exits or impure builtins), transitively.
 */
final class DeadStores {
    private static final Set<Builtin> IMPURE = Set.of(Builtin.EXIT, Builtin.ERROR, Builtin.WARN, Builtin.LOG,
            Builtin.TOKENIZE, Builtin.RANDINT);

    private final Map<String, IrFunction> functions;
    private final Map<String, Boolean> pure = new HashMap<>();
    private int removed;

    DeadStores(List<IrFunction> functions) {
        this.functions = new HashMap<>();
        for (IrFunction f : functions) this.functions.put(f.id(), f);
    }

    int removed() {
        return removed;
    }

    /** The body without dead stores, and its locals renumbered. */
    record Result(IrStmt.Block body, List<IrVar> locals) {}

    Result run(IrStmt.Block body, List<IrVar> locals, Set<String> keep) {
        while (true) {
            Set<String> read = new HashSet<>(keep);
            new Reads(read).block(body);
            int before = removed;
            body = new Remover(read).block(body);
            if (removed == before) break;
        }
        Set<String> used = new HashSet<>();
        new Uses(used).block(body);
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

    boolean pure(IrExpr e) {
        if (e == null) return true;
        return e.accept(new Purity());
    }

    private boolean pureFunction(String id) {
        Boolean p = pure.get(id);
        if (p != null) return p;
        pure.put(id, false); // recursion: assume impure while looking
        IrFunction f = functions.get(id);
        boolean r = f != null && f.body() instanceof IrFunction.Body.Script s && pureStmt(s.block());
        pure.put(id, r);
        return r;
    }

    private boolean pureStmt(IrStmt s) {
        final boolean[] ok = {true};
        s.accept(new ConstantFolder() {
            @Override public IrStmt visitExprStmt(IrStmt.ExprStmt x) {
                if (!pureAllowingLocalWrites(x.expr())) ok[0] = false;
                return x;
            }
            @Override public IrStmt visitDelete(IrStmt.Delete x) {
                if (!(x.target() instanceof IrExpr.LocalRef)) ok[0] = false;
                return x;
            }
            @Override public IrStmt visitReturn(IrStmt.Return x) {
                if (!pureAllowingLocalWrites(x.value())) ok[0] = false;
                return x;
            }
            @Override public IrStmt visitIf(IrStmt.If x) {
                if (!pureAllowingLocalWrites(x.cond())) ok[0] = false;
                return super.visitIf(x);
            }
            @Override public IrStmt visitWhile(IrStmt.While x) {
                if (!pureAllowingLocalWrites(x.cond())) ok[0] = false;
                return super.visitWhile(x);
            }
            @Override public IrStmt visitFor(IrStmt.For x) {
                if (!pureAllowingLocalWrites(x.init()) || !pureAllowingLocalWrites(x.cond()) || !pureAllowingLocalWrites(x.step())) ok[0] = false;
                return super.visitFor(x);
            }
            @Override public IrStmt visitForeach(IrStmt.Foreach x) {
                ok[0] = false; // iterates (locks) a global: keep it
                return x;
            }
            @Override public IrStmt visitNext(IrStmt.Next x) {
                ok[0] = false;
                return x;
            }
        });
        return ok[0];
    }

    /** Inside a function, writing its own locals is fine. */
    private boolean pureAllowingLocalWrites(IrExpr e) {
        if (e == null) return true;
        Purity p = new Purity();
        p.localWritesOk = true;
        return e.accept(p);
    }

    /** Whether evaluating an expression changes nothing but (optionally) locals. Runtime errors do not count. */
    private final class Purity implements IrExpr.Visitor<Boolean> {
        boolean localWritesOk;

        private boolean all(List<IrExpr> es) {
            for (IrExpr e : es) if (e != null && !e.accept(this)) return false;
            return true;
        }

        @Override public Boolean visitIntConst(IrExpr.IntConst e) { return true; }
        @Override public Boolean visitStrConst(IrExpr.StrConst e) { return true; }
        @Override public Boolean visitLocalRef(IrExpr.LocalRef e) { return true; }
        @Override public Boolean visitGlobalRef(IrExpr.GlobalRef e) { return true; }
        @Override public Boolean visitArrayGet(IrExpr.ArrayGet e) { return all(e.keys()); }
        @Override public Boolean visitAnyKey(IrExpr.AnyKey e) { return true; }
        @Override public Boolean visitIn(IrExpr.In e) { return all(e.keys()); }
        @Override public Boolean visitBinary(IrExpr.Binary e) { return e.left().accept(this) && e.right().accept(this); }
        @Override public Boolean visitUnary(IrExpr.Unary e) { return e.operand().accept(this); }
        @Override public Boolean visitMatch(IrExpr.Match e) { return false; } // sets matched()
        @Override public Boolean visitAssign(IrExpr.Assign e) {
            return localWritesOk && e.target() instanceof IrExpr.LocalRef && e.value().accept(this);
        }
        @Override public Boolean visitIncDec(IrExpr.IncDec e) { return localWritesOk && e.target() instanceof IrExpr.LocalRef; }
        @Override public Boolean visitAggregate(IrExpr.Aggregate e) { return false; }
        @Override public Boolean visitTernary(IrExpr.Ternary e) { return e.cond().accept(this) && e.then().accept(this) && e.otherwise().accept(this); }
        @Override public Boolean visitCallFunction(IrExpr.CallFunction e) { return all(e.args()) && pureFunction(e.function()); }
        @Override public Boolean visitCallBuiltin(IrExpr.CallBuiltin e) { return !IMPURE.contains(e.builtin()) && all(e.args()); }
        @Override public Boolean visitPrint(IrExpr.Print e) { return e.toText() && all(e.args()); }
        @Override public Boolean visitStatOp(IrExpr.StatOp e) { return true; }
        @Override public Boolean visitHistPrint(IrExpr.HistPrint e) { return false; }
        @Override public Boolean visitHistBucket(IrExpr.HistBucket e) { return e.bucket().accept(this); }
        @Override public Boolean visitTarget(IrExpr.Target e) {
            if (e.access().source() instanceof TargetAccess.Source.Value v && !v.value().accept(this)) return false;
            for (TargetAccess.Step s : e.access().steps()) {
                if (s instanceof TargetAccess.Step.Index ix && !ix.index().accept(this)) return false;
            }
            return true;
        }
        @Override public Boolean visitEntryRef(IrExpr.EntryRef e) { return true; }
        @Override public Boolean visitEmbedded(IrExpr.Embedded e) { return false; }
    }

    /** Collects the locals that are read anywhere (compound assignments and ++ read too). */
    private static final class Reads extends ConstantFolder {
        private final Set<String> read;

        Reads(Set<String> read) {
            this.read = read;
        }

        @Override public IrExpr visitLocalRef(IrExpr.LocalRef e) {
            read.add(e.name());
            return e;
        }

        @Override public IrExpr visitAssign(IrExpr.Assign e) {
            if (e.target() instanceof IrExpr.LocalRef l && e.op() == AssignOp.ASSIGN) {
                f(e.value());
                return e;
            }
            return super.visitAssign(e);
        }

        @Override public IrStmt visitTry(IrStmt.Try s) {
            if (s.catchVar() != null) read.add(s.catchVar().name());
            return super.visitTry(s);
        }
    }

    /** Removes {@code local = pure} statements whose local is never read. */
    private final class Remover extends ConstantFolder {
        private final Set<String> read;

        Remover(Set<String> read) {
            this.read = read;
        }

        @Override public IrStmt visitExprStmt(IrStmt.ExprStmt s) {
            if (s.expr() instanceof IrExpr.Assign a && a.op() == AssignOp.ASSIGN && a.target() instanceof IrExpr.LocalRef l
                    && !read.contains(l.name()) && pure(a.value())) {
                removed++;
                return null;
            }
            return s;
        }

        @Override public IrExpr visitBinary(IrExpr.Binary e) {
            return e; // no folding here, only removal
        }
    }

    /** Collects every local still mentioned. */
    private static final class Uses extends ConstantFolder {
        private final Set<String> used;

        Uses(Set<String> used) {
            this.used = used;
        }

        @Override public IrExpr visitLocalRef(IrExpr.LocalRef e) {
            used.add(e.name());
            return e;
        }

        @Override public IrStmt visitForeach(IrStmt.Foreach s) {
            for (IrExpr.LocalRef k : s.keys()) used.add(k.name());
            if (s.value() != null) used.add(s.value().name());
            return super.visitForeach(s);
        }

        @Override public IrStmt visitTry(IrStmt.Try s) {
            if (s.catchVar() != null) used.add(s.catchVar().name());
            return super.visitTry(s);
        }
    }

    /** Rewrites slots after locals were dropped. */
    private static final class Renumber extends ConstantFolder {
        private final Map<Integer, Integer> slots;

        Renumber(Map<Integer, Integer> slots) {
            this.slots = slots;
        }

        private IrExpr.LocalRef map(IrExpr.LocalRef e) {
            if (e == null) return null;
            Integer n = slots.get(e.slot());
            return n == null ? e : new IrExpr.LocalRef(e.span(), e.type(), e.name(), n);
        }

        @Override public IrExpr visitLocalRef(IrExpr.LocalRef e) {
            return map(e);
        }

        @Override public IrExpr visitBinary(IrExpr.Binary e) {
            return new IrExpr.Binary(e.span(), e.type(), e.op(), f(e.left()), f(e.right()));
        }

        @Override public IrStmt visitForeach(IrStmt.Foreach s) {
            List<IrExpr.LocalRef> keys = new ArrayList<>();
            for (IrExpr.LocalRef k : s.keys()) keys.add(map(k));
            return new IrStmt.Foreach(s.span(), s.global(), keys, map(s.value()), all(s.slice()), s.sortColumn(),
                    s.descending(), s.sortStat(), f(s.limit()), s(s.body()));
        }

        @Override public IrStmt visitTry(IrStmt.Try s) {
            return new IrStmt.Try(s.span(), block(s.body()), map(s.catchVar()), block(s.handler()));
        }

        @Override public IrStmt visitIf(IrStmt.If s) {
            return new IrStmt.If(s.span(), f(s.cond()), s(s.then()), s.otherwise() == null ? null : s(s.otherwise()));
        }

        @Override public IrStmt visitWhile(IrStmt.While s) {
            return new IrStmt.While(s.span(), f(s.cond()), s(s.body()));
        }

        @Override public IrExpr visitUnary(IrExpr.Unary e) {
            return new IrExpr.Unary(e.span(), e.type(), e.op(), f(e.operand()));
        }

        @Override public IrExpr visitTernary(IrExpr.Ternary e) {
            return new IrExpr.Ternary(e.span(), e.type(), f(e.cond()), f(e.then()), f(e.otherwise()));
        }
    }
}
