package org.jstap.backend.bpf;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.Near;

/**
 * Array iteration, slices and statistics reads in kernel probes. BPF programs cannot walk a hash map in a loop
 * (there is no get-next-key helper), so a {@code foreach} first copies the array's elements into a per-CPU scratch
 * map of its own ({@code bpf_for_each_map_elem}, a callback verified once), sorts an index over them when asked
 * (a stable bottom-up merge sort, {@code bpf_loop} steps in a global function, verified once), and then runs the
 * body in the probe's own code over that copy, so its locals, errors and {@code break}/{@code continue} are the
 * probe's. The iteration sees the array as it was at the start; modifying the iterated array in the body is refused,
 * as stap refuses it at pass 2. Statistics are read by aggregating the per-CPU partials in the probe
 * ({@code bpf_map_lookup_percpu_elem}, runtime-c's merge rule, a global function per statistic).
 */
final class ForeachEmitter {
    /** The largest array a sorted foreach can sort: two u32 index buffers in one per-CPU value (32 KB). */
    static final int SORT_MAX = 4096;

    private final BpfCWriter w;
    private final Set<String> aggregators = new HashSet<>();
    private final Set<String> matchers = new HashSet<>();
    private int n;
    private boolean masked;

    ForeachEmitter(BpfCWriter w) {
        this.w = w;
    }

    private boolean opaque;

    /**
     * The declarations so far, with {@code jst_opq()} first: a zero the verifier cannot know. Kernels before 6.8
     * verify a callback once, in the state of its caller's context at the call, and drop the branches not taken
     * then as dead code: a callback context must start from values the verifier does not know (a merge step that
     * saw "hi = 0" lost its "same run" branch on 6.1).
     */
    private StringBuilder decls() {
        StringBuilder d = w.declarations();
        if (!opaque) {
            opaque = true;
            d.append("struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u32); } jst_opq_map SEC(\".maps\");\n")
                    .append("static __always_inline __u32 jst_opq(void) { __u32 k = 0; __u32 *z = bpf_map_lookup_elem(&jst_opq_map, &k); return z ? *z : 0; }\n");
        }
        return d;
    }

    // ------------------------------------------------------------------ statistics reads

    /** {@code @count(s)} ... {@code @variance(s)} of a statistic or of an element of a statistics array. */
    String statOp(IrExpr.StatOp op) {
        IrExpr t = op.stats();
        String own = t instanceof IrExpr.ArrayGet ag ? ownElement(ag) : null;
        if (own != null) {
            // the element of an enclosing foreach over this array: its aggregate was taken when it was collected (an
            // element of a statistics array is never empty: only <<< makes one)
            return "(" + pick(own + "->a", op.fn(), w.global(((IrExpr.ArrayGet) t).global()).bitShift()) + ")";
        }
        String mm;
        String call;
        IrGlobal g;
        if (t instanceof IrExpr.GlobalRef gr) {
            g = w.global(gr.global());
            mm = w.mapOf(gr.global());
            aggregator(g, mm);
            call = "jst_agg_" + mm + "(&ag)";
        } else if (t instanceof IrExpr.ArrayGet ag) {
            g = w.global(ag.global());
            mm = w.mapOf(ag.global());
            aggregator(g, mm);
            call = null;
        } else {
            throw new BpfCWriter.Unsupported(op.span(), "this statistics operand in a kernel probe");
        }
        int nostat = w.error("no statistic", Near.of(op));
        // the aggregate in per-CPU scratch, not on the stack: a probe's frame and the merge's together stay under 512 bytes
        StringBuilder b = new StringBuilder("({ ");
        if (call == null) {
            IrExpr.ArrayGet ag = (IrExpr.ArrayGet) t;
            b.append(w.key(ag.global(), ag.keys()));
        }
        b.append("struct jst_agg *agp = jst_aggv(); if (!agp) ").append(w.fail(nostat, "0")).append("; ");
        b.append(call == null ? "jst_agg_" + mm + "(kp, agp); " : "jst_agg_" + mm + "(agp); ");
        b.append("struct jst_agg ag = *agp; ");
        if (op.fn() != StatFn.COUNT && op.fn() != StatFn.SUM) {
            int err = w.error("empty aggregate", Near.of(op));
            b.append("if (ag.count == 0) ").append(w.fail(err, "0")).append("; ");
        }
        return b.append(pick("ag", op.fn(), g.bitShift())).append("; })").toString();
    }

