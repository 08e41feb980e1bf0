package org.jstap.backend.interp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Context builtins answered for the process that runs the probes, as stap answers them for a begin probe (run by
 * its stapio process): here that process is the JVM running jstap, so {@code execname()} is its {@code comm}
 * ("java"), {@code pid()} its pid, {@code tid()} the interpreter thread's id, ids from {@code /proc/self/status}.
 */
final class ProcessContext {
    private ProcessContext() {}

    static String execname() {
        try {
            return Files.readString(Path.of("/proc/self/comm")).strip();
        } catch (IOException | RuntimeException e) {
            return "java";
        }
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static long ppid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
    }

    /** The calling thread's kernel task id ({@code /proc/thread-self -> PID/task/TID}). */
    static long tid() {
        try {
            Path p = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(p.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return pid();
        }
    }

    /** The CPU the interpreter thread last ran on (field 39 of {@code /proc/thread-self/stat}), else 0. */
    static long cpu() {
        try {
            String s = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[36]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {@code Uid:}/{@code Gid:} line of /proc/self/status: column 0 real, 1 effective. */
    static long id(String line, int column) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(line)) return Long.parseLong(l.substring(line.length()).trim().split("\\s+")[column]);
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 0;
    }
}
