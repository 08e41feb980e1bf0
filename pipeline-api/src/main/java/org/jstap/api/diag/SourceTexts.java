package org.jstap.api.diag;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** File name → source text, so diagnostics from any pass can show the offending line. */
public final class SourceTexts {
    /** A text and where its lines start, found once: 40,000 warnings must not each rescan the file. */
    private static final class Indexed {
        final String text;
        private int[] starts;

        Indexed(String text) {
            this.text = text;
        }

        synchronized int[] starts() {
            if (starts == null) {
                int n = 1;
                for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
                int[] s = new int[n];
                int k = 1;
                for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') s[k++] = i + 1;
                starts = s;
            }
            return starts;
        }
    }

    private final Map<String, Indexed> texts = new ConcurrentHashMap<>();

    public void put(String file, String text) {
        texts.put(file, new Indexed(text));
    }

    /** The 1-based line of a file, without its terminator, or null when unknown. */
    public String line(String file, int line) {
        Indexed t = texts.get(file);
        if (t == null || line < 1) return null;
        int[] starts = t.starts();
        if (line > starts.length) return null;
        int start = starts[line - 1];
        int end = line < starts.length ? starts[line] - 1 : t.text.length();
        return t.text.substring(start, end);
    }
}
