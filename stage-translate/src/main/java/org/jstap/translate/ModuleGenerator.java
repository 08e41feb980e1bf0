package org.jstap.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.irtools.CounterGlobals;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.HistParams;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.jstap.irtools.BuiltinUse;
import org.jstap.irtools.CallGraph;
import org.jstap.irtools.GlobalUse;
import org.jstap.runtime.ModuleSnippets;

/**
 * The whole generated module: one C translation unit over runtime-c (see runtime-c/README.md). Layout, top to
 * bottom: feature switches, runtime header, frames (per-CPU storage of locals and temporaries, one frame per
 * call depth), globals, helpers, script functions, probe handlers, @entry handlers, descriptors, globals
 * set-up/tear-down, the runtime's implementation and the module entry points.
 */
final class ModuleGenerator {
    record Problem(Span span, String message) {}

    private final IrProgram program;
    private final String version;
    private final Map<String, IrGlobal> globals = new LinkedHashMap<>();
    private final Map<String, IrFunction> functions = new LinkedHashMap<>();
    final List<Problem> problems = new ArrayList<>();
    /** Optional helper functions the code asked for (emitted once). */
    final Set<String> helpers = new LinkedHashSet<>();
    /** The kernel symbols whose running addresses the bodies use ({@code __jst_kaddr}), looked up at load. */
    final List<String> kernelSymbols = new ArrayList<>();

    int kernelSymbol(String name) {
        if (!kernelSymbols.contains(name)) kernelSymbols.add(name);
        return kernelSymbols.indexOf(name);
    }
    /** Helper tag: the module holds the script's own embedded C (an embedded expression or a non-tapset function). */
    static final String KERNEL_TYPES = "kernel_types";
    boolean needPmapSliceDelete;
    private String entryStruct;
    private final Map<String, Integer> globalOrder = new HashMap<>();
    private final Set<String> iterated = new HashSet<>();
    private boolean anyNext;
    /** Each probe family's switch and descriptor table. */
    private SiteTables sites;
    /** Known only after generation: what the module needs from the runtime. */
    boolean needMaps, needStats;

    /** The row of counter {@code name}'s probe in the perf table (perf probes in probe order), -1 if none. */
    int perfCounterIndex(String name) {
        int i = 0;
        for (IrProbe p : program.probes()) {
            if (!(p.site() instanceof org.jstap.api.ir.IrSite.Perf pe)) continue;
            if (pe.counter() != null && pe.counter().equals(name)) return i;
            i++;
        }
        return -1;
    }

    ModuleGenerator(IrProgram program, String version) {
        this.program = program;
        this.version = version;
        int i = 0;
        for (IrGlobal g : program.globals()) {
            globals.put(g.mangled(), g);
            globalOrder.put(g.mangled(), i++);
        }
        for (IrFunction f : program.functions()) functions.put(f.id(), f);
    }

    // ---- names
    static String globalVar(String mangled) { return "g_" + CNames.ident(mangled); }
    static String lockVar(String mangled) { return "gl_" + CNames.ident(mangled); }
    static String specVar(String mangled) { return "gs_" + CNames.ident(mangled); }
    static String functionName(String id) { return "jf_" + CNames.ident(id); }
    static String functionMember(String id) { return "fn_" + CNames.ident(id); }
    /** JT_REGS outside the bodies of probes with their own handlers. */
    private static final String REGS_DEFAULT = "JT_REGS ((struct pt_regs *)c->regs)";

    static String probeName(IrProbe p) { return "jp_" + CNames.ident(p.id()); }
    static String probeDesc(IrProbe p) { return "jt_" + CNames.ident(p.id()); }
    static String probeMember(IrProbe p) { return CNames.ident(p.id()); }

    static String aggConst(String statFn) {
        return switch (statFn) {
            case "@sum" -> "JST_AGG_SUM";
            case "@min" -> "JST_AGG_MIN";
            case "@max" -> "JST_AGG_MAX";
            case "@avg" -> "JST_AGG_AVG";
            case "@variance" -> "JST_AGG_VARIANCE";
            default -> "JST_AGG_COUNT";
        };
    }

    IrGlobal global(String mangled) {
        IrGlobal g = globals.get(mangled);
        if (g == null) throw new IllegalStateException("IR refers to unknown global " + mangled);
        return g;
    }

    IrFunction function(String id) {
        IrFunction f = functions.get(id);
        if (f == null) throw new IllegalStateException("IR refers to unknown function " + id);
        return f;
    }

    void unsupported(Span span, String what) {
        problems.add(new Problem(span, what + " is not supported by the kmod backend yet"));
    }

    String currentEntryStruct() {
        return entryStruct;
    }

