package org.jstap.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code -v} reports per pass, measured the way stap does: memory from {@code /proc/self/status} at the end
 * of the pass, user/system CPU of the whole process (JIT and GC threads included) from {@code /proc/self/stat}
 * deltas, and wall-clock time. Off Linux it falls back to the calling thread's CPU time and no memory figures.
 */
final class ProcessUsage {
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path STATUS = Path.of("/proc/self/status");
    /** USER_HZ: the kernel reports utime/stime in these ticks; 100 on every Linux we target. */
    private static final long TICK_MS = 10;

    /** A point in time to measure a pass from. */
    record Mark(long userMs, long sysMs, long nanos) {}

    Mark mark() {
        long[] cpu = cpuMs();
        return new Mark(cpu[0], cpu[1], System.nanoTime());
    }

    /**
     * {@code using 248132virt/45772res/26012shr/19504data kb, in 40usr/10sys/52real ms} (no trailing dot); without
     * the memory part when {@code withMemory} is false, as stap's pass 4 and 5 lines.
     */
    String since(Mark start, boolean withMemory) {
        long[] cpu = cpuMs();
        long realMs = (System.nanoTime() - start.nanos()) / 1_000_000;
        String mem = withMemory ? memory() : "";
        return (mem.isEmpty() ? "" : "using " + mem + ", ")
                + "in " + Math.max(0, cpu[0] - start.userMs()) + "usr/" + Math.max(0, cpu[1] - start.sysMs())
                + "sys/" + realMs + "real ms";
    }

    /** {@code virt/res/shr/data} in kB, or "" when /proc is not there. */
    static String memory() {
        try {
            long virt = 0, res = 0, shr = 0, data = 0;
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmSize:")) virt = kb(line);
                else if (line.startsWith("VmRSS:")) res = kb(line);
                else if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) shr += kb(line);
                else if (line.startsWith("VmData:")) data = kb(line);
            }
            return virt + "virt/" + res + "res/" + shr + "shr/" + data + "data kb";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static long kb(String line) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]);
    }

    /** [user, system] milliseconds of the whole process. */
    static long[] cpuMs() {
        try {
            String s = Files.readString(STAT);
            // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            // After ')' field index 0 is "state" (field 3); utime is field 14, stime field 15.
            return new long[] {Long.parseLong(f[11]) * TICK_MS, Long.parseLong(f[12]) * TICK_MS};
        } catch (IOException | RuntimeException e) {
            ThreadMXBean t = ManagementFactory.getThreadMXBean();
            long user = t.getCurrentThreadUserTime() / 1_000_000;
            long total = t.getCurrentThreadCpuTime() / 1_000_000;
            return new long[] {user, Math.max(0, total - user)};
        }
    }
}
