package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Private VM directories of killed clients are removed by the next private VM (issue 11 item 9). */
class PrivateVmsTest {
    @Test
    void directoriesOfGoneClientsAreCleanedOthersKept(@TempDir Path tmp) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        Path stale = Files.createDirectories(tmp.resolve("jstap-vm-" + dead + "-123"));
        Files.writeString(stale.resolve("qemu.pid"), String.valueOf(dead)); // not a QEMU any more: left alone
        Files.writeString(stale.resolve("console.log"), "boot");
        Path live = Files.createDirectories(tmp.resolve("jstap-vm-" + ProcessHandle.current().pid() + "-456"));
        Path legacy = Files.createDirectories(tmp.resolve("jstap-vm789"));
        Path other = Files.createDirectories(tmp.resolve("jstap-vm-notapid-1"));
        PrivateVms vms = new PrivateVms(tmp);
        Path mine = vms.create();
        assertFalse(Files.exists(stale), "the directory of a client that is gone");
        assertTrue(Files.isDirectory(live) && Files.isDirectory(legacy) && Files.isDirectory(other));
        assertTrue(mine.getFileName().toString().startsWith("jstap-vm-" + ProcessHandle.current().pid() + "-"), mine.toString());
        assertEquals(ProcessHandle.current().pid(), PrivateVms.clientPid(mine.getFileName().toString()));
        assertEquals(-1, PrivateVms.clientPid("jstap-vm789"));
        assertEquals(0, vms.cleanStale());
    }
}
