package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrStmt;
import org.junit.jupiter.api.Test;

class EffectsTest {
    @Test
    void expressions() {
        Effects fx = Effects.withoutCalls();
        assertTrue(fx.pure(null));
        assertTrue(fx.pure(add(local("x", 0), global("g"))));
        assertTrue(fx.pure(sprint(builtin(Builtin.EXECNAME))));
        assertFalse(fx.pure(print(num(1))), "output");
        assertFalse(fx.pure(assign(global("g"), num(1))), "global write");
        assertFalse(fx.pure(assign(local("x", 0), num(1))), "a local write is an effect on the frame");
        assertTrue(fx.pureAllowingLocalWrites(assign(local("x", 0), num(1))));
        assertFalse(fx.pureAllowingLocalWrites(assign(global("g"), num(1))));
        assertFalse(fx.pure(builtin(Builtin.EXIT)));
        assertFalse(fx.pure(new IrExpr.Match(S, str("a"), "a", false)), "sets matched()");
        assertFalse(fx.pure(IrScannerTest.target(num(1), print())), "an index with output");
        assertTrue(fx.pure(IrScannerTest.target(num(1), num(2))));
    }

    @Test
    void callsArePureOnlyWhenAnalysedAndTheirBodiesAre() {
        List<org.jstap.api.ir.IrFunction> fns = List.of(
                fn("calc", stmt(assign(local("x", 0), num(2))), ret(add(local("x", 0), num(1)))),
                fn("talk", stmt(print(str("hi"))), ret(num(0))),
                fn("viaTalk", ret(call("talk"))),
                fn("loop", ret(call("loop"))),
                fn("walk", new IrStmt.Foreach(S, "a", List.of(local("k", 0)), null, null, -1, false, null, null, block()),
                        ret(num(0))),
                embedded("c"));
        Effects fx = Effects.of(fns);
        assertTrue(fx.pure(call("calc")));
        assertFalse(Effects.withoutCalls().pure(call("calc")));
        assertFalse(fx.pure(call("talk")));
        assertFalse(fx.pure(call("viaTalk")), "transitively");
        assertFalse(fx.pure(call("loop")), "recursion is assumed impure");
        assertFalse(fx.pure(call("walk")), "foreach locks a global");
        assertFalse(fx.pure(call("c")), "embedded C");
        assertFalse(fx.pure(call("unknown")));
        assertFalse(fx.pure(call("calc", print())), "arguments count");
    }
}
