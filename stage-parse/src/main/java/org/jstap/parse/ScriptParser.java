package org.jstap.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.jstap.api.ScriptSource;
import org.jstap.api.StageContext;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostics;
import org.jstap.parse.grammar.StapParser;

/**
 * Pass 1 for one file: lex, preprocess (with the macro libraries), parse (SLL first, full LL only when SLL
 * fails), build the AST. Everything wrong is reported to the context's diagnostics; the returned file holds
 * every declaration that could be built, so callers decide from {@link Diagnostics#hasErrors()}.
 */
public final class ScriptParser {
    private ScriptParser() {}

    /** Parses a script or tapset file; macro libraries come from {@code -I} dirs and the class path. */
    public static ScriptFile parse(ScriptSource src, boolean library, StageContext ctx) {
        return parse(src, library, ctx, MacroLibrary.load(ctx)).file();
    }

    /** A parsed file and what it was parsed against: the kernel, when a conditional asked for it (else null). */
    record Parsed(ScriptFile file, org.jstap.api.KernelInfo kernelUsed) {}

    /** Stack for the parsing thread: deep nesting (thousands of else-ifs or parentheses) recurses deeply. */
    private static final long STACK_BYTES = 256L << 20;

    /**
     * Runs {@link #parseHere} on a thread with a large stack, so deeply nested scripts parse instead of overflowing
     * the caller's stack; beyond even that, a diagnostic rather than a StackOverflowError.
     */
    static Parsed parse(ScriptSource src, boolean library, StageContext ctx, MacroLibrary.Loaded libs) {
        Parsed[] out = new Parsed[1];
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(null, () -> {
            try {
                out[0] = parseHere(src, library, ctx, libs);
            } catch (Throwable t) { // handed to the caller's thread below
                failure[0] = t;
            }
        }, "jstap-parse", STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.diagnostics().error(Codes.INTERNAL, org.jstap.api.diag.Span.NONE, "interrupted while parsing " + src.name());
            return new Parsed(new ScriptFile(src.name(), src.text() == null ? "" : src.text(), library, List.of()), null);
        }
        if (failure[0] instanceof StackOverflowError) {
            ctx.diagnostics().error(Codes.INTERNAL, new org.jstap.api.diag.Span(src.name(), 1, 1, 1, 1),
                    "the script is nested too deeply to parse");
            return new Parsed(new ScriptFile(src.name(), src.text() == null ? "" : src.text(), library, List.of()), null);
        }
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error err) throw err;
        return out[0];
    }

    private static Parsed parseHere(ScriptSource src, boolean library, StageContext ctx, MacroLibrary.Loaded libs) {
        Reporter diags = new Reporter(ctx.diagnostics());
        String text = src.text() == null ? "" : src.text();
        ctx.sources().put(src.name(), text);
        List<Token> raw = Lexing.lex(src.name(), text, diags);
        ConditionEnv env = new ConditionEnv(ctx.options(), ctx.kernel());
        List<Token> tokens = new Preprocessor(diags, env, libs.macros(), new HashMap<>()).run(raw);
        if (!library && tokens.size() == 1 && !diags.anyError()) {
            diags.error(Codes.PARSE_EMPTY_SCRIPT, new org.jstap.api.diag.Span(src.name(), 1, 1, 1, 1), "input file '"
                    + src.name() + "' is empty" + (raw.size() > 1 ? " after preprocessing" : "")
                    + ": there is no probe, function or global in it");
        }

        List<Token> syntaxErrors = new ArrayList<>();
        StapParser.ScriptContext tree = parseTokens(tokens, diags, syntaxErrors);
        int[] errorTokens = syntaxErrors.stream().mapToInt(Token::getTokenIndex).sorted().toArray();
        AstBuilder builder = new AstBuilder(diags, errorTokens, library);
        List<Decl> decls = new ArrayList<>();
        for (StapParser.DeclContext d : tree.decl()) {
            try {
                decls.addAll(builder.decl(d));
            } catch (RuntimeException e) {
                // A declaration left incomplete by a syntax error (already reported) cannot be built.
                if (syntaxErrors.isEmpty()) {
                    diags.error(Codes.INTERNAL, AstBuilder.span(d), "internal error while building the tree: " + e);
                }
            }
        }
        if (!library && !src.library() && syntaxErrors.isEmpty()) PassOneChecks.check(src.name(), tokens, decls, ctx.options().guru(), diags);
        return new Parsed(new ScriptFile(src.name(), text, library, decls), env.kernelIfAsked());
    }

    private static StapParser.ScriptContext parseTokens(List<Token> tokens, Reporter diags, List<Token> errorsAt) {
        return parseTokens(new CommonTokenStream(new ListTokenSource(tokens)), diags, errorsAt);
    }

    /** The parse proper, over a given stream (tests count the stream's reads to see that parsing is linear). */
    static StapParser.ScriptContext parseTokens(CommonTokenStream stream, Reporter diags, List<Token> errorsAt) {
        StapParser parser = new StapParser(stream);
        parser.removeErrorListeners();
        parser.setInterpreter(new GreedyOperatorLoop(parser, parser.getInterpreter()));
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return parser.script();
        } catch (ParseCancellationException e) {
            stream.seek(0);
            parser.reset();
            // Remembers where a decision's lookahead died, so that errors point there (see PredictionDeaths).
            parser.setInterpreter(new PredictionDeaths(parser, parser.getInterpreter()));
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new SyntaxErrors(diags, errorsAt));
            return parser.script();
        }
    }
}
