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

    /** issue 11 item 4, as staprun 4.8 in the test VM: a failed command fails the session (status 1), end probes run. */
    @Test
    void aFailingCommandFailsTheRun() {
        String script = "probe begin { println(\"hi\") } probe end { println(\"bye\") }";
        Run.Out o = Run.run(script, SessionOptions.builder().runtime("interp").command("sh -c 'exit 3'").build());
        assertEquals("hi\nbye\n", o.out());
        assertEquals(1, o.status());
        assertTrue(o.err().contains("WARNING: Child process exited with status 3"), o.err());
        o = Run.run(script, SessionOptions.builder().runtime("interp").command("/nonexistent/cmd").build());
        assertEquals("hi\nbye\n", o.out());
        assertEquals(1, o.status());
        // the command's own message goes to jstap's real stderr (the command shares jstap's streams)
        assertEquals("No such file or directory", CommandWords.cannotRun("/nonexistent/cmd"));
        assertEquals("Permission denied", CommandWords.cannotRun("/etc/passwd"));
        assertTrue(o.err().contains("WARNING: Child process exited with status 1"), o.err());
        o = Run.run(script, SessionOptions.builder().runtime("interp").command("/nonexistent; true").build());
        assertEquals(0, o.status(), o.err()); // through the shell: the last command's status
    }

    @Test
    void plainWordsRunWithoutAShell() {
        assertEquals(java.util.List.of("/bin/echo", "a  b", "c"), CommandWords.split("'/bin/echo' \"a  b\" c"));
        assertEquals(null, CommandWords.split("echo x; true"));
        assertEquals(null, CommandWords.split("echo $HOME"));
    }
}
