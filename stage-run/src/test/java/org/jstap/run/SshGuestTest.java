package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshGuestTest {
    @Test
    void lddLinesGiveLibrariesAndTheLoader() {
        String out = "\tlinux-vdso.so.1 (0x00007ffd)\n"
                + "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f66)\n"
                + "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f66)\n"
                + "\t/lib64/ld-linux-x86-64.so.2 (0x00007f66)\n";
        assertEquals(List.of(Path.of("/lib/x86_64-linux-gnu/libz.so.1"), Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
                Path.of("/lib64/ld-linux-x86-64.so.2")), SshGuest.parseLdd(out));
    }

    @Test
    void theForwardListensOnLoopbackOnlyAndTheGuestReachesNothingElse() {
        SshGuest g = new SshGuest(Path.of("/tmp/x"), 40123);
        String netdev = g.qemuArgs().get(1);
        assertTrue(netdev.contains("hostfwd=tcp:127.0.0.1:40123-:22"), netdev);
        assertTrue(netdev.contains("restrict=on"), netdev);
        assertEquals("root@127.0.0.1:40123", g.target());
    }

    @Test
    void namesAreValidated() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int rc = new VmSubcommand(new VmInstance(Path.of("/tmp/jstap-vm-none"))).run(List.of("status", "--name", "../x"),
                new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertEquals(1, rc);
        assertTrue(err.toString().contains("invalid VM name"), err.toString());
    }
}
