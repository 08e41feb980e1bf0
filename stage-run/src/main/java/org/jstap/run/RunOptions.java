package org.jstap.run;

import java.time.Duration;
import org.jstap.api.SessionOptions;

/** Pass-5 settings from {@link SessionOptions} or the environment. */
final class RunOptions {
    private RunOptions() {}

    /** {@link SessionOptions#runTimeout()}, else {@code $JSTAP_RUN_TIMEOUT} in seconds; null for no limit. */
    static Duration timeout(SessionOptions o) {
        if (o.runTimeout() != null) return o.runTimeout().isNegative() || o.runTimeout().isZero() ? null : o.runTimeout();
        String s = System.getenv("JSTAP_RUN_TIMEOUT");
        if (s == null || s.isBlank()) return null;
        try {
            double secs = Double.parseDouble(s.strip());
            return secs <= 0 ? null : Duration.ofMillis((long) (secs * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Module parameters passed to the loader: {@link SessionOptions#moduleParams()} and the {@code -G VAR=VALUE}
     * settings (each global is a parameter of the module; their values are letters, digits, '_', '.', '-'), space-separated.
     */
    static String moduleParams(SessionOptions o) {
        StringBuilder b = new StringBuilder(o.moduleParams());
        o.stap().globalSettings().forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    static long deadline(Duration d) {
        return System.nanoTime() + (d == null ? Duration.ofDays(365).toNanos() : d.toNanos());
    }
}
