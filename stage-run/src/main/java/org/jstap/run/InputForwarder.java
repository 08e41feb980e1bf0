package org.jstap.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;

/**
 * input.char / input.line in the test VM: jstap's standard input (ScriptInput) goes to the guest's loader while
 * the run lasts, as {@code IN HEX} lines on the agent's channel (the agent writes the bytes into the loader's
 * {@code -i} FIFO, the loader writes them to the module's {@code __stdin} file one byte per write). A daemon
 * thread: it ends at end of input, on a closed channel, or when the run is over ({@link #close}).
 */
final class InputForwarder implements AutoCloseable {
    /** The probe point the tapset's input aliases become (the module manifest lists it). */
    static final String POINT = "procfs(\"__stdin\").write";
    private static final int CHUNK = 512;

    private final Thread thread;
    private volatile boolean closed;

    private InputForwarder(InputStream in, AgentClient a) {
        thread = new Thread(() -> {
            byte[] b = new byte[CHUNK];
            try {
                while (!closed && !a.running()) Thread.sleep(5); // not before the RUN command itself
                int n;
                while (!closed && (n = in.read(b)) > 0) {
                    if (!closed) a.sendLine("IN " + HexFormat.of().formatHex(b, 0, n));
                }
            } catch (IOException e) {
                // the input or the channel is gone: nothing more to forward
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jstap-vm-input");
        thread.setDaemon(true);
    }

    /** True when the module has input probes. */
    static boolean wanted(List<String> probes) {
        return probes.stream().anyMatch(p -> p.contains(POINT));
    }

    /** Starts forwarding {@code in} (stays blocked in a read of stdin at worst: a daemon thread). */
    static InputForwarder start(InputStream in, AgentClient a) {
        InputForwarder f = new InputForwarder(in, a);
        f.thread.start();
        return f;
    }

    /** The run is over: nothing read from now on is sent. */
    @Override
    public void close() {
        closed = true;
    }
}
