package org.jstap.run;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jstap.api.spi.HelperHost;

/**
 * One {@code --remote} host as a {@link HelperHost} (the bpf backend's loader runs there, its engine here): the
 * program is cached on the host by its hash like kmod's loader ({@code /var/tmp/jstap/NAME-HASH}), the file goes
 * into a fresh 0700 {@code /tmp/jstap-run-*}, and the program runs in a session over the host's ssh master, its
 * stdin and stdout the control channel and its stderr the host's. Shipping takes one of the fleet's set-up
 * permits; the start waits until every host is shipped, as kmod's runs do. After the run, whatever is left (the
 * program still alive, the run directory) is removed.
 */
final class SshHelperHost implements HelperHost {
    private final Fleet fleet;
    private final Fleet.Host h;
    private final CountDownLatch shipped;
    private volatile boolean countedDown;
    /** The fleet stopped before this host's program started: no failure to report. */
    private volatile boolean cancelled;
    private volatile Process process;

    SshHelperHost(Fleet fleet, Fleet.Host h, CountDownLatch shipped) {
        this.fleet = fleet;
        this.h = h;
        this.shipped = shipped;
    }

    @Override public String name() { return h.t.uri(); }

    @Override public int preference() { return 100; }

    @Override public boolean isAvailable() { return true; }

    @Override public String whyUnavailable() { return null; }

    boolean cancelled() {
        return cancelled;
    }

    /** Whether the program's ssh session ended with 255: the connection (the master, the host) was lost. */
    boolean lost() {
        Process p = process;
        return p != null && !p.isAlive() && p.exitValue() == 255;
    }

    /** Counts this host as shipped (or out) once; the other hosts' starts wait for every host's. */
    void release() {
        if (!countedDown) {
            countedDown = true;
            shipped.countDown();
        }
    }

    @Override
    public Helper start(byte[] program, String programName, byte[] file, String fileSuffix, List<String> args,
                        PrintStream err) throws IOException {
        for (String w : args) if (!w.matches("[A-Za-z0-9._=-]+")) throw new IOException("helper argument not a plain word: " + w);
        String base = programName.replaceAll("-[0-9a-f]{8,}$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        String programPath = Fleet.LOADER_DIR + "/" + base + "-" + VmInstance.sha256(program).substring(0, 16);
        String dir = "/tmp/jstap-run-" + AgentClient.token();
        String fileName = "object" + fileSuffix.replaceAll("[^A-Za-z0-9._-]", "_");
        h.loader = programPath;
        try {
            fleet.setupPermit();
            try {
                if (fleet.isCancelled()) throw cancelledNow();
                Fleet.Result caps = fleet.exec(h, "grep '^CapEff:' /proc/self/status", null, Fleet.COMMAND_TIMEOUT);
                if (caps.rc() != 0) throw new IOException("cannot reach it: " + caps.why());
                if (!mayLoadBpf(caps.out())) {
                    throw new IOException("its login may not load BPF programs (needs root, or CAP_BPF and CAP_PERFMON)");
                }
                fleet.ensureLoader(h, program, programPath);
                h.runDir = dir;
                Fleet.Result put = fleet.exec(h, "mkdir -m 700 " + Ssh.quote(dir) + " && cat > " + Ssh.quote(dir + "/" + fileName),
                        file, Fleet.COMMAND_TIMEOUT);
                if (put.rc() != 0) throw new IOException("cannot copy the bpf object to it: " + put.why());
            } finally {
                fleet.releaseSetupPermit();
            }
            release();
            shipped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            release();
        }
        if (fleet.isCancelled()) throw cancelledNow();
        List<String> argv = new ArrayList<>(List.of(programPath, fileName));
        argv.addAll(args);
        String remote = "cd " + Ssh.quote(dir) + " && echo $$ > pid && exec " + Ssh.words(argv);
        Process p = new ProcessBuilder(fleet.ssh().exec(h.t, remote)).start();
        process = p;
        h.running = true;
        Thread errPump = Fleet.pump(p.getErrorStream(), new OutputStream() {
            @Override public void write(int b) { err.write(b); }

            @Override public void write(byte[] b, int off, int len) {
                err.write(b, off, len);
                err.flush();
            }
        });
        return new Helper() {
            // the end frame HelperHost promises, after the program's last frame
            private final InputStream out = new SequenceInputStream(p.getInputStream(), new ByteArrayInputStream(
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(HelperHost.END_FRAME).putInt(0).array()));

            @Override public InputStream stdout() { return out; }

            @Override public OutputStream stdin() { return p.getOutputStream(); }

            @Override
            public void close() {
                try {
                    p.getOutputStream().close(); // end of its stdin: the loader detaches and exits
                } catch (IOException ignored) {
                    // already gone
                }
                try {
                    if (!p.waitFor(Fleet.STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                        killRemote();
                        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
                    }
                    errPump.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                } finally {
                    h.running = false;
                    h.ended = true;
                }
            }
        };
    }

    /** From a {@code CapEff:} line: CAP_SYS_ADMIN (21), or CAP_BPF (39) with CAP_PERFMON (38); true if unreadable. */
    static boolean mayLoadBpf(String capEffLine) {
        String hex = capEffLine.replaceFirst("^\\s*CapEff:\\s*", "").strip();
        long caps;
        try {
            caps = Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            return true; // let the load itself say
        }
        boolean admin = (caps & (1L << 21)) != 0, bpf = (caps & (1L << 39)) != 0, perfmon = (caps & (1L << 38)) != 0;
        return admin || (bpf && perfmon);
    }

    private IOException cancelledNow() {
        cancelled = true;
        return new IOException("stopped before it started");
    }

    private void killRemote() {
        String dir = h.runDir;
        if (dir == null) return;
        String pid = Ssh.quote(dir + "/pid");
        try {
            fleet.exec(h, "[ -s " + pid + " ] && kill -KILL $(cat " + pid + ")", null, Fleet.COMMAND_TIMEOUT);
        } catch (IOException e) {
            // host gone: so is the program
        }
    }

    /** After the run, whatever happened: the program killed if it still runs, the run directory removed. */
    void cleanup() {
        String dir = h.runDir;
        if (dir == null) return;
        Process p = process;
        if (p != null && p.isAlive()) p.destroyForcibly();
        String pid = Ssh.quote(dir + "/pid");
        String cmd = "P=$(cat " + pid + " 2>/dev/null); [ -n \"$P\" ] && kill -0 \"$P\" 2>/dev/null && kill -KILL \"$P\"; "
                + "rm -rf " + Ssh.quote(dir) + "; true";
        try {
            fleet.exec(h, cmd, null, Fleet.COMMAND_TIMEOUT);
        } catch (IOException e) {
            // host gone: nothing of the run survives it
        }
        h.runDir = null;
    }
}