    String regex(String re, Span span) {
        try {
            if (submatches) RegexProgram.compile(re);
            else RegexEmitter.compile(re);
        } catch (org.jstap.irtools.regex.Ere.BadRegex e) {
            problems.add(new Problem(span, "regular expression \"" + re + "\" cannot be compiled for the kmod backend: "
                    + e.getMessage()));
            return "jt_re_bad";
        }
        return regexes.computeIfAbsent(re, k -> "jt_re_" + regexes.size());
    }

    private final Map<String, String> regexes = new LinkedHashMap<>();
    /** Scalar globals that concurrent probes only add to (CounterGlobals): updated with jst_counter_add. */
    private final Set<String> counters = new LinkedHashSet<>();

    boolean isCounter(String mangled) {
        return counters.contains(mangled);
    }
    /** The script calls matched(): every =~ runs the Pike VM and records its groups (interp records every match). */
    boolean submatches;

    // ------------------------------------------------------------------ generation

    String generate(String sourceName) {
        // ---- analysis: per function and probe scans, call graph
        GlobalUse use = GlobalUse.of(program);
        iterated.addAll(use.iterated());
        counters.addAll(CounterGlobals.of(program));
        Set<String> lockFree = CounterGlobals.lockFree(program);
        CallGraph cg = CallGraph.of(program);
        submatches = BuiltinUse.in(program).contains(org.jstap.api.ir.Builtin.MATCHED);
        for (IrGlobal g : program.globals()) {
            if (g.isArray()) needMaps = true;
            if (g.type() == IrType.STATS) needStats = true;
        }
        sites = new SiteTables(program.probes());

        // ---- bodies first (they decide frames and helpers)
        CWriter functionsC = new CWriter();
        List<Frame> frames = new ArrayList<>();
        for (IrFunction f : program.functions()) functionsC.append(function(f, frames)).blank();
        CWriter probesC = new CWriter();
        for (IrProbe p : program.probes()) {
            Set<String> fnGlobals = new LinkedHashSet<>();
            Map<String, Boolean> locks = use.locks(p);
            // counters (one atomic add) and write-only statistics (per-CPU): no lock where probes run concurrently
            if (!CounterGlobals.exclusive(p.site())) locks.keySet().removeAll(lockFree);
            fnGlobals.addAll(locks.keySet());
            if (!locks.isEmpty()) sites.takesLocks(p);
            if (!p.entrySaves().isEmpty()) probesC.append(entryHandler(p, frames, locks)).blank();
            probesC.append(probe(p, frames, locks)).blank();
        }

        // ---- assemble
        CWriter out = new CWriter();
        out.line("/*");
        out.line(" * Generated by jstap " + version + " (pass 3, kmod backend) from " + CNames.comment(sourceName) + ".");
        out.line(" * Do not edit: regenerate with `jstap -p3`. Comments `@jstap FILE:LINE:COL` mark script positions.");
        out.line(" * Probes:");
        for (IrProbe p : program.probes()) out.line(" *   " + CNames.comment(p.id()) + ": " + CNames.comment(p.point()));
        out.line(" */");
        out.line("#define JST_NEED_MAPS " + (needMaps ? 1 : 0));
        out.line("#define JST_NEED_STATS " + (needStats ? 1 : 0));
        sites.writeSwitches(out);
        if (cg.recursive()) {
            out.line("/* recursion (" + CNames.comment(String.join(" -> ", cg.cycle())) + "): MAXNESTING keeps its default */");
        } else {
            out.line("#ifndef MAXNESTING");
            out.line("#define MAXNESTING " + cg.maxDepth() + "\t/* deepest call chain; no recursion */");
            out.line("#endif");
        }
        out.raw(RegexEmitter.defines(regexes, submatches));
        out.line("#include \"jst_runtime.h\"");
        if (!kernelSymbols.isEmpty()) out.line("static unsigned long jt_ksyms[" + kernelSymbols.size() + "];\t/* see jt_ksyms_lookup */");
        if (helpers.contains("cred")) out.line("#include <linux/cred.h>");
        if (helpers.contains("clock")) out.line("#include <linux/sched/clock.h>");
        if (helpers.contains("randint")) out.line("#include <linux/random.h>");
        // the script's own embedded C may follow any kernel pointer, as under stap: the kernel's type definitions
        if (helpers.contains(KERNEL_TYPES) || program.guru() && !program.embeds().isEmpty()) {
            out.line("#include \"jst_kernel_types.h\"");
        }
        out.blank();
        if (!program.embeds().isEmpty()) {
            out.line("/* ---- embedded C of the script (guru mode) and tapsets */");
            for (String e : program.embeds()) out.raw(e.endsWith("\n") ? e : e + "\n");
            out.blank();
        }

        out.line("/* ---- frames: locals and temporaries of each handler/function, per CPU, one per call depth */");
        for (Frame f : frames) out.raw(f.definition());
        out.line("union jt_frames {");
        for (Frame f : frames) out.line("\tstruct " + f.structName + " " + f.member + ";");
        if (frames.isEmpty()) out.line("\tchar unused;");
        out.line("};");
        out.line("#define JT_FRAME(depth) (&((union jt_frames *)c->locals)[depth])");
        out.line("/* one statement: position for error messages, then one MAXACTION unit */");
        out.line("#define JT_STMT(near) do { c->last_stmt = (near); if (unlikely(jst_action(c, 1))) goto out; } while (0)");
        out.line("#define JT_CHECK(label) do { if (unlikely(c->last_error != NULL)) goto label; } while (0)");
        out.line("/* the probed registers: NULL where a probe has none; a kprobe body reads its handler's (never NULL) */");
        out.line("#define " + REGS_DEFAULT);
        out.line("#define JT_REG(r) ((int64_t)(JT_REGS ? JT_REGS->r : 0))");
        out.line("#define JT_RETVAL() ((int64_t)(JT_REGS ? regs_return_value(JT_REGS) : 0))");
        out.blank();

        out.line("/* ---- globals */");
        for (IrGlobal g : program.globals()) globalDecl(out, g);
        out.blank();
        moduleParams(out);

        helpersC(out);

        if (!program.functions().isEmpty()) {
            out.line("/* ---- script functions */");
            for (IrFunction f : program.functions()) out.line("static noinline void " + functionName(f.id()) + "(struct jst_context *c);");
            out.blank();
            out.append(functionsC);
        }
        out.line("/* ---- probe handlers */");
        out.append(probesC);

        descriptors(out);
        globalsSetup(out);
        // the runtime marks every helper JST_FN (static, may be unused): parts this module leaves out stay silent
        out.line("#include \"jst_runtime.c\"");
        out.line("JST_MODULE(jt_module);");
        return out.toString();
    }

