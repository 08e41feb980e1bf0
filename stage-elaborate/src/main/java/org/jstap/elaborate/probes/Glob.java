package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Shell-style wildcards of probe points ({@code *}, {@code ?}, {@code [a-z]}) and brace alternatives. */
public final class Glob {
    private Glob() {}

    public static boolean isPattern(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** A compiled matcher for one glob; plain strings compare directly. */
    public static java.util.function.Predicate<String> matcher(String glob) {
        if (!isPattern(glob)) return glob::equals;
        Pattern p = Pattern.compile(toRegex(glob));
        return s -> p.matcher(s).matches();
    }

    static String toRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                case '[' -> {
                    int j = glob.indexOf(']', i + 1);
                    if (j < 0) { b.append("\\["); break; }
                    String set = glob.substring(i + 1, j);
                    if (set.startsWith("!")) set = "^" + set.substring(1);
                    b.append('[').append(set.replace("\\", "\\\\")).append(']');
                    i = j;
                }
                default -> {
                    if ("\\.^$|+(){}".indexOf(c) >= 0) b.append('\\');
                    b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** {@code a{b,c}d{e,f}} → abde, abdf, acde, acdf. Unbalanced braces are left alone. */
    public static List<String> expandBraces(String s) {
        int open = s.indexOf('{');
        if (open < 0) return List.of(s);
        int depth = 0, close = -1;
        List<Integer> commas = new ArrayList<>();
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) { close = i; break; }
            else if (c == ',' && depth == 1) commas.add(i);
        }
        if (close < 0) return List.of(s);
        String pre = s.substring(0, open), post = s.substring(close + 1);
        List<String> alts = new ArrayList<>();
        int start = open + 1;
        for (int c : commas) { alts.add(s.substring(start, c)); start = c + 1; }
        alts.add(s.substring(start, close));
        List<String> out = new ArrayList<>();
        for (String a : alts) for (String tail : expandBraces(a + post)) out.add(pre + tail);
        return out;
    }
}
