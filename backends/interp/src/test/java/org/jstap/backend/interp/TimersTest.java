package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** timer.* probes run on real time, one handler at a time. */
class TimersTest {
    @Test
    void timerFiresUntilExit() {
        long t0 = System.nanoTime();
        assertEquals("1 2 3 4 5 end 5\n", Scripts.ok("global n\nprobe timer.ms(20) { printf(\"%d \", ++n); if (n == 5) exit() }\n"
                + "probe end { printf(\"end %d\\n\", n) }"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 100, "five 20 ms periods took " + ms + " ms");
    }

    @Test
    void jiffiesAndHz() {
        assertEquals("3 3\n", Scripts.ok("global a, b\nprobe timer.jiffies(1) { a++ }\nprobe timer.hz(100) { b++ }\n"
                + "probe timer.ms(40) { if (a >= 3 && b >= 3) exit() }\nprobe end { printf(\"%d %d\\n\", a >= 3 ? 3 : a, b >= 3 ? 3 : b) }"));
    }

    @Test
    void timerProfileIsRefusedEvenIfPass2LetsItThrough() {
        Run.Out o = Run.run("probe timer.profile { n++ }\nprobe begin { exit() }");
        assertEquals(-1, o.status(), o.err());
        assertTrue(o.err().contains("timer.profile"), o.err());
    }

    @Test
    void ppOfATimer() {
        assertEquals("timer.ms(5)\n", Scripts.ok("probe timer.ms(5) { println(pp()); exit() }"));
    }
}
