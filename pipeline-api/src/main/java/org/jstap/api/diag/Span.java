package org.jstap.api.diag;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A region of a source file, 1-based lines and columns (column counts characters, tabs count one).
 * Serialised as a compact array because every AST node carries one.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record Span(String file, int line, int col, int endLine, int endCol) {
    public static final Span NONE = new Span("<none>", 0, 0, 0, 0);

    public static Span at(String file, int line, int col) {
        return new Span(file, line, col, line, col);
    }

    /** The smallest span covering both, assuming the same file. */
    public Span to(Span end) {
        return new Span(file, line, col, end.endLine, end.endCol);
    }

    @JsonIgnore
    public boolean isKnown() {
        return line > 0;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }
}
