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
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;

import org.jstap.parse.grammar.StapLexer;
import org.jstap.parse.grammar.StapParser;

/**
 * ANTLR's recovery (single-token insertion/deletion, resynchronisation at loop boundaries: statements in a block,
 * declarations in the file) with our messages: "expected ')' but found '{'", human token names, stable codes.
 * A report that would land within a couple of tokens of the previous one is treated as a follow-up and dropped.
 */
final class SyntaxErrors extends DefaultErrorStrategy {
    private final Reporter diags;
    private int lastErrorIndex = -10;
    private int matchesSinceError;
    private int count;

    private final List<Token> errorsAt;

    /** @param errorsAt collects the offending token of every syntax error, in order */
    SyntaxErrors(Reporter diags, List<Token> errorsAt) {
        this.diags = diags;
        this.errorsAt = errorsAt;
    }

    int count() {
        return count;
    }

    /**
     * No inline repair (ANTLR's single-token insertion/deletion guesses badly on this language, e.g. taking the
     * next statement as a foreach body): the error goes up to the enclosing statement or declaration, which skips
     * to its end (see {@link #recover}).
     */
    @Override
    public Token recoverInline(Parser p) throws RecognitionException {
        throw new InputMismatchException(p);
    }

    /** Loop resynchronisation only where the loop is a list of statements or declarations. */
    @Override
    public void sync(Parser p) throws RecognitionException {
        ParserRuleContext ctx = p.getContext();
        if (ctx instanceof StapParser.BlockContext || ctx instanceof StapParser.ScriptContext) super.sync(p);
    }

    /**
     * Statement-level recovery: an error inside a statement skips to its end ({@code ;} or the enclosing
     * {@code '}'}, or the first statement-looking token on a later line); inside a declaration (probe point,
     * global, signature) to the next declaration. Errors in smaller rules travel up to one of those.
     */
    @Override
    public void recover(Parser p, RecognitionException e) {
        ParserRuleContext ctx = p.getContext();
        boolean stmt = ctx instanceof StapParser.StatementContext;
        boolean decl = ctx instanceof StapParser.DeclContext || ctx instanceof StapParser.ScriptContext;
        if (!stmt && !decl) throw e;
        TokenStream in = p.getInputStream();
        int start = in.index();
        Token offending = e.getOffendingToken() != null ? e.getOffendingToken() : in.LT(1);
        int errLine = offending.getLine();
        int depth = 0;
        while (true) {
            Token t = in.LT(1);
            int type = t.getType();
            if (type == Token.EOF) break;
            if (depth == 0 && startsDecl(type) && (decl || t.getLine() > errLine || in.index() > start)) break;
            if (stmt && depth == 0) {
                if (type == StapLexer.SEMI) {
                    p.consume();
                    break;
                }
                if (type == StapLexer.RBRACE) break;
                if (t.getLine() > errLine && startsStatement(type)) break;
            }
            switch (type) {
                case StapLexer.LPAREN, StapLexer.LBRACK, StapLexer.LBRACE -> depth++;
                case StapLexer.RPAREN, StapLexer.RBRACK, StapLexer.RBRACE -> depth = Math.max(0, depth - 1);
                default -> { }
            }
            p.consume();
        }
        // Always make progress: a rule that failed on its first token must not be retried on it forever.
        if (in.index() == start && in.index() == lastRecoverIndex && in.LA(1) != Token.EOF) p.consume();
        lastRecoverIndex = in.index();
    }

    private int lastRecoverIndex = -1;

    private static boolean startsDecl(int type) {
        return type == StapLexer.PROBE || type == StapLexer.GLOBAL || type == StapLexer.FUNCTION
                || type == StapLexer.PRIVATE;
    }

    private static boolean startsStatement(int type) {
        switch (type) {
            case StapLexer.IDENT: case StapLexer.TVAR: case StapLexer.IF: case StapLexer.WHILE: case StapLexer.FOR:
            case StapLexer.FOREACH: case StapLexer.DELETE: case StapLexer.RETURN: case StapLexer.BREAK:
            case StapLexer.CONTINUE: case StapLexer.NEXT: case StapLexer.TRY: case StapLexer.LBRACE:
            case StapLexer.INC: case StapLexer.DEC:
                return true;
            default:
                return type >= StapLexer.AT_COUNT && type <= StapLexer.AT_VAR;
        }
    }

