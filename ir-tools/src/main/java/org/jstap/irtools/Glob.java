package org.jstap.irtools;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one implementation of SystemTap's wildcards, as fnmatch(3) without flags: {@code *} any run (dots and
 * slashes included), {@code ?} one character, {@code [abc]}, {@code [a-z]}, {@code [!x]} / {@code [^x]} classes
 * (a {@code ]} first in a class is a member; an unterminated {@code [} is literal), {@code \} escapes the next
 * character. Probe points, preprocessor conditions ({@code kernel_v == "6.*"}) and BTF name lookups all match with
 * it; {@code **} spanning probe-point components is the point expander's business, here it is just {@code *}.
 *
 * <p>A pattern is compiled once into the fixed-length pieces between its stars; a name then matches by anchoring
 * the first piece at the start, the last at the end and finding the middle ones leftmost-first ({@code indexOf}
 * for plain text), which is exact because every piece has a fixed length. A literal prefix narrows a sorted list
 * by binary search ({@link #filter}).
 */
public final class Glob {
    private final boolean anyStar;
    private final boolean leadingStar;
    private final boolean trailingStar;
    private final Piece[] pieces;

    /** One star-free run: per position either a literal char or a class; {@code text} set when all literal. */
    private static final class Piece {
        final char[] chars;
        final String[] classes;           // null entry: literal chars[i]; "?" any; else "!" + set or "+" + set
        final String text;

        Piece(char[] chars, String[] classes) {
            this.chars = chars;
            this.classes = classes;
            boolean plain = true;
            for (String c : classes) if (c != null) plain = false;
            this.text = plain ? new String(chars) : null;
        }

        int length() {
            return chars.length;
        }

        boolean matchesAt(String s, int at) {
            if (text != null) return s.startsWith(text, at);
            for (int i = 0; i < chars.length; i++) {
                char ch = s.charAt(at + i);
                String cls = classes[i];
                if (cls == null) {
                    if (ch != chars[i]) return false;
                } else if (!cls.equals("?")) {
                    if (inSet(cls, ch) != (cls.charAt(0) == '+')) return false;
                }
            }
            return true;
        }

        int find(String s, int from, int limit) {
            if (text != null) {
                int i = s.indexOf(text, from);
                return i >= 0 && i + text.length() <= limit ? i : -1;
            }
            for (int i = from; i + chars.length <= limit; i++) if (matchesAt(s, i)) return i;
            return -1;
        }

        /** {@code cls} is a sign then pairs {@code lo hi}. */
        private static boolean inSet(String cls, char ch) {
            for (int i = 1; i + 1 < cls.length(); i += 2) if (ch >= cls.charAt(i) && ch <= cls.charAt(i + 1)) return true;
            return false;
        }
    }

    private Glob(String pattern) {
        List<Piece> ps = new ArrayList<>();
        StringBuilder chars = new StringBuilder();
        List<String> classes = new ArrayList<>();
        boolean star = false, lead = false, trail = false;
        int i = 0, n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '*') {
                star = true;
                if (i == 0) lead = true;
                if (chars.length() > 0) ps.add(piece(chars, classes));
                chars.setLength(0);
                classes.clear();
                while (i < n && pattern.charAt(i) == '*') i++;
                if (i == n) trail = true;
                continue;
            }
            if (c == '?') {
                chars.append('?');
                classes.add("?");
                i++;
            } else if (c == '\\' && i + 1 < n) {
                chars.append(pattern.charAt(i + 1));
                classes.add(null);
                i += 2;
            } else if (c == '[') {
                int j = i + 1;
                boolean negate = j < n && (pattern.charAt(j) == '!' || pattern.charAt(j) == '^');
                if (negate) j++;
                StringBuilder set = new StringBuilder(negate ? "!" : "+");
                boolean first = true;
                while (j < n && (first || pattern.charAt(j) != ']')) {
                    first = false;
                    char lo = pattern.charAt(j);
                    if (j + 2 < n && pattern.charAt(j + 1) == '-' && pattern.charAt(j + 2) != ']') {
                        set.append(lo).append(pattern.charAt(j + 2));
                        j += 3;
                    } else {
                        set.append(lo).append(lo);
                        j++;
                    }
                }
                if (j >= n) {                                // unterminated: a literal '['
                    chars.append('[');
                    classes.add(null);
                    i++;
                } else {
                    chars.append('[');
                    classes.add(set.toString());
                    i = j + 1;
                }
            } else {
                chars.append(c);
                classes.add(null);
                i++;
            }
        }
        if (chars.length() > 0) ps.add(piece(chars, classes));
        this.anyStar = star;
        this.leadingStar = lead;
        this.trailingStar = trail;
        this.pieces = ps.toArray(new Piece[0]);
    }

    private static Piece piece(StringBuilder chars, List<String> classes) {
        return new Piece(chars.toString().toCharArray(), classes.toArray(new String[0]));
    }

    /** Whether a probe-point name or condition operand is a pattern at all ({@code *}, {@code ?} or {@code [}). */
    public static boolean isPattern(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** A compiled matcher for one glob; a string that is no pattern compares as it is (backslashes included). */
    public static Predicate<String> matcher(String glob) {
        if (!isPattern(glob)) return glob::equals;
        Glob g = compile(glob);
        return g::matches;
    }

    /** {@code a{b,c}d{e,f}} gives abde, abdf, acde, acdf (probe-point brace alternatives). Unbalanced braces stay. */
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

    public static Glob compile(String pattern) {
        return new Glob(pattern);
    }

    private static boolean hasWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') return true;
        }
        return false;
    }

    public static boolean matches(String pattern, String name) {
        return compile(pattern).matches(name);
    }

    public boolean matches(String s) {
        int n = s.length();
        if (!anyStar) {
            if (pieces.length == 0) return n == 0;
            return pieces[0].length() == n && pieces[0].matchesAt(s, 0);
        }
        int pos = 0, end = n, first = 0, last = pieces.length;
        if (!leadingStar) {
            Piece p = pieces[0];
            if (p.length() > n || !p.matchesAt(s, 0)) return false;
            pos = p.length();
            first = 1;
        }
        if (!trailingStar && last > first) {
            Piece p = pieces[last - 1];
            if (end - p.length() < pos || !p.matchesAt(s, end - p.length())) return false;
            end -= p.length();
            last--;
        }
        for (int k = first; k < last; k++) {
            int at = pieces[k].find(s, pos, end);
            if (at < 0) return false;
            pos = at + pieces[k].length();
        }
        return true;
    }

    /** The names in {@code sortedNames} matching {@code pattern}, in order. */
    public static List<String> filter(String pattern, List<String> sortedNames) {
        if (!hasWildcard(pattern)) {
            int i = java.util.Collections.binarySearch(sortedNames, pattern);
            return i >= 0 ? List.of(pattern) : List.of();
        }
        Glob g = compile(pattern);
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
            if (g.matches(n)) out.add(n);
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
}
