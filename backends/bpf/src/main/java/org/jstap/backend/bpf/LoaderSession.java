package org.jstap.backend.bpf;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * One running {@code jstapbpf}: commands go out as lines, frames come back on a reader thread, which hands
 * ring-buffer records to {@code records} and replies to the caller of {@link #call}.
 */
final class LoaderSession implements AutoCloseable {
    static final int FR_RECORD = 1, FR_OK = 2, FR_ERROR = 3, FR_SKIPPED = 4;
    /** A -c command the loader runs (on another host): its stdout, its stderr, its end (i32 wait status). */
    static final int FR_CMDOUT = 6, FR_CMDERR = 7, FR_CMDEXIT = 8;

    /**
     * Run when the loader's stream ends before it was told to quit (it crashed, its host died, the ssh channel
     * broke): the session must end then, or a script of timers would go on without its kernel side.
     */
    volatile Runnable onLost = () -> { };
    private volatile boolean quitting;

    /** Where the command's frames go (GuestCommand); set before the command starts. */
    volatile Consumer<Reply> commandFrames = r -> { };

    record Reply(int type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private final Process process;
    private final org.jstap.api.spi.HelperHost.Helper helper;
    private final OutputStream in;
    private final BlockingQueue<Reply> replies = new ArrayBlockingQueue<>(4);
    private final Thread reader;
    private volatile boolean gone;

    /** Starts the loader on the object; returns after its load reply (ok, or the error with the verifier log). */
    LoaderSession(Path loader, Path object, Consumer<ByteBuffer> records, long ringBytes) throws IOException {
        process = new ProcessBuilder(List.of(loader.toString(), object.toString(), Long.toString(ringBytes)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        helper = null;
        in = process.getOutputStream();
        reader = reader(new DataInputStream(process.getInputStream()), records);
    }

    /** The loader started on another machine (the test VM) by its run target; the same protocol over its channel. */
    LoaderSession(org.jstap.api.spi.HelperHost.Helper remote, Consumer<ByteBuffer> records) {
        process = null;
        helper = remote;
        in = remote.stdin();
        reader = reader(new DataInputStream(remote.stdout()), records);
    }

    private Thread reader(DataInputStream out, Consumer<ByteBuffer> records) {
        Thread reader = new Thread(() -> {
            byte[] h = new byte[8];
            try {
                for (;;) {
                    out.readFully(h);
                    ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
                    int type = hb.getInt(), len = hb.getInt();
                    if (type == org.jstap.api.spi.HelperHost.END_FRAME) break; // a remote loader ended
                    byte[] p = new byte[len];
                    out.readFully(p);
                    if (type == FR_RECORD) records.accept(ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN));
                    else if (type >= FR_CMDOUT && type <= FR_CMDEXIT) commandFrames.accept(new Reply(type, p));
                    else replies.put(new Reply(type, p));
                }
            } catch (EOFException e) {
                // loader ended
            } catch (IOException | InterruptedException e) {
                // loader gone
            } finally {
                gone = true;
                replies.offer(new Reply(FR_ERROR, "the bpf loader ended".getBytes(StandardCharsets.UTF_8)));
                if (!quitting) onLost.run();
            }
        }, "jstapbpf-reader");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** The first reply: the object loaded (ok) or not (error, payload = libbpf's log with the verifier's). */
    Reply loaded() throws IOException {
        return take();
    }

    synchronized Reply call(String command) throws IOException {
        if (gone) return new Reply(FR_ERROR, "the bpf loader ended".getBytes(StandardCharsets.UTF_8));
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        return take();
    }

    private Reply take() throws IOException {
        try {
            return replies.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        quitting = true;
        try {
            if (!gone) {
                in.write("quit\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            in.close();
        } catch (IOException e) {
            // already gone
        }
        if (helper != null) {
            try {
                helper.close(); // waits for the loader's end, then releases the target
            } catch (IOException e) {
                // the target reports what it could not clean up
            }
            return;
        }
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            reader.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
