package org.jstap.debuginfo.btf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * "Did you mean ...?" over a list of names (kernel functions, tracepoints, struct members): optimal-string-alignment
 * edit distance (insert, delete, substitute, swap neighbours), bounded so that names whose length alone rules them
 * out are skipped and each comparison stops as soon as a row exceeds the bound. 42k names take a few milliseconds.
 */
public final class Suggest {
    private Suggest() {}

    /** The default bound for a name: a third of its length, at least 1, at most 4. */
    public static int defaultMaxDistance(String name) {
        return Math.max(1, Math.min(4, name.length() / 3));
    }

    /** The closest candidate within {@link #defaultMaxDistance}, ties broken alphabetically. */
    public static Optional<String> best(String name, Collection<String> candidates) {
        List<String> l = suggest(name, candidates, 1, defaultMaxDistance(name));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Up to {@code limit} candidates within {@code maxDistance}, nearest first, then alphabetical. */
    public static List<String> suggest(String name, Collection<String> candidates, int limit, int maxDistance) {
        record Hit(String name, int d) {}
        List<Hit> hits = new ArrayList<>();
        int n = name.length();
        int[] prev2 = new int[n + 1], prev = new int[n + 1], cur = new int[n + 1];
        for (String c : candidates) {
            if (Math.abs(c.length() - n) > maxDistance || c.equals(name)) continue;
            int d = distance(name, c, maxDistance, prev2, prev, cur);
            if (d <= maxDistance) hits.add(new Hit(c, d));
        }
        hits.sort(Comparator.comparingInt(Hit::d).thenComparing(Hit::name));
        List<String> out = new ArrayList<>(Math.min(limit, hits.size()));
        for (Hit h : hits) {
            if (out.size() >= limit) break;
            if (!out.contains(h.name())) out.add(h.name());
        }
        return out;
    }

    /** Bounded OSA distance; returns {@code max + 1} once the bound is certainly exceeded. */
    public static int distance(String a, String b, int max) {
        int n = a.length();
        return distance(a, b, max, new int[n + 1], new int[n + 1], new int[n + 1]);
    }

    private static int distance(String a, String b, int max, int[] prev2, int[] prev, int[] cur) {
        int n = a.length(), m = b.length();
        if (Math.abs(n - m) > max) return max + 1;
        for (int i = 0; i <= n; i++) prev[i] = i;
        for (int j = 1; j <= m; j++) {
            cur[0] = j;
            int rowMin = cur[0];
            char bj = b.charAt(j - 1);
            for (int i = 1; i <= n; i++) {
                char ai = a.charAt(i - 1);
                int cost = ai == bj ? 0 : 1;
                int v = Math.min(Math.min(cur[i - 1] + 1, prev[i] + 1), prev[i - 1] + cost);
                if (i > 1 && j > 1 && ai == b.charAt(j - 2) && a.charAt(i - 2) == bj) v = Math.min(v, prev2[i - 2] + 1);
                cur[i] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > max) return max + 1;
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[n], max + 1);
    }
}
