package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.jstap.parse.grammar.StapLexer;
import org.jstap.parse.grammar.StapParser;
import org.jstap.parse.grammar.StapParserBaseVisitor;
import org.junit.jupiter.api.Test;

/** The generated grammar used directly, as a tool built on the visitor would. */
class GrammarTest {
    @Test
    void generatedVisitorWalksEveryConstruct() {
        StapParser p = new StapParser(new CommonTokenStream(new StapLexer(CharStreams.fromString(
                RoundTripTest.EVERYTHING.replace("%( $# > 0 %? exit() %)", "")))));
        p.removeErrorListeners();
        StapParser.ScriptContext tree = p.script();
        assertEquals(0, p.getNumberOfSyntaxErrors());
        int[] terminals = {0};
        int visited = new StapParserBaseVisitor<Integer>() {
            @Override
            protected Integer defaultResult() {
                return 0;
            }

            @Override
            protected Integer aggregateResult(Integer a, Integer b) {
                return a + b;
            }

            @Override
            public Integer visitTerminal(TerminalNode node) {
                terminals[0]++;
                return 1;
            }
        }.visit(tree);
        assertEquals(terminals[0], visited);
        assertTrue(visited > 500, "tokens visited: " + visited);
    }

    @Test
    void lexerTokenNames() {
        assertEquals("')'", Tokens.typeName(StapLexer.RPAREN));
        assertEquals("identifier", Tokens.typeName(StapLexer.IDENT));
        assertEquals("end of file", Tokens.typeName(org.antlr.v4.runtime.Token.EOF));
        assertEquals("number", Tokens.typeName(StapLexer.NUMBER));
        assertEquals("string literal", Tokens.typeName(StapLexer.STRING));
        assertEquals("target variable", Tokens.typeName(StapLexer.TVAR));
        assertEquals("'probe'", Tokens.typeName(StapLexer.PROBE));
        assertEquals("macro", Tokens.typeName(StapLexer.AT_IDENT));
        assertEquals("embedded code '%{ %}'", Tokens.typeName(StapLexer.EMBEDDED));
        assertEquals("'$N'", Tokens.typeName(StapLexer.ARG_NUM));
        assertEquals("'@N'", Tokens.typeName(StapLexer.ARG_STR));
    }
}
