package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrType;
import org.junit.jupiter.api.Test;

class CallGraphTest {
    @Test
    void chainsReachabilityAndDepth() {
        CallGraph g = CallGraph.of(List.of(
                fn("a", stmt(call("b", call("c"))), stmt(call("b"))),
                fn("b", ret(call("c"))),
                fn("c", ret(num(1))),
                fn("lonely", ret(call("c"))),
                embedded("e")));
        assertEquals(List.of("b", "c"), List.copyOf(g.calls("a")), "order of appearance, each once");
        assertEquals(Set.of(), g.calls("e"));
        assertEquals(Set.of("a", "b", "c"), g.reachable(List.of("a")));
        assertFalse(g.recursive());
        assertEquals(List.of(), g.cycle());
        assertEquals(3, g.maxDepth(), "a -> b -> c");
    }

    @Test
    void probesReachThroughBodyConditionAndEntrySaves() {
        IrProbe p = probe(call("cond"), List.of(new IrProbe.EntrySave(0, IrType.LONG, call("save"))),
                stmt(call("body")));
        assertEquals(List.of("body", "cond", "save"), List.copyOf(CallGraph.callsIn(p)));
        CallGraph g = CallGraph.of(program(List.of(fn("body", ret(call("deep"))), fn("deep", ret(num(0)))), p));
        assertEquals(Set.of("body", "deep", "cond", "save"), g.reachableFrom(List.of(p)));
    }

    @Test
    void theFirstCycleInProgramOrderIsNamed() {
        CallGraph g = CallGraph.of(List.of(
                fn("main", ret(call("x"))),
                fn("x", ret(call("y"))),
                fn("y", stmt(call("z")), ret(call("x"))),
                fn("z", ret(num(0))),
                fn("self", ret(call("self")))));
        assertTrue(g.recursive());
        assertEquals(List.of("x", "y", "x"), g.cycle());
        assertEquals(List.of("self", "self"), CallGraph.of(List.of(fn("self", ret(call("self"))))).cycle());
    }
}
