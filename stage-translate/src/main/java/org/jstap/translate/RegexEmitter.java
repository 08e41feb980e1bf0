package org.jstap.translate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code =~} without a regex engine in the kernel: each POSIX extended regular expression is compiled here into a
 * DFA (parse, Thompson NFA, subset construction over byte classes) and emitted as C tables plus a loop that
 * scans the string once. Search semantics (a match anywhere), {@code ^}/{@code $} anchors, groups, alternation,
 * bracket expressions with POSIX classes, {@code * + ? {m,n}}. The DFA only answers yes/no: a script that calls
 * {@code matched()} gets {@link RegexProgram}s (a Pike VM over the same parse tree, runtime-c jst_regex.c) instead.
 * The meaning is POSIX's without REG_NEWLINE, as in stap (and interp, which runs java.util.regex with DOTALL and
 * {@code \z}): {@code .} matches any byte, {@code $} only at the very end.
 */
final class RegexEmitter {
    static final boolean SUPPORTED = true;
    static final int MAX_DFA_STATES = 1024;
    private static final int MAX_NFA_STATES = 4000;

    private RegexEmitter() {}

    static final class BadRegex extends RuntimeException {
        BadRegex(String m) {
            super(m);
        }
    }

    // ------------------------------------------------------------------ AST

    sealed interface Node {}
    record CharSet(BitSet set) implements Node {}
    record Anchor(boolean bol) implements Node {}
    record Cat(List<Node> parts) implements Node {}
    record Alt(List<Node> alts) implements Node {}
    /** {@code max < 0}: unbounded; the parser makes every repetition greedy (ERE has no lazy quantifiers). */
    record Rep(Node node, int min, int max, boolean greedy) implements Node {}
    /** A capturing group, numbered from 1 in the order of its {@code (}. */
    record Group(int index, Node node) implements Node {}

    /** The parse tree of a regex and its number of capturing groups. */
    record Parsed(Node root, int groups) {}

    static Parsed parse(String regex) {
        Parser p = new Parser(regex);
        Node n = p.parse();
        return new Parsed(n, p.groups);
    }

    private static final class Parser {
        private final String re;
        private int i;
        int groups;

        Parser(String re) {
            this.re = re;
        }

        Node parse() {
            Node n = alt();
            if (i < re.length()) throw new BadRegex("unexpected '" + re.charAt(i) + "' at " + i);
            return n;
        }

        private Node alt() {
            List<Node> alts = new ArrayList<>();
            alts.add(cat());
            while (i < re.length() && re.charAt(i) == '|') {
                i++;
                alts.add(cat());
            }
            return alts.size() == 1 ? alts.get(0) : new Alt(alts);
        }

        private Node cat() {
            List<Node> parts = new ArrayList<>();
            while (i < re.length() && re.charAt(i) != '|' && re.charAt(i) != ')') parts.add(repeat());
            return new Cat(parts);
        }

        private Node repeat() {
            Node a = atom();
            while (i < re.length()) {
                char ch = re.charAt(i);
                if (ch == '*') { i++; a = new Rep(a, 0, -1, greedy()); }
                else if (ch == '+') { i++; a = new Rep(a, 1, -1, greedy()); }
                else if (ch == '?') { i++; a = new Rep(a, 0, 1, greedy()); }
                else if (ch == '{' && i + 1 < re.length() && Character.isDigit(re.charAt(i + 1))) {
                    int close = re.indexOf('}', i);
                    if (close < 0) throw new BadRegex("unterminated {");
                    String[] mn = re.substring(i + 1, close).split(",", -1);
                    int min = Integer.parseInt(mn[0].trim());
                    int max = mn.length == 1 ? min : mn[1].isBlank() ? -1 : Integer.parseInt(mn[1].trim());
                    if (max >= 0 && max < min || min > 255 || max > 255) throw new BadRegex("bad repetition");
                    i = close + 1;
                    a = new Rep(a, min, max, greedy());
                } else break;
            }
            return a;
        }