    // ------------------------------------------------------------------ globals

    /** Most histogram shapes one statistic can keep (runtime-c's JST_STAT_MAX_HISTS). */
    static final int MAX_HIST_SHAPES = 8;

    /** A statistic's spec: one counter set per histogram shape the program asks of it, in IR order. */
    private String statSpec(IrGlobal g) {
        List<HistParams> hs = g.histograms();
        // without @variance the runtime skips the running variance on every <<< (two 64-bit divisions)
        String nv = g.statFns().contains("@variance") ? (g.bitShift() == 0 ? "" : ", .bit_shift = " + g.bitShift())
                : ", .no_variance = 1";
        if (hs.isEmpty()) return "{ .nhist = 0" + nv + " }";
        if (hs.size() > MAX_HIST_SHAPES) {
            unsupported(g.span(), "more than " + MAX_HIST_SHAPES + " histogram shapes on statistic '" + g.name() + "'");
            hs = hs.subList(0, MAX_HIST_SHAPES);
        }
        StringBuilder b = new StringBuilder("{ .nhist = " + hs.size() + ", .hist = {");
        for (int i = 0; i < hs.size(); i++) {
            HistParams h = hs.get(i);
            b.append(i == 0 ? " " : ", ");
            if (h.kind() == HistParams.Kind.LOG) b.append("{ .type = JST_HIST_LOG }");
            else b.append("{ .type = JST_HIST_LINEAR, .start = ").append(h.lo()).append("LL, .stop = ").append(h.hi())
                    .append("LL, .interval = ").append(h.step()).append("LL }");
        }
        return b.append(" }").append(nv).append(" }").toString();
    }

    /**
     * A linear histogram's buckets are preallocated per CPU (and per array element), so their number has a limit,
     * JST_HIST_MAX_BUCKETS, that -D may raise: check it when the module compiles, where the -D value is known, and
     * say which statistic and how to raise it (pass 4 points the error at the global's declaration).
     */
    private static void histBucketChecks(CWriter out, IrGlobal g) {
        for (HistParams h : g.histograms()) {
            if (h.kind() != HistParams.Kind.LINEAR || h.step() <= 0) continue;
            long n = (h.hi() - h.lo()) / h.step() + 3;
            out.marker(g.span());
            out.line("_Static_assert(" + n + "LL <= JST_HIST_MAX_BUCKETS, " + CNames.str("@hist_linear(" + g.name() + ", "
                    + h.lo() + ", " + h.hi() + ", " + h.step() + ") needs " + n
                    + " buckets, more than JST_HIST_MAX_BUCKETS: raise it with -DJST_HIST_MAX_BUCKETS=" + n) + ");");
        }
    }

