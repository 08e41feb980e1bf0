package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.diag.Codes;
import org.jstap.api.ir.IrExpr;
import org.jstap.irtools.regex.Dfa;
import org.jstap.irtools.regex.Ere;
import org.jstap.irtools.regex.PikeProgram;
import org.jstap.irtools.regex.PikeSteps;

/**
 * {@code =~} / {@code !~} in kernel probes: each regex compiled at pass 3 into ir-tools' {@link Dfa} (the one
 * kmod's C tables encode), all of them stored as const tables the compiler puts in {@code .rodata} (a frozen,
 * read-only array map once loaded), walked by one global function of a bpf_loop over the subject in the work
 * area, one table lookup per byte. The states of every regex are numbered in one space, so one walker serves all:
 * {@code jst_re_row[st]} is where state st's row starts in {@code jst_re_next}, {@code jst_re_cls[r]} regex r's
 * byte classes. Every index loaded from a table is clamped before use (the verifier knows nothing of the values).
 * In a program that calls {@code matched()} every =~ also records its groups for it ({@link BpfSubmatch}: after the
 * DFA says yes, ir-tools' {@link PikeProgram} of the regex, kmod's, walked in {@link PikeSteps}' steps).
 */
final class BpfRegex {
    /** One regex's place in the tables: its number (for its byte classes) and its start state; its VM program with matched(). */
    private record Entry(int index, int start, Dfa dfa, PikeProgram pike) {}

    private final Map<String, Entry> regexes = new LinkedHashMap<>();
    private int states;
    private int cells;
    /** Whether the program calls matched() (then every =~ records its groups). */
    private final boolean submatches;

    private final int maxStr;

    BpfRegex(boolean submatches, int maxStr) {
        this.submatches = submatches;
        this.maxStr = maxStr;
    }

    /** The walker call for {@code m} (the subject is already in the work area's {@code a}). */
    String call(IrExpr.Match m) {
        Entry e = regexes.get(m.regex());
        if (e == null) {
            Dfa d;
            try {
                d = Dfa.compile(m.regex());
            } catch (Dfa.TooManyStates t) {
                // kmod's DFA has the same limit: the hint is to simplify, not to switch backends
                throw new BpfCWriter.Unsupported(m.span(), "the bpf backend cannot compile regular expression \""
                        + m.regex() + "\": " + t.getMessage(),
                        Codes.TRANSLATE_REGEX_TOO_COMPLEX, "split it into simpler regexes joined with || or &&, or match"
                        + " in a begin, end or timer body (user space, no limit)");
            } catch (Ere.BadRegex b) {
                throw new BpfCWriter.Unsupported(m.span(), "regular expression \"" + m.regex() + "\": " + b.getMessage());
            }
            e = new Entry(regexes.size(), states, d, submatches ? BpfSubmatch.compile(m) : null);
            regexes.put(m.regex(), e);
            states += d.states();
            cells += d.states() * d.classes();
        }
        return (submatches ? "jst_g_rem(w, " : "jst_g_re(w, ") + e.index() + ", " + e.start() + ")";
    }

    boolean used() {
        return !regexes.isEmpty();
    }

