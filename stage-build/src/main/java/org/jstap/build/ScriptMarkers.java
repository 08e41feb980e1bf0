package org.jstap.build;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jstap.api.diag.Span;

/**
 * The position markers pass 3 writes into generated C: {@code /* @jstap FILE:LINE:COL *&#47;}. A compiler message
 * about C line N is attributed to the last marker at or before line N in the same file.
 */
final class ScriptMarkers {
    static final Pattern MARKER = Pattern.compile("/\\* @jstap (\\S(?:.*\\S)?):(\\d+):(\\d+) \\*/");

    private ScriptMarkers() {}

    /** The script position for a 1-based C line, or null if no marker precedes it. */
    static Span scriptSpanFor(String cText, int cLine) {
        Span found = null;
        int line = 1;
        int start = 0;
        while (start <= cText.length() && line <= cLine) {
            int end = cText.indexOf('\n', start);
            if (end < 0) end = cText.length();
            Matcher m = MARKER.matcher(cText.substring(start, end));
            while (m.find()) {
                found = Span.at(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            start = end + 1;
            line++;
        }
        return found;
    }
}
