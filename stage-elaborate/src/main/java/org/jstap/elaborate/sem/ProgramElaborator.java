package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jstap.api.StageContext;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.Script;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ast.Stmt;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrCodec;
import org.jstap.api.ir.IrConst;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.Backend;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.elaborate.tapset.LibraryParser;
import org.jstap.elaborate.tapset.TapsetLibrary;
import org.jstap.irtools.IrPipeline;

/**
 * Pass 2 proper: symbols, probe expansion, type inference to a fixpoint, then one reporting run that builds
 * the IR (unused functions and globals left out, empty probes elided), then the named IR passes of
 * {@link TailPasses} (folding, dead stores, reachability, the global display, the final checks).
 */
public final class ProgramElaborator {
    private static final int MAX_ROUNDS = 50;

    /** The IR plus what {@code -l}/{@code -L} print (empty unless listing). */
    public record Result(IrProgram program, List<String> listing, Stats stats) {}

    /** Counts for {@code -v} and benchmarks. */
    public record Stats(int rounds, int libraryFiles, int derivedProbes) {}

    private final List<ProbeProvider> providers;
    private final TapsetLibrary library;
    private final LibraryParser parser;

    /** Whether the chosen backend can run the probes and embedded C (the backends say so). */
    private final BackendCheck backendCheck;

    public ProgramElaborator(List<ProbeProvider> providers, TapsetLibrary library, LibraryParser parser) {
        this(providers, library, parser, List.of());
    }

    public ProgramElaborator(List<ProbeProvider> providers, TapsetLibrary library, LibraryParser parser,
                             List<Backend> backends) {
        this.providers = List.copyOf(providers);
        this.library = library;
        this.parser = parser;
        this.backendCheck = new BackendCheck(backends);
    }

    /** A derived probe while being elaborated. */
    private static final class Work {
        final Derived d;
        final int group;
        final Decl.Probe decl;
        final String origin;
        final Scope scope;
        final Stmt.Block body;

        Work(Derived d, int group, Decl.Probe decl, String origin, Scope scope) {
            this.d = d;
            this.group = group;
            this.decl = decl;
            this.origin = origin;
            this.scope = scope;
            List<Stmt> all = new ArrayList<>(d.prologues());
            all.add(decl.body());
            all.addAll(d.epilogues());
            this.body = new Stmt.Block(decl.body().span(), all);
        }
    }

    public Result elaborate(Script script, StageContext ctx, PointContext points, String listMode) {
        return elaborate(script, ctx, points, listMode, Set.of());
    }

