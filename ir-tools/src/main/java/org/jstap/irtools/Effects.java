package org.jstap.irtools;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.TargetAccess;

/**
 * Whether evaluating an expression changes anything another part of the program could see: a pure expression
 * writes no global, prints nothing, does not exit, sets no {@code matched()} state and calls no impure builtin.
 * Runtime errors (division by zero, a fault) do not count as effects. Reading statistics counts as pure.
 *
 * <p>Function calls: {@link #withoutCalls()} treats every call as impure (a translator ordering operands needs no
 * whole-program view); {@link #of} looks into the called functions, transitively (a function is pure when its
 * body only writes its own locals, and recursion is assumed impure).
 */
public final class Effects {
    /** Builtins with an effect beyond their result. */
    public static final Set<Builtin> IMPURE = Set.of(Builtin.EXIT, Builtin.ERROR, Builtin.WARN, Builtin.LOG,
            Builtin.TOKENIZE, Builtin.RANDINT, Builtin.ABORT, Builtin.SYSTEM,
            Builtin.SWITCH_FILE);

    private static final Effects WITHOUT_CALLS = new Effects(null);

    /** Function id to its body, or null when calls are impure. */
    private final Map<String, IrFunction> functions;
    private final Map<String, Boolean> pureFunctions = new HashMap<>();

    private Effects(Map<String, IrFunction> functions) {
        this.functions = functions;
    }

    /** Every function call is an effect. */
    public static Effects withoutCalls() {
        return WITHOUT_CALLS;
    }

    /** Calls to these functions are pure when their bodies are. */
    public static Effects of(List<IrFunction> functions) {
        Map<String, IrFunction> m = new HashMap<>();
        for (IrFunction f : functions) m.put(f.id(), f);
        return new Effects(m);
    }

    public static Effects of(IrProgram program) {
        return of(program.functions());
    }

    /** Null is pure. */
    public boolean pure(IrExpr e) {
        return e == null || e.accept(new Purity(false));
    }

    /** Pure except that it may write locals (inside a function, its own frame is nobody else's business). */
    public boolean pureAllowingLocalWrites(IrExpr e) {
        return e == null || e.accept(new Purity(true));
    }

    /** Whether calling function {@code id} has no effect; false for unknown, embedded-C and recursive ones. */
    public boolean pureFunction(String id) {
        if (functions == null) return false;
        Boolean p = pureFunctions.get(id);
        if (p != null) return p;
        pureFunctions.put(id, false); // recursion: impure while looking
        IrFunction f = functions.get(id);
        boolean r = f != null && f.body() instanceof IrFunction.Body.Script s && pureBody(s.block());
        pureFunctions.put(id, r);
        return r;
    }

    /** A function body: its statements only write locals; no {@code foreach} (it locks a global) and no {@code next}. */
    private boolean pureBody(IrStmt body) {
        BodyCheck c = new BodyCheck();
        c.stmt(body);
        return c.ok;
    }

    private final class BodyCheck extends IrScanner {
        boolean ok = true;

        private void need(IrExpr e) {
            if (!pureAllowingLocalWrites(e)) ok = false;
        }

        @Override public Void visitExprStmt(IrStmt.ExprStmt x) { need(x.expr()); return null; }
        @Override public Void visitReturn(IrStmt.Return x) { need(x.value()); return null; }
        @Override public Void visitIf(IrStmt.If x) { need(x.cond()); stmt(x.then()); stmt(x.otherwise()); return null; }
        @Override public Void visitWhile(IrStmt.While x) { need(x.cond()); stmt(x.body()); return null; }
        @Override public Void visitFor(IrStmt.For x) { need(x.init()); need(x.cond()); need(x.step()); stmt(x.body()); return null; }
        @Override public Void visitForeach(IrStmt.Foreach x) { ok = false; return null; }
        @Override public Void visitNext(IrStmt.Next x) { ok = false; return null; }

        @Override
        public Void visitDelete(IrStmt.Delete x) {
            if (!(x.target() instanceof IrExpr.LocalRef)) ok = false;
            return null;
        }
    }

    private final class Purity implements IrExpr.Visitor<Boolean> {
        private final boolean localWritesOk;

        Purity(boolean localWritesOk) {
            this.localWritesOk = localWritesOk;
        }

        private boolean of(IrExpr e) {
            return e == null || e.accept(this);
        }

        private boolean all(List<IrExpr> es) {
            for (IrExpr e : es) if (!of(e)) return false;
            return true;
        }

        private boolean access(TargetAccess a) {
            if (a.source() instanceof TargetAccess.Source.Value v && !of(v.value())) return false;
            for (TargetAccess.Step s : a.steps()) {
                if (s instanceof TargetAccess.Step.Index ix && !of(ix.index())) return false;
            }
            return true;
        }

        @Override public Boolean visitIntConst(IrExpr.IntConst e) { return true; }
        @Override public Boolean visitStrConst(IrExpr.StrConst e) { return true; }
        @Override public Boolean visitLocalRef(IrExpr.LocalRef e) { return true; }
        @Override public Boolean visitGlobalRef(IrExpr.GlobalRef e) { return true; }
        @Override public Boolean visitArrayGet(IrExpr.ArrayGet e) { return all(e.keys()); }
        @Override public Boolean visitAnyKey(IrExpr.AnyKey e) { return true; }
        @Override public Boolean visitIn(IrExpr.In e) { return all(e.keys()); }
        @Override public Boolean visitBinary(IrExpr.Binary e) { return of(e.left()) && of(e.right()); }
        @Override public Boolean visitUnary(IrExpr.Unary e) { return of(e.operand()); }
        @Override public Boolean visitMatch(IrExpr.Match e) { return false; } // sets matched()
        @Override public Boolean visitAssign(IrExpr.Assign e) { return localWritesOk && e.target() instanceof IrExpr.LocalRef && of(e.value()); }
        @Override public Boolean visitIncDec(IrExpr.IncDec e) { return localWritesOk && e.target() instanceof IrExpr.LocalRef; }
        @Override public Boolean visitAggregate(IrExpr.Aggregate e) { return false; }
        @Override public Boolean visitTernary(IrExpr.Ternary e) { return of(e.cond()) && of(e.then()) && of(e.otherwise()); }
        @Override public Boolean visitCallFunction(IrExpr.CallFunction e) { return all(e.args()) && pureFunction(e.function()); }
        @Override public Boolean visitCallBuiltin(IrExpr.CallBuiltin e) { return !IMPURE.contains(e.builtin()) && all(e.args()); }
        @Override public Boolean visitPrint(IrExpr.Print e) { return e.toText() && all(e.args()); }
        @Override public Boolean visitStatOp(IrExpr.StatOp e) { return of(e.stats()); }
        @Override public Boolean visitHistPrint(IrExpr.HistPrint e) { return false; }
        @Override public Boolean visitHistBucket(IrExpr.HistBucket e) { return of(e.stats()) && of(e.bucket()); }
        @Override public Boolean visitTarget(IrExpr.Target e) { return access(e.access()); }
        @Override public Boolean visitEntryRef(IrExpr.EntryRef e) { return true; }
        @Override public Boolean visitEmbedded(IrExpr.Embedded e) { return false; }
    }
}