    @Override
    public void reportMatch(Parser p) {
        super.reportMatch(p);
        matchesSinceError++;
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
        errorsAt.add(found);
        // The lookahead of the decision taken at this token died further on: that is where the mistake is.
        PredictionDeaths.Death death = p.getInterpreter() instanceof PredictionDeaths pd
                ? pd.startingAt(found.getTokenIndex()) : null;
        boolean operandMissing = false;
        if (death != null && found.getType() != Token.EOF && death.dead().getTokenIndex() > found.getTokenIndex()) {
            IntervalSet there = death.expected();
            operandMissing = there.contains(StapLexer.NUMBER);
            IntervalSet closers = withoutContinuations(there);
            if (operandMissing || !closers.isNil()) {
                found = death.dead();
                expected = operandMissing ? there : closers;
            }
        }
        int index = found.getTokenIndex();
        // An error before the parser has matched a few tokens again, or behind the previous one, is an echo.
        if (count > 0 && (matchesSinceError < 3 || index >= 0 && index <= lastErrorIndex)) return;
        matchesSinceError = 0;
        // Running into the end of the file after an earlier error (say an unterminated string) is nearly always
        // that error's consequence, as is a syntax error right after a lexical or preprocessor error on its line.
        if (found.getType() == Token.EOF && (count > 0 || diags.anyError())) return;
        if (count == 0 && diags.echoOfLast(Tokens.span(found))) {
            count++;
            return;
        }
        lastErrorIndex = index;
        count++;
        String foundText = Tokens.describe(found);
        String code = Codes.PARSE_EXPECTED_TOKEN;
        String message;
        expected = withListComma(p, expected, ctx);
        String expectedText = operandMissing ? "an expression" : describeExpected(expected, ctx);
        Token before = previous(p, found);
        if (before != null && before.getType() == StapLexer.PRIVATE) {
            expectedText = "'global', 'function' or a variable name after 'private'";
        } else if (inProbePoint(ctx) && expected.contains(StapLexer.LBRACE) && expected.contains(StapLexer.COMMA)
                && found.getType() != StapLexer.LBRACE) {
            expectedText = "'{' to start the probe's body (or ',' and another probe point)";
        } else if (expected.contains(found.getType())) {
            // A decision that failed further ahead (a '{' that is not brace alternatives, a name not glued to
            // the one before): the set describes the decision's start, not this token's place.
            expectedText = inProbePoint(ctx) || before != null && before.getType() == StapLexer.PROBE
                    ? "a probe point" : "a different token";
        }
        boolean inProbePoint = inProbePoint(ctx);
        boolean nameExpected = expected.contains(StapLexer.IDENT) && expected.size() <= 5;
        if (Tokens.isKeyword(found.getType()) && expected.contains(StapLexer.IDENT) && (nameExpected || usedAsName(p, found))) {
            code = Codes.PARSE_RESERVED_WORD;
            message = "'" + found.getText() + "' is a reserved word and cannot be used as a name here (expected "
                    + expectedText + ")";
        } else if (found.getType() == Token.EOF) {
            code = Codes.PARSE_UNEXPECTED_EOF;
            message = "unexpected end of file: expected " + expectedText;
        } else {
            message = "expected " + expectedText + " but found " + foundText;
            if (expectedText.equals("an expression")) code = Codes.PARSE_EXPECTED_EXPRESSION;
            Token prev = p.getInputStream().LT(-1);
            boolean bodyWithoutPoint = found.getType() == StapLexer.LBRACE && prev != null && prev.getType() == StapLexer.PROBE;
            // After a complete point ('{' or ',' may come) the body's '{' is missing: not a malformed point.
            boolean afterPoint = expected.contains(StapLexer.LBRACE) && expected.contains(StapLexer.COMMA);
            if (inProbePoint && !bodyWithoutPoint && !afterPoint) {
                code = Codes.PARSE_BAD_PROBE_POINT;
                message = "malformed probe point: " + message;
            }
        }
        Diagnostic d = Diagnostic.error(code, Tokens.span(found), message);
        String hint = hint(found, expected);
        diags.report(hint == null ? d : d.withHint(hint));
    }

    /**
     * Where a list's closing bracket was expected (arguments, keys, parameters), another element could also have
     * come: {@code f(1 2)} expects "',' or ')'", not just "')'".
     */
    private static IntervalSet withListComma(Parser p, IntervalSet expected, ParserRuleContext ctx) {
        if (expected.size() != 1 || ctx == null) return expected;
        boolean list = expected.contains(StapLexer.RPAREN) && (ctx instanceof StapParser.CallPrimaryContext
                || ctx instanceof StapParser.AtArgsContext || ctx instanceof StapParser.FunctionDeclContext
                // 'f(1 2)' fails as a call and is retried as 'f' then '(1 2)': still an argument list
                || ctx instanceof StapParser.ParenPrimaryContext && afterName(p, ctx.getStart()))
                || expected.contains(StapLexer.RBRACK) && (ctx instanceof StapParser.ArrayPrimaryContext
                || ctx instanceof StapParser.MultiInPrimaryContext);
        if (!list) return expected;
        IntervalSet out = new IntervalSet(expected);
        out.add(StapLexer.COMMA);
        return out;
    }

