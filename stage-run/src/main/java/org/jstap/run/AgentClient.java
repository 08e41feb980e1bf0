package org.jstap.run;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Host side of the guest agent's protocol (see {@code agent-init.sh}) over the VM's virtio-serial UNIX socket.
 * A reader thread feeds a queue so every wait has a deadline; one client at a time (the caller holds the VM lock).
 */
final class AgentClient implements Closeable {
    static final byte CTL = 1;

    /** What the guest said it is. */
    record Hello(String release, String build, double uptime) {}

    static final class TimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        TimeoutException(String m) {
            super(m);
        }
    }

    /** The agent closed the channel (VM gone). */
    static final class LostException extends IOException {
        private static final long serialVersionUID = 1L;

        LostException(String m) {
            super(m);
        }
    }

    private static final byte[] EOF = new byte[0];
    private final SocketChannel ch;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    /** Received bytes not yet returned: buf[bufStart, bufEnd); no newline in buf[bufStart, scanFrom). */
    private byte[] buf = new byte[65536];
    private int bufStart, bufEnd, scanFrom;
    private boolean eof;
    private volatile boolean closed;

    private AgentClient(SocketChannel ch) {
        this.ch = ch;
        Thread t = new Thread(this::pump, "jstap-vm-reader");
        t.setDaemon(true);
        t.start();
    }

    /** Connects, retrying while QEMU has not created or is not yet listening on the socket. */
    static AgentClient connect(Path socket, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
                return new AgentClient(c);
            } catch (IOException e) {
                c.close();
                last = e;
                sleep(20);
            }
        }
        throw new TimeoutException("cannot connect to " + socket + (last == null ? "" : ": " + last.getMessage()));
    }

    private void pump() {
        try (InputStream in = Channels.newInputStream(ch)) {
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) chunks.add(Arrays.copyOf(buf, n));
        } catch (IOException e) {
            // closed by us or by QEMU: both end the stream
        }
        chunks.add(EOF);
    }

    /** A line without its newline, or null at end of stream. */
    byte[] readLine(long deadlineNanos) throws IOException {
        while (true) {
            for (int i = scanFrom; i < bufEnd; i++) {
                if (buf[i] == '\n') {
                    byte[] line = Arrays.copyOfRange(buf, bufStart, i);
                    bufStart = scanFrom = i + 1;
                    return line;
                }
            }
            scanFrom = bufEnd;
            if (eof) {
                if (bufStart == bufEnd) return null;
                byte[] line = Arrays.copyOfRange(buf, bufStart, bufEnd);
                bufStart = scanFrom = bufEnd;
                return line;
            }
            long wait = deadlineNanos - System.nanoTime();
            if (wait <= 0) throw new TimeoutException("no answer from the VM agent in time");
            byte[] c;
            try {
                c = chunks.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (c == null) continue;
            if (c == EOF) eof = true;
            else append(c);
        }
    }

    /**
     * Up to {@code len} raw bytes (at least one), or -1 at end of stream: a program's own protocol over the
     * channel ({@code EXEC}); lines read after it continue where it stopped.
     */
    int readRaw(byte[] b, int off, int len) throws IOException {
        while (bufStart == bufEnd) {
            if (eof) return -1;
            byte[] c;
            try {
                c = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (c == EOF) eof = true;
            else append(c);
        }
        int n = Math.min(len, bufEnd - bufStart);
        System.arraycopy(buf, bufStart, b, off, n);
        bufStart += n;
        if (scanFrom < bufStart) scanFrom = bufStart;
        return n;
    }

    /** Appends to the unread part of the buffer, compacting or growing it as needed. */
    private void append(byte[] c) {
        int unread = bufEnd - bufStart;
        if (bufEnd + c.length > buf.length) {
            byte[] nb = unread + c.length > buf.length ? new byte[Math.max(buf.length * 2, unread + c.length)] : buf;
            System.arraycopy(buf, bufStart, nb, 0, unread);
            buf = nb;
            scanFrom -= bufStart;
            bufEnd = unread;
            bufStart = 0;
        }
        System.arraycopy(c, 0, buf, bufEnd, c.length);
        bufEnd += c.length;
    }

    synchronized void send(byte[]... parts) throws IOException {
        for (byte[] p : parts) {
            ByteBuffer b = ByteBuffer.wrap(p);
            while (b.hasRemaining()) ch.write(b);
        }
    }

    void sendLine(String s) throws IOException {
        send((s + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits until the agent answers; anything older on the channel (leftovers of an interrupted client) is dropped.
     * Pings are repeated because the guest may not have opened its port when the first one arrives.
     */
    Hello handshake(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String tok = token();
        int n = 0;
        long nextPing = 0;
        while (true) {
            if (System.nanoTime() >= nextPing) {
                sendLine("PING " + tok + "-" + n++);
                nextPing = System.nanoTime() + 250_000_000L;
            }
            if (System.nanoTime() > deadline) throw new TimeoutException("the VM agent did not answer in " + timeout);
            byte[] l;
            try {
                l = readLine(Math.min(deadline, nextPing));
            } catch (TimeoutException e) {
                continue; // ping again
            }
            if (l == null) throw new LostException("the VM closed the control channel");
            String s = new String(l, StandardCharsets.UTF_8);
            if (s.startsWith("PONG " + tok + "-")) break;
            if (s.equals("READY")) nextPing = 0; // the agent just opened its port: earlier pings may be lost
        }
        // every ping before the final one has been answered once the final one is
        String fin = tok + "-final";
        sendLine("PING " + fin);
        while (true) {
            byte[] l = readLine(deadline);
            if (l == null) throw new LostException("the VM closed the control channel");
            String s = new String(l, StandardCharsets.UTF_8);
            if (s.startsWith("PONG " + fin + " ")) {
                String[] f = s.split(" ");
                byte[] u = readLine(deadline);
                String build = u == null ? null : new String(u, StandardCharsets.UTF_8).replaceFirst("^UNAME ", "");
                return new Hello(f.length > 3 ? f[3] : null, build, f.length > 2 ? Double.parseDouble(f[2]) : 0);
            }
        }
    }

    void putFile(String guestPath, byte[] data, int mode, Duration timeout) throws IOException {
        if (guestPath.contains(" ") || guestPath.contains("\n")) throw new IOException("guest path with blanks: " + guestPath);
        send(("FILE " + data.length + " " + Integer.toOctalString(mode) + " " + guestPath + "\n")
                .getBytes(StandardCharsets.UTF_8), data);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] l = readLine(deadline);
            if (l == null) throw new LostException("the VM closed the control channel");
            if (new String(l, StandardCharsets.UTF_8).equals("OK FILE " + guestPath)) return;
        }
    }

    /** The agent's answer to INSMOD: loaded by this call, there already, or failed (insmod's message). */
    record Insmod(boolean loaded, boolean present, String error) {}

    /**
     * Loads a kernel module that {@link #putFile} put at {@code guestPath} ({@code name}: as {@code /proc/modules}
     * spells it). Empty when the agent does not know INSMOD (a VM booted by an older jstap).
     */
    Optional<Insmod> insmod(String guestPath, String name, Duration timeout) throws IOException {
        sendLine("INSMOD " + guestPath + " " + name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] l = readLine(deadline);
            if (l == null) throw new LostException("the VM closed the control channel");
            String s = new String(l, StandardCharsets.UTF_8);
            if (s.startsWith("ERR unknown command INSMOD")) return Optional.empty();
            if (!s.startsWith("INSMOD " + name + " ")) continue;
            String[] f = s.split(" ", 5);
            if (f.length > 3 && f[2].equals("0")) return Optional.of(new Insmod(f[3].equals("new"), f[3].equals("present"), null));
            return Optional.of(new Insmod(false, false, f.length > 4 ? f[4] : "insmod exit status " + f[2]));
        }
    }

    /** Unloads a module (best effort): true if rmmod succeeded. */
    boolean rmmod(String name, Duration timeout) throws IOException {
        sendLine("RMMOD " + name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] l = readLine(deadline);
            if (l == null) throw new LostException("the VM closed the control channel");
            String s = new String(l, StandardCharsets.UTF_8);
            if (s.startsWith("ERR unknown command RMMOD")) return false;
            if (s.startsWith("RMMOD " + name + " ")) return s.endsWith(" 0");
        }
    }

    /** What the agent reported for one module. */
    record Outcome(int rc, Integer commandRc, boolean unloaded, long taintBefore, long taintAfter, boolean oops,
                   boolean warn, List<String> kernelLog, List<String> stderr) {}

    /**
     * Sends the module and streams its output to {@code out} line by line until the agent's verdict.
     * @param interrupt polled while waiting; once true, INT is sent to the guest (once)
     */
    Outcome run(String name, byte[] ko, String command, String params, long deadlineNanos, OutputStream out,
                PrintStream err, java.util.function.BooleanSupplier interrupt) throws IOException {
        return run(name, ko, command, params, null, deadlineNanos, out, err, interrupt);
    }

    /** As above, with {@code -x PID}: a process inside the guest, the module's {@code target()} (null: none). */
    Outcome run(String name, byte[] ko, String command, String params, Integer targetPid, long deadlineNanos,
                OutputStream out, PrintStream err, java.util.function.BooleanSupplier interrupt) throws IOException {
        String tok = token();
        byte[] cmd = command == null ? new byte[0] : command.getBytes(StandardCharsets.UTF_8);
        byte[] par = params == null ? new byte[0] : params.getBytes(StandardCharsets.UTF_8);
        send(("RUN " + tok + " " + name + " " + ko.length + " " + cmd.length + " " + par.length + " 0 "
                + (targetPid == null ? 0 : targetPid) + "\n").getBytes(StandardCharsets.UTF_8), ko, cmd, par);
        currentMarker = ("\001" + tok + " ").getBytes(StandardCharsets.UTF_8);
        running = true;
        try {
            return collect(deadlineNanos, out, err, interrupt);
        } finally {
            running = false;
        }
    }

    private volatile boolean running;

    /** A RUN was sent and its verdict has not come yet: what the host sends now reaches that run (IN lines). */
    boolean running() {
        return running;
    }

    /** After an INT: the rest of the current run until its verdict, or null if it does not come by the deadline. */
    Outcome drain(long deadlineNanos, OutputStream out, PrintStream err) throws IOException {
        try {
            return collect(deadlineNanos, out, err, () -> false);
        } catch (TimeoutException e) {
            return null;
        }
    }

    private byte[] currentMarker;

    private Outcome collect(long deadlineNanos, OutputStream out, PrintStream err,
                            java.util.function.BooleanSupplier interrupt) throws IOException {
        byte[] marker = currentMarker;
        int rc = -1;
        Integer crc = null;
        boolean unloaded = false, oops = false, warn = false;
        long t0 = -1, t1 = -1;
        List<String> klog = new ArrayList<>(), stderr = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            // checked on every line, not only when the output pauses: a script printing more often than the
            // poll interval would otherwise never see its Ctrl-C (issue 11 item 10)
            if (!interrupted && interrupt.getAsBoolean()) {
                interrupted = true;
                sendLine("INT");
            }
            byte[] l;
            try {
                l = readLine(Math.min(deadlineNanos, System.nanoTime() + 200_000_000L));
            } catch (TimeoutException e) {
                if (System.nanoTime() >= deadlineNanos) throw e;
                continue;
            }
            if (l == null) throw new LostException("the VM closed the control channel during the run");
            int at = indexOf(l, marker);
            if (at < 0) {
                out.write(l);
                out.write('\n');
                out.flush();
                continue;
            }
            if (at > 0) {
                out.write(l, 0, at);
                out.flush();
            }
            String c = new String(l, at + marker.length, l.length - at - marker.length, StandardCharsets.UTF_8);
            if (c.startsWith("END rc=")) {
                rc = Integer.parseInt(c.substring(7).strip());
            } else if (c.startsWith("E ")) {
                stderr.add(c.substring(2));
                err.println(c.substring(2));
            } else if (c.startsWith("K ")) {
                klog.add(c.substring(2));
            } else if (c.startsWith("S ")) {
                for (String kv : c.substring(2).split(" ")) {
                    int eq = kv.indexOf('=');
                    if (eq < 0) continue;
                    String k = kv.substring(0, eq), v = kv.substring(eq + 1);
                    switch (k) {
                        case "command_rc" -> crc = Integer.valueOf(v);
                        case "unloaded" -> unloaded = v.equals("1");
                        case "taint_before" -> t0 = Long.parseLong(v);
                        case "taint_after" -> t1 = Long.parseLong(v);
                        case "oops" -> oops = v.equals("1");
                        case "warn" -> warn = v.equals("1");
                        default -> { }
                    }
                }
            } else if (c.equals("SWITCH")) { // switch_file(): the host writes -o's files
                if (out instanceof org.jstap.api.ScriptOutput files) files.switchFile();
            } else if (c.equals("DONE")) {
                return new Outcome(rc, crc, unloaded, t0, t1, oops, warn, klog, stderr);
            }
        }
    }

    void quit() {
        try {
            sendLine("QUIT");
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        ch.close();
    }

    boolean isClosed() {
        return closed;
    }

    static String token() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
