package org.jstap.elaborate.print;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.jstap.irtools.BuiltinUse;

/**
 * {@code -p2} output in stap's layout: {@code # globals} ({@code name[size]:type [key, types]}),
 * {@code # functions} ({@code name:type (param:type, ...)} with their {@code # locals}, and the builtins called,
 * {@code execname:string ()}, all by name), {@code # probes}
 * ({@code point /* <- as written *}{@code /} with their {@code # locals}). Empty sections are left out.
 */
public final class P2Printer {
    private P2Printer() {}

    public static String print(IrProgram p) {
        StringBuilder b = new StringBuilder();
        if (!p.globals().isEmpty()) {
            b.append("# globals\n");
            for (IrGlobal g : p.globals()) b.append(global(g)).append('\n');
        }
        // Script functions and the builtins the program calls (stap lists the tapset functions those stand for),
        // by name; a script function of a builtin's name is the one called.
        java.util.TreeMap<String, StringBuilder> functions = new java.util.TreeMap<>();
        for (IrFunction f : p.functions()) {
            List<String> ps = new ArrayList<>();
            for (IrVar v : f.params()) ps.add(v.name() + ":" + v.type().label);
            StringBuilder e = new StringBuilder();
            e.append(f.name()).append(':').append(f.returnType().label).append(" (").append(String.join(", ", ps)).append(")\n");
            locals(e, f.locals());
            functions.merge(f.name(), e, StringBuilder::append);
        }
        for (Builtin bi : BuiltinUse.in(p)) {
            if (bi == Builtin.PERF_READ) continue; // @perf is an operator: stap lists no function for it
            List<String> ps = new ArrayList<>();
            for (int i = 0; i < bi.params.size(); i++) ps.add("arg" + (i + 1) + ":" + bi.params.get(i).label);
            functions.putIfAbsent(bi.scriptName, new StringBuilder(bi.scriptName + ":" + bi.returnType.label + " ("
                    + String.join(", ", ps) + ")\n"));
        }
        if (!functions.isEmpty()) {
            b.append("# functions\n");
            for (StringBuilder e : functions.values()) b.append(e);
        }
        if (!p.probes().isEmpty()) {
            b.append("# probes\n");
            for (IrProbe pr : p.probes()) {
                b.append(pr.point()).append(" /* <- ").append(pr.origin()).append(" */\n");
                locals(b, pr.locals());
            }
        }
        return b.toString();
    }

    static String global(IrGlobal g) {
        StringBuilder b = new StringBuilder(g.name());
        if (g.wrap()) b.append('%');
        if (g.maxEntries() != null) b.append('[').append(g.maxEntries()).append(']');
        b.append(':').append(g.type().label);
        if (g.isArray()) {
            List<String> ks = new ArrayList<>();
            for (IrType k : g.keyTypes()) ks.add(k.label);
            b.append(" [").append(String.join(", ", ks)).append(']');
        }
        return b.toString();
    }

    private static void locals(StringBuilder b, List<IrVar> locals) {
        if (locals.isEmpty()) return;
        b.append("  # locals\n");
        for (IrVar v : locals) b.append("  ").append(v.name()).append(':').append(v.type().label).append('\n');
    }
}