    private static boolean afterName(Parser p, Token t) {
        Token before = previous(p, t);
        return before != null && before.getType() == StapLexer.IDENT;
    }

    /** Tokens that continue an expression already complete (operators, postfix, index, call): what remains closes it. */
    private static IntervalSet withoutContinuations(IntervalSet set) {
        IntervalSet out = new IntervalSet();
        for (int t : set.toList()) {
            if (!continuesExpression(t)) out.add(t);
        }
        return out;
    }

    private static boolean continuesExpression(int type) {
        switch (type) {
            case StapLexer.INC: case StapLexer.DEC: case StapLexer.ARROW: case StapLexer.STAR: case StapLexer.SLASH:
            case StapLexer.PERCENT: case StapLexer.PLUS: case StapLexer.MINUS: case StapLexer.DOT: case StapLexer.SHL:
            case StapLexer.SHR: case StapLexer.USHR: case StapLexer.LT: case StapLexer.LE: case StapLexer.GT:
            case StapLexer.GE: case StapLexer.EQ: case StapLexer.NE: case StapLexer.MATCH: case StapLexer.NOMATCH:
            case StapLexer.IN: case StapLexer.AMP: case StapLexer.CARET: case StapLexer.PIPE: case StapLexer.ANDAND:
            case StapLexer.OROR: case StapLexer.QUESTION: case StapLexer.ASSIGN: case StapLexer.ADD_ASSIGN:
            case StapLexer.SUB_ASSIGN: case StapLexer.MUL_ASSIGN: case StapLexer.DIV_ASSIGN: case StapLexer.MOD_ASSIGN:
            case StapLexer.SHL_ASSIGN: case StapLexer.SHR_ASSIGN: case StapLexer.AND_ASSIGN: case StapLexer.OR_ASSIGN:
            case StapLexer.XOR_ASSIGN: case StapLexer.CONCAT_ASSIGN: case StapLexer.AGG: case StapLexer.LBRACK:
            case StapLexer.LPAREN: case StapLexer.DOLLAR: case StapLexer.DOLLAR2: case Token.EPSILON:
                return true;
            default:
                return false;
        }
    }

    private static Token previous(Parser p, Token t) {
        int i = t.getTokenIndex();
        if (i <= 0) return null;
        try {
            return p.getInputStream().get(i - 1);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean inProbePoint(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            int r = c.getRuleIndex();
            if (r == StapParser.RULE_probePoint || r == StapParser.RULE_component || r == StapParser.RULE_componentArg
                    || r == StapParser.RULE_braceAlt || r == StapParser.RULE_componentName) {
                return true;
            }
            if (r == StapParser.RULE_block) return false;
        }
        return false;
    }

    /** A keyword in a name's place reads as a misused name when what follows it is what follows a variable. */
    private static boolean usedAsName(Parser p, Token t) {
        Token next = null;
        try {
            next = p.getInputStream().get(t.getTokenIndex() + 1);
        } catch (RuntimeException e) {
            next = null;
        }
        if (t.getType() == StapLexer.ELSE || t.getType() == StapLexer.CATCH) return false;
        int n = next == null ? Token.EOF : next.getType();
        switch (n) {
            case StapLexer.ASSIGN: case StapLexer.ADD_ASSIGN: case StapLexer.SUB_ASSIGN: case StapLexer.MUL_ASSIGN:
            case StapLexer.DIV_ASSIGN: case StapLexer.MOD_ASSIGN: case StapLexer.SHL_ASSIGN: case StapLexer.SHR_ASSIGN:
            case StapLexer.AND_ASSIGN: case StapLexer.OR_ASSIGN: case StapLexer.XOR_ASSIGN: case StapLexer.CONCAT_ASSIGN:
            case StapLexer.AGG: case StapLexer.LBRACK: case StapLexer.COMMA: case StapLexer.SEMI: case StapLexer.RPAREN:
            case StapLexer.RBRACK: case StapLexer.RBRACE: case StapLexer.INC: case StapLexer.DEC: case StapLexer.PLUS:
            case StapLexer.MINUS: case StapLexer.STAR: case StapLexer.SLASH: case StapLexer.DOT: case StapLexer.EQ:
            case StapLexer.NE: case StapLexer.LT: case StapLexer.GT: case StapLexer.LE: case StapLexer.GE:
            case StapLexer.ANDAND: case StapLexer.OROR: case StapLexer.LPAREN: case StapLexer.IN: case StapLexer.COLON:
            case Token.EOF:
                return true;
            default:
                return false;
        }
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
            if (r == StapParser.RULE_declName || r == StapParser.RULE_fieldName) return "a name";
            if (r == StapParser.RULE_declName || r == StapParser.RULE_fieldName) return "a name";
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