        /**
         * Every quantifier is greedy: POSIX ERE (and stap's matcher) has no lazy {@code *?}; a quantifier after a
         * quantifier applies to the repetition before it ({@code a*?} is {@code (a*)?}), which the loop in
         * {@link #repeat()} does by wrapping.
         */
        private boolean greedy() {
            return true;
        }

        private static BitSet of(int... cs) {
            BitSet b = new BitSet(256);
            for (int c : cs) b.set(c);
            return b;
        }

        private Node atom() {
            char ch = re.charAt(i++);
            switch (ch) {
                case '(': {
                    int g = ++groups;
                    Node n = i < re.length() && re.charAt(i) == ')' ? new Cat(List.of()) : alt();
                    if (i >= re.length() || re.charAt(i) != ')') throw new BadRegex("missing )");
                    i++;
                    return new Group(g, n);
                }
                case '[': return new CharSet(bracket());
                case '.': {
                    BitSet b = new BitSet(256);
                    b.set(1, 256);    // any byte, newlines too (POSIX without REG_NEWLINE, as stap)
                    return new CharSet(b);
                }
                case '^': return new Anchor(true);
                case '$': return new Anchor(false);
                case '\\': {
                    if (i >= re.length()) throw new BadRegex("trailing backslash");
                    char e = re.charAt(i++);
                    BitSet b = switch (e) {
                        case 'd' -> cls("digit");
                        case 'w' -> { BitSet w = cls("alnum"); w.set('_'); yield w; }
                        case 's' -> cls("space");
                        case 'D' -> not(cls("digit"));
                        case 'W' -> { BitSet w = cls("alnum"); w.set('_'); yield not(w); }
                        case 'S' -> not(cls("space"));
                        case 'n' -> of('\n');
                        case 't' -> of('\t');
                        case 'r' -> of('\r');
                        case 'f' -> of('\f');
                        case 'a' -> of(7);
                        case 'e' -> of(27);
                        case 'x' -> of(hexByte());
                        default -> {
                            // java.util.regex (interp) gives every other letter or digit a meaning of its own
                            // (\b, \1, \p{..}, \Q ...): refuse it rather than read it as a literal
                            if (Character.isLetterOrDigit(e)) throw new BadRegex("escape \\" + e + " is not supported");
                            yield of(e & 0xff);
                        }
                    };
                    return new CharSet(b);
                }
                case '*': case '+': case '?':
                    throw new BadRegex("repetition operator '" + ch + "' without an operand");
                default:
                    return literal(ch);
            }
        }

        /** {@code \xhh}: exactly two hex digits (java.util.regex's form without braces). */
        private int hexByte() {
            if (i + 2 > re.length() || Character.digit(re.charAt(i), 16) < 0 || Character.digit(re.charAt(i + 1), 16) < 0) {
                throw new BadRegex("escape \\x needs two hex digits");
            }
            int v = Integer.parseInt(re.substring(i, i + 2), 16);
            i += 2;
            if (v == 0) throw new BadRegex("escape \\x00 cannot match in a C string");
            return v;
        }

        private Node literal(char ch) {
            byte[] bytes = String.valueOf(ch).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (bytes.length == 1) return new CharSet(of(bytes[0] & 0xff));
            List<Node> parts = new ArrayList<>();
            for (byte b : bytes) parts.add(new CharSet(of(b & 0xff)));
            return new Cat(parts);
        }

        private static BitSet not(BitSet b) {
            BitSet n = (BitSet) b.clone();
            n.flip(1, 256);
            return n;
        }

