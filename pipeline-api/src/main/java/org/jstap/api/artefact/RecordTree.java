package org.jstap.api.artefact;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a decoded artefact (records, lists, maps) and refuses a {@code null} where the schema has none: Jackson
 * fills a missing or {@code null} JSON field with {@code null}, and a stage reading it later would fail with a
 * NullPointerException far from the cause. The walk is iterative (any depth the parser accepts) and names the
 * field by its JSON path ({@code program.probes[0].body.body[2].expr.left}).
 */
public final class RecordTree {
    private RecordTree() {}

    /** Called for every record reached, with its JSON path. */
    @FunctionalInterface
    public interface NodeCheck {
        void check(Object node, String path) throws ArtefactException;
    }

    /**
     * {@code nullable} holds the components that may be null, as {@code Outer.Inner.component}
     * ({@code IrStmt.If.otherwise}); every other record component, list element and map value must be present.
     */
    public static void walk(Object root, String rootPath, Set<String> nullable, NodeCheck check) throws ArtefactException {
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {root, rootPath});
        while (!todo.isEmpty()) {
            Object[] top = todo.pop();
            Object node = top[0];
            String path = (String) top[1];
            if (node instanceof List<?> l) {
                for (int i = l.size() - 1; i >= 0; i--) {
                    if (l.get(i) == null) throw new ArtefactException(path + "[" + i + "] is null");
                    todo.push(new Object[] {l.get(i), path + "[" + i + "]"});
                }
            } else if (node instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() == null) throw new ArtefactException(path + "." + e.getKey() + " is null");
                    todo.push(new Object[] {e.getValue(), path + "." + e.getKey()});
                }
            } else if (node instanceof Record r) {
                RecordComponent[] cs = r.getClass().getRecordComponents();
                Object[] values = new Object[cs.length];
                for (int i = 0; i < cs.length; i++) { // the node's own fields first: the check may read them
                    RecordComponent c = cs[i];
                    values[i] = value(r, c);
                    if (values[i] == null && !c.getType().isPrimitive()
                            && !nullable.contains(name(r.getClass()) + "." + c.getName())) {
                        throw new ArtefactException(child(path, c.getName()) + " is missing or null ("
                                + name(r.getClass()) + "." + c.getName() + ")");
                    }
                }
                try {
                    check.check(r, path);
                } catch (RuntimeException e) { // a check reading a part not yet walked: still the artefact's fault
                    throw new ArtefactException(path + " is malformed (" + e + ")");
                }
                for (int i = cs.length - 1; i >= 0; i--) {
                    Object v = values[i];
                    if (v instanceof Record || v instanceof List<?> || v instanceof Map<?, ?>) {
                        todo.push(new Object[] {v, child(path, cs[i].getName())});
                    }
                }
            }
        }
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** {@code IrStmt.If} for the nested record {@code org.jstap.api.ir.IrStmt$If}. */
    public static String name(Class<?> c) {
        String n = c.getName();
        return n.substring(n.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static Object value(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("record accessor not public: " + c, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("record accessor failed: " + c, e.getCause());
        }
    }
}
