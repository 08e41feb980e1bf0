package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.Near;
import org.junit.jupiter.api.Test;

/** Nodes that can fail at run time carry the span stap's message names ({@link Near}). */
class RuntimeSpanTest {
    @Test
    void divisionPointsAtTheOperator() {
        Elab.Out o = Elab.run("global a, b\nprobe begin { a = 10; b = 0 }\nprobe end { x = a  /  b; println(x) }");
        assertTrue(o.ok(), o.rendered());
        var end = o.program().probes().get(1);
        IrStmt.ExprStmt s = (IrStmt.ExprStmt) ((IrStmt.Block) end.body().body().get(0)).body().get(0);
        IrExpr div = ((IrExpr.Assign) s.expr()).value();
        assertEquals("operator '/' at s.stp:3:20", Near.of(div));
    }

    @Test
    void arraysPointAtTheirName() {
        Elab.Out o = Elab.run("global a[3]\nprobe begin { a[1] = 1; a[2] = 2; println(a[1]) }");
        assertTrue(o.ok(), o.rendered());
        IrStmt.ExprStmt s = (IrStmt.ExprStmt) ((IrStmt.Block) o.program().probes().get(0).body().body().get(0)).body().get(0);
        assertEquals("identifier 'a' at s.stp:2:15", Near.of(((IrExpr.Assign) s.expr()).target()));
    }
}
