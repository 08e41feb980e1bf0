package org.jstap.parse;

import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.parse.grammar.StapLexer;

/**
 * The pass-1 part of printf format checking, as stap 4.8 does it in its parser: a conversion may start with at most
 * one of {@code - + space #}, followed only by {@code 0}s ({@code %-08x}, {@code %+05d}, {@code %00d} are fine;
 * {@code %- 5d}, {@code %--5d}, {@code %0#8x}, {@code %0-8x} are not). The rest of the format (conversions,
 * argument counts and types) is checked in pass 2. The raw token text is scanned, so the caret lands on the
 * conversion itself; a {@code %} written as an escape ({@code \045}) is not seen here.
 */
final class FormatFlagsCheck {
    private FormatFlagsCheck() {}

    /** Checks the string literal tokens of the format argument {@code format} (a parse tree) of a printf call. */
    static void check(ParseTree format, Reporter diags) {
        collect(format, diags);
    }

    private static void collect(ParseTree t, Reporter diags) {
        if (t instanceof TerminalNode n) {
            if (n.getSymbol().getType() == StapLexer.STRING) checkToken(n.getSymbol(), diags);
            return;
        }
        for (int i = 0; i < t.getChildCount(); i++) collect(t.getChild(i), diags);
    }

    private static void checkToken(Token tok, Reporter diags) {
        String raw = tok.getText();
        // the text between the quotes; positions below are offsets into raw
        int end = raw.length() >= 2 && raw.endsWith("\"") ? raw.length() - 1 : raw.length();
        int i = 1;
        while (i < end) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c != '%') {
                i++;
                continue;
            }
            int start = i++;
            if (i < end && raw.charAt(i) == '%') {
                i++;
                continue;
            }
            int f = i;
            while (i < end && "-+ #0".indexOf(raw.charAt(i)) >= 0) i++;
            String flags = raw.substring(f, i);
            if (validFlags(flags)) continue;
            int stop = i;
            while (stop < end && !Character.isLetter(raw.charAt(stop)) && raw.charAt(stop) != '%'
                    && raw.charAt(stop) != '\\' && raw.charAt(stop) != '"') stop++;
            if (stop < end && Character.isLetter(raw.charAt(stop))) stop++;
            String spec = raw.substring(start, stop);
            int col = tok.getCharPositionInLine() + 1 + start;
            Span at = new Span(Tokens.file(tok), tok.getLine(), col, tok.getLine(), col + spec.length());
            diags.report(Diagnostic.error(Codes.PARSE_BAD_FORMAT_FLAGS, at, "invalid flags '" + flags
                    + "' in conversion '" + spec + "'")
                    .withHint("a conversion takes at most one of '-', '+', ' ', '#', then only '0's (e.g. "
                            + suggestion(flags, spec) + ")"));
        }
    }

    /** {@code [-+ #]?0*}: one sign/alignment/alternate flag, then zero padding. */
    static boolean validFlags(String flags) {
        int k = 0;
        if (k < flags.length() && "-+ #".indexOf(flags.charAt(k)) >= 0) k++;
        while (k < flags.length() && flags.charAt(k) == '0') k++;
        return k == flags.length();
    }

    /** The spec with its first non-'0' flag kept and the others dropped. */
    private static String suggestion(String flags, String spec) {
        String keep = "";
        for (char c : flags.toCharArray()) {
            if (c != '0') {
                keep = String.valueOf(c);
                break;
            }
        }
        return "%" + keep + spec.substring(1 + flags.length());
    }

    static boolean isFormatCall(String name, List<?> args) {
        return (name.equals("printf") || name.equals("sprintf")) && !args.isEmpty();
    }
}
