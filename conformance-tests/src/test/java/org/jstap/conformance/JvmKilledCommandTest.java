package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private interface Probe<T> {
        Optional<T> get() throws Exception;
    }

    private static <T> Optional<T> waitFor(Probe<T> what, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Optional<T> v = what.get();
            if (v.isPresent()) return v;
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private static Optional<ProcessHandle> find(java.util.function.Predicate<ProcessHandle> p) {
        return ProcessHandle.allProcesses().filter(p).findFirst();
    }

    /** The process group of {@code pid} from /proc/PID/stat (-1 once it is gone). */
    private static long pgid(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** /proc/PID/cmdline as words (empty once the process is gone). */
    private static List<String> cmdline(ProcessHandle h) {
        try {
            String s = new String(Files.readAllBytes(Path.of("/proc/" + h.pid() + "/cmdline")), StandardCharsets.UTF_8);
            return s.isEmpty() ? List.of() : List.of(s.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
