package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.jstap.api.ir.Near;
import org.jstap.api.ir.TargetAccess;
import org.jstap.irtools.CallGraph;

/**
 * Pass 3 of the bpf backend: the kernel-side probes of an IR program as one BPF C file (against vmlinux.h and
 * {@code jstap_bpf.h}) plus its {@link BpfManifest}. Every expression becomes one C expression (GNU statement
 * expressions where it needs statements), so evaluation order and short-circuits are C's, as in the kmod
 * translator; a runtime error is {@code jst_pend} + a {@code goto} to the innermost catch or the end. Strings live in per-CPU scratch slots
 * (BPF's stack is 512 bytes): a string expression is a {@code char *}. Script functions are inlined
 * ({@code __always_inline}) once per call depth ({@link Nesting}), so recursion is a bounded chain of copies.
 * Deterministic: pass 5 runs it again on the same IR to get the print sites' IR nodes.
 */
public final class BpfCWriter {
    /** Something the bpf backend cannot compile (yet): a pass-3 error at {@code span}. */
    public static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final transient Span span;
        /** null: not compiled yet ("cannot compile" + what); else a refusal by design, its code, what the whole message */
        public final String code;
        /** What to try instead; null: kmod's backend */
        public final transient String hint;

        Unsupported(Span span, String what) {
            this(span, what, null);
        }

        Unsupported(Span span, String what, String code) {
            this(span, what, code, null);
        }

