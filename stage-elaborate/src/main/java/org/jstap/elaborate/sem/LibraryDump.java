package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jstap.api.StageContext;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.PointContext;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.elaborate.tapset.LibraryParser;
import org.jstap.elaborate.tapset.TapsetLibrary;

/**
 * {@code --dump-functions}, {@code --dump-probe-aliases}, {@code --dump-probe-types}: jstap's own library in stap
 * 4.8's line formats, sorted as stap sorts them ({@code name:type (param:type, ...)} with a
 * {@code /* unprivileged *}{@code /} mark; {@code name = point, point?}; {@code family.shape(string|number)}).
 * Names starting with {@code _} and private functions are left out, as stap leaves them out.
 */
public final class LibraryDump {
    private LibraryDump() {}

    /** Every public function: the tapset's, types inferred over the whole library, and the native builtins. */
    public static List<String> functions(TapsetLibrary library, LibraryParser parser, StageContext ctx, PointContext points) {
        StageContext quiet = quiet(ctx);
        TypeSlot.Inference inf = new TypeSlot.Inference();
        Symbols symbols = loadAll(library, parser, quiet, inf);
        Elaboration el = new Elaboration(symbols, quiet.options(), quiet.diagnostics(), points);
        el.sources = quiet.sources();
        for (List<FunctionSym> fs : symbols.functions.values()) for (FunctionSym f : fs) f.reachable = true;
        for (int round = 0; round < 20; round++) {
            ProgramElaborator.runFunctions(el, symbols, false);
            if (inf.takeChanges() == 0) break;
        }
        TreeSet<String> out = new TreeSet<>();
        Map<String, Boolean> seen = new TreeMap<>(); // name/arity the tapset defines: a builtin of the same does not show
        for (List<FunctionSym> fs : symbols.functions.values()) {
            for (FunctionSym f : fs) {
                if (f.name().startsWith("_") || f.decl.isPrivate()) continue;
                seen.put(f.name() + "/" + f.arity(), true);
                StringBuilder b = new StringBuilder(f.name()).append(':').append(label(f.ret.known() ? f.ret.type : null))
                        .append(" (");
                for (int i = 0; i < f.arity(); i++) {
                    TypeSlot t = f.params.get(i);
                    b.append(i == 0 ? "" : ", ").append(f.decl.params().get(i).name()).append(':')
                            .append(label(t.known() ? t.type : null));
                }
                b.append(')');
                if (f.decl.body() instanceof Decl.Body.C c) {
                    if (c.code().matches("(?s).*/\\*\\s*myproc-unprivileged\\s*\\*/.*")) b.append(" /* myproc-unprivileged */");
                    else if (c.code().matches("(?s).*/\\*\\s*unprivileged\\s*\\*/.*")) b.append(" /* unprivileged */");
                }
                out.add(b.toString());
            }
        }
        for (Builtin bi : Builtin.values()) {
            if (bi.scriptName.startsWith("_") || seen.containsKey(bi.scriptName + "/" + bi.params.size())) continue;
            StringBuilder b = new StringBuilder(bi.scriptName).append(':').append(label(bi.returnType)).append(" (");
            for (int i = 0; i < bi.params.size(); i++) { // natively implemented: no parameter names to show
                b.append(i == 0 ? "" : ", ").append("arg").append(i + 1).append(':').append(label(bi.params.get(i)));
            }
            out.add(b.append(')').toString());
        }
        return new ArrayList<>(out);
    }

    /** Every public alias of the tapset with what it expands to. */
    public static List<String> aliases(TapsetLibrary library, LibraryParser parser, StageContext ctx) {
        Symbols symbols = loadAll(library, parser, quiet(ctx), new TypeSlot.Inference());
        TreeSet<String> out = new TreeSet<>();
        for (Symbols.AliasSym a : symbols.aliases) {
            List<String> targets = new ArrayList<>();
            for (ProbePoint p : a.decl().targets()) targets.add(p.text() + (p.optional() ? "?" : "") + (p.sufficient() ? "!" : ""));
            for (ProbePoint n : a.decl().names()) {
                if (n.text().startsWith("_")) continue;
                out.add(n.text() + " = " + String.join(", ", targets));
            }
        }
        return new ArrayList<>(out);
    }

    /** The point shapes every probe provider accepts, with stap's {@code (string)} / {@code (number)} arguments. */
    public static List<String> probeTypes(List<ProbeProvider> providers) {
        TreeSet<String> out = new TreeSet<>();
        for (ProbeProvider p : providers) {
            for (String s : p.shapes()) {
                out.add(s.replaceAll("\\(\"[^\"]*\"\\)", "(string)").replaceAll("\\(([A-Z][A-Z_]*|[0-9]+)\\)", "(number)"));
            }
        }
        return new ArrayList<>(out);
    }

    private static String label(IrType t) {
        return t == null || t == IrType.VOID ? "unknown" : t.label;
    }

    /** The whole library is read and typed out of any probe's context: what it would report is not the user's. */
    private static StageContext quiet(StageContext ctx) {
        return new StageContext(ctx.options(), new Diagnostics(true, false), ctx.sources(), ctx.kernel(), ctx.out(), ctx.err());
    }

    private static Symbols loadAll(TapsetLibrary library, LibraryParser parser, StageContext ctx, TypeSlot.Inference inf) {
        Symbols symbols = new Symbols(library, parser, ctx, inf);
        for (TapsetLibrary.Entry e : library.entries()) symbols.loadEntry(e);
        return symbols;
    }
}