    /** The value of statistic function {@code fn} from an aggregate {@code a} (count > 0 where it matters), as interp's Stat.get. */
    private static String pick(String a, StatFn fn, int shift) {
        return switch (fn) {
            case COUNT -> a + ".count";
            case SUM -> a + ".sum";
            case MIN -> a + ".min";
            case MAX -> a + ".max";
            case AVG -> "(" + a + ".count ? jst_div(" + a + ".sum, " + a + ".count) : 0)";
            case VARIANCE -> "(" + a + ".count > 1 ? (" + a + ".var_s >> " + (2 * shift) + ") : 0)";
        };
    }

    /**
     * {@code jst_agg_M}: the merge of statistic M's per-CPU partials into a {@code struct jst_agg} (counts, sums and
     * extremes add up; the variance is the spread of the partial means plus the partials' own, as runtime-c's
     * jst_stat_aggregate and interp's), two {@code bpf_loop}s over the CPUs, ending at the first CPU the kernel has not.
     */
    private void aggregator(IrGlobal g, String mm) {
        if (!aggregators.add(mm)) return;
        if (aggregators.size() == 1) {
            decls().append("struct jst_agg { s64t count, sum, min, max, avg_s, var_s, spread, within; };\n")
                    .append("struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, struct jst_agg); } jst_aggs SEC(\".maps\");\n")
                    .append("static __always_inline struct jst_agg *jst_aggv(void) { __u32 k = 0; return bpf_map_lookup_elem(&jst_aggs, &k); }\n")
                    .append("static __always_inline struct jst_agg *jst_aggc(void) { __u32 k = 1; return bpf_map_lookup_elem(&jst_aggs, &k); }\n");
        }
        boolean keyed = g.isArray();
        String keyT = keyed ? "struct k_" + mm + " *" : "const void *";
        StringBuilder d = decls();
        d.append("struct jst_aggc_").append(mm).append(" { const void *k; struct jst_agg *a; __u32 pass; };\n");
        d.append("static long jst_agg_step_").append(mm).append("(__u32 cpu, struct jst_aggc_").append(mm).append(" *c) {\n")
                .append("\tvt_").append(mm).append(" *p = bpf_map_lookup_percpu_elem(&").append(mm).append(", c->k, cpu);\n")
                .append("\tif (!p) return 1;\n\tif (p->count == 0) return 0;\n\tstruct jst_agg *a = c->a;\n")
                .append("\tif (c->pass == 0) {\n")
                .append("\t\tif (a->count == 0) { a->min = p->min; a->max = p->max; }\n")
                .append("\t\telse { if (p->min < a->min) a->min = p->min; if (p->max > a->max) a->max = p->max; }\n")
                .append("\t\ta->count += p->count; a->sum = (s64t)((u64t)a->sum + (u64t)p->sum);\n")
                .append("\t} else {\n")
                .append("\t\tu64t dd = (u64t)p->avg - (u64t)a->avg_s;\n")
                .append("\t\ta->spread = (s64t)((u64t)a->spread + (u64t)p->count * dd * dd);\n")
                .append("\t\tif (p->count > 1) a->within = (s64t)((u64t)a->within + (u64t)(p->count - 1) * (u64t)p->var);\n")
                .append("\t}\n\treturn 0;\n}\n");
        if (keyed) {
            // the key copied into a map value first: 6.1 takes no argument memory as a map key (6.18 does)
            d.append("struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct k_")
                    .append(mm).append("); } jst_aggk_").append(mm).append(" SEC(\".maps\");\n");
        }
        d.append("__attribute__((noinline)) int jst_agg_").append(mm).append("(")
                .append(keyed ? keyT + "k, " : "").append("struct jst_agg *a) {\n")
                .append("\tif (!a) return 0;\n");
        if (keyed) {
            d.append("\tif (!k) return 0;\n\t__u32 k0 = 0;\n\tstruct k_").append(mm).append(" *kb = bpf_map_lookup_elem(&jst_aggk_")
                    .append(mm).append(", &k0);\n\tif (!kb) return 0;\n\t__builtin_memcpy(kb, k, sizeof(*kb));\n");
        }
        d.append("\t__builtin_memset(a, 0, sizeof(*a));\n")
                .append("\tstruct jst_aggc_").append(mm).append(" c = { ").append(keyed ? "kb" : "(const void *)jst_zero")
                .append(", a, jst_opq() };\n")
                .append("\tbpf_loop(JST_MAXCPUS, jst_agg_step_").append(mm).append(", &c, 0);\n")
                .append("\tif (a->count == 0) return 0;\n")
                .append("\ta->avg_s = jst_div((s64t)((u64t)a->sum << ").append(g.bitShift()).append("), a->count);\n")
                .append("\tc.pass = 1 + jst_opq();\n")
                .append("\tbpf_loop(JST_MAXCPUS, jst_agg_step_").append(mm).append(", &c, 0);\n")
                .append("\ts64t m2 = (s64t)((u64t)a->spread + (u64t)a->within);\n")
                .append("\ta->var_s = a->count > 1 ? jst_div(m2, a->count - 1) : -1;\n")
                .append("\treturn 1;\n}\n");
    }

