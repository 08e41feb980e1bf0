package org.jstap.elaborate;

import java.util.Map;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.elaborate.tapset.TapsetLibrary;

/** Benchmark, not a test: what pass 1 costs on each tapset file, cold, in file order. */
public final class ParseCostBench {
    public static void main(String[] args) throws Exception {
        StageContext ctx = StageContext.of(SessionOptions.builder().lastPass(2).build(), () -> Elab.KERNEL);
        long a = System.nanoTime();
        Elab.PARSE.run(new ScriptSource("warm.stp", "probe begin { println(1) }"), ctx);
        System.out.printf("first tiny parse: %d ms%n", (System.nanoTime() - a) / 1_000_000);
        for (String name : args) {
            for (TapsetLibrary.Entry e : TapsetLibrary.builtin()) {
                if (!e.name().endsWith(name)) continue;
                long t = System.nanoTime();
                Elab.PARSE.run(new ScriptSource(e.name(), e.text()), ctx);
                System.out.printf("%s (%d chars): %d ms%n", e.name(), e.text().length(), (System.nanoTime() - t) / 1_000_000);
            }
        }
        System.out.println(ctx.diagnostics().all().size() + " diagnostics " + Map.of());
    }
}
