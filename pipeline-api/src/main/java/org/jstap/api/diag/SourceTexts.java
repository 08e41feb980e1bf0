package org.jstap.api.diag;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** File name → source text, so diagnostics from any pass can show the offending line. */
public final class SourceTexts {
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    public void put(String file, String text) {
        texts.put(file, text);
    }

    /** The 1-based line of a file, without its terminator, or null when unknown. */
    public String line(String file, int line) {
        String text = texts.get(file);
        if (text == null || line < 1) return null;
        int start = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) return null;
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
