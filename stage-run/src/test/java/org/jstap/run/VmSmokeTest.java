package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmSmokeTest {
    @TempDir Path tmp;

    @Test
    void bootAndLoad() throws Exception {
        assumeTrue(TestEnv.whyNoKbuild() == null, TestEnv.whyNoKbuild());
        Path work = Files.createDirectories(tmp.resolve("kmod"));
        Path ko = TestEnv.buildTestModule(work);
        VmInstance vm = new VmInstance(tmp.resolve("vm"));
        try {
            VmInstance.Started s = vm.start(VmInstance.Config.defaults(TestEnv.kernel().get(), null), Duration.ofSeconds(60));
            System.out.println("started " + s);
            try (AgentClient a = AgentClient.connect(vm.socket(), Duration.ofSeconds(5))) {
                a.handshake(Duration.ofSeconds(10));
                for (int i = 0; i < 3; i++) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    long t0 = System.nanoTime();
                    AgentClient.Outcome o = a.run("jstap_vmtest", Files.readAllBytes(ko), "cat /proc/jstap_vmtest",
                            "greeting=" + i, System.nanoTime() + 30_000_000_000L, out, new PrintStream(System.err), () -> false);
                    System.out.println("round trip " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + o + " out=" + out);
                }
            }
        } finally {
            System.out.println(vm.consoleTail(30));
            vm.stop();
        }
    }
}
