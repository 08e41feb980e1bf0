package org.jstap.irtools.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jstap.irtools.regex.Ere.Alt;
import org.jstap.irtools.regex.Ere.Anchor;
import org.jstap.irtools.regex.Ere.BadRegex;
import org.jstap.irtools.regex.Ere.Cat;
import org.jstap.irtools.regex.Ere.CharSet;
import org.jstap.irtools.regex.Ere.Group;
import org.jstap.irtools.regex.Ere.Node;
import org.jstap.irtools.regex.Ere.Rep;

/**
 * The DFA of one {@link Ere} regex for {@code =~} without a regex engine in the kernel (kmod's C tables, bpf's
 * read-only maps): Thompson NFA, then subset construction over byte classes. It answers yes/no for stap's
 * unanchored search: the start set is re-entered after every byte, so a match may begin anywhere.
 * Walk it as {@link #matches} does: from state 0 (the beginning of the string, the only state where {@code ^}
 * holds), before each byte stop with a match if {@code acc & 1}; at the terminating NUL the answer is
 * {@code acc & 2} (a match that needs {@code $}); else {@code next[state][cls[byte]]}. Byte 0 is a class of its
 * own that nothing consumes.
 *
 * @param cls     the byte class of every byte value
 * @param classes how many classes
 * @param next    per state, per class: the next state
 * @param acc     per state: bit 0 a match ends here, bit 1 a match ends here if the string ends here
 */
public record Dfa(int[] cls, int classes, int[][] next, int[] acc) {
    /** What kmod and bpf accept by default: a DFA larger than this is a pass-3 error naming the regex. */
    public static final int MAX_STATES = 1024;
    private static final int MAX_NFA_STATES = 4000;

    /** The subset construction made more than {@code limit} states. */
    public static final class TooManyStates extends BadRegex {
        private static final long serialVersionUID = 1L;
        public final int limit;

        TooManyStates(int limit) {
            super("too complex (its DFA has more than " + limit + " states)");
            this.limit = limit;
        }
    }

    public static Dfa compile(String regex) {
        return compile(regex, MAX_STATES);
    }

    public int states() {
        return next.length;
    }

    public static Dfa compile(String regex, int maxStates) {
        Node ast = Ere.parse(regex).root();
        Nfa nfa = new Nfa();
        int[] f = nfa.build(ast);
        int start = f[0], match = f[1];
        // byte classes: bytes with the same membership in every consuming set behave alike
        List<BitSet> sets = new ArrayList<>();
        for (BitSet b : nfa.set) if (b != null) sets.add(b);
        int[] cls = new int[256];
        Map<String, Integer> sig = new HashMap<>();
        for (int c = 0; c < 256; c++) {
            StringBuilder k = new StringBuilder();
            for (BitSet b : sets) k.append(b.get(c) ? '1' : '0');
            cls[c] = sig.computeIfAbsent(c == 0 ? "nul" : k.toString(), x -> sig.size());
        }
        int classes = sig.size();
        int[] rep = new int[classes];
        for (int c = 255; c >= 0; c--) rep[cls[c]] = c;
        BitSet startSet = new BitSet();
        startSet.set(start);
        BitSet restart = nfa.closure(startSet, false, false);
        List<BitSet> states = new ArrayList<>();
        Map<BitSet, Integer> index = new LinkedHashMap<>();
        List<int[]> next = new ArrayList<>();
        List<Integer> acc = new ArrayList<>();
        BitSet init = nfa.closure(startSet, true, false);
        states.add(init);   // state 0 is the beginning of the string (^ allowed), never shared
        for (int d = 0; d < states.size(); d++) {
            if (states.size() > maxStates) throw new TooManyStates(maxStates);
            BitSet cur = states.get(d);
            int a = cur.get(match) ? 1 : 0;
            if (nfa.closure(cur, d == 0, true).get(match)) a |= 2;
            acc.add(a);
            int[] row = new int[classes];
            for (int k = 0; k < classes; k++) {
                int c = rep[k];
                BitSet t = (BitSet) restart.clone();
                if (c != 0) {
                    for (int st = cur.nextSetBit(0); st >= 0; st = cur.nextSetBit(st + 1)) {
                        BitSet cs = nfa.set.get(st);
                        if (cs != null && cs.get(c)) t.set(nfa.out.get(st));
                    }
                }
                BitSet cl = nfa.closure(t, false, false);
                Integer id = index.get(cl);
                if (id == null) {
                    id = states.size();
                    states.add(cl);
                    index.put(cl, id);
                }
                row[k] = id;
            }
            next.add(row);
        }
        int[] accs = acc.stream().mapToInt(Integer::intValue).toArray();
        return new Dfa(cls, classes, next.toArray(new int[0][]), accs);
    }