    private static String jstType(IrType t) {
        return switch (t) {
            case STRING -> "JST_T_STRING";
            case STATS -> "JST_T_STAT";
            default -> "JST_T_LONG";
        };
    }

    private void globalDecl(CWriter out, IrGlobal g) {
        String v = globalVar(g.mangled());
        out.line("/* " + CNames.comment(g.name()) + (g.isArray() ? "[" + g.keyTypes().size() + " keys]" : "") + ": "
                + g.type().label + " */");
        histBucketChecks(out, g);
        if (g.isArray()) {
            out.line("static struct " + (g.type() == IrType.STATS ? "jst_pmap " : "jst_map ") + v + ";");
            StringBuilder kt = new StringBuilder();
            for (int i = 0; i < g.keyTypes().size(); i++) kt.append(i == 0 ? "" : ", ").append(jstType(g.keyTypes().get(i)));
            out.line("static const struct jst_map_spec " + specVar(g.mangled()) + " = {");
            out.line("\t.name = " + CNames.str(g.name()) + ", .nkeys = " + g.keyTypes().size() + ", .keytype = { " + kt + " },");
            out.line("\t.valtype = " + jstType(g.type()) + ", .maxentries = "
                    + (g.maxEntries() == null ? "0 /* MAXMAPENTRIES */" : g.maxEntries() + "") + ", .wrap = "
                    + g.wrap() + ",");
            if (g.type() == IrType.STATS) out.line("\t.stat = " + statSpec(g) + ",");
            out.line("\t.iter_slots = " + (iterated.contains(g.mangled()) ? "0" : "-1 /* never iterated */") + ",");
            out.line("};");
        } else if (g.type() == IrType.STATS) {
            out.line("static struct jst_pstat " + v + ";");
            out.line("static const struct jst_stat_spec " + specVar(g.mangled()) + " = " + statSpec(g) + ";");
        } else if (g.type() == IrType.STRING) { // initialised here, so a -G module parameter can replace it at load
            String init = g.init() == null || g.init().stringValue() == null ? "" : g.init().stringValue();
            out.line("static char " + v + "[MAXSTRINGLEN]" + (init.isEmpty() ? "" : " = " + CNames.str(init)) + ";");
        } else {
            out.line("static int64_t " + v + (g.init() == null || g.init().longValue() == 0 ? ""
                    : " = " + BodyTranslator.longLit(g.init().longValue())) + ";");
        }
        out.line("static struct jst_lock " + lockVar(g.mangled()) + ";");
    }

    /**
     * Every scalar global of the script is a module parameter named as the global, as in stap, so {@code -G VAR=VALUE}
     * (the loader's {@code VAR=VALUE}) sets it when the module loads, without a rebuild. A number is read as stap reads
     * it ({@code simple_strtoll}, base 0: {@code 1.5} is 1, {@code abc} refused), a string must fit MAXSTRINGLEN.
     */
    private void moduleParams(CWriter out) {
        List<IrGlobal> params = new ArrayList<>();
        for (IrGlobal g : program.globals()) if (org.jstap.irtools.GlobalSettings.settable(g)) params.add(g);
        if (params.isEmpty()) return;
        out.line("/* ---- -G VAR=VALUE: the scalar globals as module parameters */");
        out.line("#ifdef __KERNEL__");
        if (params.stream().anyMatch(g -> g.type() == IrType.LONG)) {
            out.line("static int jt_param_set_int64(const char *val, const struct kernel_param *kp)");
            out.line("{");
            out.line("\tchar *end;");
            out.line("\tlong long v = simple_strtoll(val, &end, 0);");
            out.line("");
            out.line("\tif (end == val)");
            out.line("\t\treturn -EINVAL;");
            out.line("\t*(int64_t *)kp->arg = v;");
            out.line("\treturn 0;");
            out.line("}");
            out.line("static int jt_param_get_int64(char *buf, const struct kernel_param *kp)");
            out.line("{");
            out.line("\treturn sprintf(buf, \"%lld\\n\", (long long)*(int64_t *)kp->arg);");
            out.line("}");
            out.line("static const struct kernel_param_ops jt_param_ops_int64 = { .set = jt_param_set_int64, "
                    + ".get = jt_param_get_int64 };");
        }
        for (IrGlobal g : params) {
            String v = globalVar(g.mangled());
            if (g.type() == IrType.LONG) out.line("module_param_cb(" + g.name() + ", &jt_param_ops_int64, &" + v + ", 0);");
            else out.line("module_param_string(" + g.name() + ", " + v + ", MAXSTRINGLEN, 0);");
        }
        out.line("#endif");
        out.blank();
    }

