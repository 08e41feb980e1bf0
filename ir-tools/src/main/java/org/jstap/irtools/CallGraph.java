package org.jstap.irtools;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;

/**
 * Calls between script functions: who calls whom, what a probe reaches, recursion (with the first cycle found,
 * for messages) and the deepest call chain (a backend sizes its nesting limit with it when there is no recursion).
 * Calls are kept in the order they appear in the body; functions in program order.
 */
public final class CallGraph {
    private final Map<String, Set<String>> calls = new LinkedHashMap<>();
    private final Map<String, Integer> depth = new HashMap<>();
    private final List<String> cycle;

    private CallGraph(List<IrFunction> functions) {
        for (IrFunction f : functions) {
            Calls c = new Calls();
            c.function(f);
            calls.put(f.id(), c.found);
        }
        this.cycle = findCycle();
    }

    public static CallGraph of(IrProgram program) {
        return new CallGraph(program.functions());
    }

    public static CallGraph of(List<IrFunction> functions) {
        return new CallGraph(functions);
    }

    /** The functions a probe calls directly (body, condition, entry saves), in order of appearance. */
    public static Set<String> callsIn(IrProbe p) {
        Calls c = new Calls();
        c.probe(p);
        return c.found;
    }

    /** The functions a statement calls directly, in order of appearance. */
    public static Set<String> callsIn(IrStmt s) {
        Calls c = new Calls();
        c.stmt(s);
        return c.found;
    }

    /** The functions {@code id} calls directly (empty for an embedded-C or unknown function). */
    public Set<String> calls(String id) {
        return calls.getOrDefault(id, Set.of());
    }

    /** Functions reachable from these direct calls (the calls included, even those not in the graph). */
    public Set<String> reachable(Collection<String> roots) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            String f = work.pop();
            if (seen.add(f)) work.addAll(calls(f));
        }
        return seen;
    }

    /** Functions reachable from any of these probes. */
    public Set<String> reachableFrom(List<IrProbe> probes) {
        List<String> roots = new ArrayList<>();
        for (IrProbe p : probes) roots.addAll(callsIn(p));
        return reachable(roots);
    }

    public boolean recursive() {
        return cycle != null;
    }

    /** The first cycle a depth-first walk in program order meets, as {@code f, g, f}; empty without recursion. */
    public List<String> cycle() {
        return cycle == null ? List.of() : cycle;
    }

    /** The longest call chain from any function (a probe's call is depth 1). Only meaningful without recursion. */
    public int maxDepth() {
        int m = 0;
        for (String f : calls.keySet()) m = Math.max(m, depthOf(f));
        return m;
    }

    private int depthOf(String f) {
        Integer d = depth.get(f);
        if (d != null) return d;
        int best = 0;
        for (String g : calls(f)) best = Math.max(best, depthOf(g));
        depth.put(f, best + 1);
        return best + 1;
    }

    private List<String> findCycle() {
        Set<String> done = new HashSet<>(); // fully explored without meeting a cycle: nothing to find below
        for (String f : calls.keySet()) {
            List<String> c = findCycle(f, new ArrayList<>(), done);
            if (c != null) return c;
        }
        return null;
    }

    private List<String> findCycle(String f, List<String> path, Set<String> done) {
        int at = path.indexOf(f);
        if (at >= 0) {
            List<String> c = new ArrayList<>(path.subList(at, path.size()));
            c.add(f);
            return c;
        }
        if (done.contains(f) || !calls.containsKey(f)) return null;
        path.add(f);
        for (String g : calls(f)) {
            List<String> c = findCycle(g, path, done);
            if (c != null) return c;
        }
        path.remove(path.size() - 1);
        done.add(f);
        return null;
    }

    /** Collects called function ids in order of appearance. */
    private static final class Calls extends IrScanner {
        final Set<String> found = new LinkedHashSet<>();

        @Override
        public Void visitCallFunction(IrExpr.CallFunction e) {
            found.add(e.function());
            return super.visitCallFunction(e);
        }
    }
}
