package com.example.jstap.graphviz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who calls what in an {@code ir.json}: for each probe and function, the script functions and builtins it calls
 * and the globals it reads and writes. Walks the JSON tree generically: any object whose {@code node} is
 * {@code CallFunction}, {@code CallBuiltin}, {@code Print}, a global reference or a write to one counts.
 */
public final class CallGraph {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GLOBAL_REFS = Set.of("GlobalRef", "ArrayGet", "In");
    private static final Set<String> WRITES = Set.of("Assign", "IncDec", "Aggregate", "Delete");

    /** One caller: a probe or a function. */
    static final class Scope {
        final String id;
        final String label;
        final boolean probe;
        final Set<String> calls = new TreeSet<>();
        final Set<String> builtins = new TreeSet<>();
        final Set<String> reads = new TreeSet<>();
        final Set<String> writes = new TreeSet<>();

        Scope(String id, String label, boolean probe) {
            this.id = id;
            this.label = label;
            this.probe = probe;
        }
    }

    final Map<String, Scope> scopes = new LinkedHashMap<>();
    final Map<String, String> globalNames = new LinkedHashMap<>();

    public static CallGraph of(byte[] irJson) {
        JsonNode root;
        try {
            root = JSON.readTree(irJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CallGraph g = new CallGraph();
        JsonNode program = root.path("program");
        for (JsonNode gl : program.path("globals")) {
            g.globalNames.putIfAbsent(gl.path("mangled").asText(), gl.path("name").asText());
        }
        for (JsonNode p : program.path("probes")) {
            Scope s = new Scope("probe:" + p.path("id").asText(), p.path("point").asText(), true);
            g.scopes.put(s.id, s);
            g.walk(p.path("condition"), s);
            g.walk(p.path("body"), s);
            for (JsonNode e : p.path("entrySaves")) g.walk(e.path("expr"), s);
        }
        for (JsonNode f : program.path("functions")) {
            Scope s = new Scope("fn:" + f.path("id").asText(), f.path("name").asText() + "()", false);
            g.scopes.put(s.id, s);
            g.walk(f.path("body"), s);
        }
        return g;
    }

    private void walk(JsonNode n, Scope s) {
        if (n == null || n.isMissingNode() || n.isNull()) return;
        if (n.isArray()) {
            for (JsonNode c : n) walk(c, s);
            return;
        }
        if (!n.isObject()) return;
        String node = n.path("node").asText("");
        switch (node) {
            case "CallFunction" -> s.calls.add(n.path("function").asText());
            case "CallBuiltin" -> s.builtins.add(n.path("builtin").asText().toLowerCase(Locale.ROOT));
            case "Print" -> s.builtins.add(n.path("toText").asBoolean() ? "sprintf" : "printf");
            case "Foreach" -> s.reads.add(n.path("global").asText());
            default -> { }
        }
        if (WRITES.contains(node)) {
            JsonNode target = n.path("target");
            if (GLOBAL_REFS.contains(target.path("node").asText(""))) {
                s.writes.add(target.path("global").asText());
                walk(target.path("keys"), s); // the keys are read
                if (node.equals("IncDec") || node.equals("Assign") && !"ASSIGN".equals(n.path("op").asText("ASSIGN"))) {
                    s.reads.add(target.path("global").asText()); // x++ and x += 1 read x too
                }
                n.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("target")) walk(e.getValue(), s);
                });
                return;
            }
        }
        if (GLOBAL_REFS.contains(node)) s.reads.add(n.path("global").asText());
        n.fields().forEachRemaining(e -> walk(e.getValue(), s));
    }

    /** {@code digraph jstap { ... }}: boxes for probes, ellipses for functions, diamonds for builtins, cylinders for globals. */
    public String toDot() {
        StringBuilder b = new StringBuilder("digraph jstap {\n  rankdir=LR;\n  node [fontname=\"monospace\"];\n");
        Set<String> builtins = new TreeSet<>();
        Set<String> globals = new TreeSet<>();
        for (Scope s : scopes.values()) {
            b.append("  ").append(q(s.id)).append(" [shape=").append(s.probe ? "box" : "ellipse")
                    .append(", label=").append(q(s.probe ? "probe " + s.label : s.label)).append("];\n");
            builtins.addAll(s.builtins);
            globals.addAll(s.reads);
            globals.addAll(s.writes);
        }
        for (String x : builtins) {
            b.append("  ").append(q("builtin:" + x)).append(" [shape=diamond, label=").append(q(x + "()")).append("];\n");
        }
        for (String x : globals) {
            b.append("  ").append(q("global:" + x)).append(" [shape=cylinder, label=")
                    .append(q(globalNames.getOrDefault(x, x))).append("];\n");
        }
        for (Scope s : scopes.values()) {
            for (String c : s.calls) b.append("  ").append(q(s.id)).append(" -> ").append(q("fn:" + c)).append(";\n");
            for (String c : s.builtins) {
                b.append("  ").append(q(s.id)).append(" -> ").append(q("builtin:" + c)).append(" [style=dotted];\n");
            }
            for (String w : s.writes) {
                b.append("  ").append(q(s.id)).append(" -> ").append(q("global:" + w))
                        .append(" [label=\"writes\", color=red];\n");
            }
            for (String r : s.reads) {
                b.append("  ").append(q("global:" + r)).append(" -> ").append(q(s.id))
                        .append(" [label=\"read by\", color=blue];\n");
            }
        }
        return b.append("}\n").toString();
    }

    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