    /**
     * The running addresses of {@link #kernelSymbols} (a static variable's link-time address is {@code _stext} plus
     * a distance, and KASLR moves {@code _stext} every boot): kallsyms_lookup_name is not exported on 6.x, so it is
     * found through a kprobe's address resolution, once, when the module loads.
     */
    private void kernelSymbolsLookup(CWriter out) {
        if (kernelSymbols.isEmpty()) return;
        out.line("#include <linux/kprobes.h>");
        out.line("static const char *const jt_ksym_names[] = {");
        for (String k : kernelSymbols) out.line("\t" + CNames.str(k) + ",");
        out.line("};");
        out.blank();
        out.line("static int jt_ksyms_lookup(void)");
        out.line("{");
        out.line("\tstruct kprobe kp = { .symbol_name = \"kallsyms_lookup_name\" };");
        out.line("\tunsigned long (*lookup)(const char *name);");
        out.line("\tunsigned int i;");
        out.blank();
        out.line("\tif (register_kprobe(&kp)) {");
        out.line("\t\tpr_err(\"jstap: cannot look kernel symbols up (no kprobe on kallsyms_lookup_name)\\n\");");
        out.line("\t\treturn -ENOENT;");
        out.line("\t}");
        out.line("\tlookup = (unsigned long (*)(const char *))kp.addr;");
        out.line("\tunregister_kprobe(&kp);");
        out.line("\tfor (i = 0; i < ARRAY_SIZE(jt_ksyms); i++) {");
        out.line("\t\tjt_ksyms[i] = lookup(jt_ksym_names[i]);");
        out.line("\t\tif (!jt_ksyms[i]) {");
        out.line("\t\t\tpr_err(\"jstap: the running kernel has no symbol %s\\n\", jt_ksym_names[i]);");
        out.line("\t\t\treturn -ENOENT;");
        out.line("\t\t}");
        out.line("\t}");
        out.line("\treturn 0;");
        out.line("}");
        out.blank();
    }

    private void globalsSetup(CWriter out) {
        out.line("/* ---- globals: set up at load (everything undone on a partial failure), freed at unload */");
        List<IrGlobal> alloc = new ArrayList<>();
        for (IrGlobal g : program.globals()) if (g.isArray() || g.type() == IrType.STATS) alloc.add(g);
        kernelSymbolsLookup(out);
        out.line("static int jt_globals_alloc(void)");
        out.line("{");
        CWriter body = new CWriter(1);
        if (!kernelSymbols.isEmpty()) {
            body.line("if (jt_ksyms_lookup())");
            body.line("\treturn -ENOENT;");
        }
        if (!alloc.isEmpty()) body.line("int rc;").blank();
        for (IrGlobal g : program.globals()) {
            body.line("jst_lock_init(&" + lockVar(g.mangled()) + ");");
        }
        for (int i = 0; i < alloc.size(); i++) {
            IrGlobal g = alloc.get(i);
            String fn = g.isArray() ? (g.type() == IrType.STATS ? "jst_pmap_init" : "jst_map_init") : "jst_pstat_init";
            body.line("rc = " + fn + "(&" + globalVar(g.mangled()) + ", &" + specVar(g.mangled()) + ");");
            body.line("if (rc)");
            body.line("\tgoto fail_" + i + ";");
        }
        body.line("return 0;");
        for (int i = alloc.size() - 1; i >= 0; i--) {
            body.label("fail_" + i);
            if (i > 0) body.line(freeCall(alloc.get(i - 1)));
        }
        if (!alloc.isEmpty()) body.line("return rc;");
        out.raw(body.toString());
        out.line("}");
        out.blank();
        out.line("static void jt_globals_free(void)");
        out.line("{");
        for (int i = alloc.size() - 1; i >= 0; i--) out.line("\t" + freeCall(alloc.get(i)));
        out.line("}");
        out.blank();
    }

    private String freeCall(IrGlobal g) {
        String fn = g.isArray() ? (g.type() == IrType.STATS ? "jst_pmap_free" : "jst_map_free") : "jst_pstat_free";
        return fn + "(&" + globalVar(g.mangled()) + ");";
    }

    // ------------------------------------------------------------------ functions and probes

