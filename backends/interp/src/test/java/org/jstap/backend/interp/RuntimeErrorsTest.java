package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runtime errors with stap's texts, the error probe, try/catch, limits and their -D overrides. */
class RuntimeErrorsTest {
    @Test
    void divisionByZeroRunsErrorProbesNotEndProbes() {
        Run.Out o = Scripts.fails("global z\nprobe begin { println(\"a\"); x = 10 / z; println(x) }\n"
                + "probe error { println(\"error probe\") }\nprobe end { println(\"end\") }");
        assertEquals("a\nerror probe\n", o.out());
        assertEquals("ERROR: division by 0 near operator '/' at s.stp:2:36\nWARNING: Number of errors: 1, skipped probes: 0\n", o.err());
    }

    @Test
    void maxActionIsNotCatchable() {
        Run.Out o = Scripts.fails("probe begin { try { x = 0; while (1) x++ } catch { println(\"caught\") } }");
        assertEquals("", o.out());
        assertTrue(o.err().startsWith("ERROR: MAXACTION exceeded near "), o.err());
    }

    @Test
    void maxActionCountsStatementsAndLoopTests() {
        // for: 1, its test n + 1 times, the body n times; then println and exit: 2n + 4 <= MAXACTION_INTERRUPTIBLE,
        // 10 x MAXACTION unless set (stap 4.8 gives every probe hit that budget)
        assertEquals("ok\n", Scripts.begin("for (i = 0; i < 4998; i++) x += i; println(\"ok\")"));
        Scripts.fails("probe begin { for (i = 0; i < 4999; i++) x += i; println(\"ok\"); exit() }");
        assertEquals("ok\n", Scripts.begin("for (i = 0; i < 998; i++) x += i; println(\"ok\")", "MAXACTION=200"));
        Scripts.fails("probe begin { for (i = 0; i < 999; i++) x += i; println(\"ok\"); exit() }", "MAXACTION=200");
        assertEquals("ok\n", Scripts.begin("for (i = 0; i < 498; i++) x += i; println(\"ok\")", "MAXACTION_INTERRUPTIBLE=1000"));
        Scripts.fails("probe begin { for (i = 0; i < 499; i++) x += i; println(\"ok\"); exit() }", "MAXACTION_INTERRUPTIBLE=1000");
    }

    @Test
    void maxNesting() {
        Run.Out o = Scripts.fails("function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }\nprobe begin { println(fib(11)) }");
        assertTrue(o.err().startsWith("ERROR: MAXNESTING exceeded near identifier 'fib' at s.stp:1:"), o.err());
        assertEquals("55\n", Scripts.ok("function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }\nprobe begin { println(fib(10)); exit() }"));
        assertEquals("89\n", Scripts.ok("function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }\nprobe begin { println(fib(11)); exit() }",
                "MAXNESTING=11"));
    }

    @Test
    void deepCallChainsWithoutRecursionNeverHitMaxNesting() {
        StringBuilder fns = new StringBuilder();
        for (int i = 1; i < 14; i++) fns.append("function f").append(i).append("(x) { return f").append(i + 1).append("(x + 1) }\n");
        fns.append("function f14(x) { return x }\n");
        assertEquals("13\n", Scripts.ok(fns + "probe begin { println(f1(0)); exit() }"));
        Scripts.fails(fns + "probe begin { println(f1(0)); exit() }", "MAXNESTING=10");
    }

    @Test
    void tryCatchGetsTheMessageWithoutNear() {
        assertEquals("caught [division by 0]\ncaught [boom 3]\n", Scripts.begin("try { println(1 / 0) } catch (m) { println(\"caught [\", m, \"]\") }\n"
                + "try { error(sprintf(\"boom %d\", 3)) } catch (m) { println(\"caught [\", m, \"]\") }"));
    }

    @Test
    void errorBuiltinEndsTheRun() {
        Run.Out o = Scripts.fails("probe begin { error(\"bad\") }\nprobe begin { println(\"not run\") }");
        assertEquals("", o.out());
        assertEquals("ERROR: bad near identifier 'error' at s.stp:1:15\nWARNING: Number of errors: 1, skipped probes: 0\n", o.err());
    }

    @Test
    void exitRunsEndProbesOnceAndStopsLaterBeginProbes() {
        assertEquals("after exit\nend\n", Scripts.ok("probe begin { exit(); println(\"after exit\") }\nprobe begin { println(\"no\") }\n"
                + "probe timer.ms(1) { println(\"no timer\") }\nprobe end { println(\"end\") }"));
    }

    @Test
    void maxErrorsLetsTheRunGoOn() {
        Run.Out o = Scripts.fails("global z\nprobe begin { println(1 / z) }\nprobe begin { println(\"second\"); exit() }\n"
                + "probe end { println(\"end\") }", "MAXERRORS=1");
        assertEquals("second\nend\n", o.out());
        assertTrue(o.err().endsWith("WARNING: Number of errors: 1, skipped probes: 0\n"), o.err());
    }

    @Test
    void errorInATimerStopsTheTimersAndRunsErrorProbes() {
        Run.Out o = Scripts.fails("global n, z\nprobe timer.ms(5) { if (++n == 3) println(n / z) }\n"
                + "probe error { printf(\"error after %d\\n\", n) }\nprobe end { println(\"no end\") }");
        assertEquals("error after 3\n", o.out());
    }

    @Test
    void warnAndLog() {
        Run.Out o = Run.run("probe begin { printf(\"x \"); log(\"logged\"); warn(\"careful\"); println(\"y\"); exit() }");
        assertEquals("x logged\ny\n", o.out());
        assertEquals("WARNING: careful\n", o.err());
    }
}
