package org.jstap.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;
import org.jstap.api.ast.Literals;
import org.jstap.api.diag.Codes;

import org.jstap.parse.grammar.StapLexer;

/**
 * The token-level preprocessor that runs between the lexer and the parser, as stap's does: {@code @define}
 * macros (expanded before conditions are evaluated), {@code %( cond %? then %: else %)} conditionals,
 * script arguments {@code $N} (pasted as tokens), {@code @N} (a string literal), {@code $#} and {@code @#}.
 * Tokens of untaken branches are skipped unexpanded, so they may mention missing arguments or unknown macros.
 * Tokens of the file itself pass through untouched; only expansions create tokens.
 */
final class Preprocessor {
    private static final int MAX_DEPTH = 200;
    /**
     * Macro bodies and arguments may be read this many tokens per file (plus ten per token of the file itself):
     * a macro that doubles itself a few dozen times would otherwise expand to billions of tokens (out of memory).
     */
    static final long EXPANSION_BUDGET = 1_000_000;

    /** Thrown out of the expansion when the budget is spent; {@link #run} reports it at the use that spent it. */
    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super(null, null, false, false);
        }
    }

    /** A source of raw tokens: the file, a macro body (with its parameter bindings) or an already expanded argument. */
    private static final class Frame {
        final List<Token> tokens;
        final Macro macro;
        final Map<String, List<Token>> bindings;
        final boolean expanded;
        final boolean base;
        int pos;

        Frame(List<Token> tokens, Macro macro, Map<String, List<Token>> bindings, boolean expanded, boolean base) {
            this.tokens = tokens;
            this.macro = macro;
            this.bindings = bindings;
            this.expanded = expanded;
            this.base = base;
        }
    }

    /** An open conditional: which branch we are in, and where it started (for "unterminated" errors). */
    private record Open(Token at, boolean inThen) {}

    private final Reporter diags;
    private final ConditionEnv env;
    private final Map<String, Macro> library;
    private final Map<String, Macro> defineInto;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final ArrayDeque<Open> open = new ArrayDeque<>();
    private Frame lastFrame;
    private Token pendingRaw;
    private Token pendingExpanded;
    /** While reading a condition, '%?' (and a misplaced '%:' or '%)') are returned instead of acted upon. */
    private boolean readingCondition;
    private long budget;
    private boolean budgetSpent;
    /** The macro use in the file whose expansion is under way, and the output and conditional depths before it. */
    private Token root;
    private int outAtRoot;
    private int openAtRoot;
    private List<Token> out;

    /**
     * @param library macros visible to the file (from .stpm libraries)
     * @param defineInto where this file's own {@code @define}s go (a fresh map for user scripts: they are local)
     */
    Preprocessor(Reporter diags, ConditionEnv env, Map<String, Macro> library, Map<String, Macro> defineInto) {
        this.diags = diags;
        this.env = env;
        this.library = library;
        this.defineInto = defineInto;
    }

    /** The token stream for the parser, ending with EOF. */
    List<Token> run(List<Token> fileTokens) {
        frames.clear();
        frames.push(new Frame(fileTokens, null, null, false, true));
        budget = EXPANSION_BUDGET + 10L * fileTokens.size();
        out = new ArrayList<>(fileTokens.size() + 1);
        while (true) {
            Token t;
            try {
                t = nextExpanded();
            } catch (BudgetSpent e) {
                spent();
                continue;
            }
            out.add(t);
            if (t.getType() == Token.EOF) return out;
        }
    }

    /** The expansion under way is dropped (its output too, to bound memory); a placeholder stands for it. */
    private void spent() {
        budgetSpent = true;
        diags.error(Codes.PREPROC_EXPANSION_LIMIT, Tokens.span(root), "the expansion of macro '" + root.getText()
                + "' is too large (more than " + EXPANSION_BUDGET + " tokens): does a macro use itself more than once?");
        while (frames.size() > 1) frames.pop();
        while (open.size() > openAtRoot) open.pop();
        pendingRaw = null;
        pendingExpanded = null;
        readingCondition = false;
        out.subList(Math.min(outAtRoot, out.size()), out.size()).clear();
        out.add(placeholder(root));
    }

    // ---- raw tokens

    private Token rawNext() {
        if (pendingRaw != null) {
            Token t = pendingRaw;
            pendingRaw = null;
            return t;
        }
        while (true) {
            Frame f = frames.peek();
            if (!f.base && --budget < 0 && !budgetSpent) throw new BudgetSpent();
            if (f.pos < f.tokens.size()) {
                Token t = f.tokens.get(f.pos);
                if (f.base && t.getType() == Token.EOF) {
                    lastFrame = f;
                    return t; // the file's EOF stays put
                }
                f.pos++;
                lastFrame = f;
                return t;
            }
            frames.pop();
        }
    }

    // ---- expanded tokens

    private Token nextExpanded() {
        while (true) {
            if (pendingExpanded != null) {
                Token t = pendingExpanded;
                pendingExpanded = null;
                return t;
            }
            Token t = rawNext();
            Frame from = lastFrame;
            if (from.expanded) return copy(t);
            switch (t.getType()) {
                case Token.EOF -> {
                    while (!open.isEmpty()) {
                        Open o = open.removeLast();
                        diags.error(Codes.PREPROC_UNTERMINATED, Tokens.span(o.at()),
                                "conditional '%(' is not closed by '%)' before the end of the file");
                    }
                    return t;
                }
                case StapLexer.AT_DEFINE -> define(t);
                case StapLexer.BAD_CHAR -> badChar(t);
                case StapLexer.AT_IDENT -> {
                    if (!expand(t, from)) {
                        if (!AtOperators.isOneArgOperator(t.getText())) unknownMacro(t);
                        return from.base ? t : copy(t);
                    }
                }
                case StapLexer.AT_COUNT, StapLexer.AT_SUM, StapLexer.AT_MIN, StapLexer.AT_MAX, StapLexer.AT_AVG,
                        StapLexer.AT_VARIANCE, StapLexer.AT_HIST_LINEAR, StapLexer.AT_HIST_LOG, StapLexer.AT_ENTRY,
                        StapLexer.AT_CAST, StapLexer.AT_DEFINED, StapLexer.AT_VAR -> {
                    // A macro or macro parameter may reuse an operator's name (@define max(a, b) ...).
                    if (!expand(t, from)) return from.base ? t : copy(t);
                }
                case StapLexer.ARG_NUM -> pasteArgument(t);
                case StapLexer.ARG_STR -> {
                    String arg = argument(t);
                    return synth(t, StapLexer.STRING, "\"" + Literals.escape(arg == null ? "" : arg) + "\"");
                }
                case StapLexer.ARG_COUNT_NUM -> {
                    return synth(t, StapLexer.NUMBER, Integer.toString(env.args().size()));
                }
                case StapLexer.ARG_COUNT_STR -> {
                    return synth(t, StapLexer.STRING, "\"" + env.args().size() + "\"");
                }
                case StapLexer.PP_OPEN -> conditional(t);
                case StapLexer.PP_THEN, StapLexer.PP_ELSE, StapLexer.PP_CLOSE -> {
                    if (readingCondition) return t;
                    branchToken(t);
                }
                default -> {
                    return from.base ? t : copy(t);
                }
            }
        }
    }

    private int badCharLine = -1;

    /** One report per line: `uname` or 'a' are one mistake, not two. */
    private void badChar(Token t) {
        if (t.getLine() == badCharLine) return;
        badCharLine = t.getLine();
        String text = t.getText();
        diags.error(Codes.PARSE_BAD_CHAR, Tokens.span(t), text.startsWith("$")
                ? "unexpected character '$' (target variables are written $name, script arguments $1)"
                : "unexpected character " + Lexing.describeChar(text));
    }

    private static Token copy(Token t) {
        return new CommonToken(t);
    }

    /** A token made here (argument, count) that reports the position of the token it replaces. */
    private static Token synth(Token at, int type, String text) {
        CommonToken c = new CommonToken(new Pair<>(at.getTokenSource(), at.getInputStream()), type,
                Token.DEFAULT_CHANNEL, at.getStartIndex(), at.getStopIndex());
        c.setText(text);
        c.setLine(at.getLine());
        c.setCharPositionInLine(at.getCharPositionInLine());
        return c;
    }

    // ---- script arguments

    private String argument(Token t) {
        int n;
        try {
            n = Integer.parseInt(t.getText().substring(1));
        } catch (NumberFormatException e) {
            n = Integer.MAX_VALUE;
        }
        List<String> args = env.args();
        if (n < 1 || n > args.size()) {
            diags.report(org.jstap.api.diag.Diagnostic.error(Codes.PREPROC_MISSING_ARGUMENT, Tokens.span(t),
                    "script argument " + t.getText() + " is missing: " + args.size() + " argument"
                            + (args.size() == 1 ? "" : "s") + " given").withHint(
                    "pass arguments after the script, or guard the use with %( $# >= " + Math.max(n, 1)
                            + " %? ... %)"));
            return null;
        }
        return args.get(n - 1);
    }

    /** {@code $N}: the argument's text, lexed, at the position of {@code $N}. */
    private void pasteArgument(Token t) {
        String arg = argument(t);
        List<Token> toks = new ArrayList<>();
        if (arg == null) {
            toks.add(synth(t, StapLexer.NUMBER, "0"));
        } else {
            StapLexer lexer = new StapLexer(CharStreams.fromString(arg, Tokens.file(t)));
            lexer.removeErrorListeners();
            TokenSource src = t.getTokenSource();
            for (Token a = lexer.nextToken(); a.getType() != Token.EOF; a = lexer.nextToken()) {
                if (a.getChannel() != Token.DEFAULT_CHANNEL) continue;
                if (a.getType() == StapLexer.BAD_CHAR) {
                    diags.error(Codes.PARSE_BAD_CHAR, Tokens.span(t),
                            "script argument " + t.getText() + " contains an unexpected character '" + a.getText() + "'");
                    continue;
                }
                CommonToken c = new CommonToken(new Pair<>(src, t.getInputStream()), a.getType(),
                        Token.DEFAULT_CHANNEL, t.getStartIndex() + a.getStartIndex(), t.getStartIndex() + a.getStopIndex());
                c.setText(a.getText());
                c.setLine(t.getLine());
                c.setCharPositionInLine(t.getCharPositionInLine());
                toks.add(c);
            }
        }
        if (toks.isEmpty() && arg != null && !arg.isBlank()) toks.add(placeholder(t)); // only bad characters
        frames.push(new Frame(toks, null, null, false, false));
    }

    // ---- macros

    private void define(Token at) {
        Token nameTok = rawNext();
        if (nameTok.getType() != StapLexer.IDENT) {
            diags.error(Codes.PREPROC_BAD_DEFINE, Tokens.span(nameTok), (Tokens.isKeyword(nameTok.getType())
                    ? "'" + nameTok.getText() + "' is a reserved word and cannot name a macro"
                    : "expected a macro name after '@define' but found " + Tokens.describe(nameTok)));
            recoverDefine(nameTok);
            return;
        }
        List<String> params = new ArrayList<>();
        boolean parens = false;
        Token t = rawNext();
        if (t.getType() == StapLexer.LPAREN) {
            parens = true;
            t = rawNext();
            if (t.getType() == StapLexer.RPAREN) {
                diags.error(Codes.PREPROC_BAD_DEFINE, Tokens.span(t), "macro '" + nameTok.getText()
                        + "' has empty parentheses: write '@define " + nameTok.getText() + " %( ... %)' for no parameters");
            } else {
                while (true) {
                    if (t.getType() != StapLexer.IDENT) {
                        diags.error(Codes.PREPROC_BAD_DEFINE, Tokens.span(t), "expected a parameter name in '@define "
                                + nameTok.getText() + "' but found " + Tokens.describe(t));
                        recoverDefine(t);
                        return;
                    }
                    if (params.contains(t.getText())) {
                        diags.error(Codes.PREPROC_BAD_DEFINE, Tokens.span(t),
                                "parameter '" + t.getText() + "' appears twice in '@define " + nameTok.getText() + "'");
                    }
                    params.add(t.getText());
                    t = rawNext();
                    if (t.getType() == StapLexer.RPAREN) break;
                    if (t.getType() != StapLexer.COMMA) {
                        diags.error(Codes.PREPROC_BAD_DEFINE, Tokens.span(t),
                                "expected ',' or ')' in the parameters of '@define " + nameTok.getText()
                                        + "' but found " + Tokens.describe(t));
                        recoverDefine(t);
                        return;
                    }
                    t = rawNext();
                }
            }
            t = rawNext();
        }
        if (t.getType() != StapLexer.PP_OPEN) {
            diags.error(Codes.PREPROC_BAD_DEFINE, Tokens.span(t),
                    "expected '%(' to start the body of macro '" + nameTok.getText() + "' but found " + Tokens.describe(t));
            recoverDefine(t);
            return;
        }
        List<Token> body = new ArrayList<>();
        int depth = 0;
        while (true) {
            Token b = rawNext();
            if (b.getType() == Token.EOF) {
                diags.error(Codes.PREPROC_BAD_DEFINE, Tokens.span(t),
                        "the body of macro '" + nameTok.getText() + "' is not closed by '%)'");
                pendingRaw = b;
                return;
            }
            if (b.getType() == StapLexer.PP_OPEN) depth++;
            if (b.getType() == StapLexer.PP_CLOSE && depth-- == 0) break;
            body.add(b);
        }
        Macro old = defineInto.get(nameTok.getText());
        if (old != null && Tokens.file(old.definedAt()).equals(Tokens.file(nameTok))) {
            diags.report(org.jstap.api.diag.Diagnostic.error(Codes.PREPROC_BAD_DEFINE, Tokens.span(nameTok),
                    "macro '@" + nameTok.getText() + "' is already defined").withRelated(Tokens.span(old.definedAt()),
                    "first definition"));
            return;
        }
        defineInto.put(nameTok.getText(), new Macro(nameTok.getText(), params, parens, body, nameTok));
    }

    /** After a malformed define: drop its body if one follows, so its tokens do not land in the script. */
    private void recoverDefine(Token t) {
        while (t.getType() != Token.EOF && t.getType() != StapLexer.PP_OPEN) {
            if (t.getType() == StapLexer.PROBE || t.getType() == StapLexer.FUNCTION || t.getType() == StapLexer.GLOBAL) {
                pendingRaw = t;
                return;
            }
            t = rawNext();
        }
        if (t.getType() == Token.EOF) {
            pendingRaw = t;
            return;
        }
        skipToClose();
    }

    private Macro lookup(String name) {
        Macro m = defineInto.get(name);
        return m != null ? m : library.get(name);
    }

    private int expanding;

    /** Expands {@code @name} if it is a parameter of the macro being expanded or a macro; false if neither. */
    private boolean expand(Token at, Frame from) {
        if (expanding == 0 && frames.size() == 1) { // a use in the file itself: the root of what follows
            root = at;
            outAtRoot = out == null ? 0 : out.size();
            openAtRoot = open.size();
        }
        expanding++;
        try {
            return expandHere(at, from);
        } finally {
            expanding--;
        }
    }

    private boolean expandHere(Token at, Frame from) {
        String name = at.getText().substring(1);
        if (from.bindings != null) {
            List<Token> arg = from.bindings.get(name);
            if (arg != null) {
                frames.push(new Frame(arg, null, null, true, false));
                return true;
            }
        }
        Macro m = lookup(name);
        if (m == null) return false;
        if (budgetSpent) { // one error is enough: later uses stand for nothing
            if (m.hasParens()) skipCallArguments();
            pendingExpanded = placeholder(at);
            return true;
        }
        for (Frame f : frames) {
            if (f.macro == m || frames.size() > MAX_DEPTH) {
                diags.report(org.jstap.api.diag.Diagnostic.error(Codes.PREPROC_RECURSIVE_MACRO, Tokens.span(at),
                        "macro '@" + name + "' expands itself").withRelated(Tokens.span(m.definedAt()),
                        "'@" + name + "' is defined here"));
                if (m.hasParens()) skipCallArguments();
                pendingExpanded = placeholder(at);
                return true;
            }
        }
        List<List<Token>> args = new ArrayList<>();
        if (!m.hasParens()) {
            // Peek at the next raw token: '(' glued to the name is a call of a macro that takes no arguments.
            Token p = rawNext();
            Frame src = lastFrame;
            if (p.getType() == StapLexer.LPAREN && p.getTokenSource() == at.getTokenSource()
                    && p.getStartIndex() == at.getStopIndex() + 1) {
                diags.report(org.jstap.api.diag.Diagnostic.error(Codes.PREPROC_MACRO_ARITY, Tokens.span(at),
                        "macro '@" + name + "' takes no arguments").withRelated(Tokens.span(m.definedAt()),
                        "'@" + name + "' is defined here"));
                collectArguments(at, new ArrayList<>());
                pendingExpanded = placeholder(at);
                return true;
            }
            if (p.getType() != Token.EOF) frames.push(new Frame(List.of(p), null, src.bindings, src.expanded, false));
        }
        if (m.hasParens()) {
            Token lp = nextExpanded();
            if (lp.getType() != StapLexer.LPAREN) {
                diags.error(Codes.PREPROC_MACRO_ARITY, Tokens.span(at), "macro '@" + name + "' takes "
                        + m.params().size() + " argument" + (m.params().size() == 1 ? "" : "s")
                        + " in parentheses, but " + Tokens.describe(lp) + " follows it");
                frames.push(new Frame(List.of(lp), null, null, true, false));
                pendingExpanded = placeholder(at);
                return true;
            }
            if (!collectArguments(at, args)) return true;
            if (args.size() == 1 && args.get(0).isEmpty()) args.clear();
        }
        if (args.size() != m.params().size()) {
            diags.report(org.jstap.api.diag.Diagnostic.error(Codes.PREPROC_MACRO_ARITY, Tokens.span(at),
                    "macro '@" + name + "' takes " + m.params().size() + " argument"
                            + (m.params().size() == 1 ? "" : "s") + " but is given " + args.size())
                    .withRelated(Tokens.span(m.definedAt()), "'@" + name + "' is defined here"));
            pendingExpanded = placeholder(at);
            return true;
        }
        Map<String, List<Token>> bindings = new HashMap<>();
        for (int i = 0; i < args.size(); i++) bindings.put(m.params().get(i), args.get(i));
        frames.push(new Frame(m.body(), m, bindings, false, false));
        return true;
    }

    /** Reads {@code a, b(c, d), e)} after the '(' of a macro call, splitting at top-level commas. */
    private boolean collectArguments(Token at, List<List<Token>> args) {
        List<Token> cur = new ArrayList<>();
        int depth = 0;
        while (true) {
            Token t = nextExpanded();
            switch (t.getType()) {
                case Token.EOF -> {
                    diags.error(Codes.PREPROC_MACRO_ARITY, Tokens.span(at),
                            "the arguments of macro '" + at.getText() + "' are not closed by ')'");
                    pendingExpanded = t;
                    return false;
                }
                case StapLexer.LPAREN, StapLexer.LBRACK, StapLexer.LBRACE -> depth++;
                case StapLexer.RPAREN, StapLexer.RBRACK, StapLexer.RBRACE -> {
                    if (depth == 0 && t.getType() == StapLexer.RPAREN) {
                        args.add(cur);
                        return true;
                    }
                    if (depth == 0) {
                        diags.error(Codes.PREPROC_MACRO_ARITY, Tokens.span(at), "the arguments of macro '"
                                + at.getText() + "' are not closed by ')' before " + Tokens.describe(t));
                        frames.push(new Frame(List.of(t), null, null, true, false));
                        pendingExpanded = placeholder(at);
                        return false;
                    }
                    depth--;
                }
                case StapLexer.COMMA -> {
                    if (depth == 0) {
                        args.add(cur);
                        cur = new ArrayList<>();
                        continue;
                    }
                }
                default -> { }
            }
            cur.add(t);
        }
    }

    /** Stands in for a macro use that could not be expanded, so the parser sees an operand, not a hole. */
    private static Token placeholder(Token at) {
        return synth(at, StapLexer.NUMBER, "0");
    }

    private void skipCallArguments() {
        Token t = rawNext();
        if (t.getType() != StapLexer.LPAREN) {
            pendingRaw = t;
            return;
        }
        int depth = 0;
        while (true) {
            t = rawNext();
            if (t.getType() == Token.EOF) {
                pendingRaw = t;
                return;
            }
            if (t.getType() == StapLexer.LPAREN) depth++;
            if (t.getType() == StapLexer.RPAREN && depth-- == 0) return;
        }
    }

    private void unknownMacro(Token t) {
        String name = t.getText();
        String near = AtOperators.closest(name);
        if (near != null) {
            diags.report(org.jstap.api.diag.Diagnostic.error(Codes.PARSE_BAD_AT_OPERATOR, Tokens.span(t),
                    "unknown operator " + name).withHint("did you mean " + near + "?"));
        } else {
            diags.error(Codes.PREPROC_UNKNOWN_MACRO, Tokens.span(t),
                    "unknown operator or macro " + name + " (no '@define " + name.substring(1) + "' is visible here)");
        }
    }

    // ---- conditionals

    private void conditional(Token at) {
        List<Token> cond = new ArrayList<>();
        Token t;
        boolean outer = readingCondition;
        readingCondition = true;
        try {
            while (true) {
                t = nextExpanded();
                int type = t.getType();
                if (type == StapLexer.PP_THEN) break;
                if (type == Token.EOF || type == StapLexer.PP_ELSE || type == StapLexer.PP_CLOSE) {
                    diags.error(Codes.PREPROC_UNTERMINATED, Tokens.span(at), "conditional '%(' has no '%?' "
                            + (type == Token.EOF ? "before the end of the file" : "before its '" + t.getText() + "'"));
                    if (type == Token.EOF) {
                        pendingExpanded = t;
                    } else if (type == StapLexer.PP_ELSE) {
                        skipToClose();
                    }
                    return;
                }
                cond.add(t);
            }
        } finally {
            readingCondition = outer;
        }
        boolean value = new ConditionEvaluator(diags, env, at).evaluate(cond);
        if (value) {
            open.push(new Open(at, true));
            return;
        }
        Token end = skip(true);
        if (end.getType() == StapLexer.PP_ELSE) open.push(new Open(at, false));
        else if (end.getType() == Token.EOF) unterminated(at, end);
    }

    private void unterminated(Token at, Token eof) {
        diags.error(Codes.PREPROC_UNTERMINATED, Tokens.span(at),
                "conditional '%(' is not closed by '%)' before the end of the file");
        pendingRaw = eof;
    }

    private void branchToken(Token t) {
        Open o = open.peek();
        if (o == null || t.getType() == StapLexer.PP_THEN || t.getType() == StapLexer.PP_ELSE && !o.inThen()) {
            String what = o == null ? " outside any '%( ... %)' conditional" : " out of place in a conditional";
            diags.error(Codes.PREPROC_STRAY, Tokens.span(t), "'" + t.getText() + "'" + what);
            return;
        }
        open.pop();
        if (t.getType() == StapLexer.PP_ELSE) {
            Token end = skip(false);
            if (end.getType() == Token.EOF) unterminated(o.at(), end);
            else if (end.getType() == StapLexer.PP_ELSE) {
                diags.error(Codes.PREPROC_STRAY, Tokens.span(end), "second '%:' in one conditional");
                end = skip(false);
                if (end.getType() == Token.EOF) unterminated(o.at(), end);
            }
        }
    }

    /** Skips to the matching {@code %)} whatever lies between (error recovery). */
    private Token skipToClose() {
        Token t;
        do {
            t = skip(false);
        } while (t.getType() == StapLexer.PP_ELSE);
        return t;
    }

    /**
     * Skips raw tokens to the matching {@code %)}, or to a {@code %:} of this level when {@code stopAtElse}, or
     * to any {@code %:} of this level otherwise (the caller reports it: a conditional has one); returns the stopper.
     */
    private Token skip(boolean stopAtElse) {
        int depth = 0;
        while (true) {
            Token t = rawNext();
            switch (t.getType()) {
                case Token.EOF -> {
                    return t;
                }
                case StapLexer.PP_OPEN -> depth++;
                case StapLexer.PP_CLOSE -> {
                    if (depth == 0) return t;
                    depth--;
                }
                case StapLexer.PP_ELSE -> {
                    if (depth == 0) return t;
                }
                default -> { }
            }
        }
    }

}
