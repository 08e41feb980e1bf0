package org.jstap.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What the kill tests ask of the host's processes, read from /proc: waiting, finding, groups, command lines. */
final class Procs {
    private Procs() {}

    interface Probe<T> {
        Optional<T> get() throws Exception;
    }

    /** Polls {@code what} every 100 ms until it answers or {@code seconds} pass (then empty). */
    static <T> Optional<T> waitFor(Probe<T> what, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Optional<T> v = what.get();
            if (v.isPresent()) return v;
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    static Optional<ProcessHandle> find(Predicate<ProcessHandle> p) {
        return ProcessHandle.allProcesses().filter(p).findFirst();
    }

    static boolean descends(ProcessHandle h, long ancestor) {
        for (Optional<ProcessHandle> q = h.parent(); q.isPresent(); q = q.get().parent()) {
            if (q.get().pid() == ancestor) return true;
        }
        return false;
    }

    /** The process group of {@code pid} from /proc/PID/stat (-1 once it is gone). */
    static long pgid(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** /proc/PID/cmdline as words (empty once the process is gone). */
    static List<String> cmdline(ProcessHandle h) {
        try {
            String s = new String(Files.readAllBytes(Path.of("/proc/" + h.pid() + "/cmdline")), StandardCharsets.UTF_8);
            return s.isEmpty() ? List.of() : List.of(s.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
