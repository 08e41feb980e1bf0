package org.jstap.irtools.regex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.jstap.irtools.regex.Ere.Alt;
import org.jstap.irtools.regex.Ere.Anchor;
import org.jstap.irtools.regex.Ere.BadRegex;
import org.jstap.irtools.regex.Ere.Cat;
import org.jstap.irtools.regex.Ere.CharSet;
import org.jstap.irtools.regex.Ere.Group;
import org.jstap.irtools.regex.Ere.Node;
import org.jstap.irtools.regex.Ere.Rep;

/**
 * {@code =~} with submatches, for scripts that call {@code matched()}: the regex's parse tree ({@link Ere})
 * compiled into a small program for a Pike VM, shared by the backends that run one: kmod (runtime-c
 * {@code jst_regex.c}, from stage-translate's C table) and bpf (a bpf_loop walker over its {@code .rodata} tables,
 * modelled step for step by {@link PikeSteps}). Threads run in priority order, so the result is java.util.regex's
 * leftmost-first {@code find()} (what the interp backend runs): the leftmost start, then the first alternative,
 * greedy repetition (the parser makes ERE's {@code a*?} a greedy {@code (a*)?}; the VM could run a lazy split).
 * Slots {@code 2k, 2k+1} hold group k's start and end (k = 0: the whole match); hidden slots after them remember
 * where an iteration of a loop whose body can match empty began, so that an empty iteration leaves the loop with its
 * captures (java.util.regex's rule) instead of being dropped. {@link #run} is the reference VM, for tests.
 * {@code nslots} and {@code states} are set while compiling, read-only after.
 */
public final class PikeProgram {
    /** Upper bound of instructions per program (the VM's tables are 16-bit). */
    public static final int MAX_INSNS = 4000;
    /** Upper bound of slots per thread. */
    public static final int MAX_SLOTS = 64;

    public enum Op { CLASS, SPLIT, JMP, SAVE, BOL, EOL, LOOPCHK, MATCH }

    /**
     * One instruction. CLASS: consume a byte of set {@code x}; SPLIT: go to {@code x}, then (lower priority)
     * {@code y}; JMP: to {@code x}; SAVE: slot {@code x} = position; BOL/EOL: assertions; LOOPCHK: if slot
     * {@code x} equals the position (an empty iteration) go to {@code y}, else fall through; MATCH.
     */
    public record Insn(Op op, int x, int y) {}

    public final List<Insn> insns = new ArrayList<>();
    public final List<BitSet> sets = new ArrayList<>();
    public final int groups;
    public int nslots;
    /**
     * Per instruction: the hidden slots of the nullable loops whose body it is in (outermost first). Whether each
     * of them equals the position decides what the thread does next, so the VM's "already on the list" mark is
     * per instruction and per combination of those bits ({@link #base} + bits).
     */
    public final List<int[]> loops = new ArrayList<>();
    public final List<Integer> base = new ArrayList<>();
    public int states;
    private final java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();

    private PikeProgram(int groups) {
        this.groups = groups;
        this.nslots = 2 * (groups + 1);
    }

    public static PikeProgram compile(String regex) {
        Ere.Parsed p = Ere.parse(regex);
        PikeProgram prog = new PikeProgram(p.groups());
        prog.emit(Op.SAVE, 0, 0);
        prog.node(p.root());
        prog.emit(Op.SAVE, 1, 0);
        prog.emit(Op.MATCH, 0, 0);
        for (int[] l : prog.loops) {
            prog.base.add(prog.states);
            prog.states += 1 << l.length;
        }
        if (prog.states > MAX_INSNS) throw new BadRegex("too complex for matched() (loops that can match empty nest too deep)");
        if (prog.insns.size() * prog.nslots > MAX_INSNS * 16) {
            // the two thread lists take instructions x slots x 2 x 2 bytes of every CPU's context
            throw new BadRegex("too complex for matched() (" + prog.insns.size() + " instructions x " + prog.nslots + " slots)");
        }
        if (prog.nslots > MAX_SLOTS) throw new BadRegex("too many groups and loops for matched() (more than " + MAX_SLOTS + " slots)");
        return prog;
    }

