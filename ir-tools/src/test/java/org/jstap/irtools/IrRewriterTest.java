package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.junit.jupiter.api.Test;

class IrRewriterTest {
    static final IrStmt.Block SAMPLE = block(
            stmt(assign(local("x", 0), add(num(1), num(2)))),
            new IrStmt.If(S, num(0), stmt(print(str("dead"))), null),
            new IrStmt.While(S, num(0), stmt(call("f", num(3)))),
            new IrStmt.Foreach(S, "a", List.of(local("k", 1)), local("v", 2), List.of(new IrExpr.AnyKey(S)), 1, true,
                    null, num(5), stmt(local("k", 1))),
            new IrStmt.Try(S, block(stmt(IrScannerTest.target(num(7), local("x", 0)))), local("m", 3), block()));

    @Test
    void isTheIdentityWithoutFolding() {
        assertEquals(SAMPLE, new IrRewriter().block(SAMPLE));
    }

    @Test
    void droppedStatementsLeaveBlocksAndBecomeEmptyBlocksWhereOneIsNeeded() {
        IrRewriter dropPrints = new IrRewriter() {
            @Override public IrStmt visitExprStmt(IrStmt.ExprStmt s) {
                return s.expr() instanceof IrExpr.Print ? null : super.visitExprStmt(s);
            }
        };
        IrStmt.Block out = dropPrints.block(block(stmt(print()), new IrStmt.If(S, num(1), stmt(print()), null)));
        assertEquals(block(new IrStmt.If(S, num(1), block(), null)), out);
    }

    @Test
    void localsAndBindingsAreRenumberedThroughTwoHooks() {
        IrRewriter shift = new IrRewriter() {
            @Override public IrExpr visitLocalRef(IrExpr.LocalRef e) { return binding(e); }
            @Override protected IrExpr.LocalRef binding(IrExpr.LocalRef l) {
                return l == null ? null : new IrExpr.LocalRef(l.span(), l.type(), l.name(), l.slot() + 10);
            }
        };
        IrStmt.Block out = shift.block(SAMPLE);
        IrStmt.Foreach loop = (IrStmt.Foreach) out.body().get(3);
        assertEquals(11, loop.keys().get(0).slot());
        assertEquals(12, loop.value().slot());
        assertEquals(11, ((IrExpr.LocalRef) ((IrStmt.ExprStmt) loop.body()).expr()).slot());
        assertEquals(13, ((IrStmt.Try) out.body().get(4)).catchVar().slot());
        IrExpr.Assign a = (IrExpr.Assign) ((IrStmt.ExprStmt) out.body().get(0)).expr();
        assertEquals(10, ((IrExpr.LocalRef) a.target()).slot());
    }

    @Test
    void entryPointsAreNullSafe() {
        IrRewriter r = new IrRewriter();
        assertSame(null, r.expr(null));
        assertSame(null, r.exprs(null));
        assertSame(null, r.stmt(null));
        assertEquals(IrType.LONG, r.expr(num(1)).type());
    }
}