        static BitSet cls(String name) {
            BitSet b = new BitSet(256);
            for (int c = 1; c < 128; c++) {
                boolean in = switch (name) {
                    case "alpha" -> Character.isLetter(c);
                    case "digit" -> c >= '0' && c <= '9';
                    case "alnum" -> Character.isLetterOrDigit(c);
                    case "upper" -> c >= 'A' && c <= 'Z';
                    case "lower" -> c >= 'a' && c <= 'z';
                    case "space" -> c == ' ' || (c >= 9 && c <= 13);
                    case "blank" -> c == ' ' || c == '\t';
                    case "punct" -> c > 32 && c < 127 && !Character.isLetterOrDigit(c);
                    case "xdigit" -> Character.digit(c, 16) >= 0;
                    case "cntrl" -> c < 32 || c == 127;
                    case "print" -> c >= 32 && c < 127;
                    case "graph" -> c > 32 && c < 127;
                    default -> throw new BadRegex("unknown character class [:" + name + ":]");
                };
                if (in) b.set(c);
            }
            return b;
        }

        private BitSet bracket() {
            BitSet b = new BitSet(256);
            boolean negate = false;
            if (i < re.length() && re.charAt(i) == '^') {
                negate = true;
                i++;
            }
            boolean first = true;
            while (true) {
                if (i >= re.length()) throw new BadRegex("unterminated [");
                char ch = re.charAt(i);
                if (ch == ']' && !first) {
                    i++;
                    break;
                }
                first = false;
                if (ch == '[' && i + 1 < re.length() && re.charAt(i + 1) == ':') {
                    int end = re.indexOf(":]", i + 2);
                    if (end < 0) throw new BadRegex("unterminated [:");
                    b.or(cls(re.substring(i + 2, end)));
                    i = end + 2;
                    continue;
                }
                i++;
                int lo = ch & 0xff;
                if (i + 1 < re.length() && re.charAt(i) == '-' && re.charAt(i + 1) != ']') {
                    int hi = re.charAt(i + 1) & 0xff;
                    i += 2;
                    if (hi < lo) throw new BadRegex("bad range");
                    b.set(lo, hi + 1);
                } else {
                    b.set(lo);
                }
            }
            if (negate) b.flip(1, 256);
            b.clear(0);
            return b;
        }
    }

    // ------------------------------------------------------------------ NFA

    private static final class Nfa {
        final List<BitSet> set = new ArrayList<>();      // consuming transition, or null
        final List<Integer> out = new ArrayList<>();
        final List<List<Integer>> eps = new ArrayList<>();
        final List<Integer> anchor = new ArrayList<>();  // 0 none, 1 ^, 2 $ (edge to out)