    /** The tables and the walker, after jstap_bpf.h (the work area). */
    String emit() {
        if (regexes.isEmpty()) return "";
        String next = states > 0xffff ? "__u32" : "__u16";
        StringBuilder b = new StringBuilder("\n/* =~ in kernel probes: the DFAs of ").append(regexes.size())
                .append(" regex(es), ").append(states).append(" states, walked by jst_g_re */\n");
        b.append("#define JST_RE_N ").append(regexes.size()).append('\n');
        b.append("#define JST_RE_STATES ").append(states).append('\n');
        b.append("#define JST_RE_CELLS ").append(cells).append('\n');
        List<Integer> rows = new ArrayList<>();
        List<Integer> acc = new ArrayList<>();
        StringBuilder nx = new StringBuilder();
        StringBuilder cls = new StringBuilder();
        int row = 0;
        for (Map.Entry<String, Entry> me : regexes.entrySet()) {
            Entry e = me.getValue();
            Dfa d = e.dfa();
            cls.append("    /* ").append(e.index()).append(": ").append(comment(me.getKey())).append(" (")
                    .append(d.states()).append(" states, ").append(d.classes()).append(" byte classes, from state ")
                    .append(e.start()).append(") */\n    {");
            for (int c = 0; c < 256; c++) cls.append(c == 0 ? "" : ",").append(c % 32 == 0 ? "\n     " : " ").append(d.cls()[c]);
            cls.append(" },\n");
            for (int s = 0; s < d.states(); s++) {
                rows.add(row);
                acc.add(d.acc()[s]);
                nx.append("   ");
                for (int k = 0; k < d.classes(); k++) nx.append(' ').append(e.start() + d.next()[s][k]).append(',');
                nx.append('\n');
                row += d.classes();
            }
        }
        // in .rodata by name: a table of 4, 8, 16 or 32 bytes would otherwise go to clang's mergeable .rodata.cstN,
        // which the BTF's .rodata DATASEC still lists (a 6.1 kernel then refuses the BTF, and the program with it)
        String ro = " __attribute__((section(\".rodata\")))";
        b.append("static const __u8 jst_re_cls[JST_RE_N][256]").append(ro).append(" = {\n").append(cls).append("};\n");
        b.append("static const __u32 jst_re_row[JST_RE_STATES]").append(ro).append(" = {").append(list(rows)).append("};\n");
        b.append("static const __u8 jst_re_acc[JST_RE_STATES]").append(ro).append(" = {").append(list(acc)).append("};\n");
        b.append("static const ").append(next).append(" jst_re_next[JST_RE_CELLS]").append(ro).append(" = {\n").append(nx)
                .append("};\n");
        b.append(WALKER);
        if (submatches) {
            List<PikeProgram> progs = new ArrayList<>();
            for (Entry e : regexes.values()) progs.add(e.pike());
            b.append(BpfSubmatch.emit(progs, maxStr));
        }
        return b.toString();
    }

    private static String list(List<Integer> v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.size(); i++) b.append(i % 32 == 0 ? "\n    " : " ").append(v.get(i)).append(',');
        return b.append('\n').toString();
    }

    private static String comment(String re) {
        StringBuilder b = new StringBuilder();
        for (char c : re.toCharArray()) b.append(c >= 0x20 && c < 0x7f ? c : '?');
        return b.toString().replace("*/", "*\\/");
    }

    /**
     * Runtime-c's DFA loop as a bpf_loop step: before each byte, a state with bit 0 of its accept flags has
     * matched; at the NUL, bit 1 (a match that needs {@code $}). The work area holds the position (i), the state
     * (o) and the regex (lf) between steps, as the other string loops do.
     */
    private static final String WALKER = """
            static long jst_re_step(__u32 k, void *vc) {
                struct jst_work *w = ((struct jst_wctx *)vc)->w;
                __u32 i = jst_index(w->i, JST_MAXSTR), st = jst_index(w->o, JST_RE_STATES), r = jst_index(w->lf, JST_RE_N);
                __u8 acc = jst_re_acc[st];
                if (acc & 1) { w->v = 1; return 1; }
                unsigned char ch = w->a[i];
                if (!ch) { w->v = acc >> 1; return 1; }
                w->o = jst_re_next[jst_index((u64t)jst_re_row[st] + jst_re_cls[r][ch], JST_RE_CELLS)];
                w->i = i + 1;
                return 0;
            }

            /* whether the work area's a matches regex re (its DFA starts at state start): 1 or 0 */
            __attribute__((noinline)) s64t jst_g_re(struct jst_work *w, s64t re, s64t start) {
                if (!w) return 0;
                w->i = 0;
                w->o = (__u32)start;
                w->lf = (__u32)re;
                w->v = 0;
                struct jst_wctx c = { w };
                bpf_loop(JST_MAXSTR, jst_re_step, &c, 0);
                return w->v;
            }
            """;
}
