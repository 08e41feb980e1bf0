package org.jstap.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Diagnostics;
import org.jstap.parse.grammar.StapLexer;
import org.jstap.parse.grammar.StapParser;

/**
 * ANTLR's recovery (single-token insertion/deletion, resynchronisation at loop boundaries: statements in a block,
 * declarations in the file) with our messages: "expected ')' but found '{'", human token names, stable codes.
 * A report that would land within a couple of tokens of the previous one is treated as a follow-up and dropped.
 */
final class SyntaxErrors extends DefaultErrorStrategy {
    private final Diagnostics diags;
    private int lastErrorIndex = -10;
    private int count;

    SyntaxErrors(Diagnostics diags) {
        this.diags = diags;
    }

    int count() {
        return count;
    }

    @Override
    protected void reportNoViableAlternative(Parser p, NoViableAltException e) {
        report(p, e.getOffendingToken(), p.getExpectedTokens(), p.getContext());
    }

    @Override
    protected void reportInputMismatch(Parser p, InputMismatchException e) {
        report(p, e.getOffendingToken(), e.getExpectedTokens(), p.getContext());
    }

    @Override
    protected void reportFailedPredicate(Parser p, FailedPredicateException e) {
        report(p, e.getOffendingToken(), p.getExpectedTokens(), p.getContext());
    }

    @Override
    protected void reportUnwantedToken(Parser p) {
        if (inErrorRecoveryMode(p)) return;
        beginErrorCondition(p);
        report(p, p.getCurrentToken(), getExpectedTokens(p), p.getContext());
    }

    @Override
    protected void reportMissingToken(Parser p) {
        if (inErrorRecoveryMode(p)) return;
        beginErrorCondition(p);
        report(p, p.getCurrentToken(), getExpectedTokens(p), p.getContext());
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        if (inErrorRecoveryMode(recognizer)) return;
        beginErrorCondition(recognizer);
        if (e instanceof NoViableAltException n) reportNoViableAlternative(recognizer, n);
        else if (e instanceof InputMismatchException m) reportInputMismatch(recognizer, m);
        else if (e instanceof FailedPredicateException f) reportFailedPredicate(recognizer, f);
        else report(recognizer, e.getOffendingToken(), recognizer.getExpectedTokens(), recognizer.getContext());
    }

    private void report(Parser p, Token found, IntervalSet expected, ParserRuleContext ctx) {
        if (found == null) found = p.getCurrentToken();
        int index = found.getTokenIndex();
        if (index >= 0 && index - lastErrorIndex <= 1) return;
        lastErrorIndex = index;
        count++;
        String foundText = Tokens.describe(found);
        String code = Codes.PARSE_EXPECTED_TOKEN;
        String message;
        String expectedText = describeExpected(expected, ctx);
        if (Tokens.isKeyword(found.getType()) && expected.contains(StapLexer.IDENT)) {
            code = Codes.PARSE_RESERVED_WORD;
            message = "'" + found.getText() + "' is a reserved word and cannot be used as a name here (expected "
                    + expectedText + ")";
        } else if (found.getType() == Token.EOF) {
            code = Codes.PARSE_UNEXPECTED_EOF;
            message = "unexpected end of file: expected " + expectedText;
        } else {
            message = "expected " + expectedText + " but found " + foundText;
        }
        Diagnostic d = Diagnostic.error(code, Tokens.span(found), message);
        String hint = hint(found, expected);
        diags.report(hint == null ? d : d.withHint(hint));
    }

    private static String hint(Token found, IntervalSet expected) {
        if (found.getType() == StapLexer.AT_IDENT) return null;
        if (expected.contains(StapLexer.RBRACE) && found.getType() == Token.EOF) return "a '}' is missing";
        return null;
    }

    /** A short English list of what could come, or the name of the construct when that list would be long. */
    static String describeExpected(IntervalSet expected, ParserRuleContext ctx) {
        List<Integer> types = expected.toList();
        types.remove((Integer) Token.EPSILON);
        if (types.size() <= 5) {
            List<String> names = new ArrayList<>();
            for (int t : types) names.add(Tokens.typeName(t));
            if (names.isEmpty()) return "something else";
            if (names.size() == 1) return names.get(0);
            return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            int r = c.getRuleIndex();
            if (r == StapParser.RULE_expr || r == StapParser.RULE_primary || r == StapParser.RULE_key
                    || r == StapParser.RULE_keyList || r == StapParser.RULE_globalInit) {
                return "an expression";
            }
            if (r == StapParser.RULE_statement || r == StapParser.RULE_block) return "a statement";
            if (r == StapParser.RULE_probePoint || r == StapParser.RULE_probePoints || r == StapParser.RULE_component) {
                return "a probe point";
            }
            if (r == StapParser.RULE_script) return "'probe', 'global', 'function', 'private' or '%{'";
            if (r == StapParser.RULE_decl) break;
        }
        if (expected.contains(StapLexer.PROBE)) return "'probe', 'global', 'function', 'private' or '%{'";
        return "an expression";
    }
}