    /**
     * @param dumpAfter names of {@link TailPasses} (or {@code all}) after which the IR is printed to the error
     *                  stream, as {@code ir.json} under a {@code # IR after NAME} line
     */
    public Result elaborate(Script script, StageContext ctx, PointContext points, String listMode, Set<String> dumpAfter) {
        boolean listing = listMode != null;
        TypeSlot.Inference inf = new TypeSlot.Inference();
        Symbols symbols = new Symbols(library, parser, ctx, inf);
        for (ScriptFile f : script.files()) {
            ctx.sources().put(f.name(), f.text());
            symbols.addFile(f);
        }
        Elaboration el = new Elaboration(symbols, ctx.options(), ctx.diagnostics(), points);
        el.sources = ctx.sources();
        el.definedAtLoad = backendCheck.chosen(ctx).map(Backend::decidesDefinedAtLoad).orElse(false);
        PointExpander expander = new PointExpander(symbols, providers, points);

        List<Work> work = new ArrayList<>();
        int elided = 0;
        for (int g = 0; g < symbols.userProbes.size(); g++) {
            Decl.Probe p = symbols.userProbes.get(g);
            String origin = origin(p.points());
            for (Derived d : expander.expandAll(p.points())) {
                work.add(new Work(d, g, p, origin, new Scope(inf)));
            }
        }

        perfCounters(el, work);

        // ---- inference to a fixpoint (a library file loaded on the way may bring probes of its own)
        int rounds = 0;
        int libraryProbesTaken = 0;
        while (rounds < MAX_ROUNDS) {
            rounds++;
            for (Work w : work) run(el, w, false);
            int reachable = runFunctions(el, symbols, false);
            boolean more = false;
            while (!listing && libraryProbesTaken < symbols.libraryProbes.size()) {
                Decl.Probe p = symbols.libraryProbes.get(libraryProbesTaken++);
                int g = symbols.userProbes.size() + libraryProbesTaken - 1;
                String origin = origin(p.points());
                for (Derived d : expander.expandAll(p.points())) work.add(new Work(d, g, p, origin, new Scope(inf)));
                more = true;
            }
            if (inf.takeChanges() == 0 && reachable == countReachable(symbols) && !more) break;
        }

        // ---- the reporting run builds the IR
        List<IrProbe> probes = new ArrayList<>();
        List<String> listLines = new ArrayList<>();
        Set<String> listSeen = new LinkedHashSet<>();
        for (Work w : work) {
            BodyElaborator b = new BodyElaborator(el, w.scope, null, w.d, true);
            IrExpr cond = condition(b, w.d.conditions());
            IrStmt.Block body = b.block(w.body);
            checkLocals(el, w.scope, null);
            if (listing) {
                // one line per point name, the first one's variables (stap: two markers named alike in one file)
                if (listSeen.add(w.d.listName())) listLines.add(listLine(w, listMode));
            }
            if (w.d.point().site() == null) { // never: checked like any probe, then dropped from the IR
                // stap 4.8 keeps a never probe with a body (no warning, and it counts against "no probes found");
                // an empty one is elided with the warning of any empty probe
                if (!listing && isEmpty(body)) {
                    ctx.diagnostics().report(Diagnostic.warning(Codes.WARN_EMPTY_PROBE, w.decl.span(),
                            "probe '" + w.d.point().point() + "' has been elided: its body is empty"));
                } else {
                    symbols.neverProbes++;
                }
                elided++;
                continue;
            }
            if (!listing && isEmpty(body) && !isCounter(w.d.point().site())) {
                ctx.diagnostics().report(Diagnostic.warning(Codes.WARN_EMPTY_PROBE, w.decl.span(),
                        "probe '" + w.d.point().point() + "' has been elided: its body is empty"));
                elided++;
                continue;
            }
            ResolvedPoint rp = w.d.point();
            probes.add(new IrProbe(w.decl.span(), "probe_" + probes.size(), w.group, rp.point(), w.origin,
                    rp.function(), rp.site(), cond, body, w.scope.irVars(0), b.entries, w.d.optional(), w.d.written()));
        }
        List<IrFunction> functions = buildFunctions(el, symbols);
        List<IrGlobal> globals = buildGlobals(el, symbols);
        List<String> embeds = new ArrayList<>();
        for (Decl.Embedded e : symbols.embeds) embeds.add(e.code());
        IrProgram built = new IrProgram(script.user().name(), globals, functions, probes, embeds, ctx.options().guru(),
                new IrProgram.Elided(elided, 0, 0, 0));

        // ---- the tail: named IR passes
        TailContext tail = new TailContext(ctx, symbols, script, listing, backendCheck);
        IrProgram program = TailPasses.PIPELINE.run(built, tail, ctx.options().unoptimized(), (pass, after) -> {
            if (dumpAfter.contains(pass.name()) || dumpAfter.contains(IrPipeline.ALL)) dump(ctx, pass.name(), after);
        });
        if (listing) listLines.sort(null);
        return new Result(program, listLines, new Stats(rounds, symbols.loadedCount(), work.size()));
    }

    /** {@code --dump-ir-after}: the program as {@code ir.json} would hold it, one JSON document per line. */
    private static void dump(StageContext ctx, String pass, IrProgram program) {
        ArtefactHeader h = new ArtefactHeader(IrArtefact.FORMAT_VERSION, IrArtefact.KIND, "stage-elaborate",
                "after " + pass, "");
        byte[] json = IrCodec.IR.toBytes(new IrArtefact(h, program));
        ctx.err().print("# IR after " + pass + "\n" + new String(json, java.nio.charset.StandardCharsets.UTF_8) + "\n");
        ctx.err().flush();
    }