    // ------------------------------------------------------------------ slices

    /** Whether any key of an array access is a {@code *}. */
    static boolean sliced(List<IrExpr> keys) {
        for (IrExpr k : keys) if (k instanceof IrExpr.AnyKey) return true;
        return false;
    }

    /** A key of array M is in the slice (same non-wildcard columns): {@code jst_match_M_MASK(k, sl)}, global, verified once. */
    private String matcher(IrGlobal g, String mm, List<IrExpr> slice) {
        int mask = 0;
        for (int i = 0; i < slice.size(); i++) if (!(slice.get(i) instanceof IrExpr.AnyKey)) mask |= 1 << i;
        String name = "jst_match_" + mm + "_" + Integer.toHexString(mask);
        if (!matchers.add(name)) return name;
        int sk = w.stringKeySize(g);
        StringBuilder d = decls();
        // inline in the callbacks (a map key is no argument of a global function), global for a foreach's loop
        d.append("static __always_inline int ").append(name).append("(struct k_").append(mm).append(" *k, struct k_")
                .append(mm).append(" *sl) {\n\tif (!k || !sl) return 0;\n");
        for (int i = 0; i < slice.size(); i++) {
            if ((mask & (1 << i)) == 0) continue;
            if (g.keyTypes().get(i) == IrType.STRING) {
                // keys are zero-filled past their end (the key builder clears the buffer): whole words compare
                d.append("\tfor (__u32 i = 0; i < ").append(sk / 8).append("; i++) if (((const __u64 *)k->c").append(i)
                        .append(")[i] != ((const __u64 *)sl->c").append(i).append(")[i]) return 0;\n");
            } else {
                d.append("\tif (k->c").append(i).append(" != sl->c").append(i).append(") return 0;\n");
            }
        }
        d.append("\treturn 1;\n}\n");
        d.append("__attribute__((noinline)) int g").append(name).append("(struct k_").append(mm).append(" *k, struct k_").append(mm)
                .append(" *sl) { return ").append(name).append("(k, sl); }\n");
        return name;
    }

