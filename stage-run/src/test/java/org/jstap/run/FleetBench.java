package org.jstap.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jstap.api.SessionOptions;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.artefact.ModuleManifest;

/**
 * The client side of {@code --remote} at scale (bench/remote-fanout.sh starts the targets and runs this; not a
 * test). Each round drives {@link Fleet} as {@code --remote} does, on the first N of the given 127.0.0.1 ports:
 * N masters and kernel queries, the loader check (and ship, the first time), the module ship, the run, the merge
 * ({@code --remote-prefix} on), the stop of the others when the first host ends, the cleanup, the masters' exit. The
 * module file's first line tells the stand-in loader how many lines to print. Then the merge path alone.
 *   FleetBench PORTS-FILE LOADER N:LINES...
 */
public final class FleetBench {
    public static void main(String[] args) throws Exception {
        List<Integer> ports = Files.readAllLines(Path.of(args[0])).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        Path loader = Path.of(args[1]);
        System.out.printf("%-5s %-7s %-9s %9s %9s %7s %9s %9s %7s %5s %5s %8s%n", "hosts", "lines/h", "loader",
                "connect", "run", "close", "jvm-cpu", "ssh-cpu", "threads", "fds", "procs", "merged");
        boolean shipped = false;
        for (String spec : Arrays.copyOfRange(args, 2, args.length)) {
            String[] nl = spec.split(":");
            int n = Math.min(Integer.parseInt(nl[0]), ports.size());
            int lines = Integer.parseInt(nl[1]);
            if (!round(ports.subList(0, n), loader, lines, shipped ? "cached" : "shipped")) System.exit(1);
            shipped = true;
        }
        for (int[] nl : new int[][] {{50, 20000}, {50, 20000}, {1, 1_000_000}}) merge(nl[0], nl[1], null);
        for (int[] nl : new int[][] {{50, 20000}, {1, 1_000_000}}) merge(nl[0], nl[1], Path.of("/dev/null"));
    }

    static boolean round(List<Integer> ports, Path loader, int lines, String loaderState) throws Exception {
        byte[] ko = new byte[64 << 10]; // a small module's size; its first line: how many lines to print
        byte[] head = (lines + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, ko, 0, head.length);
        ModuleArtefact m = new ModuleArtefact(new ArtefactHeader(1, ModuleArtefact.KIND, "bench", "1", "h"),
                new ModuleManifest("jstap_fanout", "jstap_fanout.ko", "bench", null, "x86_64", "", null, List.of(),
                        List.of("begin")), ko);
        List<RemoteTarget> targets = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) targets.add(RemoteTarget.parse(i, "root@127.0.0.1:" + ports.get(i)));
        CountingSink out = new CountingSink();
        Peaks peaks = new Peaks();
        peaks.start();
        long[] c0 = cpu();
        long t0 = System.nanoTime(), t1, t2, t3;
        int reached, failed;
        try (Fleet f = new Fleet(targets, System.err)) {
            Map<RemoteTarget, RemoteKernel> k = f.connect();
            t1 = System.nanoTime();
            Map<RemoteTarget, ModuleArtefact> mods = new LinkedHashMap<>();
            for (RemoteTarget t : k.keySet()) mods.put(t, m);
            f.run(mods, loader, SessionOptions.builder().build(), out, System.err, true);
            t2 = System.nanoTime();
            reached = k.size();
            failed = f.failedCount();
        }
        t3 = System.nanoTime();
        long[] c1 = cpu();
        peaks.interrupt();
        peaks.join();
        System.out.printf("%-5d %-7d %-9s %7d ms %7d ms %4d ms %6d ms %6d ms %7d %5d %5d %8d%n", ports.size(), lines,
                loaderState, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), (c1[0] - c0[0]) * 10, (c1[1] - c0[1]) * 10,
                peaks.threads, peaks.fds, peaks.procs, out.lines);
        long want = (long) ports.size() * lines;
        if (reached != ports.size() || failed != 0 || out.lines != want) {
            System.out.println("FAILED: reached " + reached + ", failed " + failed + ", merged " + out.lines
                    + " of " + want + " lines");
            return false;
        }
        return true;
    }

    /**
     * N writers into one prefixed LineMerger, 16 KiB chunks (the pumps' buffer size), lines cut across chunks; into
     * a counter, or into a file through a PrintStream as jstap's standard output (a write(2) per line: the merger
     * flushes each line).
     */
    static void merge(int n, int lines, Path file) throws Exception {
        byte[] line = "probe output line with a number 1234567890 and some text\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[line.length * lines];
        for (int i = 0; i < lines; i++) System.arraycopy(line, 0, all, i * line.length, line.length);
        CountingSink out = new CountingSink();
        java.io.PrintStream ps = file == null ? null
                : new java.io.PrintStream(new java.io.FileOutputStream(file.toFile()), false);
        LineMerger merger = new LineMerger(file == null ? out : ps, true);
        long[] c0 = cpu();
        long t0 = System.nanoTime();
        List<Thread> ws = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            OutputStream s = merger.sink(h);
            Thread w = new Thread(() -> {
                try (s) {
                    for (int off = 0; off < all.length; off += 16384) s.write(all, off, Math.min(16384, all.length - off));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            w.start();
            ws.add(w);
        }
        for (Thread w : ws) w.join();
        long wall = System.nanoTime() - t0;
        long[] c1 = cpu();
        long total = (long) n * lines;
        if (ps != null) ps.close();
        System.out.printf("merge only%s: %d writers x %d lines: %d ms wall, %d ms CPU, %.0f ns CPU/line, %.1f M lines/s%s%n",
                file == null ? "" : " to " + file, n, lines, ms(wall), (c1[0] - c0[0]) * 10,
                (c1[0] - c0[0]) * 1e7 / total, total * 1e3 / wall, file != null || out.lines == total ? "" : " LOST LINES");
    }

    static long ms(long ns) {
        return ns / 1_000_000;
    }

    /** utime+stime of this JVM and of its reaped children (the ssh clients), in clock ticks (USER_HZ 100). */
    static long[] cpu() throws IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    /** Peak threads, open descriptors and child processes of this JVM, sampled every 50 ms. */
    static final class Peaks extends Thread {
        volatile int threads, fds, procs;

        Peaks() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                threads = Math.max(threads, Thread.activeCount());
                try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                    fds = (int) Math.max(fds, s.count());
                } catch (IOException ignored) {
                    // sampled again next time
                }
                procs = (int) Math.max(procs, ProcessHandle.current().children().count());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Counts merged lines and bytes; drops them. */
    static final class CountingSink extends OutputStream {
        long lines, bytes;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes += len;
            for (int i = off; i < off + len; i++) if (b[i] == '\n') lines++;
        }
    }
}
