package org.jstap.elaborate.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * SystemTap-style wildcard matching of names ({@code *} any run, {@code ?} one character, {@code [abc]},
 * {@code [a-z]}, {@code [!x]} classes, {@code \} escapes), without regex compilation per name. Patterns without
 * wildcards are plain equality; a literal prefix before the first wildcard narrows a sorted list by binary search.
 */
public final class Glob {
    private Glob() {}

    public static boolean hasWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') return true;
        }
        return false;
    }

    /** The names in {@code sortedNames} matching {@code pattern}, in order. */
    public static List<String> filter(String pattern, List<String> sortedNames) {
        if (!hasWildcard(pattern)) {
            int i = java.util.Collections.binarySearch(sortedNames, pattern);
            return i >= 0 ? List.of(pattern) : List.of();
        }
        String prefix = literalPrefix(pattern);
        int lo = 0, hi = sortedNames.size();
        if (!prefix.isEmpty()) {
            lo = lowerBound(sortedNames, prefix);
            hi = lo;
            while (hi < sortedNames.size() && sortedNames.get(hi).startsWith(prefix)) hi++;
        }
        List<String> out = new ArrayList<>();
        for (int i = lo; i < hi; i++) {
            String n = sortedNames.get(i);
            if (matches(pattern, n)) out.add(n);
        }
        return out;
    }

    private static int lowerBound(List<String> l, String key) {
        int lo = 0, hi = l.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (l.get(mid).compareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static String literalPrefix(String p) {
        int i = 0;
        while (i < p.length() && "*?[\\".indexOf(p.charAt(i)) < 0) i++;
        return p.substring(0, i);
    }

    public static boolean matches(String pattern, String name) {
        return match(pattern, 0, name, 0);
    }

    // Iterative with single-star backtracking (the classic linear-ish glob algorithm).
    private static boolean match(String p, int pi, String s, int si) {
        int starP = -1, starS = -1;
        while (si < s.length()) {
            if (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    starP = ++pi;
                    starS = si;
                    continue;
                }
                int next = single(p, pi, s.charAt(si));
                if (next >= 0) {
                    pi = next;
                    si++;
                    continue;
                }
            }
            if (starP < 0) return false;
            pi = starP;
            si = ++starS;
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length();
    }

    /** Matches one pattern element at {@code pi} against {@code ch}; returns the next pattern index or -1. */
    private static int single(String p, int pi, char ch) {
        char c = p.charAt(pi);
        if (c == '?') return pi + 1;
        if (c == '\\' && pi + 1 < p.length()) return p.charAt(pi + 1) == ch ? pi + 2 : -1;
        if (c == '[') {
            int i = pi + 1;
            boolean negate = i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^');
            if (negate) i++;
            boolean found = false;
            boolean first = true;
            while (i < p.length() && (first || p.charAt(i) != ']')) {
                first = false;
                char lo = p.charAt(i);
                if (i + 2 < p.length() && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
                    if (ch >= lo && ch <= p.charAt(i + 2)) found = true;
                    i += 3;
                } else {
                    if (ch == lo) found = true;
                    i++;
                }
            }
            if (i >= p.length()) return c == ch ? pi + 1 : -1;   // unterminated: literal '['
            return found != negate ? i + 1 : -1;
        }
        return c == ch ? pi + 1 : -1;
    }
}
