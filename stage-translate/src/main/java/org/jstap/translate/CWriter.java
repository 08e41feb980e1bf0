package org.jstap.translate;

import org.jstap.api.diag.Span;

/** Indented C text with the {@code /* @jstap FILE:LINE:COL *}{@code /} markers stage-build maps errors with. */
final class CWriter {
    private final StringBuilder sb = new StringBuilder();
    private int indent;

    CWriter() {}

    CWriter(int indent) {
        this.indent = indent;
    }

    int indent() {
        return indent;
    }

    CWriter line(String s) {
        sb.append("\t".repeat(indent)).append(s).append('\n');
        return this;
    }

    CWriter blank() {
        sb.append('\n');
        return this;
    }

    /** A label at one indent less, as kernel style writes them. */
    CWriter label(String name) {
        sb.append("\t".repeat(Math.max(0, indent - 1))).append(name).append(":\n");
        return this;
    }

    /** A label that may have no goto (a catch nothing in its try can reach). */
    CWriter labelUnused(String name) {
        sb.append("\t".repeat(Math.max(0, indent - 1))).append(name).append(": __attribute__((unused));\n");
        return this;
    }

    CWriter open(String s) {
        line(s);
        indent++;
        return this;
    }

    CWriter close(String s) {
        indent--;
        line(s);
        return this;
    }

    /** {@code } else {}: one line at the outer indent, staying inside. */
    CWriter reopen(String s) {
        indent--;
        line(s);
        indent++;
        return this;
    }

    CWriter marker(Span span) {
        if (span != null && span.isKnown()) line(marker(span.file(), span.line(), span.col()));
        return this;
    }

    static String marker(String file, int line, int col) {
        String f = file.replace("\n", " ").replace("*/", "* /");
        return "/* @jstap " + f + ":" + line + ":" + col + " */";
    }

    /** Appends another writer's text as is (it was written at the right indent). */
    CWriter append(CWriter other) {
        sb.append(other.sb);
        return this;
    }

    CWriter raw(String text) {
        sb.append(text);
        return this;
    }

    boolean isEmpty() {
        return sb.length() == 0;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