    private int emit(Op op, int x, int y) {
        if (insns.size() >= MAX_INSNS) throw new BadRegex("too complex for matched() (more than " + MAX_INSNS + " instructions)");
        insns.add(new Insn(op, x, y));
        int[] l = new int[open.size()];
        int k = 0;
        for (java.util.Iterator<Integer> it = open.descendingIterator(); it.hasNext(); ) l[k++] = it.next();
        loops.add(l);
        return insns.size() - 1;
    }

    private void patch(int at, Op op, int x, int y) {
        insns.set(at, new Insn(op, x, y));
    }

    private int pc() {
        return insns.size();
    }

    private int set(BitSet b) {
        int i = sets.indexOf(b);
        if (i >= 0) return i;
        sets.add(b);
        return sets.size() - 1;
    }

    private void node(Node n) {
        if (n instanceof CharSet c) {
            emit(Op.CLASS, set(c.set()), 0);
        } else if (n instanceof Anchor a) {
            emit(a.bol() ? Op.BOL : Op.EOL, 0, 0);
        } else if (n instanceof Group g) {
            emit(Op.SAVE, 2 * g.index(), 0);
            node(g.node());
            emit(Op.SAVE, 2 * g.index() + 1, 0);
        } else if (n instanceof Cat c) {
            for (Node p : c.parts()) node(p);
        } else if (n instanceof Alt a) {
            List<Integer> jumps = new ArrayList<>();
            for (int k = 0; k < a.alts().size(); k++) {
                if (k < a.alts().size() - 1) {
                    int split = emit(Op.SPLIT, 0, 0);
                    node(a.alts().get(k));
                    jumps.add(emit(Op.JMP, 0, 0));
                    patch(split, Op.SPLIT, split + 1, pc());
                } else {
                    node(a.alts().get(k));
                }
            }
            for (int j : jumps) patch(j, Op.JMP, pc(), 0);
        } else if (n instanceof Rep r) {
            rep(r);
        }
    }

    /** A split that prefers {@code first} when greedy, {@code second} when lazy. */
    private void split(int at, boolean greedy, int body, int exit) {
        if (greedy) patch(at, Op.SPLIT, body, exit);
        else patch(at, Op.SPLIT, exit, body);
    }

    private void rep(Rep r) {
        if (r.max() == 0) return;  // x{0}: java.util.regex never tries x (its groups stay unset)
        if (r.node() instanceof Group g && zeroWidth(g.node()) && !(r.min() == 0 && r.max() == 1)) {
            // java.util.regex keeps a repeated group that can only match empty as it was before the repetition
            // when the repetition may be skipped (*, {0,n}), and sets it once otherwise ({m,n}, m > 0)
            if (r.min() > 0) {
                node(g);
            } else {
                int split = emit(Op.SPLIT, 0, 0);
                node(g.node());
                split(split, r.greedy(), split + 1, pc());
            }
            return;
        }
        boolean nullable = nullable(r.node());
        int mandatory = r.max() < 0 && r.min() > 0 ? r.min() - 1 : r.min();
        for (int k = 0; k < mandatory; k++) node(r.node());
        if (r.max() < 0 && r.min() > 0) {
            // L: [save h] body [loopchk h -> X] split L, X ; X:
            int hidden = nullable ? nslots++ : -1;
            int top = pc();
            if (nullable) emit(Op.SAVE, hidden, 0);
            if (nullable) open.push(hidden);
            node(r.node());
            int chk = nullable ? emit(Op.LOOPCHK, hidden, 0) : -1;
            if (nullable) open.pop();
            int split = emit(Op.SPLIT, 0, 0);
            split(split, r.greedy(), top, pc());
            if (chk >= 0) patch(chk, Op.LOOPCHK, hidden, pc());
        } else if (r.max() < 0) {
            // L: split B, X ; B: [save h] body [loopchk h -> X] jmp L ; X:
            int hidden = nullable ? nslots++ : -1;
            int split = emit(Op.SPLIT, 0, 0);
            if (nullable) emit(Op.SAVE, hidden, 0);
            if (nullable) open.push(hidden);
            node(r.node());
            int chk = nullable ? emit(Op.LOOPCHK, hidden, 0) : -1;
            if (nullable) open.pop();
            emit(Op.JMP, split, 0);
            split(split, r.greedy(), split + 1, pc());
            if (chk >= 0) patch(chk, Op.LOOPCHK, hidden, pc());
        } else {
            List<Integer> splits = new ArrayList<>();
            for (int k = r.min(); k < r.max(); k++) {
                splits.add(emit(Op.SPLIT, 0, 0));
                node(r.node());
            }
            for (int s : splits) split(s, r.greedy(), s + 1, pc());
        }
    }