    /** What the walkers (kmod's C loop, bpf's bpf_loop) compute, over the bytes of {@code s} up to a NUL. */
    public boolean matches(byte[] b) {
        int st = 0;
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        for (int i = 0; ; i++) {
            if ((acc[st] & 1) != 0) return true;
            if (i == n) return (acc[st] & 2) != 0;
            st = next[st][cls[b[i] & 0xff]];
        }
    }

    /** {@link #matches(byte[])} over a byte string held one char per byte (interp's strings). */
    public boolean matches(String s) {
        return matches(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static final class Nfa {
        final List<BitSet> set = new ArrayList<>();      // consuming transition, or null
        final List<Integer> out = new ArrayList<>();
        final List<List<Integer>> eps = new ArrayList<>();
        final List<Integer> anchor = new ArrayList<>();  // 0 none, 1 ^, 2 $ (edge to out)

        int state() {
            if (set.size() > MAX_NFA_STATES) throw new BadRegex("too complex (more than " + MAX_NFA_STATES + " NFA states)");
            set.add(null);
            out.add(-1);
            eps.add(new ArrayList<>());
            anchor.add(0);
            return set.size() - 1;
        }

        /** Builds {@code n} between fresh states; returns {start, end}. */
        int[] build(Node n) {
            int s = state(), e = state();
            if (n instanceof CharSet c) {
                set.set(s, c.set());
                out.set(s, e);
            } else if (n instanceof Anchor a) {
                anchor.set(s, a.bol() ? 1 : 2);
                out.set(s, e);
            } else if (n instanceof Group g) {
                int[] f = build(g.node());
                eps.get(s).add(f[0]);
                eps.get(f[1]).add(e);
            } else if (n instanceof Cat c) {
                int cur = s;
                for (Node p : c.parts()) {
                    int[] f = build(p);
                    eps.get(cur).add(f[0]);
                    cur = f[1];
                }
                eps.get(cur).add(e);
            } else if (n instanceof Alt a) {
                for (Node p : a.alts()) {
                    int[] f = build(p);
                    eps.get(s).add(f[0]);
                    eps.get(f[1]).add(e);
                }
            } else if (n instanceof Rep r) {
                int cur = s;
                for (int k = 0; k < r.min(); k++) {
                    int[] f = build(r.node());
                    eps.get(cur).add(f[0]);
                    cur = f[1];
                }
                if (r.max() < 0) {
                    int[] f = build(r.node());
                    eps.get(cur).add(f[0]);
                    eps.get(cur).add(e);
                    eps.get(f[1]).add(f[0]);
                    eps.get(f[1]).add(e);
                } else {
                    for (int k = r.min(); k < r.max(); k++) {
                        int[] f = build(r.node());
                        eps.get(cur).add(f[0]);
                        eps.get(cur).add(e);
                        cur = f[1];
                    }
                    eps.get(cur).add(e);
                }
            }
            return new int[] {s, e};
        }

        BitSet closure(BitSet from, boolean bol, boolean eol) {
            BitSet seen = (BitSet) from.clone();
            Deque<Integer> work = new ArrayDeque<>();
            from.stream().forEach(work::push);
            while (!work.isEmpty()) {
                int st = work.pop();
                List<Integer> next = new ArrayList<>(eps.get(st));
                int an = anchor.get(st);
                if (an == 1 && bol || an == 2 && eol) next.add(out.get(st));
                for (int t : next) if (!seen.get(t)) {
                    seen.set(t);
                    work.push(t);
                }
            }
            return seen;
        }
    }

}