    private CWriter function(IrFunction f, List<Frame> frames) {
        Frame fr = new Frame("jfr_" + functionMember(f.id()), functionMember(f.id()));
        frames.add(fr);
        List<IrVar> vars = new ArrayList<>(f.params());
        vars.addAll(f.locals());
        CWriter body = new CWriter(1);
        BodyTranslator bt = new BodyTranslator(this, fr, vars, body, true, f.returnType());
        CWriter out = new CWriter();
        out.marker(f.span());
        out.line("/* function " + CNames.comment(f.name()) + " (" + f.params().size() + " params) -> " + f.returnType().label
                + (f.library() ? ", tapset" : "") + " */");
        out.line("static noinline void " + functionName(f.id()) + "(struct jst_context *c)");
        out.line("{");
        out.line("\tstruct " + fr.structName + " *f __maybe_unused = &JT_FRAME(c->nesting)->" + fr.member + ";");
        if (f.body() instanceof IrFunction.Body.EmbeddedC ec) {
            if (!f.library()) helpers.add(KERNEL_TYPES);
            embeddedFunction(out, f, fr, ec);
            return out;
        }
        bt.initLocals(f.params().size());
        bt.body(((IrFunction.Body.Script) f.body()).block());
        anyNext |= bt.usesNext;
        String longs = fr.longDecls();
        if (longs != null) out.line("\t" + longs);
        if (fr.mapTemp) out.line("\tstruct jst_map *jt_m __maybe_unused = NULL;");
        out.blank();
        CWriter pre = new CWriter(1);
        bt.initIters(pre);
        out.append(pre).append(body);
        out.line("out: __attribute__((unused));");
        CWriter post = new CWriter(1);
        bt.cleanup(post);
        out.append(post);
        out.line("}");
        return out;
    }

    private void embeddedFunction(CWriter out, IrFunction f, Frame fr, IrFunction.Body.EmbeddedC ec) {
        List<IrVar> vars = new ArrayList<>(f.params());
        // (the frame's fields were declared by the BodyTranslator: params, locals, ret)
        if (f.returnType() != IrType.VOID) {
            out.line(f.returnType() == IrType.STRING ? "\tf->ret[0] = '\\0';" : "\tf->ret = 0;");
        }
        for (IrVar v : vars) out.line("#define STAP_ARG_" + v.name() + " (f->" + BodyTranslator.localName(v) + ")");
        out.line("#define STAP_RETVALUE (f->ret)");
        out.line("#define STAP_RETURN(v) do { STAP_RETVALUE = (v); goto out; } while (0)");
        out.line("#define CONTEXT c");
        out.line("#define THIS f");
        out.line("\t{");
        out.raw(ec.code().endsWith("\n") ? ec.code() : ec.code() + "\n");
        out.line("\t}");
        out.line("out: __attribute__((unused));");
        for (IrVar v : vars) out.line("#undef STAP_ARG_" + v.name());
        out.line("#undef STAP_RETVALUE");
        out.line("#undef STAP_RETURN");
        out.line("#undef CONTEXT");
        out.line("#undef THIS");
        out.line("}");
    }

    /** Lock prologue: each global in program order, read or write; a timeout skips the hit. */
    private void locks(CWriter out, Map<String, Boolean> locks) {
        int i = 0;
        for (Map.Entry<String, Boolean> l : locks.entrySet()) {
            out.line("if (jst_lock_" + (l.getValue() ? "write" : "read") + "(&" + lockVar(l.getKey()) + "))");
            out.line(i == 0 ? "\treturn;" : "\tgoto unlock_" + (i - 1) + ";");
            i++;
        }
    }

    private void unlocks(CWriter out, Map<String, Boolean> locks) {
        List<Map.Entry<String, Boolean>> l = new ArrayList<>(locks.entrySet());
        for (int i = l.size() - 1; i >= 0; i--) {
            if (i < l.size() - 1) out.label("unlock_" + i);
            out.line("jst_unlock_" + (l.get(i).getValue() ? "write" : "read") + "(&" + lockVar(l.get(i).getKey()) + ");");
        }
    }

