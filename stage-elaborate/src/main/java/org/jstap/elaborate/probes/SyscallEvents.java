package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The syscall trace events ({@code syscalls:sys_enter_NAME}, {@code sys_exit_NAME}): not tracepoints BTF knows, but
 * tracefs events whose {@code format} lists the fields. Only the bpf backend attaches them (a perf-event
 * tracepoint program); their record layout is fixed: {@code __syscall_nr} at 8, then one 8-byte slot per field.
 */
final class SyscallEvents {
    private SyscallEvents() {}

    static final List<Path> ROOTS = List.of(Paths.get("/sys/kernel/tracing/events/syscalls"),
            Paths.get("/sys/kernel/debug/tracing/events/syscalls"));

    record Field(String cType, String name, int size, boolean signed) {}

    static Path root() {
        for (Path p : ROOTS) if (Files.isDirectory(p)) return p;
        // tracefs not mounted (a fresh boot of some hosts): mount it where it belongs, as staprun mounts what it
        // needs; only root can, and the bpf loader would mount it anyway to attach these events
        if (!mountTried && Files.isDirectory(Paths.get("/sys/kernel/tracing"))) {
            mountTried = true;
            try {
                Process p = new ProcessBuilder("mount", "-t", "tracefs", "tracefs", "/sys/kernel/tracing")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (IOException | RuntimeException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            for (Path p : ROOTS) if (Files.isDirectory(p)) return p;
        }
        return null;
    }

    private static volatile boolean mountTried;

    static List<String> names() {
        Path r = root();
        if (r == null) return List.of();
        try (Stream<Path> s = Files.list(r)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The fields after the common ones, in order (the first is {@code __syscall_nr}). */
    static List<Field> fields(String event) {
        Path r = root();
        if (r == null) return null;
        List<Field> out = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(r.resolve(event).resolve("format"))) {
                String t = l.trim();
                if (!t.startsWith("field:")) continue;
                String decl = t.substring(6, t.indexOf(';'));
                if (decl.contains("common_")) continue;
                int size = Integer.parseInt(t.replaceAll(".*size:(\\d+);.*", "$1"));
                boolean signed = t.contains("signed:1");
                int sp = decl.lastIndexOf(' ');
                String name = decl.substring(sp + 1).replace("*", "");
                out.add(new Field(decl.substring(0, sp).trim(), name, size, signed));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return out;
    }
}
