package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.irtools.CallGraph;

/**
 * Script functions in BPF, where the verifier refuses a cycle in the call graph: every function is written once per
 * call depth it can run at (its instance), a call at depth d going to the callee's instance at d + 1, so recursion
 * becomes a chain of distinct copies. The depth is bounded as kmod bounds it at run time: where the script recurses,
 * or sets {@code -DMAXNESTING}, a call that would run at MAXNESTING + 1 raises kmod's "MAXNESTING exceeded" instead
 * (that call site is then the end of the chain). Without either, a function has one instance (depth 0) and calls
 * are unchecked, as kmod's MAXNESTING is then the deepest chain.
 */
final class Nesting {
    /** One copy of a function: the depth its frame runs at (1 for a probe's call), 0 when depths are not kept. */
    record Instance(String function, int depth) {
        String cName() {
            return "fn_" + BpfCWriter.cid(function) + (depth > 0 ? "_n" + depth : "");
        }
    }

    /** stap's MAXNESTING default (runtime-c's jst_limits.h), where the script recurses. */
    static final int DEFAULT = 10;

    private final boolean bounded;
    private final int max;
    private final Map<Instance, Set<Instance>> calls = new LinkedHashMap<>();
    private final Map<String, Set<Instance>> probeCalls = new LinkedHashMap<>();

    /**
     * The instances reachable from the kernel-side probes; {@code written} says which functions get a C body
     * (script functions not done by jstap_bpf.h): the others have no instance.
     */
    Nesting(IrProgram ir, CallGraph graph, List<IrProbe> probes, Map<String, String> defines, Predicate<String> written) {
        String d = defines.get("MAXNESTING");
        this.bounded = d != null || graph.recursive();
        long m = DEFAULT;
        if (d != null) {
            try {
                m = Long.parseLong(d.trim().replaceAll("[uUlL]+$", ""));
            } catch (NumberFormatException e) {
                m = DEFAULT;
            }
        }
        // kmod's frames are MAXNESTING + 1 unions; beyond a few dozen copies the program outgrows the verifier anyway
        this.max = (int) Math.max(0, Math.min(64, m));
        List<Instance> work = new ArrayList<>();
        for (IrProbe p : probes) {
            Set<Instance> out = new LinkedHashSet<>();
            for (String g : CallGraph.callsIn(p)) {
                Instance i = callee(0, g);
                if (i != null && written.test(g)) out.add(i);
            }
            probeCalls.put(p.id(), out);
            work.addAll(out);
        }
        while (!work.isEmpty()) {
            Instance f = work.remove(work.size() - 1);
            if (calls.containsKey(f)) continue;
            Set<Instance> out = new LinkedHashSet<>();
            for (String g : graph.calls(f.function())) {
                Instance i = callee(f.depth(), g);
                if (i != null && written.test(g)) out.add(i);
            }
            calls.put(f, out);
            work.addAll(out);
        }
    }

    /** The instance a call from depth {@code from} (0: a probe) reaches, null when that call exceeds MAXNESTING. */
    Instance callee(int from, String function) {
        if (!bounded) return new Instance(function, 0);
        return from + 1 > max ? null : new Instance(function, from + 1);
    }

    /** Every instance to write, each function's in depth order. */
    List<Instance> instances() {
        List<Instance> all = new ArrayList<>(calls.keySet());
        all.sort(java.util.Comparator.comparing(Instance::function).thenComparingInt(Instance::depth));
        return all;
    }

    Set<Instance> calls(Instance f) {
        return calls.getOrDefault(f, Set.of());
    }

    Set<Instance> callsOf(IrProbe p) {
        return probeCalls.getOrDefault(p.id(), Set.of());
    }
}