    /**
     * The counters {@code perf....counter("NAME")} defines, each name once (stap: "duplicate counter name"); a
     * wildcard event with a counter names one counter per event, so it is a duplicate too.
     */
    private static void perfCounters(Elaboration el, List<Work> work) {
        for (Work w : work) {
            if (!(w.d.point().site() instanceof IrSite.Perf pf) || pf.counter() == null) continue;
            if (!el.perfCounters.add(pf.counter())) {
                Span at = w.decl.points().size() == 1 ? w.decl.points().get(0).components().get(0).span() : w.decl.span();
                el.diagnostics.report(Diagnostic.error(Codes.SEM_DUPLICATE, at, "duplicate perf counter name '"
                        + pf.counter() + "' (" + w.d.point().point() + ")").withHint("give each .counter(...) its own name"));
            }
        }
    }

    /** A counting perf event: it has a use (@perf reads it) even with an empty body, which never runs. */
    static boolean isCounter(IrSite s) {
        return s instanceof IrSite.Perf pf && pf.counter() != null;
    }

    private void run(Elaboration el, Work w, boolean report) {
        BodyElaborator b = new BodyElaborator(el, w.scope, null, w.d, report);
        condition(b, w.d.conditions());
        b.block(w.body);
    }

    private static IrExpr condition(BodyElaborator b, List<Expr> conds) {
        IrExpr out = null;
        for (Expr c : conds) {
            b.inCondition = true;
            IrExpr e;
            try {
                e = c.accept(b);
            } finally {
                b.inCondition = false;
            }
            b.expect(e, IrType.LONG, e.span(), "probe condition");
            out = out == null ? e : new IrExpr.Binary(c.span(), IrType.LONG, BinaryOp.AND, out, e);
        }
        return out;
    }

    private static int countReachable(Symbols symbols) {
        int n = 0;
        for (List<FunctionSym> fs : symbols.functions.values()) for (FunctionSym f : fs) if (f.reachable) n++;
        return n;
    }

    /** Elaborates every reachable function (including those reached while doing so); returns how many. */
    static int runFunctions(Elaboration el, Symbols symbols, boolean report) {
        el.worklist.clear();
        List<FunctionSym> todo = new ArrayList<>();
        for (List<FunctionSym> fs : symbols.functions.values()) for (FunctionSym f : fs) if (f.reachable) todo.add(f);
        Set<FunctionSym> done = new LinkedHashSet<>();
        while (true) {
            for (FunctionSym f : todo) {
                if (!done.add(f)) continue;
                elaborateFunction(el, f, report);
            }
            if (el.worklist.isEmpty()) break;
            todo = new ArrayList<>(el.worklist);
            el.worklist.clear();
        }
        return done.size();
    }

    /** One function's body; for an overload chain, every definition's, combined ({@link OverloadChain}). */
    private static IrFunction.Body elaborateFunction(Elaboration el, FunctionSym f, boolean report) {
        IrFunction.Body body = elaborateDefinition(el, f, report);
        if (f.fallbacks.isEmpty()) {
            // a lone definition's 'next' has no overload to go to: stap's run-time error, not leaving the probe
            if (body instanceof IrFunction.Body.Script s && NextFinder.fallsThrough(f.decl)) {
                return new IrFunction.Body.Script(OverloadChain.lone(f, s.block()));
            }
            return body;
        }
        List<IrStmt.Block> bodies = new ArrayList<>();
        bodies.add(((IrFunction.Body.Script) body).block());
        for (FunctionSym m : f.fallbacks) {
            bodies.add(((IrFunction.Body.Script) elaborateDefinition(el, m, report)).block());
            f.hasValueReturn |= m.hasValueReturn;
        }
        return new IrFunction.Body.Script(OverloadChain.combine(f, bodies, f.ret.known() ? f.ret.type : IrType.VOID));
    }

