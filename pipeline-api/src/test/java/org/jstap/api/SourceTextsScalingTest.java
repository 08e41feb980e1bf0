package org.jstap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.diag.Span;
import org.junit.jupiter.api.Test;

/** Showing a diagnostic's line costs the line, not the file: 40,000 warnings used to rescan the source each. */
class SourceTextsScalingTest {
    @Test
    void everyLineOfALargeFileIsFoundWithoutRescanning() {
        int n = 200_000;
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) b.append("global g").append(i).append('\n');
        SourceTexts t = new SourceTexts();
        t.put("f.stp", b.toString());
        long start = System.nanoTime();
        for (int i = 1; i <= n; i++) assertEquals("global g" + i, t.line("f.stp", i));
        // A rescan per line is ~n²/2 = 2*10^10 characters (minutes); the index makes it milliseconds. 20 s is
        // far above any loaded machine's time for the indexed lookups.
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "line lookups rescan the text");
        assertEquals("", t.line("f.stp", n + 1)); // after the last newline: the empty last line
        assertEquals(null, t.line("f.stp", n + 2));
    }

    @Test
    void aHugeLineIsShownAsAWindowAroundTheColumn() {
        String line = "x".repeat(1_000_000) + "ERR" + "y".repeat(1_000_000);
        SourceTexts t = new SourceTexts();
        t.put("f.stp", "probe begin {\n" + line + "\n}\n");
        String out = new DiagnosticRenderer(t, false)
                .render(Diagnostic.error("parse.bad.number", new Span("f.stp", 2, 1_000_001, 2, 1_000_004), "bad"));
        assertTrue(out.length() < 1000, out.length() + " characters");
        String[] lines = out.split("\n");
        int caret = lines[2].indexOf('^');
        assertEquals("ERR", lines[1].substring(caret, caret + 3), out);
        assertTrue(lines[2].endsWith("^^^"), out);
    }
}