    /** {@code [k, *] in a}: a callback stops at the first element in the slice. */
    String inSlice(IrExpr.In in) {
        IrGlobal g = w.global(in.global());
        String mm = w.mapOf(in.global());
        String match = matcher(g, mm, in.keys());
        String cb = "jst_in_" + mm + "_" + (n++);
        decls().append("struct jst_slc_").append(cb).append(" { struct k_").append(mm).append(" *sl; int hit; };\n")
                .append("static long ").append(cb).append("(struct bpf_map *map, struct k_").append(mm)
                .append(" *key, void *val, struct jst_slc_").append(cb).append(" *c) {\n")
                .append("\tif (").append(match).append("(key, c->sl)) { c->hit = 1; return 1; }\n\treturn 0;\n}\n");
        return "({ " + w.sliceKey(in.global(), in.keys()) + "struct jst_slc_" + cb + " sc = { kp, (int)jst_opq() }; bpf_for_each_map_elem(&"
                + mm + ", " + cb + ", &sc, 0); (s64t)sc.hit; })";
    }

    /** {@code delete a[k, *]}: a callback deletes every element in the slice (deleting the visited one is allowed). */
    String deleteSlice(IrExpr.ArrayGet a) {
        IrGlobal g = w.global(a.global());
        String mm = w.mapOf(a.global());
        String match = matcher(g, mm, a.keys());
        String cb = "jst_dels_" + mm + "_" + (n++);
        decls().append("struct jst_slc_").append(cb).append(" { struct k_").append(mm).append(" *sl; };\n")
                .append("static long ").append(cb).append("(struct bpf_map *map, struct k_").append(mm)
                .append(" *key, void *val, struct jst_slc_").append(cb).append(" *c) {\n")
                .append("\tif (").append(match).append("(key, c->sl)) bpf_map_delete_elem(map, key);\n\treturn 0;\n}\n");
        return "{ " + w.sliceKey(a.global(), a.keys()) + "struct jst_slc_" + cb + " sc = { kp }; bpf_for_each_map_elem(&"
                + mm + ", " + cb + ", &sc, 0); }";
    }

    // ------------------------------------------------------------------ foreach

    /** What the probe's code needs to write one foreach: the C before the body (opening the loop) and after it. */
    record Loop(String head, String tail) {}

    /** A foreach being written: its array, its key locals' slots (null when the body assigns one), its element's C name. */
    private record Active(String global, List<Integer> keySlots, String entry) {}
    private final java.util.ArrayDeque<Active> active = new java.util.ArrayDeque<>();

    /** The body of the innermost {@link #foreach} is written. */
    void end() {
        active.pop();
    }

    /** The C name of the collected element when {@code a} is {@code s[k...]} of an enclosing foreach over s with its own keys. */
    private String ownElement(IrExpr.ArrayGet a) {
        for (Active f : active) {
            if (!f.global().equals(a.global()) || f.keySlots() == null || a.keys().size() != f.keySlots().size()) continue;
            boolean same = true;
            for (int i = 0; i < a.keys().size(); i++) {
                same &= a.keys().get(i) instanceof IrExpr.LocalRef l && l.slot() == f.keySlots().get(i);
            }
            if (same) return f.entry();
        }
        return null;
    }

    /** Whether the body assigns one of the loop's key locals (then s[k] may name another element). */
    private static boolean assignsKeys(IrStmt body, List<IrExpr.LocalRef> keys) {
        java.util.Set<Integer> slots = new java.util.HashSet<>();
        for (IrExpr.LocalRef k : keys) slots.add(k.slot());
        boolean[] hit = {false};
        new org.jstap.irtools.IrScanner() {
            private void t(IrExpr e) { if (e instanceof IrExpr.LocalRef l && slots.contains(l.slot())) hit[0] = true; }
            @Override public Void visitAssign(IrExpr.Assign e) { t(e.target()); return super.visitAssign(e); }
            @Override public Void visitIncDec(IrExpr.IncDec e) { t(e.target()); return super.visitIncDec(e); }
            @Override public Void visitDelete(IrStmt.Delete d) { t(d.target()); return super.visitDelete(d); }
        }.stmt(body);
        return hit[0];
    }

