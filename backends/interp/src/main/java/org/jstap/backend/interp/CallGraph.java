package org.jstap.backend.interp;

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
 * Whether script functions can recurse. Without recursion the kmod translator sets MAXNESTING to the deepest call
 * chain (unless {@code -D} sets it), so no chain can fail; with recursion it keeps the default. The walk is generic
 * over the IR records, so it needs no change when node kinds are added.
 */
final class CallGraph {
    private CallGraph() {}

    static boolean recursive(IrProgram p) {
        Map<String, Set<String>> calls = new HashMap<>();
        for (IrFunction f : p.functions()) {
            Set<String> out = new HashSet<>();
            collect(f.body(), out);
            calls.put(f.id(), out);
        }
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        for (String f : calls.keySet()) if (cycle(f, calls, state)) return true;
        return false;
    }

    private static boolean cycle(String f, Map<String, Set<String>> calls, Map<String, Integer> state) {
        Integer s = state.get(f);
        if (s != null) return s == 1;
        state.put(f, 1);
        for (String g : calls.getOrDefault(f, Set.of())) if (cycle(g, calls, state)) return true;
        state.put(f, 2);
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
