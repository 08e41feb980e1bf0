package org.jstap.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Calls between script functions: reachability, recursion and the deepest chain (MAXNESTING when acyclic). */
final class CallGraph {
    private final Map<String, IrScan> fns;
    private List<String> cycle;
    private final Map<String, Integer> depth = new HashMap<>();

    CallGraph(Map<String, IrScan> fns) {
        this.fns = fns;
        for (String f : fns.keySet()) findCycle(f, new ArrayList<>(), new LinkedHashSet<>());
    }

    private void findCycle(String f, List<String> path, Set<String> done) {
        if (cycle != null) return;
        int at = path.indexOf(f);
        if (at >= 0) {
            cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(f);
            return;
        }
        IrScan s = fns.get(f);
        if (s == null) return;
        path.add(f);
        for (String g : s.calls) findCycle(g, path, done);
        path.remove(path.size() - 1);
    }

    boolean recursive() {
        return cycle != null;
    }

    List<String> cycle() {
        return cycle == null ? List.of() : cycle;
    }

    /** Functions reachable from these direct calls. */
    Set<String> reachable(Set<String> calls) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> work = new ArrayList<>(calls);
        while (!work.isEmpty()) {
            String f = work.remove(work.size() - 1);
            if (!seen.add(f)) continue;
            IrScan s = fns.get(f);
            if (s != null) work.addAll(s.calls);
        }
        return seen;
    }

    private int depthOf(String f) {
        Integer d = depth.get(f);
        if (d != null) return d;
        int best = 0;
        IrScan s = fns.get(f);
        if (s != null) for (String g : s.calls) best = Math.max(best, depthOf(g));
        depth.put(f, best + 1);
        return best + 1;
    }

    /** The longest call chain from any function (probes call at depth 1). Only meaningful without recursion. */
    int maxDepth() {
        int m = 0;
        for (String f : fns.keySet()) m = Math.max(m, depthOf(f));
        return m;
    }
}
