package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;

/** The header lists of {@code @cast}'s module argument, as stap spells them. */
final class CastHeaders {
    private CastHeaders() {}

    /**
     * The headers of a {@code "<a.h><b.h>"} module spelling (stap's sequence for co-dependent headers), or null
     * when {@code spec} is not of that shape.
     */
    static List<String> parseHeaders(String spec) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < spec.length()) {
            if (spec.charAt(i) != '<') return null;
            int end = spec.indexOf('>', i);
            if (end < 0) return null;
            String h = spec.substring(i + 1, end).strip();
            if (h.isEmpty()) return null;
            out.add(h);
            i = end + 1;
        }
        return out.isEmpty() ? null : out;
    }
}