        Unsupported(Span span, String what, String code, String hint) {
            super(what, null, false, false);
            this.span = span;
            this.code = code;
            this.hint = hint;
        }
    }

    /** The generated C, the manifest, and the IR print nodes behind each manifest print site (same index). */
    public record Result(String c, BpfManifest manifest, List<IrExpr.Print> printNodes) {}

    /** A per-CPU map value is at most 32 KB (the kernel's per-CPU unit); the hit's scratch lives in one. */
    static final int PERCPU_VALUE_MAX = 32768;

    /** The string slots (2 * MAXSTRINGLEN bytes each) that fit the hit scratch beside its key buffer. */
    static int maxStringSlots(int maxStr) {
        return Math.min(48, (PERCPU_VALUE_MAX - 48 - maxStr - MAX_KEY * 2) / (2 * maxStr));
    }
    static final int MAX_KEY = 512;

    private final IrProgram ir;
    private final Map<String, String> defines;
    /** The sizing pass: writes everything once only to learn each function's and probe's string slots. */
    private boolean sizing;
    private final Map<String, Integer> probeSize = new HashMap<>();
    private final Map<Nesting.Instance, Integer> fnSize = new HashMap<>();
    /** Where each function instance's string slots start (from the sizing pass). */
    private Map<Nesting.Instance, Integer> fnBase;
    private Nesting nesting;
    /** The call depth of the function instance being written (0 in a probe). */
    private int fnDepth;
    private final CallGraph calls;
    private final int maxStr;
    private final long maxMapEntries;
    private final long maxLoop;
    private final long maxTryLock;
    /** microseconds between kmod's lock tries: with MAXTRYLOCK, how long a hit waits for a global's lock */
    private final long tryLockDelayUs;
    private final org.jstap.irtools.GlobalUse globalUse;
    private boolean anyLock;
    private final Map<String, Integer> globalIndex = new HashMap<>();
    private final List<BpfManifest.MapSpec> maps = new ArrayList<>();
    private final List<BpfManifest.PrintSite> prints = new ArrayList<>();
    private final List<IrExpr.Print> printNodes = new ArrayList<>();
    private final List<BpfManifest.ErrorSite> errors = new ArrayList<>();
    private final List<BpfManifest.Attach> attach = new ArrayList<>();
    private final StringBuilder decls = new StringBuilder();
    private final StringBuilder code = new StringBuilder();
    private final StringBuilder protos = new StringBuilder();
    private final Map<String, String> strConsts = new HashMap<>();
    private int strSlots;
    private int keyBuf = 8;
    /** the stack and symbol functions (their C and whether the program needs jstap_stacks.h) */
    private final BpfStacks stacks = new BpfStacks(this);
    /** the tapset's embedded-C helpers (__jst_arg, __jst_buffer_quoted, ...) and whether jstap_tapset.h is needed */
    private final TapsetHelpers helpers = new TapsetHelpers(this);
    /** the kernel-function arguments read, placed at load time */
    private final ArgSlots args = new ArgSlots();
    /** perf....counter("NAME") and @perf("NAME") */
    private final PerfCounters perfCounters;
    /** the user-space ones (jstap_ustacks.h, after jstap_stacks.h) */
    private final BpfUStacks ustacks = new BpfUStacks(this, stacks);
    /** foreach, slices and statistics reads in kernel probes */
    private final ForeachEmitter foreachs = new ForeachEmitter(this);
    /** the DFAs of the =~ in kernel probes (and their VM programs when the script calls matched()) */
    private final BpfRegex regex;

    // per probe / function being written
    private IrProbe probe;
    private String ctxKind; // "raw", "sysevent", "regs", "perf", "fn"
    private int[] localSlot; // string locals: scratch slot, else -1
    private int loopDepth;

    public BpfCWriter(IrProgram ir, Map<String, String> defines) {
        this.ir = ir;
        this.defines = defines;
        this.calls = CallGraph.of(ir);
        this.maxStr = (int) Math.max(16, Math.min(4096, number(defines, "MAXSTRINGLEN", 512)));
        this.maxMapEntries = number(defines, "MAXMAPENTRIES", 2048);
        // iterations of one loop in a kernel probe: MAXACTION (what a loop of one-statement bodies would reach)
        this.maxLoop = number(defines, "MAXACTION", 1000);
        this.maxTryLock = Math.max(1, number(defines, "MAXTRYLOCK", 1000));
        this.tryLockDelayUs = Math.max(1, number(defines, "TRYLOCKDELAY", 10));
        this.globalUse = org.jstap.irtools.GlobalUse.of(ir);
        this.perfCounters = new PerfCounters(ir.probes());
        this.regex = new BpfRegex(org.jstap.irtools.BuiltinUse.in(ir).contains(org.jstap.api.ir.Builtin.MATCHED), maxStr);
    }

    /** The probes that run in the kernel; everything else (begin, end, error, timer) runs in user space. */
    public static boolean kernelSide(IrSite s) {
        return s instanceof IrSite.Tracepoint || s instanceof IrSite.Process
                || s instanceof IrSite.Perf && !PerfCounters.isCounter(s) // a counter runs no program (PerfCounters)
                || s instanceof IrSite.Watchpoint
                || s instanceof IrSite.Profile || s instanceof IrSite.ProcessLife
                || s instanceof IrSite.KernelFunction kf && !kf.inline()
                || s instanceof IrSite.Kprobe;
    }

    /** A kprobe/kretprobe site (kernel.function, kprobe.function): symbol, offset, return. */
    private record KprobeSite(String symbol, long offset, boolean isReturn, String module) {
        static KprobeSite of(IrSite s) {
            if (s instanceof IrSite.KernelFunction kf) return new KprobeSite(kf.function(), 0, kf.isReturn(), kf.module());
            if (s instanceof IrSite.Kprobe kp) return new KprobeSite(kp.symbol(), kp.offset(), kp.isReturn(), kp.module());
            return null;
        }
    }

    public static boolean userSide(IrSite s) {
        return s instanceof IrSite.Begin || s instanceof IrSite.End || s instanceof IrSite.Error
                || s instanceof IrSite.Timer
                || s instanceof IrSite.Procfs p && org.jstap.backend.interp.StdinFeed.reads(p); // input.char / input.line
    }

    public Result write() {
        for (IrProbe p : ir.probes()) {
            if (!kernelSide(p.site()) && !userSide(p.site()) && !PerfCounters.isCounter(p.site())) {
                throw new Unsupported(p.span(), "probe point '" + p.point() + "'");
            }
        }
        for (int i = 0; i < ir.globals().size(); i++) global(i, ir.globals().get(i));
        nesting = new Nesting(ir, calls, ir.probes().stream().filter(p -> kernelSide(p.site())).toList(), defines, id -> {
            IrFunction f = ir.function(id);
            return f != null && usedInKernel(f) && !inBpf(f);
        });
        if (!sizing) fnBase = slotBases();
        int slotsNeeded = 0;
        for (Nesting.Instance in : nesting.instances()) {
            strSlots = sizing ? 0 : fnBase.getOrDefault(in, 0);
            function(ir.function(in.function()), in);
            fnSize.put(in, strHigh);
            slotsNeeded = Math.max(slotsNeeded, strHigh);
        }
        // each probe's string slots from 0, reused by the next probe (one hit runs one probe); the scratch is sized
        // for the largest probe or function chain
        for (IrProbe p : ir.probes()) {
            if (!kernelSide(p.site())) continue;
            strSlots = 0;
            strHigh = 0;
            probe(p);
            probeSize.put(p.id(), strHigh);
            slotsNeeded = Math.max(slotsNeeded, strHigh);
        }
        ProcLifeEmitter.emit(ir.probes(), code, attach);
        perfCounters.emit(decls, code, attach);
        strSlots = slotsNeeded;
        StringBuilder out = new StringBuilder();
        out.append("/* generated by jstap (bpf backend): kernel-side probes of ").append(ir.script()).append(" */\n");
        out.append("#include \"vmlinux.h\"\n");
        out.append("#define JST_MAXSTR ").append(maxStr).append('\n');
        out.append("#define JST_NSTR ").append(Math.max(1, strSlots)).append('\n');
        out.append("#define JST_KEYBUF ").append(keyBuf).append('\n');
        int zero = 8;
        for (BpfManifest.MapSpec ms : maps) zero = Math.max(zero, ms.valueSize());
        zero = Math.max(zero, entryZero);
        out.append("#define JST_ZERO_BYTES ").append(zero).append('\n');
        out.append("#define JST_RINGBUF_BYTES (4 << 20)\n");
        out.append("#define JST_MAXLOOP ").append(maxLoop).append('\n');
        out.append("#define JST_MAXCPUS 1024\n"); // bpf_loop bound of a statistic's per-CPU merge (ends at the last CPU)
        out.append("#define JST_NLOCKS ").append(anyLock ? ir.globals().size() : 0).append('\n');
        out.append("#define JST_NSTAMPS ").append(stamps ? ir.globals().size() : 0).append('\n');
        out.append("#define JST_MAXTRYLOCK ").append(maxTryLock).append('\n');
        out.append("#define JST_MAXSKIPPED ").append(Math.max(0, number(defines, "MAXSKIPPED", 100))).append("ULL\n");
        out.append("#define JST_TRYLOCK_NS ").append(Math.min(1_000_000_000L, maxTryLock * tryLockDelayUs * 1000)).append("ULL\n");
        out.append("#include \"jstap_bpf.h\"\n");
        if (stacks.used()) {
            out.append("#define JST_MAXBACKTRACE ").append(Math.max(1, Math.min(40, number(defines, "MAXBACKTRACE", 20)))).append('\n');
            out.append("#include \"").append(BpfFiles.STACKS_HEADER).append("\"\n");
            if (ustacks.used()) out.append(ustacks.header(ir));
        }
        if (helpers.used()) out.append("#include \"").append(BpfFiles.TAPSET_HEADER).append("\"\n");
        out.append(flavours());
        out.append(args.decls()).append(helpers.decls());
        out.append("char LICENSE[] SEC(\"license\") = \"GPL\";\n\n");
        out.append(decls).append(regex.emit()).append('\n').append(protos).append('\n').append(code);
        return new Result(out.toString(), new BpfManifest(maxStr, attach, maps, prints, errors), printNodes);
    }

    /**
     * Where each function's string slots start: above those of every probe that reaches it and of every function
     * that calls it (their temporaries are alive while it runs); functions that never run at once share slots.
     */
    private Map<Nesting.Instance, Integer> slotBases() {
        BpfCWriter s = new BpfCWriter(ir, defines);
        s.sizing = true;
        s.write();
        Map<Nesting.Instance, Integer> base = new HashMap<>();
        for (IrProbe p : ir.probes()) {
            if (!kernelSide(p.site())) continue;
            for (Nesting.Instance f : s.nesting.callsOf(p)) base.merge(f, s.probeSize.getOrDefault(p.id(), 0), Math::max);
        }
        // callees above their callers, transitively (instances form a DAG: a round per instance reaches every chain)
        for (int round = 0; round <= s.fnSize.size(); round++) {
            for (Nesting.Instance f : s.nesting.instances()) {
                int top = base.getOrDefault(f, 0) + s.fnSize.getOrDefault(f, 0);
                for (Nesting.Instance g : s.nesting.calls(f)) base.merge(g, top, Math::max);
            }
        }
        return base;
    }

    // ---------------------------------------------------------------- globals

    private static String mapName(int i) { return "g" + i; }

    /** Whether an array is declared: jst_stamps (a creation counter per global) exists. */
    private boolean stamps;

    private int strKeySize(IrGlobal g) {
        int nl = 0, ns = 0;
        for (IrType t : g.keyTypes()) if (t == IrType.STRING) ns++; else nl++;
        if (ns == 0) return 0;
        int room = (MAX_KEY - 8 * nl) / ns;
        return Math.max(8, Math.min(round8(maxStr), room & ~7));
    }

    private static int round8(int n) { return (n + 7) & ~7; }

    private void global(int i, IrGlobal g) {
        globalIndex.put(g.mangled(), i);
        String m = mapName(i);
        if (g.type() == IrType.STATS) {
            statGlobal(i, g);
            return;
        }
        boolean str = g.type() == IrType.STRING;
        String vtype = str ? "char[" + maxStr + "]" : "s64t";
        BpfManifest.Col value = new BpfManifest.Col(str ? "string" : "long", 0, str ? maxStr : 8);
        if (!g.isArray()) {
            decls.append("typedef ").append(str ? "char vt_" + m + "[" + maxStr + "]" : "s64t vt_" + m).append(";\n");
            oneSlotMap(m, "BPF_MAP_TYPE_ARRAY");
            maps.add(new BpfManifest.MapSpec(m, g.mangled(), "scalar", List.of(), value, 4, str ? maxStr : 8));
            return;
        }
        List<BpfManifest.Col> cols = new ArrayList<>();
        int off = keyStruct(m, g, cols);
        long max = g.maxEntries() != null ? g.maxEntries() : maxMapEntries;
        decls.append("typedef ").append(str ? "char vt_" + m + "[" + maxStr + "]" : "s64t vt_" + m).append(";\n");
        // the value first (every access reads it through a vt_ pointer), then the element's creation stamp
        decls.append("struct ve_").append(m).append(" { vt_").append(m).append(" v; __u64 t; };\n");
        decls.append("struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, ").append(max)
                .append("); __type(key, struct k_").append(m).append("); __type(value, struct ve_").append(m).append("); } ")
                .append(m).append(" SEC(\".maps\");\n");
        stamps = true;
        maps.add(new BpfManifest.MapSpec(m, g.mangled(), "array", cols, value, off, round8(str ? maxStr : 8) + 8));
    }

    /** A global without keys: one slot of {@code mapType} and its {@code gp_} accessor. */
    private void oneSlotMap(String m, String mapType) {
        decls.append("struct { __uint(type, ").append(mapType)
                .append("); __uint(max_entries, 1); __type(key, __u32); __type(value, vt_")
                .append(m).append("); } ").append(m).append(" SEC(\".maps\");\n");
        decls.append("static __always_inline vt_").append(m).append(" *gp_").append(m)
                .append("(void) { __u32 k = 0; return bpf_map_lookup_elem(&").append(m).append(", &k); }\n");
    }

    /** Declares {@code struct k_M}, the array's key, fills its columns' layout and returns the key's size. */
    private int keyStruct(String m, IrGlobal g, List<BpfManifest.Col> cols) {
        int sk = strKeySize(g);
        StringBuilder ks = new StringBuilder("struct k_" + m + " {");
        int off = 0;
        for (int c = 0; c < g.keyTypes().size(); c++) {
            boolean s = g.keyTypes().get(c) == IrType.STRING;
            ks.append(s ? " char c" + c + "[" + sk + "];" : " s64t c" + c + ";");
            cols.add(new BpfManifest.Col(s ? "string" : "long", off, s ? sk : 8));
            off += s ? sk : 8;
        }
        decls.append(ks).append(" };\n");
        keyBuf = Math.max(keyBuf, off);
        return off;
    }

    static int buckets(org.jstap.api.ir.HistParams h) {
        if (h.kind() == org.jstap.api.ir.HistParams.Kind.LOG) return 128;
        return (int) Math.max(3, Math.min(1 << 20, (h.hi() - h.lo()) / Math.max(1, h.step()) + 3));
    }

    /**
     * A statistic: one partial per CPU (PERCPU_ARRAY, or PERCPU_HASH for an array of them) with runtime-c's
     * fields (Welford's running variance) and the buckets of every histogram shape used; user space aggregates.
     */
    private void statGlobal(int i, IrGlobal g) {
        String m = mapName(i);
        StringBuilder st = new StringBuilder("struct st_" + m + " { s64t count, sum, min, max, avg, m2, var;");
        int n = 7;
        for (int h = 0; h < g.histograms().size(); h++) {
            int b = buckets(g.histograms().get(h));
            st.append(" s64t h").append(h).append("[").append(b).append("];");
            n += b;
        }
        // last, the stamp of this CPU's first <<< into the element (kmod's per-CPU element order; unused for a scalar)
        st.append(" __u64 t; };\ntypedef struct st_").append(m).append(" vt_").append(m).append(";\n");
        decls.append(st);
        BpfManifest.Col value = new BpfManifest.Col("stat", 0, 8 * n);
        if (!g.isArray()) {
            oneSlotMap(m, "BPF_MAP_TYPE_PERCPU_ARRAY");
            maps.add(new BpfManifest.MapSpec(m, g.mangled(), "stat", List.of(), value, 4, 8 * n + 8));
            return;
        }
        List<BpfManifest.Col> cols = new ArrayList<>();
        int off = keyStruct(m, g, cols);
        long max = g.maxEntries() != null ? g.maxEntries() : maxMapEntries;
        decls.append("struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, ").append(max)
                .append("); __type(key, struct k_").append(m).append("); __type(value, vt_").append(m).append("); } ")
                .append(m).append(" SEC(\".maps\");\n");
        stamps = true;
        maps.add(new BpfManifest.MapSpec(m, g.mangled(), "statarray", cols, value, off, 8 * n + 8));
    }

    /** {@code s <<< v}: this CPU's partial of s (an array element is inserted first), as runtime-c's jst_stat_add. */
    private String aggregate(IrExpr.Aggregate a) {
        IrExpr t = a.target();
        String global;
        String slot;
        if (t instanceof IrExpr.GlobalRef gr) {
            global = gr.global();
            String mm = m(global);
            int err = error("no statistic", Near.of(a));
            slot = "vt_" + mm + " *vp = gp_" + mm + "(); if (!vp) " + fail(err, "0") + "; ";
        } else if (t instanceof IrExpr.ArrayGet ag) {
            global = ag.global();
            slot = arraySlot(ag, a);
        } else {
            throw new Unsupported(a.span(), "'<<<' into this in a kernel probe");
        }
        IrGlobal gl = g(global);
        StringBuilder b = new StringBuilder("({ s64t v = ").append(expr(a.value())).append("; ").append(slot);
        // avg and m2 over v scaled by @variance's bit shift, as runtime-c's jst_stat_add (user space scales back),
        // the step d cut to a signed 32-bit int as there (stap 4.8's arithmetic)
        b.append("s64t vs = ").append(gl.bitShift() == 0 ? "v" : "(s64t)((__u64)v << " + gl.bitShift() + ")").append("; ");
        b.append("if (vp->count == 0) { vp->count = 1; vp->sum = vp->min = vp->max = v; vp->avg = vs; vp->m2 = 0; vp->var = -1; ")
                .append(gl.isArray() ? "vp->t = jst_stamp(" + globalIndex.get(global) + "); " : "").append("} ")
                .append("else { vp->count++; vp->sum += v; if (v < vp->min) vp->min = v; if (v > vp->max) vp->max = v; ")
                .append("s64t d = (int)(vs - vp->avg); vp->avg += jst_div(d, vp->count); vp->m2 += d * (vs - vp->avg); ")
                .append("vp->var = jst_div(vp->m2, vp->count - 1); } ");
        for (int h = 0; h < gl.histograms().size(); h++) {
            org.jstap.api.ir.HistParams hp = gl.histograms().get(h);
            int n = buckets(hp);
            if (hp.kind() == org.jstap.api.ir.HistParams.Kind.LOG) {
                b.append("{ __u32 bk = jst_index(jst_log_bucket(v), ").append(n).append("); vp->h").append(h).append("[bk]++; } ");
            } else {
                b.append("{ __u64 bk = v < ").append(hp.lo()).append("LL ? 0 : (__u64)(v - ").append(hp.lo()).append("LL) / ")
                        .append(Math.max(1, hp.step())).append("ULL + 1; vp->h").append(h).append("[jst_index(bk, ").append(n).append(")]++; } ");
            }
        }
        return b.append("0LL; })").toString();
    }

    StringBuilder declarations() { return decls; }
    IrGlobal global(String mangled) { return g(mangled); }
    String mapOf(String mangled) { return m(mangled); }
    int stringKeySize(IrGlobal g) { return strKeySize(g); }
    long maxEntries() { return maxMapEntries; }
    int maxString() { return maxStr; }

    private IrGlobal g(String mangled) {
        IrGlobal g = ir.global(mangled);
        if (g == null) throw new IllegalStateException("IR names an unknown global " + mangled);
        return g;
    }

    private String m(String mangled) { return mapName(globalIndex.get(mangled)); }

    // ---------------------------------------------------------------- probes and functions

    private boolean usedInKernel(IrFunction f) {
        // every function may be called from a kernel probe; writing them all keeps this simple (clang drops the rest)
        return f.body() instanceof IrFunction.Body.Script;
    }

    private void function(IrFunction f, Nesting.Instance in) {
        probe = null;
        fnDepth = in.depth();
        ctxKind = "fn";
        strHigh = strSlots;
        int n = 0;
        for (IrVar v : f.params()) n = Math.max(n, v.slot() + 1);
        for (IrVar v : f.locals()) n = Math.max(n, v.slot() + 1);
        n = Math.max(n, f.frameSize());
        localSlot = new int[n];
        java.util.Arrays.fill(localSlot, -1);
        StringBuilder sig = new StringBuilder();
        String ret = f.returnType() == IrType.STRING ? "char *" : "s64t";
        int retSlot = f.returnType() == IrType.STRING ? slot(f.span()) : -1;
        sig.append("static __always_inline ").append(ret).append(' ').append(in.cName()).append("(struct jst_hit *h, void *ctx");
        for (IrVar v : f.params()) sig.append(v.type() == IrType.STRING ? ", const char *p" : ", s64t p").append(v.slot());
        sig.append(")");
        StringBuilder body = new StringBuilder();
        for (IrVar v : f.params()) {
            if (v.type() == IrType.STRING) {
                localSlot[v.slot()] = slot(f.span());
                body.append("\tjst_strcpy(h->s[").append(localSlot[v.slot()]).append("], p").append(v.slot()).append(");\n");
            } else {
                body.append("\ts64t l").append(v.slot()).append(" = p").append(v.slot()).append(";\n");
            }
        }
        for (IrVar v : f.locals()) declareLocal(v, body, f.span());
        fnRetSlot = retSlot;
        fnReturnsString = f.returnType() == IrType.STRING;
        if (f.body() instanceof IrFunction.Body.Script s) stmt(s.block(), body, 1);
        strSlots = strHigh; // the next function's slots start above this one's (a call keeps the caller's alive)
        body.append("jst_out:\n\treturn ").append(fnReturnsString ? "h->s[" + retSlot + "]" : "0").append(";\n");
        if (fnReturnsString) body.insert(0, "\th->s[" + retSlot + "][0] = 0;\n");
        protos.append(sig).append(";\n");
        code.append(sig).append(" {\n").append(body).append("}\n\n");
    }

    private int fnRetSlot = -1;
    private boolean fnReturnsString;

    private void declareLocal(IrVar v, StringBuilder body, Span span) {
        if (v.type() == IrType.STRING) {
            localSlot[v.slot()] = slot(span);
            body.append("\th->s[").append(localSlot[v.slot()]).append("][0] = 0;\n");
        } else {
            body.append("\ts64t l").append(v.slot()).append(" = 0;\n");
        }
    }

    private void probe(IrProbe p) {
        probe = p;
        fnDepth = 0;
        tpArgs.clear();
        int n = 0;
        for (IrVar v : p.locals()) n = Math.max(n, v.slot() + 1);
        localSlot = new int[n];
        java.util.Arrays.fill(localSlot, -1);
        String sec, param;
        IrSite site = p.site();
        if (site instanceof IrSite.Tracepoint t && t.name().startsWith("syscalls:")) {
            ctxKind = "sysevent";
            sec = "tracepoint";
            param = "void *ctx";
            attach.add(new BpfManifest.Attach(p.id(), p.point(), "tp", List.of("syscalls", t.name().substring(9)), p.optional()));
        } else if (site instanceof IrSite.Tracepoint t) {
            ctxKind = "raw";
            sec = "raw_tp";
            param = "struct bpf_raw_tracepoint_args *ctx";
            String name = t.name().contains(":") ? t.name().substring(t.name().indexOf(':') + 1) : t.name();
            attach.add(new BpfManifest.Attach(p.id(), p.point(), "raw", List.of(name), p.optional()));
        } else if (site instanceof IrSite.Process u) {
            ctxKind = "regs";
            sec = u.isReturn() ? "uretprobe" : "uprobe";
            param = "struct pt_regs *ctx";
            attach.add(new BpfManifest.Attach(p.id(), p.point(), "uprobe",
                    List.of(u.isReturn() ? "1" : "0", u.path(), Long.toHexString(u.offset()), Long.toHexString(u.semaphore()),
                            Long.toString(u.pid() > 0 ? u.pid() : -1)), p.optional()));
        } else if (KprobeSite.of(site) != null) {
            KprobeSite k = KprobeSite.of(site);
            // kernel.function/kprobe.function: a kprobe by symbol (kmod registers by symbol_name as well); where the
            // kernel has no kprobes the attach fails at pass 5 with the kernel's reason
            ctxKind = "regs";
            sec = k.isReturn() ? "kretprobe" : "kprobe";
            param = "struct pt_regs *ctx";
            attach.add(new BpfManifest.Attach(p.id(), p.point(), "kprobe",
                    k.module() == null ? List.of(k.isReturn() ? "1" : "0", k.symbol(), Long.toHexString(k.offset()))
                            : List.of(k.isReturn() ? "1" : "0", k.symbol(), Long.toHexString(k.offset()), k.module()),
                    p.optional()));
        } else if (site instanceof IrSite.Perf pf) {
            ctxKind = "perf";
            sec = "perf_event";
            param = "struct bpf_perf_event_data *ctx";
            attach.add(new BpfManifest.Attach(p.id(), p.point(), "perf",
                    List.of(Long.toString(pf.type()), Long.toString(pf.config()), Long.toString(pf.sample())), p.optional()));
        } else if (site instanceof IrSite.Watchpoint w) { // a breakpoint perf event: a perf_event program
            ctxKind = "perf";
            sec = "perf_event";
            param = "struct bpf_perf_event_data *ctx";
            attach.add(WatchpointEmitter.attach(p, w));
        } else if (site instanceof IrSite.Profile) {
            ctxKind = "perf";
            sec = "perf_event";
            param = "struct bpf_perf_event_data *ctx";
            attach.add(ProfileEmitter.attach(p));
        } else if (site instanceof IrSite.ProcessLife) {
            ctxKind = "pl"; // no registers, no arguments: ProcLifeEmitter's programs call the body in the task's context
            sec = null;
            param = "void *ctx";
        } else {
            throw new Unsupported(p.span(), "probe point '" + p.point() + "'");
        }
        EntryPairing ep = EntryPairing.of(p, maxStr);
        if (ep != null) entryProgram(p, ep);
        StringBuilder body = new StringBuilder();
        for (IrVar v : p.locals()) declareLocal(v, body, p.span());
        entryStr = ep == null ? null : new HashMap<>();
        if (ep != null) for (IrProbe.EntrySave s : p.entrySaves()) if (s.type() == IrType.STRING) entryStr.put(s.slot(), slot(p.span()));
        if (p.condition() != null) body.append("\tif (!(").append(expr(p.condition())).append(")) goto jst_out;\n");
        stmt(p.body(), body, 1);
        code.append("/* ").append(p.point().replace("*/", "* /")).append(" */\n");
        code.append(sec == null ? "static __always_inline int " : "SEC(\"" + sec + "\")\nint ").append(p.id()).append("(").append(param).append(") {\n");
        code.append(tracepointArgLoads());
        if (ep != null) code.append(ep.loadBeforeHit());
        code.append("\tstruct jst_hit *h = jst_enter();\n\tif (!h) return 0;\n\th->pidx = ").append(ir.probes().indexOf(p))
                .append("; h->ctxk = ").append(ctxKind.equals("regs") ? 1 : ctxKind.equals("perf") ? 2 : 0).append(";\n");
        code.append(stacks.entry(site, ctxKind)).append(ustacks.entry());
        if (ep != null) code.append(ep.loadAfterHit(entryStr));
        List<Map.Entry<Integer, Boolean>> locks = locks(p);
        for (int k = 0; k < locks.size(); k++) {
            code.append("\tif (jst_lock(").append(locks.get(k).getKey()).append(", ").append(locks.get(k).getValue() ? 1 : 0).append(")) {");
            for (int j = k - 1; j >= 0; j--) code.append(" jst_unlock(").append(locks.get(j).getKey()).append(", ").append(locks.get(j).getValue() ? 1 : 0).append(");");
            code.append(" jst_skip_one(); jst_leave(h); return 0; }\n");
        }
        if (!locks.isEmpty()) {
            // an exit() by the hit that held these locks ends the session before this one runs: its writes (e.g.
            // after that hit's delete) would otherwise land once the end probes could already see them
            code.append("\tif (!jst_running()) {");
            for (int j = locks.size() - 1; j >= 0; j--) code.append(" jst_unlock(").append(locks.get(j).getKey()).append(", ").append(locks.get(j).getValue() ? 1 : 0).append(");");
            code.append(" jst_leave(h); return 0; }\n");
        }
        code.append(body).append("jst_out:\n\tjst_report(h);\n");
        for (int j = locks.size() - 1; j >= 0; j--) {
            code.append("\tjst_unlock(").append(locks.get(j).getKey()).append(", ").append(locks.get(j).getValue() ? 1 : 0).append(");\n");
        }
        code.append("\tjst_leave(h);\n\treturn 0;\n}\n\n");
        probe = null;
        entryStr = null;
    }

    /** The hit slots of the string {@code @entry} values of the return probe being written (save slot to slot); null elsewhere. */
    private Map<Integer, Integer> entryStr;
    /** The largest saved entry: the zero value entries are inserted from is at least that large. */
    private int entryZero;

    /** {@code @entry}: the program on the entry site that saves the values for the return probe (see {@link EntryPairing}). */
    private void entryProgram(IrProbe p, EntryPairing ep) {
        String retKind = ctxKind;
        ctxKind = ep.syscallEvent() ? "sysevent" : "regs";
        tpArgs.clear();
        entryStr = null;
        attach.add(attach.size() - 1, ep.attach(attach.get(attach.size() - 1))); // the entry's attach first
        decls.append(ep.decls(Math.max(1024, maxMapEntries)));
        entryZero = Math.max(entryZero, ep.valueSize());
        StringBuilder body = new StringBuilder();
        for (IrVar v : p.locals()) declareLocal(v, body, p.span()); // never set here: read as kmod's entry frame, zero
        body.append(ep.saveStart());
        int mark = strSlots;
        for (IrProbe.EntrySave s : p.entrySaves()) {
            indent(body, 1);
            body.append(mark(s.expr().span())).append('\n').append(ep.save(s, expr(s.expr())));
            strSlots = mark;
            // a syscall exit's fields are not the entry event's: reading one there would read another field
            if (!tpArgs.isEmpty()) throw new Unsupported(s.expr().span(), "a tracepoint field inside @entry");
        }
        code.append("/* @entry values of ").append(p.point().replace("*/", "* /")).append(" */\n");
        code.append("SEC(\"").append(ep.section()).append("\")\nint ").append(ep.program()).append("(").append(ep.param()).append(") {\n");
        code.append("\tstruct jst_hit *h = jst_enter();\n\tif (!h) return 0;\n\th->pidx = ").append(ir.probes().indexOf(p))
                .append("; h->ctxk = ").append(ep.syscallEvent() ? 0 : 1).append(";\n");
        code.append(body).append("jst_out:\n\tjst_report(h);\n\tjst_leave(h);\n\treturn 0;\n}\n\n");
        ctxKind = retKind;
        strSlots = 0; // strHigh keeps the entry program's slots: the scratch is sized for both
    }

    /**
     * The locks probe {@code p} holds for its hit, as kmod's (global number, write), in global order. None for a
     * global only {@code <<<}-ed (per-CPU partials), and none at all when the probe's one global use is one word read
     * or updated atomically ({@code n++}, {@code a[k] += v}, {@code n = 0}): that access is serialised already.
     */
    private List<Map.Entry<Integer, Boolean>> locks(IrProbe p) {
        Map<String, org.jstap.irtools.GlobalUse.Use> uses = globalUse.probe(p);
        List<Map.Entry<Integer, Boolean>> out = new ArrayList<>();
        int total = 0;
        boolean word = true;
        for (Map.Entry<String, org.jstap.irtools.GlobalUse.Use> e : uses.entrySet()) {
            if (e.getValue().aggregateOnly()) continue;
            total += e.getValue().uses();
            word &= e.getValue().wordOnly();
            out.add(Map.entry(globalIndex.get(e.getKey()), e.getValue().write()));
        }
        if (total == 1 && word) return List.of();
        if (!out.isEmpty()) anyLock = true;
        return out;
    }

    int slot(Span span) {
        int max = maxStringSlots(maxStr);
        if (strSlots >= max && !sizing) {
            throw new Unsupported(span, "more than " + max + " string values in one kernel probe (with its functions) at MAXSTRINGLEN="
                    + maxStr);
        }
        strHigh = Math.max(strHigh, strSlots + 1);
        return strSlots++;
    }

    /** The most string slots in use at once so far in the probe or function being written. */
    private int strHigh;

    // ---------------------------------------------------------------- statements

    private static void indent(StringBuilder b, int n) {
        for (int i = 0; i < n; i++) b.append('\t');
    }

    /** {@code /*@file:line:col*}{@code /}: the script position of the C line, for mapping verifier complaints back. */
    private static String mark(Span sp) {
        if (sp == null || sp.file() == null) return "";
        return "/*@" + sp.file().replace("*/", "*_/") + ":" + sp.line() + ":" + sp.col() + "*/ ";
    }

    /**
     * A statement. Its string temporaries are dead once it is done (values that live on are copied into locals',
     * globals' or records' own storage), so the next statement reuses their slots.
     */
    private void stmt(IrStmt s, StringBuilder b, int in) {
        int mark = strSlots;
        stmtOnce(s, b, in);
        strSlots = mark;
    }

    private void stmtOnce(IrStmt s, StringBuilder b, int in) {
        if (!(s instanceof IrStmt.Block)) {
            indent(b, in);
            b.append(mark(s.span())).append('\n');
        }
        if (s instanceof IrStmt.Block bl) {
                for (IrStmt x : bl.body()) stmt(x, b, in);
        } else if (s instanceof IrStmt.ExprStmt e) {
                indent(b, in);
                b.append(mark(e.span())).append("(void)(").append(expr(e.expr())).append(");\n");
        } else if (s instanceof IrStmt.If i) {
                indent(b, in);
                b.append("if (").append(expr(i.cond())).append(") {\n");
                stmt(i.then(), b, in + 1);
                indent(b, in);
                b.append("}");
                if (i.otherwise() != null) {
                    b.append(" else {\n");
                    stmt(i.otherwise(), b, in + 1);
                    indent(b, in);
                    b.append("}");
                }
                b.append('\n');
        } else if (s instanceof IrStmt.Next n) {
                indent(b, in);
                b.append("goto jst_out;\n");
        } else if (s instanceof IrStmt.Return r) {
                indent(b, in);
                if (r.value() == null) {
                    b.append("goto jst_out;\n");
                } else if (fnReturnsString) {
                    b.append("{ jst_strcpy(h->s[").append(fnRetSlot).append("], ").append(expr(r.value()))
                            .append("); return h->s[").append(fnRetSlot).append("]; }\n");
                } else {
                    b.append("return ").append(expr(r.value())).append(";\n");
                }
        } else if (s instanceof IrStmt.Delete d) {
            delete(d, b, in);
        } else if (s instanceof IrStmt.Try t) {
            tryStmt(t, b, in);
        } else if (s instanceof IrStmt.While w) {
            loop(null, w.cond(), null, w.body(), b, in, w.span());
        } else if (s instanceof IrStmt.For f) {
            loop(f.init(), f.cond(), f.step(), f.body(), b, in, f.span());
        } else if (s instanceof IrStmt.Foreach f) {
            foreach(f, b, in);
        } else if (s instanceof IrStmt.Break && loopDepth > 0) {
            indent(b, in);
            b.append("break;\n");
        } else if (s instanceof IrStmt.Continue && loopDepth > 0) {
            indent(b, in);
            b.append("continue;\n");
        } else {
            throw new Unsupported(s.span(), "this statement in a kernel probe (" + s.getClass().getSimpleName().toLowerCase() + ")");
        }
    }

    /**
     * {@code while}/{@code for}: a C loop bounded for the verifier by a register counter of iterations, MAXACTION
     * (the kmod runtime's budget also ends a runaway loop with "MAXACTION exceeded"). The step runs on continue.
     */
    private void loop(IrExpr init, IrExpr cond, IrExpr step, IrStmt body, StringBuilder b, int in, Span span) {
        int err = error(MAXACTION, cond != null ? Near.of(cond) : "token at " + span.file() + ":" + span.line() + ":" + span.col());
        int id = loops++;
        indent(b, in);
        b.append("{\n");
        if (init != null) {
            indent(b, in + 1);
            b.append("(void)(").append(expr(init)).append(");\n");
        }
        indent(b, in + 1);
        b.append("for (__u32 it").append(id).append(" = 0; ; it").append(id).append("++").append(step == null ? "" : ", (void)(" + expr(step) + ")")
                .append(") {\n");
        indent(b, in + 2);
        b.append("if (it").append(id).append(" >= JST_MAXLOOP) ").append(fail(err, "0")).append(";\n");
        if (cond != null) {
            indent(b, in + 2);
            b.append("if (!(").append(expr(cond)).append(")) break;\n");
        }
        loopDepth++;
        stmt(body, b, in + 2);
        loopDepth--;
        indent(b, in + 1);
        b.append("}\n");
        indent(b, in);
        b.append("}\n");
    }

    private int loops;

    /** {@code foreach}: the loop over a copy of the array that {@link ForeachEmitter} takes; the body is the probe's own code. */
    private void foreach(IrStmt.Foreach f, StringBuilder b, int in) {
        ForeachWrites.check(ir, f);
        List<String> keys = new ArrayList<>();
        for (IrExpr.LocalRef k : f.keys()) keys.add(k == null ? null : local(k));
        ForeachEmitter.Loop l = foreachs.foreach(f, keys, f.value() == null ? null : local(f.value()));
        b.append(l.head());
        loopDepth++;
        stmt(f.body(), b, in + 2);
        loopDepth--;
        foreachs.end();
        b.append(l.tail());
    }
    private final java.util.Set<String> clearers = new java.util.HashSet<>();

    private void delete(IrStmt.Delete d, StringBuilder b, int in) {
        indent(b, in);
        if (d.target() instanceof IrExpr.ArrayGet a && ForeachEmitter.sliced(a.keys())) {
            b.append(foreachs.deleteSlice(a)).append('\n');
        } else if (d.target() instanceof IrExpr.ArrayGet a) {
            b.append("{ ").append(key(a.global(), a.keys())).append(" bpf_map_delete_elem(&").append(m(a.global()))
                    .append(", kp); }\n");
        } else if (d.target() instanceof IrExpr.GlobalRef gr && !g(gr.global()).isArray()) {
            String mm = m(gr.global());
            b.append("{ vt_").append(mm).append(" *p = gp_").append(mm).append("(); if (p) __builtin_memset(p, 0, sizeof(*p)); }\n");
        } else if (d.target() instanceof IrExpr.GlobalRef gr && g(gr.global()).isArray()) {
            // every element, from a bpf_for_each_map_elem callback (deleting the visited element is allowed)
            String mm = m(gr.global());
            if (clearers.add(mm)) {
                decls.append("static long jst_clear_").append(mm).append("(struct bpf_map *map, const void *key, void *value, void *ctx) {\n")
                        .append("\tbpf_map_delete_elem(map, key);\n\treturn 0;\n}\n");
            }
            b.append("bpf_for_each_map_elem(&").append(mm).append(", jst_clear_").append(mm).append(", 0, 0);\n");
        } else {
            throw new Unsupported(d.span(), "deleting this in a kernel probe");
        }
    }

    // ---------------------------------------------------------------- expressions

    private int error(String message, IrExpr at) {
        return error(message, Near.of(at));
    }

    int error(String message, String near) {
        int id = errors.size();
        errors.add(new BpfManifest.ErrorSite(id, message, near));
        return id;
    }

    /**
     * An expression that fails the hit: the error is left pending in the hit ({@code jst_pend}: reported at the probe's
     * end, {@code jst_report}) and control goes to the innermost enclosing catch of this C function, else to its end
     * (a function's caller then goes on to its own catch: {@code h->failed}). Where a catch may take it (inside a
     * try, or in a function: a caller's try) the message is written out now, as kmod's {@code last_error}; MAXACTION
     * is not catchable (kmod's jt_catchable).
     */
    String fail(int id, String value) {
        BpfManifest.ErrorSite site = errors.get(id);
        if (site.message().equals(MAXACTION)) return "({ jst_pend(h, JST_FAIL_FATAL, " + id + ", 0); goto jst_out; 0; })";
        if (catchLabels.isEmpty() && probe != null) {
            return "({ jst_pend(h, JST_FAIL_SITE, " + id + ", (__u64)(" + value + ")); goto jst_out; 0; })";
        }
        return "({ " + messageInto("h->emsg", site.message(), value) + " jst_pend(h, JST_FAIL_MSG, " + id + ", 0); goto "
                + failTarget() + "; 0; })";
    }

    static final String MAXACTION = "MAXACTION exceeded";

    /** Where an error goes from here: the innermost catch of the C function being written, else its end. */
    String failTarget() {
        return catchLabels.isEmpty() ? "jst_out" : catchLabels.peek();
    }

    /** The catch labels of the try statements around the code being written (innermost first). */
    private final java.util.ArrayDeque<String> catchLabels = new java.util.ArrayDeque<>();
    private int tries;

    /** C statements writing an error site's message ({@code %x}/{@code %016x}: the value) into {@code dst}. */
    private String messageInto(String dst, String message, String value) {
        if (!message.contains("%")) return "jst_strcpy(" + dst + ", " + strConst(message) + ");";
        String fmt = message.replace("%016x", "%016llx").replace("%x", "%llx").replace("%d", "%lld");
        return "{ __u64 fa[1] = {(__u64)(" + value + ")}; bpf_snprintf(" + dst + ", JST_MAXSTR, " + strConst(fmt) + ", fa, 8); }";
    }

    /**
     * {@code try { B } catch (e) { H }}: B's errors (its own and those of the functions it calls) go to the catch
     * label; a catchable one is cleared there, its message copied to e, and H runs; any other keeps unwinding.
     */
    private void tryStmt(IrStmt.Try t, StringBuilder b, int in) {
        int id = tries++;
        String label = "jst_catch" + id;
        indent(b, in);
        b.append("{\n");
        catchLabels.push(label);
        stmt(t.body(), b, in + 1);
        catchLabels.pop();
        indent(b, in + 1);
        b.append("goto jst_tried").append(id).append(";\n");
        indent(b, in);
        b.append("}\n").append(label).append(":\n");
        indent(b, in);
        b.append("if (h->failed != JST_FAIL_MSG) goto ").append(failTarget()).append(";\n");
        indent(b, in);
        b.append("h->failed = 0;\n");
        if (t.catchVar() != null) {
            indent(b, in);
            b.append("jst_strcpy(").append(local(t.catchVar())).append(", h->emsg);\n");
        }
        indent(b, in);
        b.append("{\n");
        stmt(t.handler(), b, in + 1);
        indent(b, in);
        b.append("}\n").append("jst_tried").append(id).append(":;\n");
    }

    /** A C expression: s64t for longs, char * for strings. */
    String expr(IrExpr e) {
        if (e instanceof IrExpr.IntConst c) return c.value() == Long.MIN_VALUE ? "(-9223372036854775807LL - 1)" : c.value() + "LL";
        if (e instanceof IrExpr.StrConst sc) return strConst(sc.value());
        if (e instanceof IrExpr.LocalRef l) return local(l);
        if (e instanceof IrExpr.GlobalRef gr) return globalRead(gr);
        if (e instanceof IrExpr.ArrayGet ag) return arrayRead(ag);
        if (e instanceof IrExpr.In i && ForeachEmitter.sliced(i.keys())) return "(" + foreachs.inSlice(i) + ")";
        if (e instanceof IrExpr.StatOp so) return foreachs.statOp(so);
        if (e instanceof IrExpr.In i) {
            return "(({ " + key(i.global(), i.keys()) + " bpf_map_lookup_elem(&" + m(i.global()) + ", kp) != 0; }) ? 1LL : 0LL)";
        }
        if (e instanceof IrExpr.Binary bin) return binary(bin);
        if (e instanceof IrExpr.Match mt) {
            String r = work(List.of(mt.value()), regex.call(mt), false, mt.span());
            return mt.negate() ? "(s64t)!" + r : r;
        }
        if (e instanceof IrExpr.Unary u) {
            return switch (u.op()) {
                case NEG -> "(s64t)(-(u64t)(" + expr(u.operand()) + "))";
                case PLUS -> "(" + expr(u.operand()) + ")";
                case NOT -> "(s64t)!(" + expr(u.operand()) + ")";
                case BITNOT -> "(s64t)~(" + expr(u.operand()) + ")";
                default -> throw new Unsupported(u.span(), "unary " + u.op().symbol);
            };
        }
        if (e instanceof IrExpr.Assign as) return assign(as);
        if (e instanceof IrExpr.IncDec i) return incDec(i);
        if (e instanceof IrExpr.Ternary t) return "((" + expr(t.cond()) + ") ? (" + expr(t.then()) + ") : (" + expr(t.otherwise()) + "))";
        if (e instanceof IrExpr.CallFunction c) return call(c);
        if (e instanceof IrExpr.CallBuiltin c) return builtin(c);
        if (e instanceof IrExpr.Print p) return print(p);
        if (e instanceof IrExpr.Aggregate ag) return aggregate(ag);
        if (e instanceof IrExpr.Target t) return target(t.access(), t);
        if (e instanceof IrExpr.EntryRef r && (r.type() != IrType.STRING || entryStr != null) && probe != null) {
            return EntryPairing.ref(r.slot(), r.type(), entryStr);
        }
        throw new Unsupported(e.span(), "this expression in a kernel probe (" + Near.what(e) + ")");
    }

    String strConst(String v) {
        String name = strConsts.get(v);
        if (name == null) {
            name = "jst_str" + strConsts.size();
            strConsts.put(v, name);
            byte[] b = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int n = Math.min(b.length, maxStr - 1);
            // padded to JST_MAXSTR: every string pointer the code handles has that many readable bytes
            decls.append("static const char ").append(name).append("[JST_MAXSTR] = ").append(cString(b, n)).append(";\n");
        }
        return "((char *)" + name + ")";
    }

    static String cString(byte[] b, int n) {
        StringBuilder o = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c == '"' || c == '\\') o.append('\\').append((char) c);
            else if (c >= 0x20 && c < 0x7f && c != '?') o.append((char) c);
            else o.append(String.format("\\%03o", c));
        }
        return o.append('"').toString();
    }

    private String local(IrExpr.LocalRef l) {
        if (l.type() == IrType.STRING) return "h->s[" + localSlot[l.slot()] + "]";
        return "l" + l.slot();
    }

    private String globalRead(IrExpr.GlobalRef gr) {
        IrGlobal gl = g(gr.global());
        String mm = m(gr.global());
        if (gl.isArray()) throw new Unsupported(gr.span(), "an array used as a value");
        if (gl.type() == IrType.STRING) return "({ vt_" + mm + " *p = gp_" + mm + "(); p ? (char *)*p : (char *)jst_empty; })";
        return "({ vt_" + mm + " *p = gp_" + mm + "(); p ? *p : 0; })";
    }

    /**
     * Statements that leave {@code kp} pointing at the key of {@code global} filled from {@code keys} (in the per-CPU
     * key buffer, zeroed first: the hash covers every byte). Key expressions are evaluated before the buffer is
     * written, so a key that reads another array is safe.
     */
    String key(String global, List<IrExpr> keys) {
        return key(global, keys, false);
    }

    /** {@link #key} of a slice: a {@code *} column is left zero (the slice matcher skips it). */
    String sliceKey(String global, List<IrExpr> keys) {
        return key(global, keys, true);
    }

    private String key(String global, List<IrExpr> keys, boolean wild) {
        IrGlobal gl = g(global);
        String mm = m(global);
        int sk = strKeySize(gl);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            IrExpr k = keys.get(i);
            if (k instanceof IrExpr.AnyKey && wild) continue;
            if (k instanceof IrExpr.AnyKey) throw new Unsupported(k.span(), "array slices (*) in a kernel probe");
            b.append(k.type() == IrType.STRING ? "const char *" : "s64t ").append("kc").append(i).append(" = ").append(expr(k)).append("; ");
        }
        b.append("struct k_").append(mm).append(" *kp = (void *)h->key; __builtin_memset(kp, 0, sizeof(*kp)); ");
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) instanceof IrExpr.AnyKey) continue;
            if (keys.get(i).type() == IrType.STRING) {
                b.append("if (bpf_probe_read_kernel_str(kp->c").append(i).append(", ").append(sk).append(", kc").append(i)
                        .append(") < 0) kp->c").append(i).append("[0] = 0; ");
            } else {
                b.append("kp->c").append(i).append(" = kc").append(i).append("; ");
            }
        }
        return b.toString();
    }

    private String arrayRead(IrExpr.ArrayGet a) {
        String mm = m(a.global());
        boolean str = g(a.global()).type() == IrType.STRING;
        return "({ " + key(a.global(), a.keys()) + "vt_" + mm + " *v = bpf_map_lookup_elem(&" + mm + ", kp); "
                + (str ? "v ? (char *)*v : (char *)jst_empty; })" : "v ? *v : 0; })");
    }

    /** A pointer {@code vp} to the element, inserted (zero) when absent; "Array overflow" when the map is full. */
    private String arraySlot(IrExpr.ArrayGet a, IrExpr at) {
        IrGlobal gl = g(a.global());
        String mm = m(a.global());
        long max = gl.maxEntries() != null ? gl.maxEntries() : maxMapEntries;
        int err = error("Array overflow, check size limit (" + max + ")", Near.of(a));
        // the hit that creates the element stamps it (kmod's order: creation, a re-created one last); a statistic's
        // CPU partial is stamped at its first <<< instead (aggregate)
        String stamp = gl.type() == IrType.STATS ? "" : "if (!ur) ((struct ve_" + mm + " *)vp)->t = jst_stamp(" + globalIndex.get(a.global()) + "); ";
        return key(a.global(), a.keys()) + "vt_" + mm + " *vp = bpf_map_lookup_elem(&" + mm + ", kp); "
                + "if (!vp) { long ur = bpf_map_update_elem(&" + mm + ", kp, (void *)jst_zero, BPF_NOEXIST); "
                + "vp = bpf_map_lookup_elem(&" + mm + ", kp); if (!vp) " + fail(err, "0") + "; " + stamp + "} ";
    }

    private String binary(IrExpr.Binary b) {
        BinaryOp op = b.op();
        if (op == BinaryOp.CONCAT) {
            int k = slot(b.span());
            return "({ const char *ca = " + expr(b.left()) + "; const char *cb = " + expr(b.right()) + "; jst_concat(h->s[" + k + "], ca, cb); (char *)h->s[" + k + "]; })";
        }
        if (b.left().type() == IrType.STRING) {
            String cmp = "jst_strcmp(" + expr(b.left()) + ", " + expr(b.right()) + ")";
            return switch (op) {
                case EQ -> "(s64t)(" + cmp + " == 0)";
                case NE -> "(s64t)(" + cmp + " != 0)";
                case LT -> "(s64t)(" + cmp + " < 0)";
                case LE -> "(s64t)(" + cmp + " <= 0)";
                case GT -> "(s64t)(" + cmp + " > 0)";
                case GE -> "(s64t)(" + cmp + " >= 0)";
                default -> throw new Unsupported(b.span(), "string operator '" + op.symbol + "' in a kernel probe");
            };
        }
        String l = expr(b.left()), r = expr(b.right());
        return switch (op) {
            case ADD -> "(s64t)((u64t)(" + l + ") + (u64t)(" + r + "))";
            case SUB -> "(s64t)((u64t)(" + l + ") - (u64t)(" + r + "))";
            case MUL -> "(s64t)((u64t)(" + l + ") * (u64t)(" + r + "))";
            case DIV, MOD -> {
                int err = error("division by 0", b);
                yield "({ s64t a = " + l + ", d = " + r + "; if (d == 0) " + fail(err, "0") + "; "
                        + (op == BinaryOp.DIV ? "jst_div(a, d)" : "jst_mod(a, d)") + "; })";
            }
            case SHL -> "(s64t)((u64t)(" + l + ") << ((" + r + ") & 63))";
            case SHR -> "((s64t)(" + l + ") >> ((" + r + ") & 63))";
            case USHR -> "(s64t)((u64t)(" + l + ") >> ((" + r + ") & 63))";
            case LT -> "(s64t)((" + l + ") < (" + r + "))";
            case LE -> "(s64t)((" + l + ") <= (" + r + "))";
            case GT -> "(s64t)((" + l + ") > (" + r + "))";
            case GE -> "(s64t)((" + l + ") >= (" + r + "))";
            case EQ -> "(s64t)((" + l + ") == (" + r + "))";
            case NE -> "(s64t)((" + l + ") != (" + r + "))";
            case BITAND -> "((" + l + ") & (" + r + "))";
            case BITOR -> "((" + l + ") | (" + r + "))";
            case BITXOR -> "((" + l + ") ^ (" + r + "))";
            case AND -> "(s64t)((" + l + ") && (" + r + "))";
            case OR -> "(s64t)((" + l + ") || (" + r + "))";
            default -> throw new Unsupported(b.span(), "operator '" + op.symbol + "' in a kernel probe");
        };
    }

    /** {@code op=} on a long: the new value from the old one {@code o} and the operand {@code v}. */
    private String combine(AssignOp op, String o, String v, IrExpr at) {
        return switch (op) {
            case ASSIGN -> v;
            case ADD -> "(s64t)((u64t)" + o + " + (u64t)" + v + ")";
            case SUB -> "(s64t)((u64t)" + o + " - (u64t)" + v + ")";
            case MUL -> "(s64t)((u64t)" + o + " * (u64t)" + v + ")";
            case DIV, MOD -> {
                int err = error("division by 0", at);
                yield "({ if (" + v + " == 0) " + fail(err, "0") + "; " + (op == AssignOp.DIV ? "jst_div(" : "jst_mod(") + o + ", " + v + "); })";
            }
            case SHL -> "(s64t)((u64t)" + o + " << (" + v + " & 63))";
            case SHR -> "(" + o + " >> (" + v + " & 63))";
            case AND -> "(" + o + " & " + v + ")";
            case OR -> "(" + o + " | " + v + ")";
            case XOR -> "(" + o + " ^ " + v + ")";
            case CONCAT -> throw new Unsupported(at.span(), "'.=' in a kernel probe (not yet)");
        };
    }

    private String assign(IrExpr.Assign a) {
        IrExpr t = a.target();
        if (t.type() == IrType.STRING) {
            if (a.op() != AssignOp.ASSIGN && a.op() != AssignOp.CONCAT) {
                throw new Unsupported(a.span(), "'" + a.op().symbol + "' on a string in a kernel probe");
            }
            String v = a.op() == AssignOp.CONCAT
                    ? expr(new IrExpr.Binary(a.span(), IrType.STRING, BinaryOp.CONCAT, t, a.value())) : expr(a.value());
            if (t instanceof IrExpr.LocalRef l) {
                String dst = "h->s[" + localSlot[l.slot()] + "]";
                return "({ const char *sv = " + v + "; jst_strcpy(" + dst + ", sv); (char *)" + dst + "; })";
            }
            if (t instanceof IrExpr.GlobalRef gr) {
                String mm = m(gr.global());
                return "({ const char *sv = " + v + "; vt_" + mm + " *p = gp_" + mm + "(); if (p) jst_strcpy(*p, sv); p ? (char *)*p : (char *)jst_empty; })";
            }
            if (t instanceof IrExpr.ArrayGet ag) {
                return "({ const char *sv = " + v + "; " + arraySlot(ag, a) + "jst_strcpy(*vp, sv); (char *)*vp; })";
            }
            throw new Unsupported(t.span(), "assigning to this in a kernel probe");
        }
        String v = expr(a.value());
        if (t instanceof IrExpr.LocalRef l) {
            return "({ s64t v = " + v + "; l" + l.slot() + " = " + combine(a.op(), "l" + l.slot(), "v", a) + "; })";
        }
        if (t instanceof IrExpr.GlobalRef gr) {
            String mm = m(gr.global());
            if (a.op() == AssignOp.ADD) return "({ s64t v = " + v + "; vt_" + mm + " *p = gp_" + mm + "(); p ? __sync_fetch_and_add(p, v) + v : 0; })";
            if (a.op() == AssignOp.SUB) return "({ s64t v = " + v + "; vt_" + mm + " *p = gp_" + mm + "(); p ? __sync_fetch_and_add(p, -v) - v : 0; })";
            return "({ s64t v = " + v + "; vt_" + mm + " *p = gp_" + mm + "(); s64t nv = 0; if (p) { nv = " + combine(a.op(), "*p", "v", a) + "; *p = nv; } nv; })";
        }
        if (t instanceof IrExpr.ArrayGet ag) {
            if (a.op() == AssignOp.ADD) return "({ s64t v = " + v + "; " + arraySlot(ag, a) + "__sync_fetch_and_add(vp, v) + v; })";
            if (a.op() == AssignOp.SUB) return "({ s64t v = " + v + "; " + arraySlot(ag, a) + "__sync_fetch_and_add(vp, -v) - v; })";
            return "({ s64t v = " + v + "; " + arraySlot(ag, a) + "s64t nv = " + combine(a.op(), "*vp", "v", a) + "; *vp = nv; nv; })";
        }
        throw new Unsupported(t.span(), "assigning to this in a kernel probe");
    }

    private String incDec(IrExpr.IncDec i) {
        String d = i.increment() ? "1" : "-1";
        String ret = i.prefix() ? "o + " + d : "o";
        if (i.target() instanceof IrExpr.LocalRef l) return "({ s64t o = l" + l.slot() + "; l" + l.slot() + " = o + " + d + "; " + ret + "; })";
        if (i.target() instanceof IrExpr.GlobalRef gr) {
            String mm = m(gr.global());
            return "({ vt_" + mm + " *p = gp_" + mm + "(); s64t o = p ? __sync_fetch_and_add(p, " + d + ") : 0; " + ret + "; })";
        }
        if (i.target() instanceof IrExpr.ArrayGet ag) return "({ " + arraySlot(ag, i) + "s64t o = __sync_fetch_and_add(vp, " + d + "); " + ret + "; })";
        throw new Unsupported(i.span(), "++/-- on this in a kernel probe");
    }

    /**
     * Tapset functions whose script bodies loop over a string with a string function per character (strpos,
     * text_strn): in BPF the verifier walks every iteration of such a loop, so they are jstap_bpf.h's loops instead,
     * with the same results.
     */
    private static final java.util.Set<String> IN_BPF = java.util.Set.of("strpos/2", "text_strn/3", "__pp_find/2", "user_mode/0",
            "uaddr/0");

    private static boolean inBpf(IrFunction f) {
        return f.library() && IN_BPF.contains(f.name() + "/" + f.params().size()) || BpfStacks.handles(f)
                || TapsetHelpers.handles(f) || GuruRefusals.handles(f)
                || BpfUStacks.handles(f);
    }

    private String tapsetInBpf(IrFunction f, IrExpr.CallFunction c) {
        if (BpfStacks.handles(f)) return stacks.call(f, c);
        if (TapsetHelpers.handles(f)) return helpers.call(f, c);
        if (GuruRefusals.handles(f)) throw new Unsupported(c.span(), GuruRefusals.why(f), org.jstap.api.diag.Codes.TRANSLATE_BACKEND_REFUSED);
        if (BpfUStacks.handles(f)) return ustacks.call(f, c);
        List<IrExpr> a = c.args();
        return switch (f.name()) {
            case "strpos", "__pp_find" -> work(a, "jst_g_find(w, 0)", false, c.span());
            case "text_strn" -> "({ s64t ln = " + expr(a.get(1)) + ", qt = " + expr(a.get(2)) + "; "
                    + work(List.of(a.get(0)), "jst_g_textn(w, ln, qt)", true, c.span()) + "; })";
            // embedded C in the tapset: whether the probe's saved registers are user mode (none: 0, as kmod)
            case "user_mode" -> switch (ctxKind) {
                // the whole word loaded: a perf context refuses a 2-byte load of cs (a u16 in newer pt_regs)
                case "regs" -> "({ u64t cs = ctx->cs; asm volatile(\"\" : \"+r\"(cs)); (s64t)((cs & 3) == 3); })";
                case "perf" -> "({ u64t cs = *(volatile u64t *)((char *)ctx + __builtin_offsetof(struct bpf_perf_event_data, regs)"
                        + " + __builtin_offsetof(struct pt_regs, cs)); (s64t)((cs & 3) == 3); })";
                case "fn" -> throw new Unsupported(c.span(), "user_mode() in a function (it reads the probe's registers:"
                        + " call it in the probe's body)");
                default -> "0LL";
            };
            case "uaddr" -> AddrFunctions.uaddr();
            default -> throw new IllegalStateException(f.name());
        };
    }

    private String call(IrExpr.CallFunction c) {
        IrFunction f = ir.function(c.function());
        if (f != null && inBpf(f)) return tapsetInBpf(f, c);
        if (f == null || !(f.body() instanceof IrFunction.Body.Script)) {
            throw new Unsupported(c.span(), "function '" + c.function() + "' (embedded C) in a kernel probe");
        }
        StringBuilder b = new StringBuilder("({ ");
        for (int i = 0; i < c.args().size(); i++) {
            IrExpr a = c.args().get(i);
            b.append(a.type() == IrType.STRING ? "const char *" : "s64t ").append("a").append(i).append(" = ").append(expr(a)).append("; ");
        }
        Nesting.Instance callee = nesting.callee(fnDepth, f.id());
        if (callee == null) {
            // the frame this call needs is MAXNESTING + 1: kmod's jst_nest_enter error, after the arguments
            b.append(fail(error("MAXNESTING exceeded", c), "0")).append("; ");
            return b.append(f.returnType() == IrType.STRING ? "(char *)jst_empty; })" : "0LL; })").toString();
        }
        b.append(f.returnType() == IrType.STRING ? "char *" : "s64t").append(" r = ").append(callee.cName()).append("(h, ctx");
        for (int i = 0; i < c.args().size(); i++) b.append(", a").append(i);
        b.append("); if (h->failed) goto ").append(failTarget()).append("; ");
        if (f.returnType() == IrType.STRING) {
            // the callee's return slot is its own: the next call of it (f(1) . f(2)) would overwrite this value
            int k = slot(c.span());
            b.append("jst_strcpy(h->s[").append(k).append("], r); r = h->s[").append(k).append("]; ");
        }
        b.append("r; })");
        return b.toString();
    }

    private String task() {
        return "((struct task_struct *)bpf_get_current_task())";
    }

    private String builtin(IrExpr.CallBuiltin c) {
        List<IrExpr> a = c.args();
        return switch (c.builtin()) {
            case PID -> "(s64t)(bpf_get_current_pid_tgid() >> 32)";
            case TID -> "(s64t)(__u32)bpf_get_current_pid_tgid()";
            case UID -> "(s64t)(__u32)bpf_get_current_uid_gid()";
            case GID -> "(s64t)(bpf_get_current_uid_gid() >> 32)";
            case EUID -> "(s64t)BPF_CORE_READ(" + task() + ", cred, euid.val)";
            case EGID -> "(s64t)BPF_CORE_READ(" + task() + ", cred, egid.val)";
            case PPID -> "(s64t)BPF_CORE_READ(" + task() + ", real_parent, tgid)";
            case CPU -> "(s64t)bpf_get_smp_processor_id()";
            case TASK_CURRENT -> "(s64t)bpf_get_current_task()";
            case TARGET -> "jst_target()";
            case EXECNAME -> {
                int s = slot(c.span());
                yield "({ bpf_get_current_comm(h->s[" + s + "], 16); (char *)h->s[" + s + "]; })";
            }
            case PP -> probeFact(p -> strConst(p.point()));
            case PN -> probeFact(p -> strConst(p.pn()));
            case PROBE_TYPE -> probeFact(p -> strConst(org.jstap.api.ir.ProbeType.of(p.site())));
            case PPFUNC, PROBEFUNC -> probe != null && probe.site() instanceof IrSite.Profile
                    ? ProfileEmitter.probefunc(slot(c.span()), strConst("%ps")) : probeFact(p -> strConst(p.function()));
            case IS_RETURN -> probeFact(p -> p.site() instanceof IrSite.Process u && u.isReturn()
                    || KprobeSite.of(p.site()) != null && KprobeSite.of(p.site()).isReturn() ? "1LL" : "0LL");
            case GETTIMEOFDAY_NS -> "(s64t)jst_realtime_ns()";
            case LOCAL_CLOCK_NS, KTIME_GET_NS, GET_CYCLES -> "(s64t)bpf_ktime_get_ns()";
            case JIFFIES -> "(s64t)bpf_jiffies64()";
            case HZ -> helpers.hz();
            case STP_PID -> "0LL";
            case KERNEL_STRING, USER_STRING, KERNEL_STRING_N, USER_STRING_N -> {
                boolean user = c.builtin() == Builtin.USER_STRING || c.builtin() == Builtin.USER_STRING_N;
                boolean n = c.builtin() == Builtin.KERNEL_STRING_N || c.builtin() == Builtin.USER_STRING_N;
                int s = slot(c.span());
                int err = error(user ? "user string copy fault -14 at 0x%x [man error::fault]"
                        : "kernel string copy fault at 0x%x [man error::fault]", c);
                String len = n ? "({ s64t n = " + expr(a.get(1)) + "; n < 0 ? 0 : n + 1 > JST_MAXSTR ? JST_MAXSTR : n + 1; })" : "JST_MAXSTR";
                // the barrier: clang checked the bound on a copy of ln and passed the unchecked one (verifier: unbounded)
                yield "({ u64t ad = " + expr(a.get(0)) + "; u64t ln = " + len + "; asm volatile(\"\" : \"+r\"(ln)); if (ln > JST_MAXSTR) ln = JST_MAXSTR; "
                        + "if (ln == 0) { h->s[" + s + "][0] = 0; } else if (bpf_probe_read_" + (user ? "user" : "kernel")
                        + "_str(h->s[" + s + "], ln, (void *)ad) < 0) " + fail(err, "ad") + "; (char *)h->s[" + s + "]; })";
            }
            case KERNEL_LONG, KERNEL_INT, KERNEL_SHORT, KERNEL_CHAR, USER_LONG, USER_INT -> {
                boolean user = c.builtin() == Builtin.USER_LONG || c.builtin() == Builtin.USER_INT;
                String t = switch (c.builtin()) {
                    case KERNEL_LONG, USER_LONG -> "s64t";
                    case KERNEL_INT, USER_INT -> "int";
                    case KERNEL_SHORT -> "short";
                    default -> "char";
                };
                // kmod's wording per reader ("kernel int copy fault ..."); user_long/user_int answer 0 on a fault
                String onFault = user ? "v = 0"
                        : fail(error(c.builtin().scriptName.replace('_', ' ') + " copy fault at 0x%x [man error::fault]", c), "ad");
                yield "({ u64t ad = " + expr(a.get(0)) + "; " + t + " v = 0; if (bpf_probe_read_" + (user ? "user" : "kernel")
                        + "(&v, sizeof(v), (void *)ad)) " + onFault + "; (s64t)v; })";
            }
            case READ_MEM -> {
                // __jst_read(addr, bytes, signed, user): the sizes are constants in the tapset
                if (!(a.get(1) instanceof IrExpr.IntConst sz) || !(a.get(2) instanceof IrExpr.IntConst sg)
                        || !(a.get(3) instanceof IrExpr.IntConst us)) {
                    // passed down as arguments (uconversions.stp's __jst_user_read0): chosen at run time
                    helpers.use();
                    String onFault = quietFlag != null ? quietFlag + " = 1" : fail(error("read fault [man error::fault] at 0x%x", c), "ad");
                    yield "({ u64t ad = " + expr(a.get(0)) + "; s64t rz = " + expr(a.get(1)) + ", rs = " + expr(a.get(2))
                            + ", ru = " + expr(a.get(3)) + ", v = 0; if (jst_read_mem(ad, rz, rs, ru, &v)) " + onFault + "; v; })";
                }
                yield read(expr(a.get(0)), (int) sz.value(), sg.value() != 0, us.value() != 0, Near.of(c),
                        "read fault [man error::fault] at 0x%x");
            }
            case STRLEN -> "(s64t)jst_strlen(" + expr(a.get(0)) + ")";
            case SUBSTR -> {
                int s = slot(c.span());
                yield "({ const char *ss = " + expr(a.get(0)) + "; s64t st = " + expr(a.get(1)) + "; s64t ln = " + expr(a.get(2))
                        + "; jst_substr(h->s[" + s + "], ss, st, ln); (char *)h->s[" + s + "]; })";
            }
            case STR_REPLACE -> work(c, "jst_g_replace(w)", true);
            case TEXT_STR -> work(c, "jst_g_text(w)", true);
            case TOKENIZE -> work(c, "jst_g_tokenize(w)", true);
            case ISINSTR -> work(c, "(s64t)(jst_g_find(w, 0) >= 0)", false);
            case STRTOL -> "({ s64t bs = " + expr(a.get(1)) + "; "
                    + work(List.of(a.get(0)), "jst_g_strtol(w, bs)", false, c.span()) + "; })";
            case STRINGAT -> {
                int err = error("Position out of bounds", c);
                yield "({ const char *ss = " + expr(a.get(0)) + "; s64t ix = " + expr(a.get(1)) + "; if (ix < 0 || ix >= jst_strlen(ss)) "
                        + fail(err, "0") + "; (s64t)(unsigned char)ss[jst_index(ix, JST_MAXSTR)]; })";
            }
            case REGISTER -> register(c);
            case KREGISTER_N, UREGISTER_N -> dwarfRegister(c);
            case KERNEL_ADDRESS -> kernelAddress(c);
            case EXIT -> "({ jst_exit(); goto jst_out; 0LL; })";
            // leaves the handler at once, as stap's abort(), through the functions' callers and their catches
            case ABORT -> "({ jst_exit(); h->failed = JST_FAIL_ABORT; goto jst_out; 0LL; })";
            case SYSTEM -> throw new Unsupported(c.span(), "function system() in a kernel probe (the command runs in"
                    + " user space; call it from a begin, end or timer probe)");
            // a record after this hit's prints so far: user space switches -o's file there (RecordHandler)
            case SWITCH_FILE -> "({ jst_event(JST_REC_SWITCH, 0, 0); 0LL; })";
            case PERF_READ -> {
                String name = a.get(0) instanceof IrExpr.StrConst k ? k.value() : null;
                String r = name == null ? null : perfCounters.read(name);
                if (r == null) throw new Unsupported(c.span(), "@perf(\"" + name + "\"): no such counter");
                yield r;
            }
            case ERROR, WARN -> message(c);
            case MATCHED -> matched(c);
            default -> throw new Unsupported(c.span(), "function " + c.builtin().scriptName + "() in a kernel probe (not yet)");
        };
    }

    /** Group n of this CPU's last =~ (BpfSubmatch), with stap's two errors as kmod's. */
    private String matched(IrExpr.CallBuiltin c) {
        int nosub = error("Attempted to get nonexistent subexpression %d", c);
        int failed = error("Attempted to get subexpression %d from failed match", c);
        int k = slot(c.span());
        return "({ s64t mn = " + expr(c.args().get(0)) + "; char *r = h->s[" + k + "]; r[0] = 0; struct jst_work *w = jst_work(); "
                + "s64t rc = 1; if (w) { rc = jst_g_matched(w, mn); jst_strcpy(r, w->out); } if (rc == 1) " + fail(nosub, "mn")
                + "; if (rc == 2) " + fail(failed, "mn") + "; r; })";
    }

    private String work(IrExpr.CallBuiltin c, String call, boolean string) {
        return work(c.args(), call, string, c.span());
    }

    /**
     * A string function of jstap_bpf.h's work area: the string arguments (evaluated first: one may be another such
     * call) copied into its a, b, c, then {@code call} (over {@code w}); a string result is copied out of its out.
     */
    private String work(List<IrExpr> args, String call, boolean string, Span span) {
        StringBuilder b = new StringBuilder("({ ");
        for (int i = 0; i < args.size(); i++) b.append("const char *w").append(i).append(" = ").append(expr(args.get(i))).append("; ");
        b.append("struct jst_work *w = jst_work(); ");
        int k = string ? slot(span) : -1;
        b.append(string ? "char *r = h->s[" + k + "]; r[0] = 0; " : "s64t r = 0; ");
        b.append("if (w) { ");
        for (int i = 0; i < args.size(); i++) b.append("jst_strcpy(w->").append((char) ('a' + i)).append(", w").append(i).append("); ");
        if (string) b.append("(void)").append(call).append("; jst_strcpy(r, w->out); } r; })");
        else b.append("r = ").append(call).append("; } r; })");
        return b.toString();
    }

    /**
     * What the probe being run says of itself (pp(), pn(), probe_type()...): a constant in a probe; in a function,
     * chosen by the hit's probe number (h->pidx, set at the probe's entry), as kmod's functions see their caller's
     * probe.
     */
    private String probeFact(java.util.function.Function<IrProbe, String> fact) {
        if (probe != null) return fact.apply(probe);
        StringBuilder b = new StringBuilder("({ __typeof__(").append(fact.apply(ir.probes().get(0))).append(") r = 0; switch (h->pidx) { ");
        for (int i = 0; i < ir.probes().size(); i++) {
            if (kernelSide(ir.probes().get(i).site())) b.append("case ").append(i).append(": r = ").append(fact.apply(ir.probes().get(i))).append("; break; ");
        }
        String dflt = fact.apply(ir.probes().get(0)).endsWith("LL") ? "0LL" : "(char *)jst_empty";
        return b.append("default: r = ").append(dflt).append("; } r; })").toString();
    }

    private static final java.util.Set<String> REGS = java.util.Set.of("r15", "r14", "r13", "r12", "bp", "bx", "r11",
            "r10", "r9", "r8", "ax", "cx", "dx", "si", "di", "orig_ax", "ip", "cs", "flags", "sp", "ss");

    /** register("ax"): the probe's saved pt_regs (a uprobe's or a perf event's); "rax"/"eax" name the same slot. */
    private String register(IrExpr.CallBuiltin c) {
        if (!(c.args().get(0) instanceof IrExpr.StrConst name)) throw new Unsupported(c.span(), "register() of a computed name");
        String r = name.value();
        if (r.length() == 3 && (r.startsWith("r") || r.startsWith("e")) && REGS.contains(r.substring(1))) r = r.substring(1);
        if (!REGS.contains(r)) throw new Unsupported(c.span(), "register '" + name.value() + "'");
        if (ctxKind.equals("regs")) return "(s64t)ctx->" + r;
        if (ctxKind.equals("perf")) return "(s64t)ctx->regs." + r;
        if (ctxKind.equals("fn")) {
            // a function (returnval(), returnstr()): its ctx is the calling probe's, of the kind h->ctxk says; read
            // through the helper (a kprobe/uprobe ctx is the pt_regs, a perf event's points to them)
            String off = "__builtin_offsetof(struct pt_regs, " + r + ")";
            return "({ s64t rv = 0; if (h->ctxk == 1) bpf_probe_read_kernel(&rv, 8, (char *)ctx + " + off + "); "
                    + "else if (h->ctxk == 2) { struct pt_regs *pr = BPF_CORE_READ((struct bpf_perf_event_data_kern *)ctx, regs); "
                    + "bpf_probe_read_kernel(&rv, 8, (char *)pr + " + off + "); } rv; })";
        }
        return "0LL"; // no registers here (tracepoints), as stap's 0 without a pt_regs
    }

    private final Set<String> ksyms = new HashSet<>();

    /**
     * A kernel symbol's running address plus N (a static variable's, KASLR moved it at boot): a typeless
     * {@code __ksym} extern, which libbpf resolves from the loading machine's kallsyms.
     */
    private String kernelAddress(IrExpr.CallBuiltin c) {
        String sym = ((IrExpr.StrConst) c.args().get(0)).value();
        if (ksyms.add(sym)) decls.append("extern const void ").append(sym).append(" __ksym;\n");
        return "((s64t)((unsigned long)&" + sym + " + (unsigned long)(" + expr(c.args().get(1)) + ")))";
    }

    /**
     * {@code @kregister(N)}/{@code @uregister(N)}, as kmod's jt_dwarf_register and stap 4.8 (measured): the hit's own
     * registers, kernel ones only where it interrupted the kernel (cs's privilege level), user ones only where it
     * interrupted user space (uprobes, a timer.profile tick in user mode); stap's "register access fault" otherwise
     * (a kprobe's @uregister too). Mostly in functions (stap accepts them only there), where the calling probe's
     * kind is h->ctxk.
     */
    private String dwarfRegister(IrExpr.CallBuiltin c) {
        boolean user = c.builtin() == Builtin.UREGISTER_N;
        String reg = Builtin.X86_64_DWARF_REGISTERS.get((int) ((IrExpr.IntConst) c.args().get(0)).value());
        String regs = probeRegs();
        String none = fail(error(Builtin.REGISTER_FAULT, c), "0");
        StringBuilder b = new StringBuilder("({ struct pt_regs *pr = ").append(regs).append("; __u64 cs = 0; ")
                .append("if (pr) bpf_probe_read_kernel(&cs, 8, (char *)pr + __builtin_offsetof(struct pt_regs, cs)); ");
        b.append(user ? "if (pr && (cs & 3) != 3) pr = (struct pt_regs *)0; " : "if (pr && (cs & 3) == 3) pr = (struct pt_regs *)0; ");
        return b.append("if (!pr) ").append(none).append("; s64t rv = 0; bpf_probe_read_kernel(&rv, 8, (char *)pr + ")
                .append("__builtin_offsetof(struct pt_regs, ").append(reg).append(")); rv; })").toString();
    }

    /** The probe's saved registers as a {@code struct pt_regs *} (a kprobe's, a uprobe's, a perf event's), else 0. */
    String probeRegs() {
        String perfRegs = "BPF_CORE_READ((struct bpf_perf_event_data_kern *)ctx, regs)";
        return switch (ctxKind) {
            case "regs" -> "(struct pt_regs *)ctx";
            case "perf" -> perfRegs;
            case "fn" -> "(h->ctxk == 1 ? (struct pt_regs *)ctx : h->ctxk == 2 ? " + perfRegs + " : (struct pt_regs *)0)";
            default -> "(struct pt_regs *)0";
        };
    }

    /** error(msg)/warn(msg): a record carrying the message; error also ends the run like any runtime error. */
    private String message(IrExpr.CallBuiltin c) {
        boolean isError = c.builtin() == Builtin.ERROR;
        if (isError) {
            // pending like any error (a catch takes its message); reported at the probe's end
            int id = error("%s", Near.of(c));
            return "({ const char *ms = " + expr(c.args().get(0)) + "; jst_strcpy(h->emsg, ms); jst_pend(h, JST_FAIL_MSG, " + id
                    + ", 0); goto " + failTarget() + "; 0LL; })";
        }
        String rec = "struct { struct jst_rec r; char m[JST_MAXSTR]; }";
        return "({ const char *ms = " + expr(c.args().get(0)) + "; " + rec + " *rc = bpf_ringbuf_reserve(&jst_events, sizeof(*rc), 0); "
                + "if (rc) { rc->r.kind = JST_REC_WARN; rc->r.id = 0; rc->r.a0 = 0; jst_strcpy(rc->m, ms); bpf_ringbuf_submit(rc, 0); } else jst_lost_one(); 0LL; })";
    }

    /** A typed read of {@code bytes} at an address, sign- or zero-extended; a fault fails the hit. */
    private String read(String addr, int bytes, boolean signed, boolean user, String near) {
        return read(addr, bytes, signed, user, near, (user ? "user" : "kernel") + " read fault at 0x%016x");
    }

    private String read(String addr, int bytes, boolean signed, boolean user, String near, String message) {
        String t = switch (bytes) {
            case 1 -> signed ? "__s8" : "__u8";
            case 2 -> signed ? "__s16" : "__u16";
            case 4 -> signed ? "__s32" : "__u32";
            default -> signed ? "__s64" : "__u64";
        };
        // a member of a pretty-printed struct reads quietly: a fault prints it as ?
        String onFault = quietFlag != null ? quietFlag + " = 1" : fail(error(message, near), "ad");
        return "({ u64t ad = " + addr + "; " + t + " v = 0; if (bpf_probe_read_" + (user ? "user" : "kernel")
                + "(&v, sizeof(v), (void *)ad)) " + onFault + "; (s64t)v; })";
    }

    /**
     * The members a load-time {@code @defined} names that pass 2's BTF (and so vmlinux.h) lacks, in a local flavour
     * of their struct ({@code struct T___jst}, matched to the running kernel's {@code struct T} by libbpf): declared
     * {@code long long}, as CO-RE takes any integer size and signedness for one (they are read at their relocated
     * size and signedness).
     */
    private String flavours() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, java.util.Set<String>> e : org.jstap.irtools.CoreExistence.absentMembers(ir).entrySet()) {
            b.append(flavour(e.getKey())).append(" {");
            for (String m : e.getValue()) b.append(" long long ").append(m).append(';');
            b.append(" } __attribute__((preserve_access_index));\n");
        }
        return b.toString();
    }

    private static String flavour(String type) {
        return type + "___jst";
    }

    /**
     * {@code @defined} decided at load: 1 when every member the access names exists in the running kernel (each a
     * constant libbpf relocates; the verifier then drops the branch not taken, with its relocations that failed).
     */
    private static String exists(TargetAccess acc) {
        StringBuilder b = new StringBuilder("(s64t)(1");
        for (TargetAccess.Field f : org.jstap.irtools.CoreExistence.fields(acc)) {
            TargetAccess.Field named = org.jstap.irtools.CoreExistence.absent(acc, f)
                    ? new TargetAccess.Field(flavour(f.type()), f.path(), true) : f;
            b.append(" && __builtin_preserve_field_info(").append(named.cAccess("0")).append(", BPF_FIELD_EXISTS)");
        }
        return b.append(")").toString();
    }

    /** An integer member pass 2's BTF lacks, of the object at {@code base}: offset, size and signedness relocated. */
    private static String coreAbsent(String base, TargetAccess.Field f) {
        return "({ u64t cb = (u64t)(" + base + "); (s64t)BPF_CORE_READ_BITFIELD_PROBED(((" + flavour(f.type())
                + " *)cb), " + f.path().get(0) + "); })";
    }

    private String target(TargetAccess acc, IrExpr at) {
        if (acc.result() instanceof TargetAccess.Result.Exists) return exists(acc);
        TargetAccess.Source src = acc.source();
        String v;
        if (src instanceof TargetAccess.Source.TracepointArg t) {
            v = tracepointArg(t, at);
        } else if (ArgSlots.placed(src) && ctxKind.equals("regs") && probe != null
                && probe.site() instanceof IrSite.KernelFunction kf) {
            // a kernel function's parameter: placed by the running kernel's prototype at load (ArgSlots)
            int k = args.slot(kf, src);
            v = src instanceof TargetAccess.Source.ArgAddress ? ArgSlots.address(k)
                    : ArgSlots.value(k, a -> read(a, 8, false, false, Near.of(at)));
        } else if (src instanceof TargetAccess.Source.Arg ar) {
            if (!ctxKind.equals("regs")) throw new Unsupported(at.span(), "$" + ar.register() + " outside a uprobe or kprobe");
            v = "(s64t)ctx->" + ar.register();
        } else if (src instanceof TargetAccess.Source.Register r) {
            if (!ctxKind.equals("regs")) throw new Unsupported(at.span(), "registers outside a uprobe");
            v = "(s64t)ctx->" + r.name();
        } else if (src instanceof TargetAccess.Source.ReturnValue) {
            if (!ctxKind.equals("regs")) throw new Unsupported(at.span(), "$return outside a uprobe");
            v = "(s64t)ctx->ax";
        } else if (src instanceof TargetAccess.Source.Value val) {
            v = expr(val.value());
        } else if (src instanceof TargetAccess.Source.Base && prettyBase != null) {
            v = prettyBase;
        } else {
            throw new Unsupported(at.span(), "this target variable in a kernel probe");
        }
        v = steps(v, acc, at);
        if (acc.result() instanceof TargetAccess.Result.Int i) {
            return switch (i.bytes()) {
                case 1 -> i.signed() ? "(s64t)(__s8)(" + v + ")" : "(s64t)(__u8)(" + v + ")";
                case 2 -> i.signed() ? "(s64t)(__s16)(" + v + ")" : "(s64t)(__u16)(" + v + ")";
                case 4 -> i.signed() ? "(s64t)(__s32)(" + v + ")" : "(s64t)(__u32)(" + v + ")";
                default -> "(s64t)(" + v + ")";
            };
        }
        if (acc.result() instanceof TargetAccess.Result.Address) return "(s64t)(" + v + ")";
        if (acc.result() instanceof TargetAccess.Result.CString cs) return cString(v, cs, acc.userSpace(), at);
        if (acc.result() instanceof TargetAccess.Result.Pretty p) return pretty(v, p, at);
        throw new Unsupported(at.span(), "this target variable in a kernel probe");
    }

    /** The CO-RE member a pretty-printed member reads (its last named step of a kernel type), else null. */
    private static TargetAccess.Field memberField(TargetAccess m) {
        if (m.userSpace()) return null;
        TargetAccess.Field f = null;
        for (TargetAccess.Step st : m.steps()) {
            TargetAccess.Field x = st instanceof TargetAccess.Step.Deref d ? d.field()
                    : st instanceof TargetAccess.Step.Offset o ? o.field()
                    : st instanceof TargetAccess.Step.Bitfield bf ? bf.field() : null;
            if (x != null) f = x;
        }
        return f != null && f.kernel() ? f : null;
    }

    /** Inside a pretty-printed struct: its address (a C name) and the flag a member's faulting read sets. */
    private String prettyBase, quietFlag;
    private int prettyIds;

    /** A string at an address (a char * or a char[N] member, cut at N), as kmod's kread_string (+ strtrunc). */
    private String cString(String addr, TargetAccess.Result.CString cs, boolean user, IrExpr at) {
        int s = slot(at.span());
        String len = cs.maxLength() > 0 && cs.maxLength() + 1 < maxStr ? Integer.toString(cs.maxLength() + 1) : "JST_MAXSTR";
        String onFault = quietFlag != null ? quietFlag + " = 1"
                : fail(error(user ? "user string copy fault -14 at 0x%x [man error::fault]"
                        : "kernel string copy fault at 0x%x [man error::fault]", at), "ad");
        return "({ u64t ad = (u64t)(" + addr + "); if (bpf_probe_read_" + (user ? "user" : "kernel") + "_str(h->s[" + s + "], " + len
                + ", (void *)ad) < 0) { h->s[" + s + "][0] = 0; " + onFault + "; } (char *)h->s[" + s + "]; })";
    }

    /**
     * {@code $var$}/{@code $var$$}: the struct at {@code addr} printed member by member into one string slot, as
     * kmod's TargetLowering: each member read quietly (a fault prints its label and {@code ?}; a quoted char array
     * a bare {@code ?}), numbers through bpf_snprintf ({@code %d}; {@code %#x} as {@code 0x%llx}), strings appended.
     */
    private String pretty(String addr, TargetAccess.Result.Pretty p, IrExpr at) {
        int id = prettyIds++;
        String base = "pb" + id;
        int out = slot(at.span()), tmp = slot(at.span());
        String o = "h->s[" + out + "]", t = "h->s[" + tmp + "]";
        StringBuilder b = new StringBuilder("({ u64t " + base + " = (u64t)(" + addr + "); " + o + "[0] = 0; ");
        String savedBase = prettyBase, savedFlag = quietFlag;
        prettyBase = base;
        List<org.jstap.api.ir.Format.Segment> segs = p.format().segments();
        StringBuilder text = new StringBuilder();
        boolean dropQuote = false;
        int k = 0;
        for (int j = 0; j < segs.size(); j++) {
            org.jstap.api.ir.Format.Segment sg = segs.get(j);
            if (sg instanceof org.jstap.api.ir.Format.Text tx) {
                String lit = tx.text();
                if (dropQuote && lit.startsWith("\"")) lit = lit.substring(1);
                dropQuote = false;
                text.append(lit);
                continue;
            }
            if (!(sg instanceof org.jstap.api.ir.Format.Conv cv) || k >= p.members().size()) continue;
            TargetAccess m = p.members().get(k++);
            boolean str = m.result() instanceof TargetAccess.Result.CString || m.result() instanceof TargetAccess.Result.Pretty;
            boolean quote = false;
            if (str && text.length() > 0 && text.charAt(text.length() - 1) == '"' && j + 1 < segs.size()
                    && segs.get(j + 1) instanceof org.jstap.api.ir.Format.Text next && next.text().startsWith("\"")) {
                text.setLength(text.length() - 1);
                quote = true;
                dropQuote = true;
            }
            String flag = "pf" + id + "_" + k;
            int before = b.length();
            quietFlag = flag;
            int mark = strSlots;
            String v = target(m, at);
            quietFlag = savedFlag;
            b.append("{ int ").append(flag).append(" = 0; ");
            if (str) {
                b.append("const char *pv = ").append(v).append("; if (").append(flag).append(") jst_concat(").append(o).append(", ")
                        .append(o).append(", ").append(strConst(text + "?")).append("); else { jst_concat(").append(o).append(", ")
                        .append(o).append(", ").append(strConst(text + (quote ? "\"" : ""))).append("); jst_concat(").append(o)
                        .append(", ").append(o).append(", pv); ");
                if (quote) b.append("jst_concat(").append(o).append(", ").append(o).append(", ").append(strConst("\"")).append("); ");
                b.append("} ");
            } else {
                String conv = cv.flags().contains("#") ? "0x%llx" : "%lld";
                b.append("s64t pv = ").append(v).append("; if (").append(flag).append(") jst_concat(").append(o).append(", ").append(o)
                        .append(", ").append(strConst(text + "?")).append("); else { __u64 fa[1] = {(__u64)pv}; bpf_snprintf(")
                        .append(t).append(", JST_MAXSTR, ").append(strConst(text.toString().replace("%", "%%") + conv))
                        .append(", fa, 8); jst_concat(").append(o).append(", ").append(o).append(", ").append(t).append("); } ");
            }
            b.append("} ");
            TargetAccess.Field fld = memberField(m);
            if (fld != null) {
                // a member pass 2's kernel has but the running one lacks (one object for every kernel): left out,
                // label and all, as kmod built for that kernel never prints it; its relocation is then dead code
                String shown = b.substring(before);
                String label = text.toString().replaceFirst("(, )?\\.[A-Za-z_0-9]+=\"?$", "");
                b.setLength(before);
                b.append("if (__builtin_preserve_field_info(").append(fld.cAccess("0")).append(", BPF_FIELD_EXISTS)) { ")
                        .append(shown).append("} else { jst_concat(").append(o).append(", ").append(o).append(", ")
                        .append(strConst(label)).append("); } ");
            }
            strSlots = mark;
            text.setLength(0);
        }
        prettyBase = savedBase;
        if (text.length() > 0) b.append("jst_concat(").append(o).append(", ").append(o).append(", ").append(strConst(text.toString())).append("); ");
        return b.append("(char *)").append(o).append("; })").toString();
    }

    /**
     * The access plan's steps applied to {@code v}. Members of kernel types are reached by name, as CO-RE field
     * accesses clang relocates ({@code __builtin_preserve_access_index} over vmlinux.h's types; bitfields through
     * {@code BPF_CORE_READ_BITFIELD_PROBED}; struct array elements sized by {@code bpf_core_type_size}), so the object
     * reads the running kernel's layout, not that of the BTF pass 2 read; the rest (user space, module or header
     * types, anonymous ones) at the plan's offsets.
     */
    private String steps(String v, TargetAccess acc, IrExpr at) {
        List<TargetAccess.Step> steps = acc.steps();
        for (int k = 0; k < steps.size(); k++) {
            TargetAccess.Step s = steps.get(k);
            if (s instanceof TargetAccess.Step.Deref d) {
                if (k + 1 < steps.size() && steps.get(k + 1) instanceof TargetAccess.Step.Bitfield bf && core(bf.field(), acc)) {
                    v = coreBitfield(v, bf.field());
                    k++;
                } else if (core(d.field(), acc)) {
                    v = read(coreAddress(v, d.field()), d.size(), d.signed(), false, Near.of(at));
                } else {
                    v = read("(u64t)(" + v + ") + " + d.offset(), d.size(), d.signed(), acc.userSpace(), Near.of(at));
                }
            } else if (s instanceof TargetAccess.Step.CoreMember cm) {
                v = coreAbsent(v, cm.field());
            } else if (s instanceof TargetAccess.Step.Offset o) {
                v = core(o.field(), acc) ? "(s64t)" + coreAddress(v, o.field()) : "(s64t)((u64t)(" + v + ") + " + o.offset() + ")";
            } else if (s instanceof TargetAccess.Step.Index ix) {
                String size = ix.elementType() != null && !acc.userSpace()
                        ? "(u64t)bpf_core_type_size(" + ix.elementType() + ")" : Long.toString(ix.elementSize());
                v = "(s64t)((u64t)(" + v + ") + (u64t)(" + expr(ix.index()) + ") * " + size + ")";
            } else if (s instanceof TargetAccess.Step.Bitfield bf) {
                long mask = bf.bitSize() >= 64 ? -1L : (1L << bf.bitSize()) - 1;
                String x = "(((u64t)(" + v + ") >> " + bf.bitOffset() + ") & " + Long.toUnsignedString(mask) + "ULL)";
                v = bf.signed() && bf.bitSize() < 64
                        ? "((s64t)(" + x + " << " + (64 - bf.bitSize()) + ") >> " + (64 - bf.bitSize()) + ")" : "(s64t)" + x;
            }
        }
        return v;
    }

    /** Whether a step's member is relocated by CO-RE: a kernel type's, read from kernel memory. */
    private static boolean core(TargetAccess.Field f, TargetAccess acc) {
        return f != null && f.kernel() && !acc.userSpace();
    }

    /** The address of member {@code f} of the object at {@code base}, its offset relocated (a u64t expression). */
    private static String coreAddress(String base, TargetAccess.Field f) {
        return "({ u64t cb = (u64t)(" + base + "); (u64t)__builtin_preserve_access_index(&" + f.cAccess("cb") + "); })";
    }

    /**
     * A bitfield member of the object at {@code base}: libbpf's probed read, its byte offset, size, shifts and
     * signedness relocated to the running kernel's.
     */
    private static String coreBitfield(String base, TargetAccess.Field f) {
        List<String> p = f.path();
        int lead = !p.isEmpty() && p.get(0).startsWith("[") ? 1 : 0;
        String obj = "(&((" + f.type() + " *)cb)" + (lead == 1 ? p.get(0) : "[0]") + ")";
        StringBuilder member = new StringBuilder();
        for (int i = lead; i < p.size(); i++) member.append(p.get(i).startsWith("[") || i == lead ? "" : ".").append(p.get(i));
        return "({ u64t cb = (u64t)(" + base + "); (s64t)BPF_CORE_READ_BITFIELD_PROBED(" + obj + ", " + member + "); })";
    }

    /**
     * A tracepoint argument: a raw tracepoint's {@code ctx->args[i]}; a syscall event's record field (the fixed
     * layout of syscalls:sys_enter_* and sys_exit_*: __syscall_nr at 8, then one 8-byte slot per field from 16).
     */
    private String tracepointArg(TargetAccess.Source.TracepointArg t, IrExpr at) {
        if (!ctxKind.equals("raw") && !ctxKind.equals("sysevent")) throw new Unsupported(at.span(), "a tracepoint argument outside its probe");
        tpArgs.add(t.index());
        return "tpa" + t.index();
    }

    /** The tracepoint arguments the probe reads, loaded once at its entry (see {@link #tpArgs}). */
    private String tracepointArgLoads() {
        StringBuilder b = new StringBuilder();
        for (int i : tpArgs) {
            String load;
            if (ctxKind.equals("raw")) load = "(s64t)ctx->args[" + i + "]";
            else if (i == 0) load = "(s64t)*(int *)((char *)ctx + 8)";
            else load = "*(s64t *)((char *)ctx + " + (16 + 8 * (i - 1)) + ")";
            b.append("\ts64t tpa").append(i).append(" = ").append(load).append(";\n");
        }
        return b.toString();
    }

    /**
     * The tracepoint arguments the probe being written reads. They are loaded at its entry, each at its constant
     * offset: read where used, clang may merge {@code c ? ctx->args[2] : ctx->args[1]} into one load at a computed
     * offset, which the verifier refuses ("dereference of modified ctx ptr").
     */
    private final java.util.SortedSet<Integer> tpArgs = new java.util.TreeSet<>();

    /** printf and friends: one ring-buffer record per call, formatted in user space by interp's printf engine. */
    private String print(IrExpr.Print p) {
        if (p.toText()) return sprintf(p);
        if (probe == null && !ctxKind.equals("fn")) throw new Unsupported(p.span(), "printing here");
        int id = prints.size();
        List<BpfManifest.Col> cols = new ArrayList<>();
        StringBuilder st = new StringBuilder("struct { struct jst_rec r;");
        StringBuilder eval = new StringBuilder();
        StringBuilder fill = new StringBuilder();
        int off = 0;
        for (int i = 0; i < p.args().size(); i++) {
            IrExpr a = p.args().get(i);
            boolean s = a.type() == IrType.STRING;
            if (s) {
                st.append(" char a").append(i).append("[JST_MAXSTR];");
                cols.add(new BpfManifest.Col("string", off, maxStr));
                off += round8(maxStr);
                eval.append("const char *v").append(i).append(" = ").append(expr(a)).append("; ");
                fill.append("jst_strcpy(rc->a").append(i).append(", v").append(i).append("); ");
            } else {
                st.append(" s64t a").append(i).append(";");
                cols.add(new BpfManifest.Col("long", off, 8));
                off += 8;
                eval.append("s64t v").append(i).append(" = ").append(expr(a)).append("; ");
                fill.append("rc->a").append(i).append(" = v").append(i).append("; ");
            }
        }
        st.append(" }");
        prints.add(new BpfManifest.PrintSite(id, probe == null ? "" : probe.id(), cols, 16 + off));
        printNodes.add(p);
        return "({ " + eval + st + " *rc = bpf_ringbuf_reserve(&jst_events, sizeof(*rc), 0); if (rc) { rc->r.kind = JST_REC_PRINT; rc->r.id = "
                + id + "; rc->r.a0 = 0; " + fill + "bpf_ringbuf_submit(rc, 0); } else jst_lost_one(); 0LL; })";
    }

    /**
     * {@code sprintf} in a kernel probe: {@code bpf_snprintf}, the kernel's own vsprintf (as runtime-c's printf follows
     * it), over a format rewritten for 64-bit arguments; the conversions it lacks are refused here.
     */
    private String sprintf(IrExpr.Print p) {
        StringBuilder fmt = new StringBuilder();
        List<String> args = new ArrayList<>();
        int arg = 0;
        for (org.jstap.api.ir.Format.Segment seg : p.format().segments()) {
            if (seg instanceof org.jstap.api.ir.Format.Text t) {
                if (fmt.toString().endsWith("%s") && !t.text().isEmpty() && Character.isLetterOrDigit(t.text().charAt(0))) {
                    // the kernel's format check wants a %s followed by the end, a space or a punctuation mark
                    // (%pks-style suffixes): text like the "s" of "%d.%.3ds" goes in as one more string argument
                    fmt.append("%s");
                    args.add(opaque(strConst(t.text())));
                    continue;
                }
                fmt.append(t.text().replace("%", "%%"));
                continue;
            }
            org.jstap.api.ir.Format.Conv c = (org.jstap.api.ir.Format.Conv) seg;
            String starred = starConversion(c, p, arg);
            if (starred != null) {
                // '*' widths/precisions and any precision: bpf_snprintf takes no '*' (its format is a constant) and
                // its format check refuses every precision: the piece is made here
                arg += 1 + (c.width() == -2 ? 1 : 0) + (c.precision() == -2 ? 1 : 0);
                fmt.append("%s");
                args.add(starred);
                continue;
            }
            if (c.width() == -2 || c.precision() == -2) throw new Unsupported(p.span(), "'*' widths in sprintf in a kernel probe");
            if (arg >= p.args().size()) throw new Unsupported(p.span(), "a sprintf with fewer arguments than conversions");
            IrExpr a = p.args().get(arg++);
            String flags = c.flags();
            if (flags.indexOf('#') >= 0) {
                // bpf_snprintf takes no '#': the kernel's %#x is "0x" then the digits (0x0 for 0), as interp's
                if (c.conversion() == 'o' && a.type() != IrType.STRING) {
                    // handled below with %o (runtime-c's %#o: "0" before the digits, "00" for 0)
                } else if ((c.conversion() != 'x' && c.conversion() != 'X') || c.width() >= 0 || a.type() == IrType.STRING) {
                    throw new Unsupported(p.span(), "the '#' flag of %" + c.conversion() + (c.width() >= 0 ? " with a width" : "")
                            + " in sprintf in a kernel probe");
                }
                if (c.conversion() != 'o') {
                    fmt.append(c.conversion() == 'x' ? "0x" : "0X");
                    flags = flags.replace("#", "");
                }
            }
            if (c.conversion() == 'o' && a.type() != IrType.STRING) {
                // bpf_snprintf has no %o: the digits made here, printed as %s
                if (c.width() >= 0 || c.precision() >= 0 || !flags.replace("#", "").isEmpty()) {
                    throw new Unsupported(p.span(), "%o with a width, precision or flags in sprintf in a kernel probe");
                }
                int os = slot(p.span());
                fmt.append("%s");
                args.add("({ s64t ov = " + expr(a) + "; jst_octal(h->s[" + os + "], (u64t)ov, " + (flags.contains("#") ? 1 : 0)
                        + "); (char *)h->s[" + os + "]; })");
                continue;
            }
            fmt.append('%').append(flags);
            if (c.width() >= 0) fmt.append(c.width());
            if (c.precision() >= 0) fmt.append('.').append(c.precision());
            char conv = c.conversion();
            if (a.type() == IrType.STRING) {
                if (conv != 's') throw new Unsupported(p.span(), "%" + conv + " of a string in sprintf in a kernel probe");
                fmt.append('s');
                if (a instanceof IrExpr.StrConst) {
                    // an argument array of constants only is made by clang as a copy of a .rodata array, where a
                    // string's address is a relocation BPF objects cannot have: bpf_snprintf read garbage ("%d.%s"
                    // of 1, "x" printed "1."); an address the compiler cannot see keeps the array built at run time
                    args.add(opaque(expr(a)));
                    continue;
                }
            } else {
                switch (conv) {
                    case 'd', 'i', 'u', 'x', 'X' -> fmt.append("ll").append(conv);
                    case 'p' -> fmt.append('p');
                    case 'c' -> fmt.append('c');
                    default -> throw new Unsupported(p.span(), "%" + conv + " in sprintf in a kernel probe");
                }
            }
            args.add(expr(a));
        }
        if (args.size() > 12) throw new Unsupported(p.span(), "a sprintf with more than 12 arguments in a kernel probe");
        String f = strConst(fmt.toString());
        int k = slot(p.span());
        StringBuilder b = new StringBuilder("({ __u64 fa[").append(Math.max(1, args.size())).append("] = {");
        for (int i = 0; i < args.size(); i++) b.append(i == 0 ? "" : ", ").append("(__u64)(").append(args.get(i)).append(")");
        if (args.isEmpty()) b.append("0");
        b.append("}; bpf_snprintf(h->s[").append(k).append("], JST_MAXSTR, ").append(f).append(", fa, ")
                .append(8 * args.size()).append("); (char *)h->s[").append(k).append("]; })");
        return b.toString();
    }

    /** A string constant's address as a value clang cannot fold (see sprintf's argument array). */
    private static String opaque(String constString) {
        return "({ const char *cz = " + constString + "; asm volatile(\"\" : \"+r\"(cz)); cz; })";
    }

    /**
     * A conversion with a '*' width ({@code %*s}, {@code %-*d}: thread_indent's padding) or a '*' precision of a
     * string ({@code %.*s}), flags at most '-': the value formatted (a number by bpf_snprintf, a string cut by
     * substr) then padded to the width with jstap_bpf.h's jst_pad, as a string for the outer format; null for
     * any other conversion. A negative width pads nothing and a negative precision keeps nothing, as interp's.
     */
    private String starConversion(org.jstap.api.ir.Format.Conv c, IrExpr.Print p, int arg) {
        boolean w = c.width() == -2, pr = c.precision() == -2;
        boolean anyPrec = pr || c.precision() >= 0;
        if (!w && !anyPrec) return null;
        int need = (w ? 1 : 0) + (pr ? 1 : 0) + 1;
        if (arg + need > p.args().size()) return null;
        IrExpr value = p.args().get(arg + need - 1);
        char conv = c.conversion();
        boolean str = value.type() == IrType.STRING;
        // flags at most '-', and '0' for a number with a precision: the kernel's vsprintf keeps it (zeros up to the
        // width after the sign, "%08.3d" of 9 is 00000009) unless '-' is there too
        boolean zeros = !str && anyPrec && c.flags().contains("0") && !c.flags().contains("-");
        String flags = !str && anyPrec ? c.flags().replace("0", "") : c.flags();
        if (!flags.replace("-", "").isEmpty()) return null;
        if (str ? conv != 's' : "diuxX".indexOf(conv) < 0) return null;
        String width = w ? expr(p.args().get(arg)) : Long.toString(Math.max(0, c.width()));
        String prec = pr ? expr(p.args().get(arg + (w ? 1 : 0))) : anyPrec ? Long.toString(c.precision()) : null;
        int ps = slot(p.span()), vs = slot(p.span());
        String v;
        if (str && prec != null) {
            v = "({ const char *sz = " + expr(value) + "; jst_substr(h->s[" + vs + "], sz, 0, sp); (char *)h->s[" + vs + "]; })";
        } else if (str) {
            v = expr(value);
        } else if (prec != null) {
            // the magnitude's digits by bpf_snprintf, then the zeros and sign (jst_prec): a negative precision is none
            boolean signed = conv == 'd' || conv == 'i';
            int ds = slot(p.span());
            String f = strConst("%ll" + (signed ? 'u' : conv));
            v = "({ s64t nv = " + expr(value) + "; int ng = " + (signed ? "nv < 0" : "0") + "; __u64 sa[1] = {ng ? -(u64t)nv"
                    + " : (u64t)nv}; bpf_snprintf(h->s[" + ds + "], JST_MAXSTR, " + f + ", sa, 8); if (sp < 0) sp = 1; "
                    + (zeros ? "if (pw - ng > sp) sp = pw - ng; " : "") + "jst_prec(h->s[" + vs + "], h->s[" + ds
                    + "], sp, ng); (char *)h->s[" + vs + "]; })";
        } else {
            String f = strConst("%ll" + (conv == 'i' ? 'd' : conv));
            v = "({ __u64 sa[1] = {(__u64)(" + expr(value) + ")}; bpf_snprintf(h->s[" + vs + "], JST_MAXSTR, " + f
                    + ", sa, 8); (char *)h->s[" + vs + "]; })";
        }
        return "({ s64t pw = " + width + "; " + (prec != null ? "s64t sp = " + prec + "; " : "") + "const char *pz = " + v
                + "; jst_pad(h->s[" + ps + "], pz, pw, " + (c.flags().contains("-") ? 1 : 0) + "); (char *)h->s[" + ps + "]; })";
    }

    static String cid(String id) {
        return id.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static long number(Map<String, String> d, String name, long dflt) {
        String v = d.get(name);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v.trim().replaceAll("[uUlL]+$", ""));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
