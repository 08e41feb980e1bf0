package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.TargetAccess;
import org.junit.jupiter.api.Test;

class IrScannerTest {
    /** Records every integer constant it meets, in walk order. */
    static final class Ints extends IrScanner {
        final List<Long> seen = new ArrayList<>();

        @Override public Void visitIntConst(IrExpr.IntConst e) { seen.add(e.value()); return null; }
    }

    static IrExpr target(IrExpr castOperand, IrExpr index) {
        TargetAccess member = new TargetAccess(new TargetAccess.Source.Base(),
                List.of(new TargetAccess.Step.Index(num(9), 4)), new TargetAccess.Result.Int(4, true), "int", false);
        TargetAccess a = new TargetAccess(new TargetAccess.Source.Value(castOperand),
                List.of(new TargetAccess.Step.Index(index, 8)),
                new TargetAccess.Result.Pretty(new Format(List.of()), List.of(member)), "struct s", false);
        return new IrExpr.Target(S, IrType.STRING, "$s$", a);
    }

    @Test
    void walksBodyConditionEntrySavesAndFunctionsInOrder() {
        IrStmt body = new IrStmt.If(S, num(1), stmt(add(num(2), num(3))),
                new IrStmt.For(S, num(4), num(5), num(6), stmt(target(num(7), num(8)))));
        IrProbe p = probe(num(10), List.of(new IrProbe.EntrySave(0, IrType.LONG, num(11))), body);
        Ints s = new Ints();
        s.program(program(List.of(fn("f", ret(num(12))), embedded("g")), p));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), s.seen);
    }

    @Test
    void bindingPositionsAreNotReads() {
        List<String> locals = new ArrayList<>();
        IrScanner s = new IrScanner() {
            @Override public Void visitLocalRef(IrExpr.LocalRef e) { locals.add(e.name()); return null; }
        };
        IrStmt loop = new IrStmt.Foreach(S, "a", List.of(local("k", 0)), local("v", 1), null, -1, false, null, null,
                stmt(local("x", 2)));
        IrStmt t = new IrStmt.Try(S, block(loop), local("msg", 3), block(stmt(local("y", 4))));
        s.stmt(t);
        assertEquals(List.of("x", "y"), locals);
    }

    @Test
    void doesNotFold() {
        Ints s = new Ints();
        s.expr(new IrExpr.Ternary(S, IrType.LONG, num(0), num(1), num(2)));
        s.stmt(new IrStmt.While(S, num(0), stmt(num(3))));
        assertEquals(List.of(0L, 1L, 2L, 0L, 3L), s.seen, "a constant condition still has both sides walked");
    }
}