    private static IrFunction.Body elaborateDefinition(Elaboration el, FunctionSym f, boolean report) {
        BodyElaborator b = new BodyElaborator(el, f.scope, f, null, report);
        IrFunction.Body body;
        if (f.decl.body() instanceof Decl.Body.Script s) {
            body = new IrFunction.Body.Script(b.block(s.block()));
        } else {
            Decl.Body.C c = (Decl.Body.C) f.decl.body();
            List<String> pragmas = new ArrayList<>();
            var m = java.util.regex.Pattern.compile("/\\*\\s*(pure|unprivileged|myproc-unprivileged|stable|guru|unmodified-fnargs|string|long)\\s*\\*/")
                    .matcher(c.code());
            while (m.find()) pragmas.add(m.group(1));
            body = new IrFunction.Body.EmbeddedC(c.code(), pragmas);
            if (!f.ret.known() && pragmas.contains("string")) f.ret.offer(IrType.STRING, c.span());
            if (!f.ret.known() && pragmas.contains("long")) f.ret.offer(IrType.LONG, c.span());
            f.hasValueReturn = f.ret.known();
        }
        f.elaborated = true;
        return body;
    }

    private List<IrFunction> buildFunctions(Elaboration el, Symbols symbols) {
        List<IrFunction> out = new ArrayList<>();
        List<FunctionSym> reachable = new ArrayList<>();
        for (List<FunctionSym> fs : symbols.functions.values()) for (FunctionSym f : fs) if (f.reachable) reachable.add(f);
        for (FunctionSym f : reachable) {
            IrFunction.Body body = elaborateFunction(el, f, true); // folded by FoldPass
            for (FunctionSym m : f.chain()) checkLocals(el, m.scope, m);
            IrType ret = f.ret.known() ? f.ret.type : IrType.VOID;
            List<IrVar> locals = f.fallbacks.isEmpty() ? f.scope.irVars(f.arity())
                    : OverloadChain.locals(f);
            if (!f.ret.known() && f.hasValueReturn) {
                el.diagnostics.report(Diagnostic.error(Codes.SEM_UNRESOLVED_TYPE, f.decl.span(),
                        "cannot infer the return type of function '" + f.name() + "'")
                        .withHint("declare it: function " + f.name() + ":long (...)"));
            }
            List<IrVar> params = new ArrayList<>();
            for (int i = 0; i < f.arity(); i++) {
                TypeSlot t = f.params.get(i);
                LocalSym asLocal = f.scope.get(f.decl.params().get(i).name());
                if (!t.known() && !(asLocal != null && asLocal.statLocal)) {
                    el.diagnostics.report(Diagnostic.error(Codes.SEM_UNRESOLVED_TYPE, f.decl.params().get(i).span(),
                            "cannot infer the type of parameter '" + f.decl.params().get(i).name() + "' of " + f.name() + "()")
                            .withHint("declare it: " + f.decl.params().get(i).name() + ":long"));
                }
                params.add(new IrVar(f.decl.params().get(i).name(), t.known() ? t.type : IrType.LONG, i));
            }
            out.add(new IrFunction(f.decl.span(), f.id, f.name(), ret, params, locals, body,
                    f.library, f.decl.isPrivate()));
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    private static void checkLocals(Elaboration el, Scope scope, FunctionSym f) {
        for (LocalSym l : scope.all()) {
            if (f != null && l.slot < f.arity()) continue;
            if (l.statLocal) continue;
            boolean lib = l.first != null && l.first.file().startsWith("tapset/");
            if (!l.type.known()) {
                if (!l.assigned) {
                    Diagnostic d = Diagnostic.error(Codes.SEM_UNRESOLVED_VARIABLE, l.first,
                            "unresolved variable '" + l.name + "' (never assigned, type unknown)");
                    Set<String> globals = new TreeSet<>(el.symbols.globals.keySet());
                    String hint = Hints.didYouMean(l.name, globals);
                    el.diagnostics.report(hint != null ? d.withHint(hint) : d.withHint("declare it global or assign it first"));
                } else {
                    el.diagnostics.report(Diagnostic.error(Codes.SEM_UNRESOLVED_TYPE, l.first,
                            "cannot infer the type of '" + l.name + "'"));
                }
            } else if (!l.assigned && l.read && !lib) {
                Diagnostic d = Diagnostic.warning(Codes.WARN_UNUSED_VARIABLE, l.first,
                        "read of never-assigned local variable '" + l.name + "'");
                String hint = Hints.didYouMean(l.name, el.symbols.globals.keySet());
                el.diagnostics.report(hint != null ? d.withHint(hint) : d);
            }
        }
    }

    private List<IrGlobal> buildGlobals(Elaboration el, Symbols symbols) {
        List<IrGlobal> out = new ArrayList<>();
        for (List<GlobalSym> gs : symbols.globals.values()) {
            for (GlobalSym g : gs) {
                if (!g.used) continue;
                if (!g.value.known()) {
                    el.diagnostics.report(Diagnostic.error(Codes.SEM_UNRESOLVED_TYPE, g.decl.span(),
                            "cannot infer the type of global '" + g.name() + "'"));
                }
                List<IrType> keys = new ArrayList<>();
                int arity = g.arity < 0 ? (g.declaredArray() ? 1 : 0) : g.arity;
                for (int i = 0; i < arity; i++) {
                    TypeSlot k = i < g.keys.size() ? g.keys.get(i) : null;
                    if (k == null || !k.known()) {
                        el.diagnostics.report(Diagnostic.error(Codes.SEM_UNRESOLVED_TYPE, g.decl.span(),
                                "cannot infer the type of key " + (i + 1) + " of array '" + g.name() + "'"));
                        keys.add(IrType.LONG);
                    } else {
                        keys.add(k.type);
                    }
                }
                IrConst init = g.decl.init() instanceof Expr.IntLit n ? IrConst.of(n.value())
                        : g.decl.init() instanceof Expr.StrLit s ? IrConst.of(s.value()) : null;
                if (init != null && !keys.isEmpty()) {
                    el.diagnostics.report(Diagnostic.error(Codes.SEM_TYPE_MISMATCH, g.decl.span(),
                            "array '" + g.name() + "' cannot have an initial value"));
                }
                if (g.value.type == IrType.STATS && init != null) {
                    el.diagnostics.report(Diagnostic.error(Codes.SEM_STATS_MISUSE, g.decl.span(),
                            "statistic '" + g.name() + "' cannot have an initial value"));
                }
                out.add(new IrGlobal(g.decl.span(), g.name(), g.mangled, g.value.known() ? g.value.type : IrType.LONG, keys,
                        g.decl.size(), g.decl.wrap(), init, g.decl.isPrivate(), new ArrayList<>(g.hists),
                        new ArrayList<>(g.statFns), g.written, g.read, g.bitShift == null ? 0 : g.bitShift.intValue()));
            }
        }
        return out;
    }

    static boolean isEmpty(IrStmt s) {
        if (s instanceof IrStmt.Block b) {
            for (IrStmt x : b.body()) if (!isEmpty(x)) return false;
            return true;
        }
        return false;
    }

    static String origin(List<ProbePoint> points) {
        List<String> parts = new ArrayList<>();
        for (ProbePoint p : points) {
            String t = p.text();
            if (p.optional()) t += "?";
            if (p.sufficient()) t += "!";
            parts.add(t);
        }
        return String.join(",", parts);
    }

    private static String listLine(Work w, String mode) {
        if (!"L".equals(mode)) return w.d.listName();
        StringBuilder b = new StringBuilder(w.d.listName());
        String user = w.decl.span().file();
        for (LocalSym l : w.scope.all()) {
            if (l.first == null || l.first.file().equals(user) || l.name.startsWith("__") || !l.type.known()) continue;
            b.append(' ').append(l.name).append(':').append(l.type.type.label);
        }
        ResolvedPoint rp = w.d.point();
        if (rp.debugInfo() != null) {
            for (ResolvedPoint.TargetVarDef v : rp.vars()) {
                if (!v.listed()) continue; // stap -L lists the variables with a location at the address
                b.append(" $").append(v.name()).append(':').append(rp.debugInfo().typeName(v.type()));
            }
            if (rp.returnType() != null) b.append(" $return:").append(rp.debugInfo().typeName(rp.returnType()));
        }
        if (rp.site() instanceof org.jstap.api.ir.IrSite.Procfs) b.append(" $value:string");
        if (rp.mark() != null) for (int i = 1; i <= rp.mark().args().size(); i++) b.append(" $arg").append(i).append(":long");
        return b.toString();
    }
}
