package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.Near;
import org.junit.jupiter.api.Test;

/** {@link Near#lead}, shared by every backend's statement messages. */
class NearLeadTest {
    @Test
    void theLeftmostOperand() {
        IrExpr x = local("x", 0), g = global("g");
        assertSame(x, Near.lead(assign(x, add(g, num(1)))));
        assertSame(g, Near.lead(add(add(g, x), num(1))));
        assertSame(x, Near.lead(new IrExpr.IncDec(S, x, true, false)), "x++ names x");
        IrExpr pre = new IrExpr.IncDec(S, x, true, true);
        assertSame(pre, Near.lead(pre), "++x names the operator");
        assertSame(g, Near.lead(new IrExpr.Ternary(S, IrType.LONG, g, num(1), num(2))));
        IrExpr c = call("f", x);
        assertSame(c, Near.lead(c));
    }
}
