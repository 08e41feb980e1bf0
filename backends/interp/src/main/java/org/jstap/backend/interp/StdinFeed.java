package org.jstap.backend.interp;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jstap.api.ir.IrSite;

/**
 * jstap's standard input for {@code input.char} / {@code input.line} (the tapset's {@code procfs("__stdin").write}
 * probes): a daemon thread reads it as it comes and queues the bytes; the interpreter thread takes them between
 * handlers and fires the input probes once per byte ({@code $value} one character, as stap's stapio writes it to
 * the module), so a script sees its input while it runs, in order with its timers. Started only by a script that
 * has input probes: any other leaves stdin alone (a {@code -c} command may read it).
 */
public final class StdinFeed {
    /** The procfs file the input aliases are built on. */
    public static final String FILE = "__stdin";

    private final ConcurrentLinkedQueue<Integer> bytes = new ConcurrentLinkedQueue<>();
    private volatile boolean eof;

    /** True for the site input.char / input.line elaborate to. */
    public static boolean reads(IrSite.Procfs s) {
        return s.write() && FILE.equals(s.name());
    }

    /** Starts reading {@code in}; {@code wake} is called after each chunk (and at end of input). */
    static StdinFeed start(InputStream in, Runnable wake) {
        StdinFeed f = new StdinFeed();
        Thread t = new Thread(() -> {
            byte[] b = new byte[4096];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    for (int i = 0; i < n; i++) f.bytes.add(b[i] & 0xff);
                    wake.run();
                }
            } catch (IOException e) {
                // a closed or unreadable stdin ends the input, as end of file does
            }
            f.eof = true;
            wake.run();
        }, "jstap-stdin");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** The next byte read (0..255), or -1 when none is waiting. */
    int next() {
        Integer b = bytes.poll();
        return b == null ? -1 : b;
    }

    /** Everything was read and taken. */
    boolean done() {
        return eof && bytes.isEmpty();
    }
}