    /**
     * The scratch, callbacks and sort of one foreach, and the C that opens its loop (the element's keys and value are
     * in the loop's locals when the body starts; a slice's non-matching elements are skipped, still counting for the
     * limit as in kmod/interp). The body and the closing braces are the writer's.
     */
    Loop foreach(IrStmt.Foreach s, List<String> keyLocals, String valueLocal) {
        IrGlobal g = w.global(s.global());
        String mm = w.mapOf(s.global());
        int k = n++;
        String id = mm + "_" + k;
        long cap = g.maxEntries() != null ? g.maxEntries() : w.maxEntries();
        boolean sorted = s.sortColumn() >= 0;
        if (sorted && cap > SORT_MAX) {
            throw new BpfCWriter.Unsupported(s.span(), "a sorted foreach over an array of more than " + SORT_MAX
                    + " elements (" + Near.demangle(s.global()) + " holds " + cap + ") in a kernel probe");
        }
        boolean stats = g.type() == IrType.STATS;
        boolean strValue = g.type() == IrType.STRING;
        StatFn agg = statFn(s.sortStat());
        if (stats) aggregator(g, mm);
        StringBuilder d = decls();
        d.append("struct fe_").append(id).append(" { struct k_").append(mm).append(" k; ")
                .append(strValue ? "char v[JST_MAXSTR];" : "s64t v; s64t n;").append(stats ? " struct jst_agg a;" : "").append(" };\n");
        d.append("struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, ").append(cap)
                .append("); __type(key, __u32); __type(value, struct fe_").append(id).append("); } jst_fe_").append(id)
                .append(" SEC(\".maps\");\n");
        if (sorted && !masked) {
            masked = true;
            // an index the verifier sees below a power of two (clang must not fold the mask into what it knows)
            d.append("static __always_inline __u32 jst_fe_mask(__u64 i, __u32 m) { asm volatile(\"\" : \"+r\"(i)); return (__u32)(i & m); }\n");
        }
        if (sorted) {
            // two index buffers of a power of two each: indices are masks, which every verifier bounds exactly
            d.append("struct fex_").append(id).append(" { __u32 ix[").append(2 * pow2(cap)).append("]; };\n");
            d.append("struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct fex_")
                    .append(id).append("); } jst_fex_").append(id).append(" SEC(\".maps\");\n");
        }
        // collect: copy each element (its key, its value or aggregated statistic) into the scratch
        d.append("struct jst_fec_").append(id).append(" { __u32 n, cap; __u32 *ix; };\n");
        d.append("static long jst_fec_").append(id).append("(struct bpf_map *map, struct k_").append(mm).append(" *key, vt_")
                .append(mm).append(" *val, struct jst_fec_").append(id).append(" *c) {\n")
                .append("\t__u32 i = c->n;\n\tif (i >= c->cap || i >= ").append(cap).append(") return 1;\n")
                .append("\tstruct fe_").append(id).append(" *e = bpf_map_lookup_elem(&jst_fe_").append(id).append(", &i);\n")
                .append("\tif (!e) return 1;\n")
                .append("\t__builtin_memcpy(&e->k, key, sizeof(e->k));\n");
        if (stats) {
            // the statistic the loop's value and a value sort use (interp: an empty one sorts as 0)
            d.append("\tstruct jst_agg *agp = jst_aggc();\n\tif (!agp) return 1;\n\tjst_agg_").append(mm).append("(&e->k, agp);\n")
                    .append("\tstruct jst_agg ag = *agp;\n\te->a = ag;\n")
                    .append("\te->n = ag.count;\n\te->v = ag.count ? ").append(pick("ag", agg, g.bitShift())).append(" : 0;\n");
        } else if (strValue) {
            d.append("\t__builtin_memcpy(e->v, *val, JST_MAXSTR);\n\te->v[JST_MAXSTR - 1] = 0;\n");
        } else {
            d.append("\te->v = *val;\n\te->n = 1;\n");
        }
        if (sorted) d.append("\tif (c->ix) c->ix[jst_fe_mask(i, ").append(pow2(cap) - 1).append(")] = i;\n");
        d.append("\tc->n = i + 1;\n\treturn 0;\n}\n");
        if (sorted) sorter(s, g, mm, id, cap);

        StringBuilder h = new StringBuilder("{\n");
        String slice = null;
        if (s.slice() != null && !s.slice().isEmpty()) {
            // the slice's keys first (interp: before the limit), into a scratch of the loop's own (the body reuses the key buffer)
            slice = matcher(g, mm, s.slice());
            d.append("struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct k_")
                    .append(mm).append("); } jst_fsl_").append(id).append(" SEC(\".maps\");\n");
            h.append("\tstruct k_").append(mm).append(" *fsl").append(k).append(";\n");
            h.append("\t{ ").append(w.sliceKey(s.global(), s.slice())).append("__u32 z = 0; fsl").append(k)
                    .append(" = bpf_map_lookup_elem(&jst_fsl_").append(id).append(", &z); if (fsl").append(k)
                    .append(") __builtin_memcpy(fsl").append(k).append(", kp, sizeof(*kp)); }\n");
            h.append("\tif (fsl").append(k).append(") {\n");
        }
        String lim = "flim" + k;
        if (s.limit() != null) {
            h.append("\ts64t ").append(lim).append(" = ").append(w.expr(s.limit())).append(";\n");
            h.append("\tif (").append(lim).append(" > 0) {\n");
        }
        if (sorted) {
            h.append("\t__u32 fz").append(k).append(" = 0; struct fex_").append(id).append(" *fx").append(k)
                    .append(" = bpf_map_lookup_elem(&jst_fex_").append(id).append(", &fz").append(k).append(");\n");
            h.append("\tif (fx").append(k).append(") {\n");
        }
        h.append("\tstruct jst_fec_").append(id).append(" fc").append(k).append(" = { jst_opq(), ")
                .append(s.limit() != null && !sorted ? "(__u32)(" + lim + " < " + cap + " ? " + lim + " : " + cap + ")" : String.valueOf(cap))
                .append(", ").append(sorted ? "fx" + k + "->ix" : "0").append(" };\n");
        h.append("\tbpf_for_each_map_elem(&").append(mm).append(", jst_fec_").append(id).append(", &fc").append(k).append(", 0);\n");
        if (sorted) h.append("\tint fsrc").append(k).append(" = jst_fes_").append(id).append("(fx").append(k).append(", fc").append(k).append(".n);\n");
        int err = w.error(BpfCWriter.MAXACTION, "token at " + s.span().file() + ":" + s.span().line() + ":" + s.span().col());
        String fi = "fi" + k;
        // bounded as the probe's while/for loops: the verifier walks the body once per iteration, up to MAXACTION
        h.append("\tfor (__u32 ").append(fi).append(" = 0; ; ").append(fi).append("++) {\n");
        h.append("\t\tif (").append(fi).append(" >= fc").append(k).append(".n) break;\n");
        if (s.limit() != null) h.append("\t\tif ((s64t)").append(fi).append(" >= ").append(lim).append(") break;\n");
        h.append("\t\tif (").append(fi).append(" >= JST_MAXLOOP) ").append(w.fail(err, "0")).append(";\n");
        String pos = "fp" + k;
        if (sorted) {
            h.append("\t\t__u32 ").append(pos).append(" = fx").append(k).append("->ix[jst_fe_mask((__u32)fsrc").append(k).append(" * ")
                    .append(pow2(cap)).append(" + ").append(fi).append(", ").append(2 * pow2(cap) - 1).append(")];\n");
        } else {
            h.append("\t\t__u32 ").append(pos).append(" = ").append(fi).append(";\n");
        }
        String e = "fe" + k;
        h.append("\t\tstruct fe_").append(id).append(" *").append(e).append(" = bpf_map_lookup_elem(&jst_fe_").append(id)
                .append(", &").append(pos).append(");\n\t\tif (!").append(e).append(") break;\n");
        if (slice != null) h.append("\t\tif (!g").append(slice).append("(&").append(e).append("->k, fsl").append(k).append(")) continue;\n");
        for (int c = 0; c < keyLocals.size(); c++) {
            if (keyLocals.get(c) == null) continue;
            if (g.keyTypes().get(c) == IrType.STRING) {
                h.append("\t\tjst_strcpy(").append(keyLocals.get(c)).append(", ").append(e).append("->k.c").append(c).append(");\n");
            } else {
                h.append("\t\t").append(keyLocals.get(c)).append(" = ").append(e).append("->k.c").append(c).append(";\n");
            }
        }
        if (valueLocal != null) {
            if (strValue) {
                h.append("\t\tjst_strcpy(").append(valueLocal).append(", ").append(e).append("->v);\n");
            } else {
                if (stats && agg != StatFn.COUNT && agg != StatFn.SUM) {
                    int empty = w.error("empty aggregate", Near.of(new IrExpr.GlobalRef(s.span(), g.type(), g.mangled())));
                    h.append("\t\tif (!").append(e).append("->n) ").append(w.fail(empty, "0")).append(";\n");
                }
                h.append("\t\t").append(valueLocal).append(" = ").append(e).append("->v;\n");
            }
        }
        List<Integer> slots = new java.util.ArrayList<>();
        for (IrExpr.LocalRef kl : s.keys()) slots.add(kl.slot());
        active.push(new Active(s.global(), stats && !assignsKeys(s.body(), s.keys()) ? slots : null, e));
        StringBuilder t = new StringBuilder("\t}\n");
        if (sorted) t.append("\t}\n");
        if (s.limit() != null) t.append("\t}\n");
        if (slice != null) t.append("\t}\n");
        t.append("}\n");
        return new Loop(h.toString(), t.toString());
    }

