package org.jstap.parse;

import org.antlr.v4.runtime.Token;
import org.jstap.api.diag.Span;
import org.jstap.parse.grammar.StapLexer;

/** Token helpers shared by the preprocessor, the error reporting and the AST builder. */
final class Tokens {
    private Tokens() {}

    static String file(Token t) {
        String n = t.getTokenSource() == null ? null : t.getTokenSource().getSourceName();
        return n == null ? "<input>" : n;
    }

    /** The span a token covers; the end column is exclusive (the column after its last character). */
    static Span span(Token t) {
        int line = t.getLine();
        int col = t.getCharPositionInLine() + 1;
        int type = t.getType();
        if (type == Token.EOF) return new Span(file(t), line, col, line, col);
        // Only embedded code spans lines; for the rest the length comes from the indexes, without making the text.
        if (type != StapLexer.EMBEDDED && t.getStartIndex() >= 0 && t.getStopIndex() >= t.getStartIndex()) {
            return new Span(file(t), line, col, line, col + t.getStopIndex() - t.getStartIndex() + 1);
        }
        String text = t.getText();
        if (text == null) text = "";
        int nl = text.lastIndexOf('\n');
        if (nl < 0) return new Span(file(t), line, col, line, col + text.length());
        int lines = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') lines++;
        return new Span(file(t), line, col, line + lines, text.length() - nl);
    }

    /** From the start of {@code a} to the end of {@code b}. */
    static Span span(Token a, Token b) {
        if (b == null || b == a || b.getType() == Token.EOF || b.getTokenIndex() >= 0 && a.getTokenIndex() > b.getTokenIndex()) {
            return span(a);
        }
        // Common case, computed without intermediate spans: same file, b on one line.
        if (a.getTokenSource() == b.getTokenSource() && b.getType() != StapLexer.EMBEDDED && b.getStartIndex() >= 0
                && b.getStopIndex() >= b.getStartIndex()) {
            return new Span(file(a), a.getLine(), a.getCharPositionInLine() + 1, b.getLine(),
                    b.getCharPositionInLine() + 1 + b.getStopIndex() - b.getStartIndex() + 1);
        }
        Span s = span(a);
        Span e = span(b);
        if (!s.file().equals(e.file())) return s;
        return s.to(e);
    }

    static boolean isKeyword(int type) {
        return type >= StapLexer.PROBE && type <= StapLexer.LONG_KW;
    }

    /** How a token type is named in messages: {@code ')'}, {@code identifier}, {@code end of file}. */
    static String typeName(int type) {
        switch (type) {
            case Token.EOF: return "end of file";
            case StapLexer.IDENT: return "identifier";
            case StapLexer.NUMBER: return "number";
            case StapLexer.STRING: return "string literal";
            case StapLexer.TVAR: return "target variable";
            case StapLexer.EMBEDDED: return "embedded code '%{ %}'";
            case StapLexer.AT_IDENT: return "macro";
            case StapLexer.ARG_NUM: return "'$N'";
            case StapLexer.ARG_STR: return "'@N'";
            default:
                String lit = StapLexer.VOCABULARY.getLiteralName(type);
                return lit != null ? lit : StapLexer.VOCABULARY.getDisplayName(type);
        }
    }

    /** How a concrete token is shown in messages: {@code '{'}, {@code identifier 'foo'}, {@code end of file}. */
    static String describe(Token t) {
        int type = t.getType();
        if (type == Token.EOF) return "end of file";
        String text = shortened(t.getText());
        switch (type) {
            case StapLexer.IDENT: return "identifier '" + text + "'";
            case StapLexer.NUMBER: return "number '" + text + "'";
            case StapLexer.STRING: return "string " + text;
            case StapLexer.TVAR: return "target variable '" + text + "'";
            case StapLexer.EMBEDDED: return "embedded code";
            default:
                if (isKeyword(type)) return "keyword '" + text + "'";
                return "'" + text + "'";
        }
    }

    /** A token's text as quoted in a message: a million-digit number is shown by its first digits. */
    static String shortened(String text) {
        return text != null && text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
