package org.jstap.irtools.regex;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jstap.irtools.regex.PikeProgram.Insn;
import org.jstap.irtools.regex.PikeProgram.Op;

/**
 * {@link PikeProgram#run}'s VM cut into the small steps the bpf backend's walker takes, one per bpf_loop callback
 * (a BPF program cannot recurse, nor nest loops the verifier would walk through): this class is the model of that C,
 * statement for statement, with the same fields, so a test checking it against interp's matcher checks the
 * algorithm the kernel runs. A step either pops one entry of the empty-transition stack (a program counter to
 * follow, or a slot to restore after a {@code SAVE}'s branch is done), or, when the stack is empty, runs the next
 * thread of the current list against the byte, starts the lower-priority fresh thread, or moves to the next
 * position. {@link #steps} is how many steps a run took, which the walker's bpf_loop bound ({@link #maxSteps})
 * must cover.
 */
public final class PikeSteps {
    /** Stack entry bit: restore slot {@code e & 0xff} from the saved value (else e is a program counter). */
    public static final int RESTORE = 0x8000;

    private final PikeProgram p;
    private final boolean anchored;
    // the walker's state: its per-CPU scratch in BPF
    private int gen, i, n, t, phase, sp, found, fresh, cl, tl, pos;
    private final int[] cnt = new int[2];
    private final int[] cur, best;
    private final int[][] pcs;
    private final int[][][] sl;
    private final int[] stk, val;
    private final int[] mark, onl;
    private byte[] s;
    /** Steps the last {@link #run} took. */
    public long steps;

    public PikeSteps(PikeProgram p) {
        this.p = p;
        this.anchored = p.anchored();
        int len = p.insns.size();
        cur = new int[p.nslots];
        best = new int[p.nslots];
        pcs = new int[2][len];
        sl = new int[2][len][p.nslots];
        stk = new int[stackSize(p)];
        val = new int[stk.length];
        mark = new int[p.states];
        onl = new int[len];
    }

    /** Entries the stack can hold at once: each key visited once per generation pushes at most two. */
    public static int stackSize(PikeProgram p) {
        return 2 * p.states + 2;
    }

    /**
     * A bound on the steps of a run over a subject of {@code maxLen} bytes: per position, each thread's step, each
     * key's visit (popped once, pushing at most two entries), the closures' first pushes, the fresh thread's and
     * the move to the next position.
     */
    public static long maxSteps(PikeProgram p, int maxLen) {
        long t = p.insns.size();
        return (maxLen + 2L) * (2 * t + 3L * p.states + 4);
    }

    /** The slots of the leftmost-first match of {@code subject} (cut at a NUL), or null: {@link PikeProgram#run}'s answer. */
    public int[] run(String subject) {
        s = subject.getBytes(StandardCharsets.ISO_8859_1);
        n = 0;
        while (n < s.length && s[n] != 0) n++;
        steps = 0;
        start();
        while (!step()) steps++;
        steps++;
        return found != 0 ? best.clone() : null;
    }

    /** jst_g_rem's set-up before the bpf_loop: the closure from the start at position 0 into list 0. */
    private void start() {
        gen++;
        cl = 0;
        tl = 0;
        cnt[0] = 0;
        Arrays.fill(cur, -1);
        pos = 0;
        i = 0;
        sp = 0;
        found = 0;
        phase = 0;
        push(0, 0);
    }

    private void push(int e, int v) {
        if (sp < stk.length) {
            stk[sp] = e;
            val[sp] = v;
            sp++;
        }
    }

    /** One bpf_loop callback: true when the run is over (the callback's return 1). */
    private boolean step() {
        if (sp > 0) {
            sp--;
            int e = stk[sp];
            if ((e & RESTORE) != 0) {
                cur[e & 0xff] = val[sp];
                return false;
            }
            int pc = e;
            Insn in = p.insns.get(pc);
            int[] loops = p.loops.get(pc);
            int key = p.base.get(pc);
            for (int j = 0; j < loops.length; j++) if (cur[loops[j]] == pos) key += 1 << j;
            if (mark[key] == gen) return false;
            mark[key] = gen;
            switch (in.op()) {
                case JMP -> push(in.x(), 0);
                case SPLIT -> {
                    push(in.y(), 0);
                    push(in.x(), 0);
                }
                case SAVE -> {
                    push(RESTORE | in.x(), cur[in.x()]);
                    cur[in.x()] = pos;
                    push(pc + 1, 0);
                }
                case BOL -> { if (pos == 0) push(pc + 1, 0); }
                case EOL -> { if (pos == n) push(pc + 1, 0); }
                case LOOPCHK -> push(cur[in.x()] == pos ? in.y() : pc + 1, 0);
                case CLASS, MATCH -> {
                    if (onl[pc] == gen) return false;
                    onl[pc] = gen;
                    int k = cnt[tl];
                    pcs[tl][k] = pc;
                    System.arraycopy(cur, 0, sl[tl][k], 0, cur.length);
                    cnt[tl] = k + 1;
                }
            }
            return false;
        }
        if (phase == 0) {   // the start closure is done: generation 0's threads, adding to list 1 at position 1
            phase = 1;
            tl = 1;
            cnt[1] = 0;
            gen++;
            t = 0;
            pos = 1;
            fresh = 0;
            return false;
        }
        if (t < cnt[cl]) {
            int k = t++;
            int pc = pcs[cl][k];
            Insn in = p.insns.get(pc);
            if (in.op() == Op.MATCH) {
                System.arraycopy(sl[cl][k], 0, best, 0, best.length);
                found = 1;
                t = cnt[cl];    // lower-priority threads die
                return false;
            }
            if (i < n && p.sets.get(in.x()).get(s[i] & 0xff)) {
                System.arraycopy(sl[cl][k], 0, cur, 0, cur.length);
                push(pc + 1, 0);
            }
            return false;
        }
        if (fresh == 0) {
            fresh = 1;
            if (found == 0 && i < n && !anchored) {
                Arrays.fill(cur, -1);
                push(0, 0);
                return false;
            }
        }
        if (i >= n || cnt[tl] == 0 && found != 0) return true;
        cl = tl;
        tl ^= 1;
        cnt[tl] = 0;
        t = 0;
        i++;
        pos = i + 1;
        gen++;
        fresh = 0;
        return false;
    }
}
