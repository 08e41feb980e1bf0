package org.jstap.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.jstap.api.diag.Codes;

import org.jstap.parse.grammar.StapLexer;

/** Runs the ANTLR lexer over one file and reports lexical errors (bad characters, unterminated tokens). */
final class Lexing {
    private Lexing() {}

    /** The tokens of the file for the preprocessor, comments and bad characters removed, ending with EOF. */
    static List<Token> lex(String name, String text, Reporter diags) {
        StapLexer lexer = new StapLexer(CharStreams.fromString(text, name));
        lexer.removeErrorListeners();
        List<Token> out = new ArrayList<>(Math.max(16, text.length() / 4));
        while (true) {
            Token t = lexer.nextToken();
            int type = t.getType();
            if (type == Token.EOF) {
                out.add(t);
                return out;
            }
            switch (type) {
                case StapLexer.BLOCK_COMMENT -> {
                    String s = t.getText();
                    if (s.length() < 4 || !s.endsWith("*/")) {
                        diags.error(Codes.PARSE_UNTERMINATED_COMMENT, Tokens.span(t).to(Tokens.span(t)),
                                "unterminated comment: '/*' has no matching '*/'");
                    }
                }
                // Bad characters are reported by the preprocessor, and only if they are not in an untaken branch.
                case StapLexer.BAD_CHAR -> out.add(t);
                case StapLexer.DOLLAR, StapLexer.DOLLAR2 -> {
                    // '$'/'$$' only exist as the pretty-print suffix glued to a target variable or field.
                    Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
                    boolean suffix = prev != null && prev.getStopIndex() + 1 == t.getStartIndex()
                            && (prev.getType() == StapLexer.TVAR || prev.getType() == StapLexer.IDENT
                            || prev.getType() == StapLexer.RPAREN || prev.getType() == StapLexer.RBRACK
                            || Tokens.isKeyword(prev.getType()));
                    if (!suffix) ((org.antlr.v4.runtime.CommonToken) t).setType(StapLexer.BAD_CHAR);
                    out.add(t);
                }
                case StapLexer.STRING -> {
                    String s = t.getText();
                    if (s.length() < 2 || !s.endsWith("\"") || endsWithEscapedQuote(s)) {
                        diags.error(Codes.PARSE_UNTERMINATED_STRING, Tokens.span(t),
                                "unterminated string literal: missing closing '\"' on this line");
                    }
                    out.add(t);
                }
                case StapLexer.EMBEDDED -> {
                    String s = t.getText();
                    if (s.length() < 4 || !s.endsWith("%}")) {
                        diags.error(Codes.PARSE_UNTERMINATED_EMBEDDED, Tokens.span(t),
                                "unterminated embedded code: '%{' has no matching '%}'");
                    }
                    out.add(t);
                }
                default -> out.add(t);
            }
        }
    }

    /** {@code "abc\"} lexes as an unterminated string whose last character happens to be a quote. */
    private static boolean endsWithEscapedQuote(String s) {
        int backslashes = 0;
        for (int i = s.length() - 2; i > 0 && s.charAt(i) == '\\'; i--) backslashes++;
        return s.length() >= 2 && backslashes % 2 == 1;
    }

    static String describeChar(String s) {
        if (s == null || s.isEmpty()) return "";
        char c = s.charAt(0);
        if (c < 0x20 || c == 0x7f) return String.format("'\\x%02x'", (int) c);
        // A byte that is not UTF-8 (a Latin-1 letter, say) is named by its value, as stap does: '\xe9'.
        if (org.jstap.api.ScriptBytes.isEscapedByte(c)) return String.format("'\\x%02x'", c & 0xff);
        return "'" + s + "'";
    }
}