    /** {@code jst_fes_ID}: the stable merge sort of the index over the scratch; which index buffer holds the order. */
    private void sorter(IrStmt.Foreach s, IrGlobal g, String mm, String id, long cap) {
        StringBuilder d = decls();
        // l before r (or a tie: the left run wins, so ties keep the collection order in either direction)
        boolean strOrder = s.sortColumn() > 0 ? g.keyTypes().get(s.sortColumn() - 1) == IrType.STRING : g.type() == IrType.STRING;
        // a string order is a global function (its byte loop verified once, not in every pass of the merge's callback)
        d.append(strOrder ? "__attribute__((noinline)) int jst_feb_" : "static __always_inline int jst_feb_").append(id)
                .append("(struct fe_").append(id).append(" *l, struct fe_").append(id).append(" *r) {\n");
        if (strOrder) d.append("\tif (!l || !r) return 1;\n");
        String a = s.descending() ? "r" : "l", b = s.descending() ? "l" : "r";
        if (s.sortColumn() > 0) {
            int c = s.sortColumn() - 1;
            if (g.keyTypes().get(c) == IrType.STRING) {
                d.append(bytesLe(a + "->k.c" + c, b + "->k.c" + c, w.stringKeySize(g)));
            } else {
                d.append("\treturn ").append(a).append("->k.c").append(c).append(" <= ").append(b).append("->k.c").append(c).append(";\n");
            }
        } else if (g.type() == IrType.STRING) {
            d.append(bytesLe(a + "->v", b + "->v", w.maxString()));
        } else {
            d.append("\treturn ").append(a).append("->v <= ").append(b).append("->v;\n");
        }
        d.append("}\n");
        // the merge's state in a map value, not on the stack: the verifier tracks no values there, so the callback
        // converges at once on kernels that verify it as a loop (6.8+) and keeps its branches on those that do not
        d.append("struct jst_fest_").append(id).append(" { __u32 n, w, src, mid, hi, i, j, pad; };\n");
        d.append("struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct jst_fest_")
                .append(id).append("); } jst_fest_").append(id).append(" SEC(\".maps\");\n");
        d.append("struct jst_fess_").append(id).append(" { struct fex_").append(id).append(" *x; struct jst_fest_").append(id).append(" *s; };\n");
        d.append("#define P ").append(pow2(cap)).append("\n#define M ").append(2 * pow2(cap) - 1).append("\n");
        d.append("static long jst_fem_").append(id).append("(__u32 o, struct jst_fess_").append(id).append(" *c) {\n")
                .append("\tstruct fex_").append(id).append(" *x = c->x;\n")
                .append("\tstruct jst_fest_").append(id).append(" *s = c->s;\n")
                .append("\tif (o >= s->n) return 1;\n")
                .append("\tif (o >= s->hi) { __u32 w = s->w; s->i = o; s->mid = o + w < s->n ? o + w : s->n; ")
                .append("s->hi = o + 2 * w < s->n ? o + 2 * w : s->n; s->j = s->mid; }\n")
                .append("\t__u32 i = s->i, j = s->j, pick, sb = s->src * P, db = (s->src ^ 1) * P;\n")
                .append("\tint left = i < s->mid;\n")
                .append("\tif (left && j < s->hi) {\n")
                .append("\t\t__u32 pi = x->ix[jst_fe_mask(sb + i, M)], pj = x->ix[jst_fe_mask(sb + j, M)];\n")
                .append("\t\tstruct fe_").append(id).append(" *l = bpf_map_lookup_elem(&jst_fe_").append(id).append(", &pi);\n")
                .append("\t\tstruct fe_").append(id).append(" *r = bpf_map_lookup_elem(&jst_fe_").append(id).append(", &pj);\n")
                .append("\t\tif (!l || !r) return 1;\n")
                .append("\t\tleft = jst_feb_").append(id).append("(l, r);\n")
                .append("\t}\n")
                .append("\tif (left) { pick = x->ix[jst_fe_mask(sb + i, M)]; s->i = i + 1; }\n")
                .append("\telse { pick = x->ix[jst_fe_mask(sb + j, M)]; s->j = j + 1; }\n")
                .append("\tx->ix[jst_fe_mask(db + o, M)] = pick;\n")
                .append("\treturn 0;\n}\n#undef P\n#undef M\n");
        d.append("__attribute__((noinline)) int jst_fes_").append(id).append("(struct fex_").append(id).append(" *x, __u32 n) {\n")
                .append("\tif (!x) return 0;\n")
                .append("\t__u32 k0 = 0;\n")
                .append("\tstruct jst_fest_").append(id).append(" *s = bpf_map_lookup_elem(&jst_fest_").append(id).append(", &k0);\n")
                .append("\tif (!s) return 0;\n")
                .append("\ts->n = n; s->w = 1; s->src = 0;\n")
                .append("\tstruct jst_fess_").append(id).append(" c = { x, s };\n")
                .append("\tfor (int p = 0; p < 13; p++) {\n")
                .append("\t\tif (s->w >= s->n) break;\n")
                .append("\t\ts->hi = 0;\n")
                .append("\t\tbpf_loop(n, jst_fem_").append(id).append(", &c, 0);\n")
                .append("\t\ts->src ^= 1;\n\t\ts->w *= 2;\n")
                .append("\t}\n\treturn s->src & 1;\n}\n");
    }

    /** A byte-wise (unsigned) string order over at most {@code size} bytes: l <= r. */
    private static String bytesLe(String l, String r, int size) {
        return "\tfor (__u32 i = 0; i < " + size + "; i++) {\n\t\tunsigned char x = " + l + "[i], y = " + r + "[i];\n"
                + "\t\tif (x != y) return x < y;\n\t\tif (!x) return 1;\n\t}\n\treturn 1;\n";
    }

    private static long pow2(long n) {
        long p = 1;
        while (p < n) p <<= 1;
        return p;
    }

    static StatFn statFn(String symbol) {
        if (symbol != null) for (StatFn fn : StatFn.values()) if (fn.symbol.equals(symbol)) return fn;
        return StatFn.COUNT;
    }
}
