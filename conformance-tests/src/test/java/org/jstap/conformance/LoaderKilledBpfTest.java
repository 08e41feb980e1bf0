package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.jstap.conformance.Procs.cmdline;
import static org.jstap.conformance.Procs.find;
import static org.jstap.conformance.Procs.waitFor;
import static org.jstap.conformance.Procs.descends;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A SIGKILLed bpf loader leaves no {@code -c} command behind (issue 13). On this host jstap itself starts the command
 * and ends the run when the loader is lost, killing the command and what it started (interp's Command); where the
 * loader starts it (the test VM), the loader's guard process kills the command's process group, as kmod's jstaprun
 * (runtime-c's vmcheck, checks/08_cmd_reaped.sh). Through {@code bin/jstap --runtime=bpf} (root, BTF): a command run
 * directly ({@code sleep N}) and one through sh whose child would be orphaned ({@code sleep N; true}).
 */
class LoaderKilledBpfTest {
    private static final String SCRIPT = "probe kernel.trace(\"sched_process_exit\") { if (pid() == 1) println(tid()) }";

    @Test
    void theCommandRunDirectlyIsKilled() throws Exception {
        check("sleep 4321", "4321");
    }

    @Test
    void theCommandsChildIsKilledToo() throws Exception {
        check("sleep 4322; true", "4322");
    }

    private static void check(String command, String mark) throws Exception {
        Path root = Corpus.root().getParent();
        assumeTrue(Files.isRegularFile(root.resolve("cli/target/classpath.txt")), "bin/jstap's jars are not built");
        assumeTrue(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "no kernel BTF here");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (BPF)");
        Path err = Files.createTempFile("jstap-loader-killed", ".err");
        Process p = new ProcessBuilder(root.resolve("bin/jstap").toString(), "--runtime=bpf", "-c", command, "-e", SCRIPT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            Optional<ProcessHandle> sleep = waitFor(() -> find(h -> cmdline(h).equals(List.of("sleep", mark))), 180);
            assertTrue(sleep.isPresent(), "the command never ran: " + Files.readString(err));
            Optional<ProcessHandle> loader = find(h -> descends(h, p.pid())
                    && h.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("jstapbpf")).orElse(false));
            assertTrue(loader.isPresent(), "no jstapbpf under jstap " + p.pid());
            new ProcessBuilder("kill", "-KILL", String.valueOf(loader.get().pid())).start().waitFor();
            Optional<Boolean> gone = waitFor(() -> sleep.get().isAlive() ? Optional.empty() : Optional.of(true), 15);
            assertTrue(gone.isPresent(), "'" + command + "' outlived its SIGKILLed loader");
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            find(h -> cmdline(h).equals(List.of("sleep", mark))).ifPresent(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(err);
        }
    }
}
