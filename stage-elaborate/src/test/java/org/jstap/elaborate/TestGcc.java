package org.jstap.elaborate;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The DWARF tests' compiler step: gcc with these arguments in dir; the test is skipped without gcc or when it fails. */
public final class TestGcc {
    private TestGcc() {}

    public static void run(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "gcc";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no gcc: " + e.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "gcc failed: " + log);
    }
}