    private CWriter probe(IrProbe p, List<Frame> frames, Map<String, Boolean> lockSet) {
        Frame fr = new Frame("jfr_" + probeMember(p), probeMember(p));
        frames.add(fr);
        entryStruct = p.entrySaves().isEmpty() ? null : "jent_" + probeMember(p);
        CWriter body = new CWriter(1);
        BodyTranslator bt = new BodyTranslator(this, fr, p.locals(), body, false, IrType.VOID);
        bt.initLocals(0);
        if (p.condition() != null) {
            body.marker(p.condition().span());
            body.line("c->last_stmt = " + CNames.str(org.jstap.api.ir.Near.of(p.condition())) + ";");
            String cnd = bt.eval(p.condition());
            body.line("if (!(" + cnd + "))");
            body.line("\tgoto out;");
        }
        bt.body(p.body());
        CWriter out = new CWriter();
        out.marker(p.span());
        out.line("/* " + CNames.comment(p.id()) + ": " + CNames.comment(p.point())
                + (p.origin() != null && !p.origin().equals(p.point()) ? " <- " + CNames.comment(p.origin()) : "") + " */");
        // a kprobe's body has one caller, its handler: inlined there (no call, no second frame set-up), its
        // registers read once at the top, where the compiler still knows them to be the handler's argument
        boolean own = SiteTables.ownHandler(p.site());
        if (own) {
            out.line("#undef JT_REGS");
            out.line("#define JT_REGS jt_regs");
        }
        out.line("static " + (own ? "__always_inline " : "") + "void " + probeName(p) + "(struct jst_context *c)");
        out.line("{");
        if (own) out.line("\tstruct pt_regs *const jt_regs __maybe_unused = c->regs;");
        out.line("\tstruct " + fr.structName + " *f __maybe_unused = &JT_FRAME(0)->" + fr.member + ";");
        String longs = fr.longDecls();
        if (longs != null) out.line("\t" + longs);
        if (fr.mapTemp) out.line("\tstruct jst_map *jt_m __maybe_unused = NULL;");
        out.blank();
        CWriter pre = new CWriter(1);
        locks(pre, lockSet);
        bt.initIters(pre);
        out.append(pre).append(body);
        out.line("out: __attribute__((unused));");
        CWriter post = new CWriter(1);
        bt.cleanup(post);
        if (bt.nextMayArrive) {
            post.line("if (c->last_error == jt_next_marker)\t/* `next` from a function */");
            post.line("\tc->last_error = NULL;");
        }
        unlocks(post, lockSet);
        out.append(post);
        out.line("}");
        if (own) {
            out.line("#undef JT_REGS");
            out.line("#define " + REGS_DEFAULT);
        }
        entryStruct = null;
        return out;
    }

    private CWriter entryHandler(IrProbe p, List<Frame> frames, Map<String, Boolean> lockSet) {
        String es = "jent_" + probeMember(p);
        Frame fr = new Frame("jfr_entry_" + probeMember(p), "entry_" + probeMember(p));
        frames.add(fr);
        CWriter out = new CWriter();
        out.line("/* @entry() values of " + CNames.comment(p.id()) + ", saved when the function is entered */");
        out.line("struct " + es + " {");
        for (IrProbe.EntrySave s : p.entrySaves()) {
            out.line(s.type() == IrType.STRING ? "\tchar e" + s.slot() + "[MAXSTRINGLEN];" : "\tint64_t e" + s.slot() + ";");
        }
        out.line("};");
        CWriter body = new CWriter(1);
        BodyTranslator bt = new BodyTranslator(this, fr, List.of(), body, false, IrType.VOID);
        body.line("if (!jt_e)");
        body.line("\tgoto out;");
        for (IrProbe.EntrySave s : p.entrySaves()) {
            body.marker(s.expr().span());
            body.line("c->last_stmt = " + CNames.str(org.jstap.api.ir.Near.of(s.expr())) + ";");
            String v = bt.eval(s.expr());
            if (s.type() == IrType.STRING) body.line("jst_strcpy(jt_e->e" + s.slot() + ", " + v + ");");
            else body.line("jt_e->e" + s.slot() + " = " + v + ";");
            body.line("JT_CHECK(out);");
        }
        out.line("static void je_" + probeMember(p) + "(struct jst_context *c)");
        out.line("{");
        out.line("\tstruct " + fr.structName + " *f __maybe_unused = &JT_FRAME(0)->" + fr.member + ";");
        out.line("\tstruct " + es + " *jt_e = c->entry_data;");
        String longs = fr.longDecls();
        if (longs != null) out.line("\t" + longs);
        if (fr.mapTemp) out.line("\tstruct jst_map *jt_m __maybe_unused = NULL;");
        out.blank();
        CWriter pre = new CWriter(1);
        pre.line("if (jt_e)\t/* the return probe reads zeros, never stale bytes, if this hit is skipped */");
        pre.line("\tmemset(jt_e, 0, sizeof(*jt_e));");
        locks(pre, lockSet);
        bt.initIters(pre);
        out.append(pre).append(body);
        out.line("out: __attribute__((unused));");
        CWriter post = new CWriter(1);
        bt.cleanup(post);
        unlocks(post, lockSet);
        out.append(post);
        out.line("}");
        return out;
    }

    // ------------------------------------------------------------------ helpers and descriptors

