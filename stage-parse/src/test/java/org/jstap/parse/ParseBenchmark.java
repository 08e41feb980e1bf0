package org.jstap.parse;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.jstap.api.KernelInfo;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.artefact.AstArtefact;

/**
 * Pass 1 over a generated 10,000-line script, warm. Not a test (prints numbers): run with
 * {@code java -cp <test classpath> org.jstap.parse.ParseBenchmark [lines]}. Reports wall and thread CPU time, since
 * the build machine is shared.
 */
public final class ParseBenchmark {
    private ParseBenchmark() {}

    static String script(int lines) {
        StringBuilder b = new StringBuilder("global reads, lat, start, names[100]\n@define inc(x) %( @x++ %)\n");
        int n = 2;
        for (int i = 0; n < lines; i++) {
            String chunk = String.join("\n",
                    "function pretty" + i + ":string (ns:long) {",
                    "  if (ns > 1000000) return sprintf(\"%dms\", ns / 1000000)",
                    "  return sprintf(\"%dus\", ns / 1000)",
                    "}",
                    "probe kernel.function(\"vfs_read\").return ?, timer.ms(" + (i + 1) + ") {",
                    "  t = start[tid()]",
                    "  if (!t) next",
                    "  delete start[tid()]",
                    "  lat[execname(), pid()] <<< gettimeofday_ns() - t",
                    "  %( kernel_v >= \"5.0\" %? @inc(reads) %: reads += 2 %)",
                    "  foreach ([n, p] in lat @sum- limit 5) {",
                    "    printf(\"%s: %d reads, avg %s\\n\", n, @count(lat[n, p]), pretty" + i + "(@avg(lat[n, p])))",
                    "    x = $file->f_path->dentry->d_name->name . \"/\" . @cast(p, \"struct task_struct\")->comm$",
                    "  }",
                    "}",
                    "");
            b.append(chunk);
            n += 15;
        }
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String text = script(lines);
        KernelInfo k = new KernelInfo("6.1.0-1-amd64", "#1", "x86_64", Map.of(), null, null);
        // Parsing runs on its own thread (deep-stack worker): count the whole process's CPU time.
        com.sun.management.OperatingSystemMXBean mx =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long bestWall = Long.MAX_VALUE, bestCpu = Long.MAX_VALUE;
        for (int i = 0; i < 30; i++) {
            StageContext ctx = StageContext.of(SessionOptions.builder().build(), () -> k);
            long w0 = System.nanoTime(), c0 = mx.getProcessCpuTime();
            AstArtefact a = new ParseStage().run(new ScriptSource("bench.stp", text), ctx);
            long w = System.nanoTime() - w0, c = mx.getProcessCpuTime() - c0;
            if (i >= 10) {
                bestWall = Math.min(bestWall, w);
                bestCpu = Math.min(bestCpu, c);
            }
            if (a.script().user().decls().isEmpty()) throw new IllegalStateException();
        }
        System.out.printf("pass 1, %d lines (%d chars), warm: best %.1f ms wall, %.1f ms process CPU%n", lines, text.length(),
                bestWall / 1e6, bestCpu / 1e6);
    }
}
