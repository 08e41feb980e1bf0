package org.jstap.elaborate;

import org.jstap.debuginfo.btf.TestBlobs;

/**
 * Benchmark, not a test: cold and warm pass-2 times for a typical script (syscall.read/write aliases, a timer,
 * aggregates, foreach), BTF loading measured apart. Run with the test class path:
 * {@code java -cp ... org.jstap.elaborate.ElaborateBench}.
 */
public final class ElaborateBench {
    static final String SCRIPT = """
            global reads, writes, bytes
            probe syscall.read { reads[execname()] <<< count }
            probe syscall.write { writes[execname(), pid()]++; bytes <<< count }
            probe timer.s(1) {
              foreach (name in reads- limit 10)
                printf("%-16s %8d %8d\\n", name, @count(reads[name]), @sum(reads[name]))
              foreach ([name, p] in writes) printf("%s[%d] %d\\n", name, p, writes[name, p])
              if (@count(bytes)) print(@hist_log(bytes))
              delete reads
              delete writes
            }
            """;

    public static void main(String[] args) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        TestBlobs.kernel().function("__x64_sys_read");
        long t1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        if (args.length > 0) {
            long p0 = System.nanoTime();
            Elab.run("probe begin { println(1) }");
            System.out.printf("warm-up: pass 1+2 of a begin probe: %d ms%n", (System.nanoTime() - p0) / 1_000_000);
            t1 = System.nanoTime();
            c1 = mx.getCurrentThreadCpuTime();
        }
        Elab.Out first = Elab.run(SCRIPT);
        long t2 = System.nanoTime();
        long c2 = mx.getCurrentThreadCpuTime();
        if (!first.ok()) throw new IllegalStateException(first.rendered());
        int n = 20;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long a = System.nanoTime();
            Elab.run(SCRIPT);
            best = Math.min(best, System.nanoTime() - a);
        }
        System.out.printf("BTF load + first function lookup (test blob, 4.1 MB): %d ms%n", (t1 - t0) / 1_000_000);
        System.out.printf("pass 1+2 cold (first script in this JVM, tapset parsed): %d ms wall, %d ms cpu (main thread)%n",
                (t2 - t1) / 1_000_000, (c2 - c1) / 1_000_000);
        System.out.printf("pass 1+2 warm (best of %d): %.1f ms%n", n, best / 1e6);
        long a = System.nanoTime();
        Elab.Out wild = Elab.run("probe kernel.function(\"vfs_*\") { n++ } probe end { println(n) } global n");
        System.out.printf("kernel.function(\"vfs_*\") -> %d probes: %d ms%n", wild.program().probes().size(), (System.nanoTime() - a) / 1_000_000);
        a = System.nanoTime();
        Elab.Out all = Elab.list("kernel.function(\"*\")", "l");
        System.out.printf("-l kernel.function(\"*\") -> %d lines: %d ms%n", all.printed().split("\n").length, (System.nanoTime() - a) / 1_000_000);
    }
}
