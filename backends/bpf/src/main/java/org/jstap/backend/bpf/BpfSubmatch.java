package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.jstap.api.diag.Codes;
import org.jstap.api.ir.IrExpr;
import org.jstap.irtools.regex.Ere;
import org.jstap.irtools.regex.PikeProgram;
import org.jstap.irtools.regex.PikeProgram.Insn;
import org.jstap.irtools.regex.PikeSteps;

/**
 * {@code matched()} in kernel probes: each =~ of a program that calls it first runs the regex's DFA
 * ({@link BpfRegex}); on a match it runs the regex's Pike-VM program (ir-tools' {@link PikeProgram}, the one kmod's
 * runtime-c VM runs, so the groups are kmod's and interp's) over the subject, then keeps the subject and the groups
 * in its per-CPU scratch for {@code matched(n)}. The VM is one global function stepping a bpf_loop, one callback per
 * step of {@link PikeSteps} (the Java model the agreement test checks, statement for statement): a pop of the
 * empty-transition stack, a thread against the byte, the fresh thread, or the move to the next byte. The programs of
 * every regex are stored one after another in {@code .rodata}; the scratch (thread lists, slots, marks, stack) is
 * sized by the largest. What the verifier and the scratch can take is limited ({@link #MAX_INSNS} ...): past that a
 * pass-3 error with {@code translate.regex.too.complex}.
 */
final class BpfSubmatch {
    /** Instructions of one program: its threads (at most one per instruction) are the scratch's lists. */
    static final int MAX_INSNS = 256;
    /** Slots (group starts and ends, loop marks) per thread. */
    static final int MAX_SLOTS = 32;
    /** Marks of one program: instructions times the combinations of their nullable loops. */
    static final int MAX_STATES = 1024;
    /** Nullable loops around one instruction (the walker's bounded loop computing a mark). */
    static final int MAX_DEPTH = 6;
    /** bpf_loop's own limit on iterations (BPF_MAX_LOOPS). */
    static final long MAX_STEPS = 1 << 23;

    private BpfSubmatch() {}

    /** The Pike-VM program of {@code m}'s regex, or the pass-3 refusal naming the limit it passes. */
    static PikeProgram compile(IrExpr.Match m) {
        PikeProgram p;
        try {
            p = PikeProgram.compile(m.regex());
        } catch (Ere.BadRegex b) {
            throw tooComplex(m, b.getMessage());
        }
        int depth = 0;
        for (int[] l : p.loops) depth = Math.max(depth, l.length);
        if (p.insns.size() > MAX_INSNS) throw tooComplex(m, p.insns.size() + " VM instructions (at most " + MAX_INSNS + ")");
        if (p.nslots > MAX_SLOTS) throw tooComplex(m, p.nslots + " group and loop slots (at most " + MAX_SLOTS + ")");
        if (p.states > MAX_STATES) throw tooComplex(m, p.states + " VM states (at most " + MAX_STATES + ")");
        if (depth > MAX_DEPTH) throw tooComplex(m, "loops that can match empty nested " + depth + " deep (at most " + MAX_DEPTH + ")");
        return p;
    }

    private static BpfCWriter.Unsupported tooComplex(IrExpr.Match m, String why) {
        return new BpfCWriter.Unsupported(m.span(), "the bpf backend cannot compile the capture groups of regular expression \""
                + m.regex() + "\" for matched(): " + why, Codes.TRANSLATE_REGEX_TOO_COMPLEX, "simplify the regex (fewer groups,"
                + " alternatives or nested repetitions), or call matched() after a =~ in a begin, end or timer body (user"
                + " space, no limit)");
    }

