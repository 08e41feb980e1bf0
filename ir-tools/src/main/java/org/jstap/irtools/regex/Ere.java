package org.jstap.irtools.regex;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * stap's regex dialect (POSIX extended regular expressions, what {@code =~} takes) parsed into a tree every
 * backend compiles its own way: {@link Dfa} (yes/no, kmod's and bpf's tables), kmod's Pike-VM programs for
 * {@code matched()}. The meaning is POSIX's without REG_NEWLINE, as in stap (and interp, which runs
 * java.util.regex with DOTALL and {@code \z}): {@code .} matches any byte but NUL, {@code $} only at the very end;
 * bracket expressions with POSIX classes, {@code * + ? {m,n}} (all greedy: ERE has no lazy forms, {@code a*?} is
 * {@code (a*)?}), the escapes java.util.regex reads the same way; the rest (back references, {@code \b},
 * {@code \p{..}}) is refused rather than read as a literal.
 */
public final class Ere {
    private Ere() {}

    /** A regex this dialect does not accept, or one too large to compile. */
    public static class BadRegex extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadRegex(String m) {
            super(m);
        }
    }

    public sealed interface Node {}
    public record CharSet(BitSet set) implements Node {}
    public record Anchor(boolean bol) implements Node {}
    public record Cat(List<Node> parts) implements Node {}
    public record Alt(List<Node> alts) implements Node {}
    /** {@code max < 0}: unbounded; the parser makes every repetition greedy (ERE has no lazy quantifiers). */
    public record Rep(Node node, int min, int max, boolean greedy) implements Node {}
    /** A capturing group, numbered from 1 in the order of its {@code (}. */
    public record Group(int index, Node node) implements Node {}

    /** The parse tree of a regex and its number of capturing groups. */
    public record Parsed(Node root, int groups) {}

    public static Parsed parse(String regex) {
        Parser p = new Parser(regex);
        try {
            Node n = p.parse();
            return new Parsed(n, p.groups);
        } catch (NumberFormatException e) { // an interval too large for an int
            throw new BadRegex("bad repetition");
        }
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
}
