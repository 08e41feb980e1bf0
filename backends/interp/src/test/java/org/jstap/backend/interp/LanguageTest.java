package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expressions and statements: 64-bit wrap-around, strings as bytes, control flow, functions. */
class LanguageTest {
    @Test
    void arithmeticWrapsLikeC() {
        assertEquals("-9223372036854775808 9223372036854775807 -2 -9223372036854775808 1\n",
                Scripts.begin("m = 9223372036854775807; n = -9223372036854775808\n"
                        + "printf(\"%d %d %d %d %d\\n\", m + 1, n - 1, m * 2, n / -1, 1 << 64)"));
        assertEquals("3 -3 -1 1 0\n", Scripts.begin("printf(\"%d %d %d %d %d\\n\", 7/2, -7/2, -7%3, 7%-3, -5 % -1)"));
    }

    @Test
    void compoundAssignmentsAndIncrements() {
        assertEquals("14 4 6 6 7 5\n", Scripts.begin("x = 100; x /= 7; y = x; y %= 5; z = 5; a = ++z; b = z++; c = z--\n"
                + "printf(\"%d %d %d %d %d %d\\n\", x, y, a, b, c, z - 1)"));
    }

    @Test
    void shortCircuitAndTernary() {
        assertEquals("f0 0\nf1 1\nyes\n", Scripts.ok("function f(x) { printf(\"f%d \", x); return x }\n"
                + "probe begin { println(f(0) && f(1)); println(f(1) || f(0)); println(2 > 1 ? \"yes\" : \"no\"); exit() }"));
    }

    @Test
    void stringsCountBytesAndAreCutAtMaxStringLen() {
        String e = new String("é".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("7 " + e + "\n", Scripts.begin("s = \"caféé\"; printf(\"%d %s\\n\", strlen(s), substr(s, 5, 2))"));
        assertEquals("0123456\n", Scripts.begin("s = \"0123456789\"; println(s)", "MAXSTRINGLEN=8"));
        assertEquals("abcdefg 7\n", Scripts.begin("t = \"abcd\" . \"efghij\"; println(t, \" \", strlen(t))", "MAXSTRINGLEN=8"));
    }

    @Test
    void stringBuiltins() {
        assertEquals("world||1 0|42 -255 31 15|a+b+c|66|a\\tb\\n\n",
                Scripts.begin("s = \"hello world\"; printf(\"%s|%s|%d %d|%d %d %d %d|%s|%d|%s\\n\", substr(s, 6, 99), substr(s, 50, 1), "
                        + "isinstr(s, \"lo w\"), isinstr(s, \"x\"), strtol(\"42\", 10), strtol(\"-ff\", 16), strtol(\"0x1f\", 0), "
                        + "strtol(\"017\", 0), str_replace(\"a-b-c\", \"-\", \"+\"), stringat(\"ABC\", 1), text_str(\"a\\tb\\n\"))"));
    }

    @Test
    void tokenizeContinuesWithEmptyInput() {
        assertEquals("[a][b][c][]\n", Scripts.begin("printf(\"[%s]\", tokenize(\"a,b;;c\", \",;\")); printf(\"[%s]\", tokenize(\"\", \",;\"));"
                + "printf(\"[%s]\", tokenize(\"\", \",;\")); printf(\"[%s]\\n\", tokenize(\"\", \",;\"))"));
    }

    @Test
    void regexAndMatched() {
        assertEquals("1 1042 0 1\n", Scripts.begin("s = \"id=1042\"; a = s =~ \"id=([0-9]+)\"; g = matched(1);"
                + " printf(\"%d %s %d %d\\n\", a, g, s =~ \"^[[:digit:]]\", s !~ \"x\")"));
    }

    @Test
    void loopsBreakContinue() {
        assertEquals("0 2 4 6 \n", Scripts.begin("for (i = 0; i < 10; i++) { if (i % 2) continue; if (i > 6) break; printf(\"%d \", i) } println(\"\")"));
        assertEquals("3\n", Scripts.begin("i = 0; while (1) { if (++i == 3) break } println(i)"));
    }

    @Test
    void functionsRecursionOverloadsStrings() {
        assertEquals("40320 21 ab.. 3 6\n", Scripts.ok("function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) }\n"
                + "function fib(n) { if (n < 2) return n; return fib(n-1) + fib(n-2) }\n"
                + "function pad:string(s:string, n) { while (strlen(s) < n) s .= \".\"; return s }\n"
                + "function add(a, b) { return a + b } function add(a, b, c) { return a + b + c }\n"
                + "probe begin { printf(\"%d %d %s %d %d\\n\", fact(8), fib(8), pad(\"ab\", 4), add(1, 2), add(1, 2, 3)); exit() }"));
    }

    @Test
    void nextInAFunctionWithoutOverloadIsAnError() {
        // stap 4.8: 'next' tries the next overload; with none left it is a run-time error, catchable
        Run.Out o = Scripts.fails("function f() { next }\nprobe begin { println(\"a\"); f(); println(\"no\") }\n"
                + "probe begin { println(\"b\"); exit() }");
        assertEquals("a\n", o.out());
        assertTrue(o.err().startsWith("ERROR: all functions exhausted near "), o.err());
        assertEquals("caught: all functions exhausted\n", Scripts.ok("function f() { next }\n"
                + "probe begin { try { f() } catch (m) { println(\"caught: \", m) } exit() }"));
    }

    @Test
    void globalsWithInitialValuesAndTheEndDisplay() {
        assertEquals("42 started\n", Scripts.ok("global n = 41, s = \"start\"\nprobe begin { n++; s .= \"ed\"; printf(\"%d %s\\n\", n, s); exit() }"));
        String out = Scripts.ok("global count, name\nprobe begin { count = 3; name = \"x\"; exit() }");
        assertTrue(out.contains("count=3\n") && out.contains("name=\"x\"\n"), out);
    }

    @Test
    void contextBuiltinsDescribeThisProcess() {
        String out = Scripts.begin("printf(\"%s %d %d %s\\n\", execname(), pid(), target(), pp())");
        assertEquals(ProcessContext.execname() + " " + ProcessHandle.current().pid() + " 0 begin\n", out);
    }
}