    /** Matches nothing but the empty string, without alternatives (java.util.regex's "deterministic", length 0). */
    private static boolean zeroWidth(Node n) {
        if (n instanceof CharSet || n instanceof Alt) return false;
        if (n instanceof Anchor) return true;
        if (n instanceof Group g) return zeroWidth(g.node());
        if (n instanceof Cat c) return c.parts().stream().allMatch(PikeProgram::zeroWidth);
        Rep r = (Rep) n;
        return r.max() == 0 || r.min() == r.max() && zeroWidth(r.node());
    }

    private static boolean nullable(Node n) {
        if (n instanceof CharSet) return false;
        if (n instanceof Anchor) return true;
        if (n instanceof Group g) return nullable(g.node());
        if (n instanceof Cat c) return c.parts().stream().allMatch(PikeProgram::nullable);
        if (n instanceof Alt a) return a.alts().stream().anyMatch(PikeProgram::nullable);
        Rep r = (Rep) n;
        return r.min() == 0 || nullable(r.node());
    }

    // ------------------------------------------------------------------ reference VM (what jst_regex.c does)

    /**
     * Leftmost-first search of {@code subject} (a byte string, one char per byte, cut at a NUL): the slots of
     * the match ({@code -1} for a group that took no part), or {@code null}.
     */
    public int[] run(String subject) {
        byte[] s = subject.getBytes(StandardCharsets.ISO_8859_1);
        int n = 0;
        while (n < s.length && s[n] != 0) n++;
        int len = insns.size();
        int[] cpc = new int[len], npc = new int[len];
        int[][] cslots = new int[len][nslots], nslots2 = new int[len][nslots];
        int[] mark = new int[states];
        int[] onList = new int[len];
        int gen = 0;
        int[] cur = new int[nslots];
        int[] best = null;
        int cn = 0;
        gen++;
        Arrays.fill(cur, -1);
        cn = add(cpc, cslots, cn, mark, onList, gen, 0, cur, s, 0, n);
        for (int i = 0; ; i++) {
            gen++;
            int nn = 0;
            for (int t = 0; t < cn; t++) {
                Insn in = insns.get(cpc[t]);
                if (in.op() == Op.MATCH) {
                    best = cslots[t].clone();
                    break;
                }
                if (i < n && sets.get(in.x()).get(s[i] & 0xff)) {
                    nn = add(npc, nslots2, nn, mark, onList, gen, cpc[t] + 1, cslots[t], s, i + 1, n);
                }
            }
            if (best == null && i < n) {
                int[] fresh = new int[nslots];
                Arrays.fill(fresh, -1);
                nn = add(npc, nslots2, nn, mark, onList, gen, 0, fresh, s, i + 1, n);
            }
            if (i >= n || nn == 0 && best != null) return best;
            int[] tp = cpc; cpc = npc; npc = tp;
            int[][] ts = cslots; cslots = nslots2; nslots2 = ts;
            cn = nn;
        }
    }

