package org.jstap.run;

import java.time.Duration;
import org.jstap.api.SessionOptions;

/** Pass-5 settings that live in {@link SessionOptions#extra()} or the environment. */
final class RunOptions {
    private RunOptions() {}

    /** {@code extra["run.timeout"]} or {@code $JSTAP_RUN_TIMEOUT} in seconds; null for no limit. */
    static Duration timeout(SessionOptions o) {
        String s = o.extra().getOrDefault("run.timeout", System.getenv("JSTAP_RUN_TIMEOUT"));
        if (s == null || s.isBlank()) return null;
        try {
            double secs = Double.parseDouble(s.strip());
            return secs <= 0 ? null : Duration.ofMillis((long) (secs * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Module parameters passed to the loader ({@code extra["module.params"]}, space-separated NAME=VALUE). */
    static String moduleParams(SessionOptions o) {
        return o.extra().getOrDefault("module.params", "");
    }

    static long deadline(Duration d) {
        return System.nanoTime() + (d == null ? Duration.ofDays(365).toNanos() : d.toNanos());
    }
}