        int state() {
            if (set.size() > MAX_NFA_STATES) throw new BadRegex("too complex");
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

    /** The DFA of one regex: byte classes, transitions, accept flags (bit 0 now, bit 1 at end of string). */
    record Dfa(int[] cls, int classes, int[][] next, int[] acc) {}

    static Dfa compile(String regex) {
        Node ast = parse(regex).root();
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
            if (states.size() > MAX_DFA_STATES) throw new BadRegex("too complex (more than " + MAX_DFA_STATES + " states)");
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

    /** Reference matcher over the tables, for tests: what the emitted C computes. */
    static boolean matches(Dfa d, String s) {
        int st = 0;
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        for (int i = 0; ; i++) {
            if ((d.acc()[st] & 1) != 0) return true;
            if (i == n) return (d.acc()[st] & 2) != 0;
            if ((d.acc()[st] & 2) != 0 && eolAt(b, i, n)) return true;
            st = d.next()[st][d.cls()[b[i] & 0xff]];
        }
    }

    /** POSIX's {@code $} (no REG_NEWLINE, as stap): only at the very end of the subject. */
    static boolean eolAt(byte[] b, int i, int n) {
        return i == n;
    }

    /** The C twin of {@link #eolAt} ({@code s0}: the subject, {@code s}: the position), emitted once per module. */
    static final String EOL_HELPER = """
            /* POSIX's $ (no REG_NEWLINE, as stap): only at the very end */
            static inline int jt_re_eol(const char *s0, const char *s)
            {
            	(void)s0;
            	return !s[0];
            }
            """;

    /**
     * The runtime switches before {@code jst_runtime.h}: with submatches the Pike VM (JST_NEED_REGEX) and the
     * sizes of its per-CPU scratch, from the largest program.
     */
    static String defines(Map<String, String> regexes, boolean submatches) {
        if (!submatches) return "";
        int insns = 1, states = 1, slots = 2;
        for (String re : regexes.keySet()) {
            RegexProgram p = RegexProgram.compile(re);
            insns = Math.max(insns, p.insns.size());
            states = Math.max(states, p.states);
            slots = Math.max(slots, p.nslots);
        }
        return "#define JST_NEED_REGEX 1\t/* matched(): =~ runs runtime-c's Pike VM */\n"
                + "#define JST_RE_MAX_INSNS " + insns + "\n"
                + "#define JST_RE_MAX_STATES " + states + "\n"
                + "#define JST_RE_MAX_SLOTS " + slots + "\n";
    }

    /**
     * The C of every regex, each a function {@code NAME(c, s)}: a DFA, or with {@code submatches} a Pike-VM
     * program run by {@code jst_re_exec}, which keeps the groups in the CPU's context for {@code matched()}.
     */
    static String emit(Map<String, String> regexes, boolean submatches) {
        if (submatches) {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, String> e : regexes.entrySet()) {
                String n = e.getValue();
                b.append(RegexProgram.compile(e.getKey()).emitC(e.getKey(), n + "_prog"));
                b.append("static int ").append(n).append("(struct jst_context *c, const char *s)\n{\n")
                        .append("\treturn jst_re_exec(&c->re, &").append(n).append("_prog, s);\n}\n");
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder(EOL_HELPER);
        for (Map.Entry<String, String> e : regexes.entrySet()) {
            Dfa d = compile(e.getKey());
            String n = e.getValue();
            String type = d.next().length > 255 ? "unsigned short" : "unsigned char";
            b.append("/* =~ ").append(CNames.str(e.getKey()).replace("*/", "*\\/")).append(": ")
                    .append(d.next().length).append(" DFA states, ").append(d.classes()).append(" byte classes */\n");
            b.append("static const unsigned char ").append(n).append("_cls[256] = {");
            for (int c = 0; c < 256; c++) b.append(c % 32 == 0 ? "\n\t" : " ").append(d.cls()[c]).append(',');
            b.append("\n};\n");
            b.append("static const ").append(type).append(' ').append(n).append("_next[").append(d.next().length)
                    .append("][").append(d.classes()).append("] = {\n");
            for (int[] row : d.next()) {
                b.append("\t{");
                for (int k = 0; k < row.length; k++) b.append(k == 0 ? " " : ", ").append(row[k]);
                b.append(" },\n");
            }
            b.append("};\n");
            b.append("static const unsigned char ").append(n).append("_acc[").append(d.acc().length).append("] = {");
            for (int k = 0; k < d.acc().length; k++) b.append(k % 32 == 0 ? "\n\t" : " ").append(d.acc()[k]).append(',');
            b.append("\n};\n");
            b.append("static int ").append(n).append("(struct jst_context *c __maybe_unused, const char *s)\n{\n")
                    .append("\tconst char *s0 = s;\n")
                    .append("\tunsigned int st = 0;\n\n")
                    .append("\tfor (;; s++) {\n")
                    .append("\t\tif (").append(n).append("_acc[st] & 1)\n\t\t\treturn 1;\n")
                    .append("\t\tif (!*s)\n\t\t\treturn ").append(n).append("_acc[st] >> 1;\n")
                    .append("\t\tif ((").append(n).append("_acc[st] & 2) && jt_re_eol(s0, s))\n\t\t\treturn 1;\n")
                    .append("\t\tst = ").append(n).append("_next[st][").append(n).append("_cls[(unsigned char)*s]];\n")
                    .append("\t}\n}\n");
        }
        return b.toString();
    }
}
