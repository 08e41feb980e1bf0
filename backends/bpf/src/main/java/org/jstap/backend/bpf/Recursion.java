package org.jstap.backend.bpf;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProgram;

/**
 * Which script functions kernel probes reach, and which of those can recurse (the writer inlines functions, so
 * recursion cannot be compiled). A generic walk over the IR records.
 * TODO(irtools): replace with ir-tools' CallGraph once it is on main.
 */
final class Recursion {
    private Recursion() {}

    private static final Map<IrProgram, Map<String, Set<String>>> GRAPHS = new java.util.WeakHashMap<>();

    static synchronized Map<String, Set<String>> graph(IrProgram p) {
        return GRAPHS.computeIfAbsent(p, q -> {
            Map<String, Set<String>> calls = new HashMap<>();
            for (IrFunction f : q.functions()) {
                Set<String> out = new HashSet<>();
                collect(f.body(), out);
                calls.put(f.id(), out);
            }
            return calls;
        });
    }

    /** The functions reachable from {@code roots} (IR nodes: probe bodies, conditions). */
    static Set<String> reachable(IrProgram p, List<?> roots) {
        Set<String> direct = new HashSet<>();
        collect(roots, direct);
        Set<String> seen = new HashSet<>();
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>(direct);
        Map<String, Set<String>> g = graph(p);
        while (!work.isEmpty()) {
            String f = work.pop();
            if (seen.add(f)) work.addAll(g.getOrDefault(f, Set.of()));
        }
        return seen;
    }

    static boolean recursive(IrProgram p, String id) {
        Map<String, Set<String>> g = graph(p);
        Set<String> seen = new HashSet<>();
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>(g.getOrDefault(id, Set.of()));
        while (!work.isEmpty()) {
            String f = work.pop();
            if (f.equals(id)) return true;
            if (seen.add(f)) work.addAll(g.getOrDefault(f, Set.of()));
        }
        return false;
    }

    private static void collect(Object node, Set<String> out) {
        if (node == null) return;
        if (node instanceof IrExpr.CallFunction c) out.add(c.function());
        if (node instanceof List<?> l) {
            for (Object o : l) collect(o, out);
            return;
        }
        if (!node.getClass().isRecord() || !node.getClass().getName().startsWith("org.jstap.api.ir.")) return;
        for (RecordComponent rc : node.getClass().getRecordComponents()) {
            try {
                collect(rc.getAccessor().invoke(node), out);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
