package org.jstap.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * input.char / input.line with {@code --remote}: jstap's standard input read once and kept, so that every host's
 * run gets all of it from its first byte however late its loader starts (each host's ssh stdin is fed from its
 * own {@link #replay} thread; the loader there reads its stdin as it does locally).
 */
final class InputLog {
    private final List<byte[]> chunks = new ArrayList<>();
    private boolean eof;

    /** Reads {@code in} to its end on a daemon thread (it may stay blocked in a read of stdin: a daemon). */
    static InputLog start(InputStream in) {
        InputLog log = new InputLog();
        Thread t = new Thread(() -> {
            byte[] b = new byte[4096];
            try {
                int n;
                while ((n = in.read(b)) > 0) log.add(java.util.Arrays.copyOf(b, n));
            } catch (IOException e) {
                // no more input
            } finally {
                log.end();
            }
        }, "jstap-remote-input");
        t.setDaemon(true);
        t.start();
        return log;
    }

    synchronized void add(byte[] b) {
        chunks.add(b);
        notifyAll();
    }

    synchronized void end() {
        eof = true;
        notifyAll();
    }

    /** The chunk at {@code i}, waiting for it; null at the end of the input. */
    synchronized byte[] get(int i) throws InterruptedException {
        while (i >= chunks.size() && !eof) wait();
        return i < chunks.size() ? chunks.get(i) : null;
    }

    /** Writes the whole input to {@code to} as it comes, then closes it (the loader sees the end of input). */
    Thread replay(OutputStream to) {
        Thread t = new Thread(() -> {
            try (to) {
                byte[] b;
                for (int i = 0; (b = get(i)) != null; i++) {
                    to.write(b);
                    to.flush();
                }
            } catch (IOException e) {
                // the host's run ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jstap-remote-input-host");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
