package org.jstap.debuginfo.kernel;

import java.util.Optional;
import org.jstap.api.KernelInfo;
import org.jstap.api.debuginfo.DebugInfo;

/**
 * Developer tool: {@code KernelTool [-r RELEASE|DIR] [MODULE]} locates a kernel, loads its BTF through the default
 * cache and prints what was found with timings (run it twice to see a cache hit).
 */
public final class KernelTool {
    private KernelTool() {}

    public static void main(String[] args) {
        String r = null, module = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-r") && i + 1 < args.length) r = args[++i];
            else module = args[i];
        }
        long t0 = System.nanoTime();
        Optional<KernelInfo> k = new LocalKernelLocator().locate(r);
        long t1 = System.nanoTime();
        if (k.isEmpty()) {
            System.err.println("no kernel found for " + (r == null ? "the default" : r));
            System.exit(1);
        }
        KernelInfo ki = k.get();
        System.out.printf("kernel %s %s arch=%s build=%s image=%s config=%d entries (%.1f ms)%n", ki.release(),
                ki.version(), ki.arch(), ki.buildDir(), ki.image(), ki.config().size(), (t1 - t0) / 1e6);
        BtfDebugInfoProvider p = new BtfDebugInfoProvider();
        Optional<DebugInfo> di = p.kernel(ki);
        long t2 = System.nanoTime();
        if (di.isEmpty()) {
            System.err.println(p.problem(ki, null).orElse("no BTF"));
            System.exit(1);
        }
        int n = di.get().functionNames().size();
        long t3 = System.nanoTime();
        System.out.printf("BTF: loaded in %.1f ms, %d functions, %d tracepoints indexed in %.1f ms, hash %s%n",
                (t2 - t1) / 1e6, n, di.get().tracepointNames().size(), (t3 - t2) / 1e6, di.get().hash().substring(0, 16));
        if (module != null) {
            String mod = module;
            Optional<DebugInfo> m = p.module(ki, mod);
            long t4 = System.nanoTime();
            System.out.println(m.map(d -> "module " + mod + ": " + d.functionNames().size() + " functions")
                    .orElse(p.problem(ki, mod).orElse("no module BTF")) + String.format(" (%.1f ms)", (System.nanoTime() - t3) / 1e6));
        }
    }
}
