package org.jstap.backend.interp;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * POSIX extended regular expressions (what stap's {@code =~} takes) as {@link java.util.regex.Pattern}s: bracket
 * expressions are rewritten ({@code [[:alpha:]]}, a literal {@code \} or {@code [} inside brackets), the rest of ERE
 * syntax means the same in Java. Known difference: Java picks the leftmost-first alternative where POSIX picks the
 * leftmost-longest match, which can change {@code matched()} groups for alternations.
 */
final class Regexes {
    private Regexes() {}

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "0-9"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "A-Z"), Map.entry("lower", "a-z"), Map.entry("space", " \\t\\n\\x0B\\f\\r"),
            Map.entry("blank", " \\t"), Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "0-9A-Fa-f"));

    static Pattern compile(String ere) {
        return Pattern.compile(translate(ere));
    }

    static String translate(String re) {
        StringBuilder o = new StringBuilder();
        int i = 0, n = re.length();
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < n) {
                o.append(c).append(re.charAt(i + 1));
                i += 2;
            } else if (c == '[') {
                i = bracket(re, i, o);
            } else {
                o.append(c);
                i++;
            }
        }
        return o.toString();
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
