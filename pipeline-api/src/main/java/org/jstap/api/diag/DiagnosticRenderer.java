package org.jstap.api.diag;

/**
 * Turns diagnostics into text. Normal mode: {@code file:line:col: error: message [code]}, the source line,
 * a caret under the column (a run of carets for a span on one line), the hint and related places.
 * Raw mode prints only {@code file:line:col: severity: code}, for golden tests that must not break
 * when wording improves.
 */
public final class DiagnosticRenderer {
    private final SourceTexts sources;
    private final boolean raw;

    public DiagnosticRenderer(SourceTexts sources, boolean raw) {
        this.sources = sources;
        this.raw = raw;
    }

    public String render(Diagnostic d) {
        StringBuilder b = new StringBuilder();
        Span s = d.span();
        String where = s != null && s.isKnown() ? s + ": " : "";
        if (raw) {
            return b.append(where).append(d.severity().label).append(": ").append(d.code()).append('\n').toString();
        }
        b.append(where).append(d.severity().label).append(": ").append(d.message())
                .append(" [").append(d.code()).append("]\n");
        appendSource(b, s);
        if (d.hint() != null) b.append("  hint: ").append(d.hint()).append('\n');
        for (Diagnostic.Related r : d.related()) {
            b.append(r.span()).append(": note: ").append(r.message()).append('\n');
            appendSource(b, r.span());
        }
        return b.toString();
    }

    /** Lines longer than this are shown as a window around the column (a 1 MB line is no help to anyone). */
    static final int MAX_SHOWN = 200;

    private void appendSource(StringBuilder b, Span s) {
        if (s == null || !s.isKnown()) return;
        String line = sources.line(s.file(), s.line());
        if (line == null) return;
        int col = Math.max(1, s.col());
        int width = s.endLine() == s.line() && s.endCol() > s.col() ? s.endCol() - s.col() : 1;
        String prefix = "";
        if (line.length() > MAX_SHOWN) {
            int from = Math.max(0, Math.min(col - 1, line.length()) - MAX_SHOWN / 2);
            int to = Math.min(line.length(), from + MAX_SHOWN);
            prefix = from > 0 ? "..." : "";
            line = prefix + line.substring(from, to) + (to < line.length() ? "..." : "");
            col = col - from + prefix.length();
            width = Math.min(width, MAX_SHOWN);
        }
        String num = Integer.toString(s.line());
        String pad = " ".repeat(num.length());
        b.append(' ').append(num).append(" | ").append(line).append('\n');
        b.append(' ').append(pad).append(" | ");
        // Reproduce tabs so the caret lines up under the same character.
        for (int i = 0; i < col - 1 && i < line.length(); i++) b.append(line.charAt(i) == '\t' ? '\t' : ' ');
        b.append("^".repeat(Math.min(width, Math.max(1, line.length() - col + 1)))).append('\n');
    }

    /** User input as typed, on one line: control characters (a newline in an option value) shown as \xNN. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", c));
            else b.appendCodePoint(c);
        });
        return b.toString();
    }
}
