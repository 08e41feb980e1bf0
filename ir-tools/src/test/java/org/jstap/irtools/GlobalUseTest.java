package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.junit.jupiter.api.Test;

class GlobalUseTest {
    private static IrGlobal g(String name, IrType t) {
        return new IrGlobal(S, name, name, t, List.of(), null, false, null, false, List.of(), List.of(), true, true);
    }

    private static IrProbe probe(String id, IrStmt... body) {
        return new IrProbe(S, id, 0, "begin", "begin", "", new IrSite.Begin(0), null, block(body),
                List.of(new IrVar("x", IrType.LONG, 0)), List.of(), false);
    }

    private static GlobalUse use(List<org.jstap.api.ir.IrFunction> fns, IrProbe... probes) {
        // declared in the order b, a, s: the lock order is the declaration order, not the order of use
        return GlobalUse.of(new IrProgram("t.stp", List.of(g("b", IrType.LONG), g("a", IrType.LONG), g("s", IrType.STATS)),
                fns, List.of(probes), List.of(), false, IrProgram.Elided.NONE));
    }

    @Test
    void locksInGlobalOrderWithModes() {
        IrProbe p = probe("p", stmt(assign(global("a"), global("b"))), stmt(new IrExpr.Aggregate(S, new IrExpr.GlobalRef(S, IrType.STATS, "s"), num(1))));
        GlobalUse u = use(List.of(), p);
        assertEquals(List.of("b", "a", "s"), List.copyOf(u.locks(p).keySet()));
        assertEquals(Map.of("b", false, "a", true, "s", false), u.locks(p));
        assertTrue(u.probe(p).get("s").aggregateOnly());
        assertFalse(u.probe(p).get("a").aggregateOnly());
    }

    @Test
    void wordUsesAndCountsIncludeCalledFunctions() {
        IrProbe inc = probe("inc", stmt(new IrExpr.IncDec(S, global("a"), true, false)));
        IrProbe viaFn = probe("viaFn", stmt(new IrExpr.IncDec(S, global("a"), true, false)), stmt(call("f")));
        GlobalUse u = use(List.of(fn("f", ret(global("b")))), inc, viaFn);
        GlobalUse.Use a = u.probe(inc).get("a");
        assertEquals(1, a.uses());
        assertTrue(a.write() && a.wordOnly());
        assertEquals(List.of("b", "a"), List.copyOf(u.probe(viaFn).keySet()), "the function's read of b counts");
        assertFalse(u.probe(viaFn).get("b").write());
    }

    @Test
    void foreachAndStatisticReads() {
        IrStmt walk = new IrStmt.Foreach(S, "a", List.of(local("k", 0)), null, null, 0, false, null, null, block());
        IrProbe p = probe("p", walk, stmt(new IrExpr.StatOp(S, org.jstap.api.ast.Ops.StatFn.COUNT, new IrExpr.GlobalRef(S, IrType.STATS, "s"))));
        GlobalUse u = use(List.of(), p);
        assertTrue(u.locks(p).get("a"), "a sorted foreach reorders the array");
        assertTrue(u.locks(p).get("s"), "reading a statistic aggregates it");
        assertEquals(java.util.Set.of("a"), u.iterated());
        assertFalse(u.probe(p).get("a").wordOnly());
    }
}
