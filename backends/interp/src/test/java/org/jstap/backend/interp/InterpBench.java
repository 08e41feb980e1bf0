package org.jstap.backend.interp;

/**
 * Not a test: statements per second of the interpreter on a loop-heavy script, through the real passes 1-2 once
 * per run (their time is excluded: the loop runs long enough to dominate, and the run stage reports its own time).
 * Run: {@code java -cp <test classpath> org.jstap.backend.interp.InterpBench [iterations]}.
 */
public final class InterpBench {
    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        // per iteration: the loop test, two expression statements and an if = 4 statements; plus for, final test,
        // println and exit
        String script = "global x, y\nprobe begin { for (i = 0; i < " + n + "; i++) { x += i * 3; if (x % 7 == 1) y++; y ^= i }"
                + " println(x, \" \", y); exit() }";
        long statements = 4 * n + 4;
        for (int round = 1; round <= 5; round++) {
            long t0 = System.nanoTime();
            Run.Out o = Run.run(script, "MAXACTION=9000000000000000000");
            long ns = System.nanoTime() - t0;
            if (o.status() != 0) throw new IllegalStateException(o.err());
            System.out.printf("round %d: %d statements in %d ms (passes 1-2 included): %.1f M statements/s%n", round,
                    statements, ns / 1_000_000, statements * 1e3 / ns);
        }
    }
}
