package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.UnaryOp;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.jstap.irtools.IrRewriter;

/**
 * One function out of several definitions of the same signature (stap's overloading): each runs in turn,
 * and a {@code next} in one falls through to the following one, with the same arguments. The backends see an
 * ordinary function, so kmod and interp need nothing new:
 *
 * <pre>
 *   __next = 0
 *   while (1) { body1; break }     // 'next' in body1: __next = 1; break
 *   if (!__next) return 0          // body1 ended without return or next: the call's value is 0 / ""
 *   ...                            // the same for every definition but the last
 *   bodyN                          // 'next' here: error("all functions exhausted")
 * </pre>
 *
 * A {@code next} inside a loop of a body breaks that loop, and every loop that contains a {@code next} is
 * followed by {@code if (__next) break}, so the flag carries the jump out to the once-loop. Locals of the later
 * bodies get slots after the earlier ones; their parameters take the first definition's names.
 */
final class OverloadChain {
    private OverloadChain() {}

    static final String EXHAUSTED = "all functions exhausted";

    /** The locals of the combined function: each definition's after the previous one's, then the flag. */
    static List<IrVar> locals(FunctionSym head) {
        List<IrVar> locals = new ArrayList<>();
        int arity = head.arity();
        int next = arity;
        for (FunctionSym m : head.chain()) {
            int offset = next - arity;
            for (IrVar v : m.scope.irVars(arity)) locals.add(new IrVar(v.name(), v.type(), v.slot() + offset));
            next += m.scope.all().size() - arity;
        }
        locals.add(new IrVar(FLAG, IrType.LONG, next));
        return locals;
    }

    private static final String FLAG = "__next";

    /** A function without overloads: its {@code next} is the error of an exhausted chain. */
    static IrStmt.Block lone(FunctionSym f, IrStmt.Block body) {
        List<String> paramNames = new ArrayList<>();
        for (var p : f.decl.params()) paramNames.add(p.name());
        return new Rewrite(paramNames, f.arity(), 0).block(body);
    }

    /** @param bodies each definition's elaborated body, in chain order */
    static IrStmt.Block combine(FunctionSym head, List<IrStmt.Block> bodies, IrType returnType) {
        List<FunctionSym> members = head.chain();
        int arity = head.arity();
        List<String> paramNames = new ArrayList<>();
        for (var p : head.decl.params()) paramNames.add(p.name());
        int next = arity;
        List<Rewrite> rewrites = new ArrayList<>();
        for (FunctionSym m : members) {
            rewrites.add(new Rewrite(paramNames, arity, next - arity));
            next += m.scope.all().size() - arity;
        }
        Span at = head.decl.span();
        IrExpr.LocalRef flag = new IrExpr.LocalRef(at, IrType.LONG, FLAG, next);

        List<IrStmt> out = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Rewrite r = rewrites.get(i);
            IrStmt.Block body = bodies.get(i);
            Span span = body.span();
            if (i == members.size() - 1) {
                out.add(r.block(body));
                break;
            }
            r.flag = flag;
            out.add(new IrStmt.ExprStmt(span, new IrExpr.Assign(span, IrType.LONG, AssignOp.ASSIGN, flag,
                    new IrExpr.IntConst(span, 0))));
            List<IrStmt> once = new ArrayList<>(r.block(body).body());
            once.add(new IrStmt.Break(span));
            out.add(new IrStmt.While(span, new IrExpr.IntConst(span, 1), new IrStmt.Block(span, once)));
            IrExpr value = returnType == IrType.STRING ? new IrExpr.StrConst(span, "")
                    : returnType == IrType.LONG ? new IrExpr.IntConst(span, 0) : null;
            out.add(new IrStmt.If(span, new IrExpr.Unary(span, IrType.LONG, UnaryOp.NOT, flag),
                    new IrStmt.Return(span, value), null));
        }
        return new IrStmt.Block(at, out);
    }

    /** One definition's body: parameters renamed, locals moved, {@code next} turned into the fall-through. */
    private static final class Rewrite extends IrRewriter {
        private final List<String> paramNames;
        private final int arity;
        private final int offset;
        /** The fall-through flag; null in the last definition, where {@code next} has nowhere to go. */
        IrExpr.LocalRef flag;
        private int nexts;

        Rewrite(List<String> paramNames, int arity, int offset) {
            this.paramNames = paramNames;
            this.arity = arity;
            this.offset = offset;
        }

        @Override
        protected IrExpr.LocalRef binding(IrExpr.LocalRef e) {
            if (e == null) return null;
            if (e.slot() < arity) return new IrExpr.LocalRef(e.span(), e.type(), paramNames.get(e.slot()), e.slot());
            return new IrExpr.LocalRef(e.span(), e.type(), e.name(), e.slot() + offset);
        }

        @Override public IrExpr visitLocalRef(IrExpr.LocalRef e) { return binding(e); }

        @Override
        public IrStmt visitNext(IrStmt.Next s) {
            if (flag == null) {
                return new IrStmt.ExprStmt(s.span(), new IrExpr.CallBuiltin(s.span(), Builtin.ERROR,
                        List.of(new IrExpr.StrConst(s.span(), EXHAUSTED))));
            }
            nexts++;
            IrStmt set = new IrStmt.ExprStmt(s.span(), new IrExpr.Assign(s.span(), IrType.LONG, AssignOp.ASSIGN, flag,
                    new IrExpr.IntConst(s.span(), 1)));
            return new IrStmt.Block(s.span(), List.of(set, new IrStmt.Break(s.span())));
        }

        @Override
        public IrStmt visitWhile(IrStmt.While s) {
            int before = nexts;
            return guard(super.visitWhile(s), before);
        }

        @Override
        public IrStmt visitFor(IrStmt.For s) {
            int before = nexts;
            return guard(super.visitFor(s), before);
        }

        @Override
        public IrStmt visitForeach(IrStmt.Foreach s) {
            int before = nexts;
            return guard(super.visitForeach(s), before);
        }

        /** After a loop that a {@code next} inside it broke out of, keep breaking outwards. */
        private IrStmt guard(IrStmt loop, int nextsBefore) {
            if (loop == null || flag == null || nexts == nextsBefore) return loop;
            IrStmt out = new IrStmt.If(loop.span(), flag, new IrStmt.Break(loop.span()), null);
            return new IrStmt.Block(loop.span(), List.of(loop, out));
        }
    }
}