    /** The programs' tables (regex k's at index k, as the DFA's) and the walker, after the DFA walker. */
    static String emit(List<PikeProgram> progs, int maxStr) {
        int maxLen = 1, maxSlots = 2, maxStates = 1, depth = 1, stack = 2;
        long steps = 1;
        List<BitSet> sets = new ArrayList<>();
        List<Integer> loopSlots = new ArrayList<>();
        StringBuilder ins = new StringBuilder();
        StringBuilder pr = new StringBuilder();
        int off = 0;
        for (int r = 0; r < progs.size(); r++) {
            PikeProgram p = progs.get(r);
            maxLen = Math.max(maxLen, p.insns.size());
            maxSlots = Math.max(maxSlots, p.nslots);
            maxStates = Math.max(maxStates, p.states);
            stack = Math.max(stack, PikeSteps.stackSize(p));
            steps = Math.max(steps, PikeSteps.maxSteps(p, maxStr - 1));
            int setBase = sets.size();
            sets.addAll(p.sets);
            ins.append("    /* ").append(r).append(" */\n");
            for (int k = 0; k < p.insns.size(); k++) {
                Insn in = p.insns.get(k);
                int[] l = p.loops.get(k);
                depth = Math.max(depth, l.length);
                int x = in.op() == PikeProgram.Op.CLASS ? setBase + in.x() : in.x();
                ins.append("    { ").append(in.op().ordinal()).append(", ").append(l.length).append(", ").append(x).append(", ")
                        .append(in.y()).append(", ").append(p.base.get(k)).append(", ").append(loopSlots.size()).append(" },\n");
                for (int h : l) loopSlots.add(h);
            }
            pr.append("    { ").append(off).append(", ").append(p.groups).append(", ").append(p.anchored() ? 1 : 0).append(" },\n");
            off += p.insns.size();
        }
        if (steps > MAX_STEPS) throw new IllegalStateException("regex limits let a walk pass bpf_loop's bound");
        StringBuilder b = new StringBuilder("\n/* matched(): the Pike-VM programs of the same regexes (ir-tools PikeProgram), walked"
                + " by jst_g_rem after the DFA */\n");
        b.append("#define JST_RP_INSNS ").append(off).append('\n');
        b.append("#define JST_RP_T ").append(maxLen).append('\n');
        b.append("#define JST_RP_SLOTS ").append(maxSlots).append('\n');
        b.append("#define JST_RP_KEYS ").append(maxStates).append('\n');
        b.append("#define JST_RP_DEPTH ").append(depth).append('\n');
        b.append("#define JST_RP_STACK ").append(stack).append('\n');
        b.append("#define JST_RP_SETS ").append(Math.max(1, sets.size())).append('\n');
        b.append("#define JST_RP_LOOPN ").append(Math.max(1, loopSlots.size())).append('\n');
        b.append("#define JST_RP_STEPS ").append(steps).append('\n');
        for (PikeProgram.Op op : PikeProgram.Op.values()) b.append("#define JST_RP_").append(op).append(' ').append(op.ordinal()).append('\n');
        String ro = " __attribute__((section(\".rodata\")))";
        b.append("struct jst_rp_insn { __u16 op, nl, x, y, base, at; };\n");
        b.append("struct jst_rp_prog { __u16 off, ngroups, anchored; };\n");
        b.append("static const struct jst_rp_insn jst_rp_ins[JST_RP_INSNS]").append(ro).append(" = {\n").append(ins).append("};\n");
        b.append("static const struct jst_rp_prog jst_rp_prog[JST_RE_N]").append(ro).append(" = {\n").append(pr).append("};\n");
        b.append("static const __u8 jst_rp_sets[JST_RP_SETS][32]").append(ro).append(" = {\n");
        for (BitSet set : sets) {
            b.append("    {");
            for (int k = 0; k < 32; k++) {
                int v = 0;
                for (int bit = 0; bit < 8; bit++) if (set.get(k * 8 + bit)) v |= 1 << bit;
                b.append(k == 0 ? " " : ", ").append(v);
            }
            b.append(" },\n");
        }
        if (sets.isEmpty()) b.append("    { 0 },\n");
        b.append("};\n");
        b.append("static const __u8 jst_rp_loops[JST_RP_LOOPN]").append(ro).append(" = {");
        for (int k = 0; k < loopSlots.size(); k++) b.append(k % 32 == 0 ? "\n    " : " ").append(loopSlots.get(k)).append(',');
        b.append(loopSlots.isEmpty() ? " 0 };\n" : "\n};\n");
        b.append(WALKER);
        return b.toString();
    }

