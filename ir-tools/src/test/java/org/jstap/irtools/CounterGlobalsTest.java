package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.junit.jupiter.api.Test;

class CounterGlobalsTest {
    private static IrGlobal g(String name, IrType t) {
        return new IrGlobal(S, name, name, t, List.of(), null, false, null, false, List.of(), List.of(), true, true);
    }

    private static IrProbe on(IrSite site, String id, IrStmt... body) {
        return new IrProbe(S, id, 0, id, id, "", site, null, block(body), List.of(new IrVar("x", IrType.LONG, 0)), List.of(), false);
    }

    private static IrProbe timer(String id, IrStmt... body) {
        return on(new IrSite.Timer(1_000_000, 0, 0, 0), id, body);
    }

    private static IrProgram program(List<IrFunction> fns, IrProbe... probes) {
        return new IrProgram("t.stp", List.of(g("n", IrType.LONG), g("m", IrType.LONG), g("s", IrType.STATS)), fns,
                List.of(probes), List.of(), false, IrProgram.Elided.NONE);
    }

    private static IrStmt inc(String global) {
        return stmt(new IrExpr.IncDec(S, global(global), true, false));
    }

    @Test
    void addsOnlyInConcurrentProbesMakeALockFreeCounter() {
        IrProbe hit = timer("hit", inc("n"), stmt(new IrExpr.Assign(S, IrType.LONG, AssignOp.ADD, global("m"), num(2))));
        IrProbe end = on(new IrSite.End(0), "end", stmt(print(global("n"))), stmt(assign(global("m"), num(0))));
        assertEquals(Set.of("n", "m"), CounterGlobals.of(program(List.of(), hit, end)), "end reads and assigns plainly");
    }

    @Test
    void aReadInAConcurrentProbeOrAFunctionItCallsKeepsTheLock() {
        IrProbe hit = timer("hit", inc("n"), inc("m"), stmt(call("f")));
        IrProbe reader = timer("reader", stmt(print(global("n"))));
        IrProgram p = program(List.of(fn("f", ret(global("m")))), hit, reader);
        assertEquals(Set.of(), CounterGlobals.of(p));
    }

    @Test
    void aStatisticOnlyAggregatedIntoIsLockFreeButNotACounter() {
        IrProbe hit = timer("hit", stmt(new IrExpr.Aggregate(S, new IrExpr.GlobalRef(S, IrType.STATS, "s"), num(1))));
        IrProgram p = program(List.of(), hit);
        assertEquals(Set.of("n", "m", "s"), CounterGlobals.lockFree(p));
        assertEquals(Set.of("n", "m"), CounterGlobals.of(p));
    }

    @Test
    void onlyStatementLevelAddsCount() {
        assertEquals("n", CounterGlobals.counterAdd(new IrExpr.IncDec(S, global("n"), false, true)).global());
        assertNull(CounterGlobals.counterAdd(assign(global("n"), num(1))), "a plain assignment is not an add");
    }
}
