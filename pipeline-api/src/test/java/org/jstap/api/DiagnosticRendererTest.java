package org.jstap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.diag.Span;
import org.junit.jupiter.api.Test;

class DiagnosticRendererTest {
    @Test
    void rendersLineCaretCodeAndHint() {
        SourceTexts src = new SourceTexts();
        src.put("s.stp", "probe begin {\n\tx = foo(1)\n}\n");
        Diagnostic d = Diagnostic.error(Codes.SEM_UNRESOLVED_FUNCTION, new Span("s.stp", 2, 6, 2, 9),
                "unresolved function 'foo'").withHint("did you mean `for`?");
        String text = new DiagnosticRenderer(src, false).render(d);
        assertEquals("s.stp:2:6: error: unresolved function 'foo' [sem.unresolved.function]\n"
                + " 2 | \tx = foo(1)\n"
                + "   | \t    ^^^\n"
                + "  hint: did you mean `for`?\n", text);
        assertEquals("s.stp:2:6: error: sem.unresolved.function\n", new DiagnosticRenderer(src, true).render(d));
    }

    @Test
    void relatedPlacesAreShown() {
        SourceTexts src = new SourceTexts();
        src.put("a.stp", "global x\nprobe begin { x = 1; x = \"s\" }\n");
        Diagnostic d = Diagnostic.error(Codes.SEM_TYPE_MISMATCH, new Span("a.stp", 2, 22, 2, 23), "type mismatch")
                .withRelated(new Span("a.stp", 2, 15, 2, 16), "first used as long here");
        String text = new DiagnosticRenderer(src, false).render(d);
        assertTrue(text.contains("a.stp:2:15: note: first used as long here"), text);
    }

    @Test
    void warningsCanBeSuppressedOrPromoted() {
        Diagnostics quiet = new Diagnostics(true, false);
        quiet.warning(Codes.WARN_EMPTY_PROBE, Span.NONE, "empty");
        assertTrue(quiet.all().isEmpty());
        Diagnostics strict = new Diagnostics(false, true);
        strict.warning(Codes.WARN_EMPTY_PROBE, Span.NONE, "empty");
        assertTrue(strict.hasErrors());
        Diagnostics normal = new Diagnostics();
        normal.warning(Codes.WARN_EMPTY_PROBE, Span.NONE, "empty");
        assertFalse(normal.hasErrors());
        assertEquals(1, normal.all().size());
    }
}
