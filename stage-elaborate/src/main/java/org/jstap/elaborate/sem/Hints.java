package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** "Did you mean" guesses by edit distance (our own, small; the BTF side may offer a faster one for 40k names). */
public final class Hints {
    private Hints() {}

    /** The closest candidates within a distance that grows with the word, best first, at most {@code max}. */
    public static List<String> closest(String word, Collection<String> candidates, int max) {
        int limit = Math.max(1, Math.min(3, word.length() / 3));
        List<String> best = new ArrayList<>();
        List<Integer> dist = new ArrayList<>();
        for (String c : candidates) {
            if (Math.abs(c.length() - word.length()) > limit) continue;
            int d = distance(word, c, limit);
            if (d > limit) continue;
            int at = 0;
            while (at < dist.size() && dist.get(at) <= d) at++;
            best.add(at, c);
            dist.add(at, d);
            if (best.size() > max) { best.remove(max); dist.remove(max); }
        }
        return best;
    }

    /** "did you mean `a`?" / "did you mean `a` or `b`?", or null. */
    public static String didYouMean(String word, Collection<String> candidates) {
        List<String> c = closest(word, candidates, 2);
        if (c.isEmpty()) return null;
        return "did you mean `" + String.join("` or `", c) + "`?";
    }

    /** Levenshtein distance with an early exit once every entry of a row exceeds {@code limit}. */
    static int distance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) return limit + 1;
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
