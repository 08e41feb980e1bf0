package org.jstap.elaborate.tapset;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every syscall.* alias on a kprobe point also has its bpf form (the syscalls:sys_enter/exit_* trace event), so
 * syscall.* works where kprobes do not; regenerating files with tapset-gen/syscalls.py drops it, and
 * tapset-gen/syscall-tracepoints.py puts it back.
 */
class SyscallFormsTest {
    private static final Pattern POINT = Pattern.compile("(?m)^probe (syscall\\.[a-z0-9_]+(\\.return)?) = (.*)$");

    @Test
    void everyKprobeAliasHasATracepointForm() throws IOException {
        List<String> missing = new ArrayList<>();
        int n = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/tapset/syscall"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".stp")).sorted().toList()) {
                Matcher m = POINT.matcher(Files.readString(f));
                while (m.find()) {
                    n++;
                    String point = m.group(3), event = m.group(2) != null ? "sys_exit_" : "sys_enter_";
                    if (!point.startsWith("%( runtime == \"bpf\" %? kernel.trace(\"syscalls:" + event))
                        missing.add(f.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertTrue(n > 500, "found only " + n + " syscall alias points");
        assertTrue(missing.isEmpty(), missing.size() + " aliases without a bpf form (run tapset-gen/syscall-tracepoints.py): " + missing);
    }
}
