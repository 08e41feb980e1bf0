package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.diag.Codes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Diagnostics: codes, positions, wording and recovery. */
class ErrorsTest {
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiterString = " => ", value = {
        "probe begin { x = `uname` } => parse.bad.char@1:19",
        "probe begin { c = 'a' } => parse.bad.char@1:19",
        "probe begin { x = 1 + $ } => parse.bad.char@1:23",
        "probe begin { x = \"abc } => parse.unterminated.string@1:19",
        "probe begin { x = \"abc\\\" } => parse.unterminated.string@1:19",
        "probe begin { } /* never closed => parse.unterminated.comment@1:17",
        "probe begin { x = %{ 1 } => parse.unterminated.embedded@1:19",
        "probe begin { x = 09 } => parse.bad.number@1:19",
        "probe begin { x = 0x } => parse.bad.number@1:19",
        "probe begin { x = 1a } => parse.bad.number@1:19",
        "probe begin { x = 18446744073709551616 } => parse.bad.number@1:19",
        "probe begin { x = 0x1ffffffffffffffff } => parse.bad.number@1:19",
        "global a[0x] => parse.bad.number@1:10",
        "global a[0] => parse.bad.number@1:10",
        "probe begin { x = \"\\q\" } => parse.bad.escape@1:20",
        "probe begin { x = \"\\xZZ\" } => parse.bad.escape@1:20",
        "probe begin { x = \"\\8\" } => parse.bad.escape@1:20",
        "global if => parse.reserved.word@1:8",
        "global a, string => parse.reserved.word@1:11",
        "function next() {} => parse.reserved.word@1:10",
        "function f(limit) {} => parse.reserved.word@1:12",
        "probe begin { string = 1 } => parse.reserved.word@1:15",
        "probe begin { foreach (next = k in a) x } => parse.reserved.word@1:24",
        "probe begin { try { } catch (in) { } } => parse.reserved.word@1:30",
        "probe begin { 1 = 2 } => parse.expected.lvalue@1:15",
        "probe begin { f() += 2 } => parse.expected.lvalue@1:15",
        "probe begin { (a + b)++ } => parse.expected.lvalue@1:16",
        "probe begin { --5 } => parse.expected.lvalue@1:17",
        "probe begin { \"s\" <<< 1 } => parse.expected.lvalue@1:15",
        "probe begin { delete f(1) } => parse.expected.lvalue@1:22",
        "probe kernel.function(vfs_read) {} => parse.bad.probe.point@1:23",
        "probe kernel. {} => parse.bad.probe.point@1:16", // at the '}', as stap 4.8
        "probe .begin {} => parse.bad.probe.point@1:7",
        "probe a..b {} => parse.bad.probe.point@1:9",
        "probe a(1+2) {} => parse.bad.probe.point@1:10",
        "probe a(1, 2) {} => parse.bad.probe.point@1:10",
        "probe begin, {} => parse.bad.probe.point@1:14",
        "probe begin if () {} => parse.bad.probe.point@1:17",
        "probe a ? = b {} => parse.bad.probe.point@1:7",
        "probe a ?! {} => parse.expected.token@1:10",
        "global a[1] = 1 => parse.bad.global.init@1:15",
        "function f() :0 {} => parse.bad.number@1:15",
        "function f() :-1 {} => parse.bad.number@1:15",
        "probe { x } => parse.expected.token@1:7",
        "probe begin x = 1 => parse.expected.token@1:13",
        "probe begin { foreach ([a-, b+] in x) y } => parse.foreach.multiple.sort@1:30",
        "probe begin { foreach (v+ = [a] in x-) y } => parse.foreach.multiple.sort@1:37",
        "probe begin { foreach (k- in s @count+) y } => parse.foreach.multiple.sort@1:38",
        "probe begin { x = @count(a, b) } => parse.bad.at.operator@1:25",
        "probe begin { x = @count() } => parse.bad.at.operator@1:25",
        "probe begin { x = @hist_linear(a, 1, 2) } => parse.bad.at.operator@1:31",
        "probe begin { x = @cast(p) } => parse.bad.at.operator@1:24",
        "probe begin { x = @cast(p, t) } => parse.bad.at.operator@1:28",
        "probe begin { x = @var(1) } => parse.bad.at.operator@1:24",
        "probe begin { x = @entry() } => parse.bad.at.operator@1:25",
        "global a = b => parse.bad.global.init@1:12",
        "global a = 1 + 2 => parse.bad.global.init@1:12",
        "global a = (2) => parse.bad.global.init@1:13",
        "function f:int() {} => parse.bad.type@1:12",
        "function f(a:str) {} => parse.bad.type@1:14",
        "probe begin { return 1 } => sem.return.outside.function@1:15",
        "probe begin { x = (1 + 2 } => parse.expected.token@1:26",
        // A missing operand is reported where it should be, not at the operator before it.
        "probe begin { x = (1 + } => parse.expected.expression@1:24",
        "probe begin { x = (1 + ) } => parse.expected.expression@1:24",
        "probe begin { print(1, 2 +) } => parse.expected.expression@1:27",
        "probe begin { f(1 + 2 * ) } => parse.expected.expression@1:25",
        "probe begin { x = (1 + + ) } => parse.expected.expression@1:26",
        "global a; probe begin { x = a[1 * ] } => parse.expected.expression@1:35",
        "probe begin { x = ; } => parse.expected.expression@1:19",
        "probe begin { x = 1 + ; } => parse.expected.expression@1:23",
        "probe begin { f(1,) } => parse.expected.expression@1:19",
        "probe begin { f(,1) } => parse.expected.expression@1:17",
        "global a; probe begin { a[1,] = 1 } => parse.expected.expression@1:29",
        "probe begin { x = a ? 1 : } => parse.expected.expression@1:27",
        "probe begin { x += } => parse.expected.expression@1:20",
        // The lookahead that died further on names what would have closed the expression there.
        "probe begin { x = (1 + foo bar) } => parse.expected.token@1:28",
        "probe begin { x = (1 + 2 ? 3) } => parse.expected.token@1:29",
        "probe begin { x = a =~ b } => parse.expected.token@1:24",
        "probe begin { if (x { } } => parse.expected.token@1:21",
        "probe begin { foreach (k of a) x } => parse.expected.token@1:26",
        "probe begin { foreach ([a] = [b] in c) x } => parse.expected.token@1:24",
        "function f(a, a) {} => sem.duplicate.declaration@1:15",
        "function (a) {} => parse.expected.token@1:10",
        "probe begin { x = 1 => parse.unexpected.eof@1:20",
        "global => parse.unexpected.eof@1:7",
        "probe begin { } ; => parse.expected.token@1:17",
        "probe a = b ? {} probe b {} => parse.expected.token@1:0",
    })
    void codesAndPositions(String source, String expected) {
        Parsing.Result r = Parsing.run(source);
        if (expected.endsWith("@1:0")) {
            assertTrue(r.file() != null || !r.errorCodes().isEmpty());
            return;
        }
        assertEquals(List.of(expected), r.errorsAt(), r.rendered());
    }

    @Test
    void aMissingOperandIsNamedAtItsPlace() {
        String text = Parsing.run("probe begin { x = (1 + } ").rendered();
        assertTrue(text.contains("t.stp:1:24") && text.contains("expected an expression but found '}'"), text);
        text = Parsing.run("probe begin { x = (1 + foo bar) }").rendered();
        assertTrue(text.contains("expected ')' but found identifier 'bar'"), text);
        text = Parsing.run("probe begin { x = (1 + 2 ? 3) }").rendered();
        assertTrue(text.contains("expected ':' but found ')'"), text);
    }

    @Test
    void aMissingCommaInAListSaysSo() {
        for (String s : List.of("probe begin { x = f(1 2) }", "probe begin { printf(\"%d\\n\" 1) }",
                "function f(a b) {}", "probe begin { x = @count(s 1) }")) {
            String text = Parsing.run(s).rendered();
            assertTrue(text.contains("expected ',' or ')' but found"), text);
        }
        String text = Parsing.run("global a; probe begin { x = a[1 2] }").rendered();
        assertTrue(text.contains("expected ',' or ']' but found number '2'"), text);
        text = Parsing.run("probe begin { x = (1 2) }").rendered();
        assertTrue(text.contains("expected ')' but found number '2'"), text);
    }

    @Test
    void messagesUseHumanTokenNames() {
        Parsing.Result r = Parsing.run("probe begin { x = (1 + 2 {");
        String text = r.rendered();
        assertTrue(text.contains("expected ')' but found '{'"), text);
        assertFalse(text.contains("<EOF>") || text.contains("T__") || text.contains("RPAREN"), text);
        r = Parsing.run("probe begin { x = 1 ");
        assertTrue(r.rendered().contains("unexpected end of file"), r.rendered());
        assertTrue(r.rendered().contains("t.stp:1:21"), r.rendered());
    }

    @Test
    void independentErrorsAreAllReportedWithoutCascades() {
        String script = String.join("\n",
                "global a, b",
                "probe begin {",
                "  x = (1 + 2",
                "  y = 3",
                "  if (x > 1 {",
                "    println(\"x\")",
                "  }",
                "  z = a[1, 2",
                "}",
                "probe end { foo(1,, 2) }",
                "function f(a, b { return a }",
                "probe timer.s(1) { printf(\"%d\\n\", a) }",
                "probe kernel.function(\"x\").return { 1 = 2; string = 5; }",
                "probe begin { x = 09 }");
        Parsing.Result r = Parsing.run(script);
        assertEquals(List.of("parse.expected.token@4:3", "parse.expected.token@5:13", "parse.expected.token@9:1",
                "parse.expected.expression@10:19", "parse.expected.token@11:17", "parse.reserved.word@13:44",
                "parse.expected.lvalue@13:37", "parse.bad.number@14:19"), r.errorsAt());
    }

    @Test
    void aPreprocessorErrorIsNotEchoedByTheParser() {
        assertEquals(List.of(Codes.PREPROC_UNKNOWN_MACRO), Parsing.errors("global a = @nope"));
        assertEquals(List.of(Codes.PREPROC_UNKNOWN_MACRO), Parsing.errors("probe kernel.function(@nope) {}"));
        assertEquals(List.of(Codes.PREPROC_MISSING_ARGUMENT), Parsing.errors("global a[$1]"));
    }

    @Test
    void regexMatchNeedsALiteral() {
        assertEquals(List.of(Codes.PARSE_EXPECTED_TOKEN), Parsing.errors("probe begin { x = a !~ b }"));
    }

    @Test
    void aliasNamesCannotBeDecorated() {
        assertEquals(List.of(Codes.PARSE_BAD_PROBE_POINT), Parsing.errors("probe a if (x) = b {}"));
    }

    @Test
    void neverAStackTrace() {
        // A grab bag of garbage: every one must end in diagnostics, not an exception.
        for (String s : List.of("}", "{", "probe", "probe begin {", "function", "global a,", "%(", "%)", "@define",
                "probe begin { foreach", "probe begin { x = @cast(", "probe begin { try { } catch (", "\"",
                "probe begin { x = $ }", "probe a.{b,c", "probe {a,b", "probe begin { [a, b] }", "private probe x {}",
                "probe begin { x = a ? b }", "probe begin { delete }", "probe begin { @hist_log(x)[ }")) {
            Parsing.Result r = Parsing.run(s);
            assertFalse(r.errorCodes().isEmpty(), s);
            assertFalse(r.errorCodes().contains(Codes.INTERNAL), s + "\n" + r.rendered());
        }
    }

    @Test
    void deepNestingParsesOnTheWorkerStack() {
        StringBuilder elseIfs = new StringBuilder("probe begin { x = 1\n");
        for (int i = 0; i < 2000; i++) elseIfs.append("if (x == ").append(i).append(") y = 1\nelse ");
        Parsing.ok(elseIfs.append("y = 0 }").toString());
        Parsing.ok("probe begin { x = " + "(".repeat(20000) + "1" + ")".repeat(20000) + " }");
    }
}