    /**
     * PikeSteps in C. The scratch (one per CPU and hit slot, as the work area) keeps the walk between steps and,
     * after it, the last =~'s subject and groups for matched() ({@code m_*}: kmod's per-CPU context's).
     * {@code gen} only grows, so a mark or list entry of an earlier walk never equals the current generation; before
     * it would wrap the marks are cleared.
     */
    private static final String WALKER = """
            #define JST_RP_RESTORE 0x8000
            struct jst_rp {
                __u32 gen, i, n, t, phase, sp, found, fresh, cl, tl, pos, re;
                __u32 cnt[2];
                __u32 m_valid, m_failed, m_ngroups, pad;
                __s16 cur[JST_RP_SLOTS];
                __s16 best[JST_RP_SLOTS];
                __s16 m_slot[JST_RP_SLOTS];
                __u16 pc[2][JST_RP_T];
                __s16 sl[2][JST_RP_T][JST_RP_SLOTS];
                __u16 stk[JST_RP_STACK];
                __s16 val[JST_RP_STACK];
                __u32 mark[JST_RP_KEYS];
                __u32 onl[JST_RP_T];
                char subj[JST_MAXSTR];
            };
            struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, JST_SLOTS); __type(key, __u32); __type(value, struct jst_rp); } jst_rps SEC(".maps");
            struct jst_rpctx { struct jst_rp *r; };

            static __always_inline struct jst_rp *jst_rp_area(void) {
                __u32 k = jst_myslot();
                return bpf_map_lookup_elem(&jst_rps, &k);
            }

            static __always_inline void jst_rp_push(struct jst_rp *r, __u32 e, __s16 v) {
                __u32 sp = r->sp;
                if (sp < JST_RP_STACK) {
                    r->stk[sp] = e;
                    r->val[sp] = v;
                    r->sp = sp + 1;
                }
            }

            static long jst_rp_step(__u32 k, void *vc) {
                struct jst_rp *r = ((struct jst_rpctx *)vc)->r;
                __u32 off = jst_rp_prog[jst_index(r->re, JST_RE_N)].off;
                __s16 pos = (__s16)r->pos;
                if (r->sp) {
                    __u32 sp = jst_index(r->sp - 1, JST_RP_STACK);
                    r->sp = sp;
                    __u32 e = r->stk[sp];
                    if (e & JST_RP_RESTORE) {
                        r->cur[jst_index(e & 0xff, JST_RP_SLOTS)] = r->val[sp];
                        return 0;
                    }
                    __u32 pc = jst_index(e, JST_RP_T);
                    const struct jst_rp_insn *in = &jst_rp_ins[jst_index(off + pc, JST_RP_INSNS)];
                    __u32 key = in->base, nl = in->nl, at = in->at;
                    for (__u32 j = 0; j < JST_RP_DEPTH; j++) {
                        if (j >= nl) break;
                        if (r->cur[jst_index(jst_rp_loops[jst_index(at + j, JST_RP_LOOPN)], JST_RP_SLOTS)] == pos) key += 1u << j;
                    }
                    key = jst_index(key, JST_RP_KEYS);
                    if (r->mark[key] == r->gen) return 0;
                    r->mark[key] = r->gen;
                    __u32 op = in->op, x = in->x, y = in->y;
                    if (op == JST_RP_JMP) {
                        jst_rp_push(r, x, 0);
                    } else if (op == JST_RP_SPLIT) {
                        jst_rp_push(r, y, 0);
                        jst_rp_push(r, x, 0);
                    } else if (op == JST_RP_SAVE) {
                        __u32 s = jst_index(x, JST_RP_SLOTS);
                        jst_rp_push(r, JST_RP_RESTORE | s, r->cur[s]);
                        r->cur[s] = pos;
                        jst_rp_push(r, pc + 1, 0);
                    } else if (op == JST_RP_BOL) {
                        if (pos == 0) jst_rp_push(r, pc + 1, 0);
                    } else if (op == JST_RP_EOL) {
                        if ((__u32)pos == r->n) jst_rp_push(r, pc + 1, 0);
                    } else if (op == JST_RP_LOOPCHK) {
                        jst_rp_push(r, r->cur[jst_index(x, JST_RP_SLOTS)] == pos ? y : pc + 1, 0);
                    } else { /* CLASS, MATCH: a thread of the list being built */
                        if (r->onl[pc] == r->gen) return 0;
                        r->onl[pc] = r->gen;
                        __u32 tl = r->tl & 1, n = jst_index(r->cnt[tl], JST_RP_T);
                        r->pc[tl][n] = pc;
                        __builtin_memcpy(r->sl[tl][n], r->cur, sizeof(r->cur));
                        r->cnt[tl] = n + 1;
                    }
                    return 0;
                }
                if (r->phase == 0) { /* the start closure is done: generation 0's threads, adding to list 1 at 1 */
                    r->phase = 1;
                    r->tl = 1;
                    r->cnt[1] = 0;
                    r->gen++;
                    r->t = 0;
                    r->pos = 1;
                    r->fresh = 0;
                    return 0;
                }
                __u32 cl = r->cl & 1;
                if (r->t < r->cnt[cl]) {
                    __u32 t = jst_index(r->t, JST_RP_T);
                    r->t = t + 1;
                    __u32 pc = jst_index(r->pc[cl][t], JST_RP_T);
                    const struct jst_rp_insn *in = &jst_rp_ins[jst_index(off + pc, JST_RP_INSNS)];
                    if (in->op == JST_RP_MATCH) {
                        __builtin_memcpy(r->best, r->sl[cl][t], sizeof(r->best));
                        r->found = 1;
                        r->t = r->cnt[cl]; /* lower-priority threads die */
                        return 0;
                    }
                    if (r->i < r->n) {
                        unsigned char ch = r->subj[jst_index(r->i, JST_MAXSTR)];
                        if ((jst_rp_sets[jst_index(in->x, JST_RP_SETS)][ch >> 3] >> (ch & 7)) & 1) {
                            __builtin_memcpy(r->cur, r->sl[cl][t], sizeof(r->cur));
                            jst_rp_push(r, pc + 1, 0);
                        }
                    }
                    return 0;
                }
                if (!r->fresh) {
                    r->fresh = 1;
                    if (!r->found && r->i < r->n && !jst_rp_prog[jst_index(r->re, JST_RE_N)].anchored) {
                        __builtin_memset(r->cur, 0xff, sizeof(r->cur));
                        jst_rp_push(r, 0, 0);
                        return 0;
                    }
                }
                __u32 tl = r->tl & 1;
                if (r->i >= r->n || (r->cnt[tl] == 0 && r->found)) return 1;
                r->cl = tl;
                r->tl = tl ^ 1;
                r->cnt[tl ^ 1] = 0;
                r->t = 0;
                r->i++;
                r->pos = r->i + 1;
                r->gen++;
                r->fresh = 0;
                return 0;
            }

            static long jst_rp_clear(__u32 k, void *vc) {
                struct jst_rp *r = ((struct jst_rpctx *)vc)->r;
                r->mark[jst_index(k, JST_RP_KEYS)] = 0;
                if (k < JST_RP_T) r->onl[k] = 0;
                return 0;
            }

            /* =~ with matched(): the DFA's answer (regex re from state start over w->a); the subject and, on a match,
             * the groups the Pike VM finds are kept for matched() */
            __attribute__((noinline)) s64t jst_g_rem(struct jst_work *w, s64t re, s64t start) {
                if (!w) return 0;
                s64t v = jst_g_re(w, re, start);
                struct jst_rp *r = jst_rp_area();
                if (!r) return v;
                __u32 ri = jst_index(re, JST_RE_N);
                r->m_valid = 1;
                r->m_ngroups = jst_rp_prog[ri].ngroups;
                r->m_failed = 1;
                long n = bpf_probe_read_kernel_str(r->subj, JST_MAXSTR, w->a);
                r->n = n > 0 ? n - 1 : 0;
                if (!v) return 0;
                struct jst_rpctx c = { r };
                if (r->gen > 0xff000000u) {
                    bpf_loop(JST_RP_KEYS, jst_rp_clear, &c, 0);
                    r->gen = 0;
                }
                r->re = ri;
                r->gen++;
                r->cl = 0;
                r->tl = 0;
                r->cnt[0] = 0;
                __builtin_memset(r->cur, 0xff, sizeof(r->cur));
                r->pos = 0;
                r->i = 0;
                r->sp = 0;
                r->found = 0;
                r->phase = 0;
                jst_rp_push(r, 0, 0);
                bpf_loop(JST_RP_STEPS, jst_rp_step, &c, 0);
                if (r->found) {
                    __builtin_memcpy(r->m_slot, r->best, sizeof(r->best));
                    r->m_failed = 0;
                }
                return v;
            }

            /* group n of the last =~ into w->out: 0, or 1 no such group (or no =~ yet), 2 the match failed (stap's errors) */
            __attribute__((noinline)) s64t jst_g_matched(struct jst_work *w, s64t n) {
                if (!w) return 1;
                w->out[0] = 0;
                struct jst_rp *r = jst_rp_area();
                if (!r || !r->m_valid || n < 0 || n > r->m_ngroups) return 1;
                if (r->m_failed) return 2;
                __u32 g = jst_index(2 * n, JST_RP_SLOTS - 1);
                s64t s = r->m_slot[g], e = r->m_slot[g + 1];
                if (s < 0 || e <= s) return 0;
                __u32 st = jst_index(s, JST_MAXSTR), len = jst_index(e - s, JST_MAXSTR);
                if (st + len > JST_MAXSTR - 1) return 0;
                bpf_probe_read_kernel(w->out, len, r->subj + st);
                w->out[len] = 0;
                return 0;
            }
            """;
}