    /** The helpers the bodies asked for: C from runtime-c's snippets/jt_helpers.c, the tables generated here. */
    private void helpersC(CWriter out) {
        out.line("/* ---- helpers */");
        out.raw(ModuleSnippets.helper("next"));
        if (needStats) out.raw(ModuleSnippets.helper("hist_print"));
        if (needPmapSliceDelete) out.raw(ModuleSnippets.helper("pmap_delete_slice"));
        for (String h : List.of("ppid", "strtrunc", "kwrite", "randint", "system", "switch_file")) {
            if (helpers.contains(h)) out.raw(ModuleSnippets.helper(h));
        }
        if (helpers.contains("register")) {
            out.line("/* register(\"name\"): a field of the probe's pt_regs */");
            out.line("static int64_t jt_register(struct jst_context *c, const char *name)");
            out.line("{");
            out.line("\tstruct pt_regs *r = c->regs;");
            out.blank();
            out.line("\tif (!r) {");
            out.line("\t\tjst_error(c, \"" + org.jstap.api.ir.Builtin.REGISTER_FAULT + "\");");
            out.line("\t\treturn 0;");
            out.line("\t}");
            for (String reg : new java.util.TreeSet<>(TargetLowering.REGS)) {
                out.line("\tif (!strcmp(name, \"" + reg + "\"))");
                out.line("\t\treturn (int64_t)r->" + reg + ";");
            }
            out.line("\tjst_error(c, \"unknown register '%s'\", name);");
            out.line("\treturn 0;");
            out.line("}");
        }
        if (helpers.contains("dwarf_register")) {
            // @kregister(N)/@uregister(N), as stap 4.8 (measured): the probe's own registers, kernel ones where the
            // hit interrupted the kernel (kprobes, a timer.profile tick in kernel mode), user ones where it
            // interrupted user space (uprobes, a tick in user mode); the fault otherwise, never the task's saved ones
            out.line("static int64_t jt_dwarf_register(struct jst_context *c, int user, int64_t n)");
            out.line("{");
            out.line("\tstruct pt_regs *r = c->regs;");
            out.blank();
            out.line("\tif (!user != !c->user_mode)");
            out.line("\t\tr = NULL;");
            out.line("\tif (!r) {");
            out.line("\t\tjst_error(c, \"" + org.jstap.api.ir.Builtin.REGISTER_FAULT + "\");");
            out.line("\t\treturn 0;");
            out.line("\t}");
            out.line("\tswitch (n) {");
            for (int i = 0; i < org.jstap.api.ir.Builtin.X86_64_DWARF_REGISTERS.size(); i++) {
                out.line("\tcase " + i + ": return (int64_t)r->" + org.jstap.api.ir.Builtin.X86_64_DWARF_REGISTERS.get(i) + ";");
            }
            out.line("\t}");
            out.line("\tjst_error(c, \"invalid register number %lld\", (long long)n);");
            out.line("\treturn 0;");
            out.line("}");
        }
        if (helpers.contains("pn")) {
            out.line("static const char *const jt_pn[] = {");
            for (IrProbe p : program.probes()) out.line("\t" + CNames.str(p.pn()) + ",");
            out.line("};");
        }
        if (helpers.contains("probe_type")) {
            out.line("static const char *const jt_probe_type[] = {");
            for (IrProbe p : program.probes()) out.line("\t" + CNames.str(org.jstap.api.ir.ProbeType.of(p.site())) + ",");
            out.line("};");
        }
        if (helpers.contains("ppfunc")) {
            out.line("static const char *const jt_ppfunc[] = {");
            for (IrProbe p : program.probes()) out.line("\t" + CNames.str(p.function() == null ? "" : p.function()) + ",");
            out.line("};");
        }
        if (helpers.contains("is_return")) {
            out.line("static const unsigned char jt_is_return[] = {");
            StringBuilder b = new StringBuilder("\t");
            for (IrProbe p : program.probes()) b.append(SiteTables.isReturn(p.site()) ? "1, " : "0, ");
            out.line(b.toString().stripTrailing());
            out.line("};");
        }
        if (!regexes.isEmpty()) {
            out.raw(RegexEmitter.emit(regexes, submatches));
        }
        out.blank();
    }

    private void descriptors(CWriter out) {
        out.line("/* ---- descriptors: the runtime registers these (and unregisters them all on a partial failure) */");
        List<IrProbe> probes = program.probes();
        for (int i = 0; i < probes.size(); i++) {
            IrProbe p = probes.get(i);
            // (a probe with its own handler has no body to name: nothing calls it through the descriptor)
            out.line("static const struct jst_probe " + probeDesc(p) + " = { .pp = " + CNames.str(p.point()) + ", .body = "
                    + (SiteTables.ownHandler(p.site()) ? "NULL /* " + probeName(p) + ", inlined in its handler */"
                        : probeName(p)) + ", .index = " + i + " };");
        }
        out.blank();
        sites.writeTables(out, this);
        out.blank();
        out.line("static int jt_globals_alloc(void);");
        out.line("static void jt_globals_free(void);");
        out.line("static struct jst_module jt_module = {");
        out.line("\t.locals_size = sizeof(union jt_frames) * (MAXNESTING + 1),");
        out.line("\t.globals_alloc = jt_globals_alloc,");
        out.line("\t.globals_free = jt_globals_free,");
        sites.writeModuleFields(out);
        out.line("};");
        out.blank();
    }
}
