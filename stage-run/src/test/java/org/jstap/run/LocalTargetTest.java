package org.jstap.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.jstap.api.SessionOptions;
import org.junit.jupiter.api.Test;

/** The local target's loader command line (this host cannot load modules, so the run itself is tested in the VM). */
class LocalTargetTest {
    @Test
    void passesCommandTargetPidOutputAndParameters() {
        SessionOptions o = SessionOptions.builder().command("sleep 1000").targetPid(4242).outputFile(Path.of("/tmp/o.txt"))
                .moduleParams("a=1 b=2").build();
        assertEquals(List.of("/l/jstaprun", "-o", "/tmp/o.txt", "-c", "sleep 1000", "-x", "4242", "/t/m.ko", "a=1", "b=2"),
                LocalTarget.loaderCommand(Path.of("/l/jstaprun"), Path.of("/t/m.ko"), o));
    }

    @Test
    void withoutOptionsOnlyTheModule() {
        assertEquals(List.of("/l/jstaprun", "/t/m.ko"),
                LocalTarget.loaderCommand(Path.of("/l/jstaprun"), Path.of("/t/m.ko"), SessionOptions.builder().build()));
    }
}
