package org.jstap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opt-in ({@code -Djstap.vmcheck=true}, about 35 s): runs src/test/vm/vmcheck.sh, which boots the
 * installed cloud kernel under QEMU with the example modules and jstaprun and verifies their
 * output (errors, exit(), signals, -c/-x/-o, kprobes, kretprobes, tracepoints, uprobes, timers,
 * output flood accounting, no oops, nothing left loaded).
 */
class VmCheckTest {
    @Test
    void runtimeAndLoaderWorkInTheTestVm() throws Exception {
        assumeTrue(Boolean.getBoolean("jstap.vmcheck"), "VM check not requested (-Djstap.vmcheck=true)");
        assumeTrue(Procs.onPath("qemu-system-x86_64") && Files.isExecutable(Path.of("/bin/busybox")),
                "qemu or busybox missing: skipping the VM check");
        Procs.Result r = Procs.run(Path.of("."), 600, List.of("sh", "src/test/vm/vmcheck.sh", "2"));
        System.out.println(r.out());
        assertEquals(0, r.exit(), r.out());
    }
}