    /** Follows the empty transitions from {@code pc0} in priority order (explicit stack, as in C). */
    private int add(int[] lpc, int[][] lslots, int ln, int[] mark, int[] onList, int gen, int pc0, int[] from, byte[] s,
            int pos, int n) {
        int[] cur = from.clone();
        int[] stack = new int[2 * insns.size() + 2];
        int[] vals = new int[stack.length];
        int sp = 0;
        stack[sp++] = pc0;
        while (sp > 0) {
            int e = stack[--sp];
            if (e < 0) {
                cur[-e - 1] = vals[sp];
                continue;
            }
            int pc = e;
            int[] l = loops.get(pc);
            int key = base.get(pc);
            for (int j = 0; j < l.length; j++) if (cur[l[j]] == pos) key += 1 << j;
            if (mark[key] == gen) continue;
            mark[key] = gen;
            Insn in = insns.get(pc);
            switch (in.op()) {
                case JMP -> stack[sp++] = in.x();
                case SPLIT -> {
                    stack[sp++] = in.y();
                    stack[sp++] = in.x();
                }
                case SAVE -> {
                    vals[sp] = cur[in.x()];
                    stack[sp++] = -in.x() - 1;
                    cur[in.x()] = pos;
                    stack[sp++] = pc + 1;
                }
                case BOL -> { if (pos == 0) stack[sp++] = pc + 1; }
                case EOL -> { if (pos == n) stack[sp++] = pc + 1; }
                case LOOPCHK -> stack[sp++] = cur[in.x()] == pos ? in.y() : pc + 1;
                case CLASS, MATCH -> {
                    if (onList[pc] == gen) continue;  // after this instruction the bits no longer matter
                    onList[pc] = gen;
                    lpc[ln] = pc;
                    System.arraycopy(cur, 0, lslots[ln], 0, nslots);
                    ln++;
                }
            }
        }
        return ln;
    }

    /**
     * The bytes a match can start with, as 1 + an index into {@link #sets}, or 0 when a match may be empty (then
     * every position must be tried). The C VM skips to the next such byte while no thread is alive.
     */
    public int prefilter() {
        BitSet first = new BitSet(256);
        boolean emptyMatch = !walkToFirstTests(false, in -> {
            if (in.op() == Op.MATCH) return false;
            if (in.op() == Op.CLASS) first.or(sets.get(in.x()));
            return true;
        });
        return emptyMatch ? 0 : set(first) + 1;
    }

    /** Every path from the start meets {@code ^} before a byte test or the match: only position 0 can match. */
    public boolean anchored() {
        return walkToFirstTests(true, in -> in.op() != Op.CLASS && in.op() != Op.MATCH);
    }

    /**
     * Follows every path from the start through the instructions that consume nothing (jumps, splits, saves...),
     * showing {@code visit} each instruction reached, and stops a path at a byte test or the match (and at
     * {@code ^} when {@code stopAtBol}). False as soon as {@code visit} says false.
     */
    private boolean walkToFirstTests(boolean stopAtBol, java.util.function.Predicate<Insn> visit) {
        boolean[] seen = new boolean[insns.size()];
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>(List.of(0));
        while (!work.isEmpty()) {
            int pc = work.pop();
            if (seen[pc]) continue;
            seen[pc] = true;
            Insn in = insns.get(pc);
            if (!visit.test(in)) return false;
            if (in.op() == Op.BOL && stopAtBol) continue;
            switch (in.op()) {
                case CLASS, MATCH -> { }
                case JMP -> work.push(in.x());
                case SPLIT, LOOPCHK -> {
                    work.push(in.op() == Op.SPLIT ? in.x() : pc + 1);
                    work.push(in.y());
                }
                default -> work.push(pc + 1);
            }
        }
        return true;
    }
}
