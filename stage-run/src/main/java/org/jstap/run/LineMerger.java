package org.jstap.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Merges the output of many hosts into one stream, whole lines at a time in the order they arrive, each optionally
 * prefixed with {@code [N] } (stap's {@code --remote-prefix}). A host's partial last line is written when its stream
 * closes. One lock per merged stream: a line is never interleaved with another host's.
 */
public final class LineMerger {
    private final OutputStream out;
    private final boolean prefix;
    private long lines, bytes;

    public LineMerger(OutputStream out, boolean prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    /** The stream one host writes to; close it when the host's output ends. */
    public OutputStream sink(int index) {
        return new Sink(prefix ? ("[" + index + "] ").getBytes(StandardCharsets.US_ASCII) : new byte[0]);
    }

    public synchronized long lines() {
        return lines;
    }

    public synchronized long bytes() {
        return bytes;
    }

    private synchronized void emit(byte[] pre, byte[] b, int off, int len) {
        try {
            if (pre.length == 0) {
                out.write(b, off, len);
            } else { // one write: a stream shared with other writers (stderr) gets the line whole
                byte[] line = new byte[pre.length + len];
                System.arraycopy(pre, 0, line, 0, pre.length);
                System.arraycopy(b, off, line, pre.length, len);
                out.write(line);
            }
            out.flush();
            lines++;
            bytes += len;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Sink extends OutputStream {
        private final byte[] pre;
        private byte[] buf = new byte[256];
        private int n;
        private boolean closed;

        Sink(byte[] pre) {
            this.pre = pre;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int start = off, end = off + len;
            for (int i = off; i < end; i++) {
                if (b[i] != '\n') continue;
                if (n == 0) {
                    emit(pre, b, start, i + 1 - start); // a whole line straight from the caller's buffer
                } else {
                    append(b, start, i + 1 - start);
                    emit(pre, buf, 0, n);
                    n = 0;
                }
                start = i + 1;
            }
            if (start < end) append(b, start, end - start);
        }

        private void append(byte[] b, int off, int len) {
            if (n + len > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + len));
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            if (n > 0) emit(pre, buf, 0, n);
            n = 0;
        }
    }
}
