package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.jstap.api.SessionOptions;
import org.jstap.api.diag.Diagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parsing is linear in the input: the parser's token reads (lookahead included) grow like the script, whatever its
 * shape. Counted, not timed, so a loaded machine cannot make it flaky; before the greedy decisions
 * ({@link GreedyOperatorLoop}) a 4× longer chain cost about 16× the reads.
 */
class ParseScalingTest {
    /** A token stream that counts every lookahead read. */
    private static final class CountingStream extends CommonTokenStream {
        long reads;

        CountingStream(List<Token> tokens) {
            super(new ListTokenSource(tokens));
        }

        @Override
        public int LA(int i) {
            reads++;
            return super.LA(i);
        }

        @Override
        public Token LT(int k) {
            reads++;
            return super.LT(k);
        }
    }

    /** Runs on a thread with a large stack, as ScriptParser does: 4,000 nested calls recurse deeply. */
    private static long reads(String text) {
        long[] out = new long[1];
        RuntimeException[] failed = new RuntimeException[1];
        Error[] error = new Error[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = readsHere(text);
            } catch (RuntimeException e) {
                failed[0] = e;
            } catch (Error e) {
                error[0] = e;
            }
        }, "parse-scaling", 256L << 20);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (failed[0] != null) throw failed[0];
        if (error[0] != null) throw error[0];
        return out[0];
    }

    private static long readsHere(String text) {
        Reporter diags = new Reporter(new Diagnostics());
        List<Token> raw = Lexing.lex("t.stp", text, diags);
        ConditionEnv env = new ConditionEnv(SessionOptions.builder().build(), () -> Parsing.KERNEL);
        List<Token> tokens = new Preprocessor(diags, env, java.util.Map.of(), new java.util.HashMap<>()).run(raw);
        CountingStream stream = new CountingStream(tokens);
        ScriptParser.parseTokens(stream, diags, new ArrayList<>());
        assertFalse(diags.anyError(), "the generated script must parse");
        return stream.reads;
    }

    private static IntFunction<String> shape(String name) {
        return switch (name) {
            case "plus" -> n -> "probe begin { x = 1" + "+1".repeat(n - 1) + "; println(x) }";
            case "minus" -> n -> "probe begin { x = 1" + " -1".repeat(n - 1) + " }";
            case "calls" -> n -> "function f(x) { return x } probe begin { println(" + "f(".repeat(n) + "1" + ")".repeat(n) + ") }";
            case "arrays" -> n -> "global a probe begin { x = " + "a[".repeat(n) + "1" + "]".repeat(n) + " }";
            case "parens" -> n -> "probe begin { x = " + "(".repeat(n) + "1" + ")".repeat(n) + " }";
            case "strings" -> n -> "probe begin { x = " + "\"a\" ".repeat(n) + " }";
            case "statements" -> n -> "probe begin { " + "x = 1 +1 y = -2 f(3) a[1] ".repeat(n) + " }";
            case "unary" -> n -> "probe begin { x = " + "-".repeat(n) + "1 }";
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"plus", "minus", "calls", "arrays", "parens", "strings", "statements", "unary"})
    void readsGrowLinearly(String name) {
        IntFunction<String> script = shape(name);
        int n = 1000;
        reads(script.apply(200)); // warm-up: the DFA cache fills once
        long small = reads(script.apply(n));
        long large = reads(script.apply(4 * n));
        // Linear: about 4×; quadratic: about 16×. 8× leaves room for constant terms.
        assertTrue(large < 8 * small, name + ": " + small + " reads for n=" + n + ", " + large + " for 4n");
    }

    @Test
    void aMillionDigitNumberIsRefusedWithoutParsingIt() {
        String digits = "7".repeat(1_000_000);
        long start = System.nanoTime();
        // BigInteger's parse of this took over 20 s; counting digits is instant. 10 tries in 20 s is very generous.
        for (int i = 0; i < 10; i++) org.junit.jupiter.api.Assertions.assertNull(Literal.parseNumber(digits));
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "a long number is parsed digit by digit");
        org.junit.jupiter.api.Assertions.assertEquals(-1L, Literal.parseNumber("18446744073709551615"));
        org.junit.jupiter.api.Assertions.assertNull(Literal.parseNumber("18446744073709551616"));
        org.junit.jupiter.api.Assertions.assertEquals(-1L, Literal.parseNumber("0xffffffffffffffff"));
        org.junit.jupiter.api.Assertions.assertNull(Literal.parseNumber("0x1ffffffffffffffff"));
        org.junit.jupiter.api.Assertions.assertEquals(-1L, Literal.parseNumber("00000000000000000000000001777777777777777777777"));
    }

    @Test
    void aMacroThatDoublesItselfStopsAtTheBudgetWithOneLocatedError() {
        StringBuilder b = new StringBuilder("@define m0 %( 1 %)\n");
        for (int i = 1; i <= 40; i++) b.append("@define m").append(i).append(" %( @m").append(i - 1).append(" + @m").append(i - 1).append(" %)\n");
        b.append("probe begin { println(@m40) }\nprobe end { println(@m3) }\n");
        Reporter diags = new Reporter(new Diagnostics());
        List<Token> raw = Lexing.lex("t.stp", b.toString(), diags);
        ConditionEnv env = new ConditionEnv(SessionOptions.builder().build(), () -> Parsing.KERNEL);
        List<Token> out = new Preprocessor(diags, env, java.util.Map.of(), new java.util.HashMap<>()).run(raw);
        // The dropped expansion leaves a placeholder: memory stays bounded by the file, not the budget.
        assertTrue(out.size() < raw.size() + 100, out.size() + " tokens out");
        Parsing.Result r = Parsing.run(b.toString());
        org.junit.jupiter.api.Assertions.assertEquals(List.of("preproc.expansion.limit@42:23"), r.errorsAt(), r.rendered());
    }
}
