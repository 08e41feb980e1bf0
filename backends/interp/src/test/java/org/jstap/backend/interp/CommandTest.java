package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jstap.api.SessionOptions;
import org.junit.jupiter.api.Test;

/** {@code -c CMD}: target() is the command's pid from the begin probes on; its exit ends the session. */
class CommandTest {
    @Test
    void commandExitEndsTheRun() {
        long t0 = System.nanoTime();
        Run.Out o = Run.run("global n\nprobe begin { printf(\"%d\\n\", target() > 0 && target() != pid()) }\n"
                + "probe timer.ms(10) { n++ }\nprobe end { printf(\"end %d\\n\", n > 3) }",
                SessionOptions.builder().runtime("interp").command("sleep 0.3").build());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, o.status(), o.err());
        assertEquals("1\nend 1\n", o.out());
        assertTrue(ms >= 300, "ended after " + ms + " ms");
    }

    @Test
    void exitEndsTheCommand() {
        long t0 = System.nanoTime();
        Run.Out o = Run.run("probe begin { println(\"bye\"); exit() }",
                SessionOptions.builder().runtime("interp").command("sleep 30").build());
        assertEquals("bye\n", o.out());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 20_000, "the command was not waited for");
    }
}
