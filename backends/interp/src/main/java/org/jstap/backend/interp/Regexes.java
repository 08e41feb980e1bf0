package org.jstap.backend.interp;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * POSIX extended regular expressions (what stap's {@code =~} takes) as {@link java.util.regex.Pattern}s: bracket
 * expressions are rewritten ({@code [[:alpha:]]}, a literal {@code \} or {@code [} inside brackets), the rest of ERE
 * syntax means the same in Java, except that {@code $} is only the very end ({@code \z}), {@code .} matches newlines
 * (DOTALL; POSIX without REG_NEWLINE, as stap), and ERE has no lazy or possessive quantifiers: a quantifier after a
 * quantifier repeats the repetition ({@code a*?} is {@code (?:a*)?}, greedy). Known difference: Java picks the
 * leftmost-first alternative where POSIX picks the leftmost-longest match, which can change {@code matched()}
 * groups for alternations and loops ({@code (a|b*)*} on "ab": group 1 is "" here, "b" in stap).
 */
final class Regexes {
    private Regexes() {}

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "0-9"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "A-Z"), Map.entry("lower", "a-z"), Map.entry("space", " \\t\\n\\x0B\\f\\r"),
            Map.entry("blank", " \\t"), Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "0-9A-Fa-f"));

    /** DOTALL: POSIX's {@code .} (no REG_NEWLINE, stap's) matches newlines too. */
    static Pattern compile(String ere) {
        return Pattern.compile(translate(ere), Pattern.DOTALL);
    }

    static String translate(String re) {
        StringBuilder o = new StringBuilder();
        java.util.ArrayDeque<Integer> groups = new java.util.ArrayDeque<>(); // output offsets of open '('
        int atom = -1;          // output offset where the last atom (or repetition) starts, -1 for none
        boolean quantified = false;
        int i = 0, n = re.length();
        while (i < n) {
            char c = re.charAt(i);
            int q = quantifierEnd(re, i);
            if (q > i) {
                if (quantified && atom >= 0) { // stacked: repeat the repetition, never Java's lazy/possessive form
                    o.insert(atom, "(?:");
                    o.append(')');
                }
                o.append(re, i, q);
                quantified = true;
                i = q;
                continue;
            }
            quantified = false;
            if (c == '\\' && i + 1 < n) {
                atom = o.length();
                o.append(c).append(re.charAt(i + 1));
                i += 2;
            } else if (c == '[') {
                atom = o.length();
                i = bracket(re, i, o);
            } else if (c == '(') {
                groups.push(o.length());
                atom = -1;
                o.append(c);
                i++;
            } else if (c == ')') {
                atom = groups.isEmpty() ? -1 : groups.pop();
                o.append(c);
                i++;
            } else if (c == '$') { // POSIX: only at the very end, not before a final newline as Java's $
                atom = -1;
                o.append("\\z");
                i++;
            } else {
                atom = c == '|' || c == '^' ? -1 : o.length();
                o.append(c);
                i++;
            }
        }
        return o.toString();
    }

    /** The end of a quantifier ({@code * + ?} or an interval {@code {m}, {m,}, {m,n}}) at i, or i for none. */
    private static int quantifierEnd(String re, int i) {
        char c = re.charAt(i);
        if (c == '*' || c == '+' || c == '?') return i + 1;
        if (c != '{') return i;
        int j = i + 1;
        while (j < re.length() && (Character.isDigit(re.charAt(j)) || re.charAt(j) == ',')) j++;
        return j > i + 1 && Character.isDigit(re.charAt(i + 1)) && j < re.length() && re.charAt(j) == '}' ? j + 1 : i;
    }

    private static int bracket(String re, int i, StringBuilder o) {
        int n = re.length();
        o.append('[');
        i++;
        if (i < n && re.charAt(i) == '^') {
            o.append('^');
            i++;
        }
        boolean first = true;
        while (i < n) {
            char c = re.charAt(i);
            if (c == ']' && !first) {
                o.append(']');
                return i + 1;
            }
            first = false;
            if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
                int end = re.indexOf(":]", i + 2);
                if (end > 0) {
                    String cls = CLASSES.get(re.substring(i + 2, end));
                    if (cls != null) {
                        o.append(cls);
                        i = end + 2;
                        continue;
                    }
                }
            }
            if (c == '[' || c == '\\' || c == '&' || c == ']') o.append('\\');
            o.append(c);
            i++;
        }
        return i; // unterminated: pass 2 validated it, leave it to Pattern
    }
}
