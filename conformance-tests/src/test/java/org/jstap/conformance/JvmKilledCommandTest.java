package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.jstap.conformance.Procs.cmdline;
import static org.jstap.conformance.Procs.find;
import static org.jstap.conformance.Procs.waitFor;
import static org.jstap.conformance.Procs.pgid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A SIGKILLed jstap JVM leaves no {@code -c} command behind (issue 13): on the interp backend the JVM starts the
 * command itself, in its own process group with a guard process that kills the group when the JVM's end of its pipe
 * closes, as jstaprun's and the bpf loader's guards do (LoaderKilledBpfTest, runtime-c's checks/08_cmd_reaped.sh).
 * Through {@code bin/jstap --runtime=interp}: a command run directly ({@code sleep N}) and one through sh whose child
 * would be orphaned ({@code sleep N; true}); the command's whole process group must be gone.
 */
class JvmKilledCommandTest {
    private static final String SCRIPT = "probe timer.s(600) { exit() }";

    @Test
    void theCommandRunDirectlyIsKilled() throws Exception {
        check("sleep 4331", "4331");
    }

    @Test
    void theCommandsChildIsKilledToo() throws Exception {
        check("sleep 4332; true", "4332");
    }

    private static void check(String command, String mark) throws Exception {
        Path root = Corpus.root().getParent();
        assumeTrue(Files.isRegularFile(root.resolve("cli/target/classpath.txt")), "bin/jstap's jars are not built");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "no setsid(1): the command shares jstap's group");
        Path err = Files.createTempFile("jstap-jvm-killed", ".err");
        Process p = new ProcessBuilder(root.resolve("bin/jstap").toString(), "--runtime=interp", "-c", command,
                "-e", SCRIPT).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            Optional<ProcessHandle> sleep = waitFor(() -> find(h -> cmdline(h).equals(List.of("sleep", mark))), 180);
            assertTrue(sleep.isPresent(), "the command never ran: " + Files.readString(err));
            long group = pgid(sleep.get().pid());
            assertTrue(group > 0 && group != pgid(p.pid()), "the command is not in a process group of its own");
            assertTrue(p.isAlive(), "jstap ended early: " + Files.readString(err));
            new ProcessBuilder("kill", "-KILL", String.valueOf(p.pid())).start().waitFor();
            Optional<Boolean> gone = waitFor(() -> ProcessHandle.allProcesses().anyMatch(h -> pgid(h.pid()) == group)
                    ? Optional.empty() : Optional.of(true), 15);
            assertTrue(gone.isPresent(), "'" + command + "' (process group " + group + ") outlived its SIGKILLed JVM");
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            find(h -> cmdline(h).equals(List.of("sleep", mark))).ifPresent(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(err);
        }
    }
}
