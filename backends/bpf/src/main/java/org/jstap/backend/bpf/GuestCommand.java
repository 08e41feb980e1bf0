package org.jstap.backend.bpf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jstap.backend.interp.UserSpaceEngine;

/**
 * {@code -c CMD} where the loader runs (the test VM): the loader forks {@code /bin/sh -c CMD} held stopped next to
 * the probes ({@code target()} is its pid there), interp's engine releases it and ends the session when it exits,
 * as with a local command. Its stdout and stderr come back as loader frames and go to ours.
 * <p>{@code -x PID} there ({@link #watch}): the process is the user's, not ours: the loader only watches it and
 * reports its end (status 0), which ends the session as kmod's jstaprun does; it is never stopped, resumed or killed.
 */
final class GuestCommand implements UserSpaceEngine.CommandProcess {
    private final LoaderSession ls;
    private final long pid;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final List<Runnable> onExit = new ArrayList<>();
    private volatile int status = -1;
    private boolean watched; // -x PID: not ours to resume or kill
    /** Run once the command was released (a fleet host counts as running from then on). */
    volatile Runnable afterResume = () -> { };

    private GuestCommand(LoaderSession ls, long pid, PrintStream out, PrintStream err) {
        this.ls = ls;
        this.pid = pid;
        this.out = out;
        this.err = err;
    }

    static GuestCommand start(LoaderSession ls, String command, PrintStream out, PrintStream err) throws IOException {
        return begin(ls, "cmd " + MapSync.hex(command.getBytes(StandardCharsets.UTF_8)), "start the -c command", out, err);
    }

    /** {@code -x PID} on the loader's host: {@code target()} is {@code pid}, the session ends when it is gone. */
    static GuestCommand watch(LoaderSession ls, long pid, PrintStream out, PrintStream err) throws IOException {
        GuestCommand c = begin(ls, "watch " + pid, "watch process " + pid, out, err);
        c.watched = true;
        return c;
    }

    private static GuestCommand begin(LoaderSession ls, String line, String what, PrintStream out, PrintStream err)
            throws IOException {
        GuestCommand[] self = new GuestCommand[1];
        List<LoaderSession.Reply> early = new ArrayList<>();
        ls.commandFrames = f -> {
            synchronized (early) {
                if (self[0] == null) {
                    early.add(f);
                    return;
                }
            }
            self[0].frame(f);
        };
        LoaderSession.Reply r = ls.call(line);
        if (r.type() != LoaderSession.FR_OK) throw new IOException("cannot " + what + ": " + r.text());
        GuestCommand c = new GuestCommand(ls, Long.parseLong(r.text().trim()), out, err);
        synchronized (early) {
            self[0] = c;
        }
        for (LoaderSession.Reply f : early) c.frame(f);
        return c;
    }

    private void frame(LoaderSession.Reply f) {
        switch (f.type()) {
            case LoaderSession.FR_CMDOUT -> write(out, f.payload());
            case LoaderSession.FR_CMDERR -> write(err, f.payload());
            case LoaderSession.FR_CMDEXIT -> {
                int st = f.buffer().getInt(0);
                status = (st & 0x7f) == 0 ? (st >> 8) & 0xff : 128 + (st & 0x7f); // as a JVM reports a child's end
                List<Runnable> run;
                synchronized (onExit) {
                    ended.countDown();
                    run = new ArrayList<>(onExit);
                    onExit.clear();
                }
                for (Runnable x : run) x.run();
            }
            default -> { }
        }
    }

    private static void write(PrintStream s, byte[] b) {
        synchronized (s) {
            s.write(b, 0, b.length);
            s.flush();
        }
    }

    @Override public long pid() { return pid; }

    @Override
    public void resume() {
        if (watched) {
            afterResume.run();
            return;
        }
        try {
            ls.call("cont");
        } catch (IOException e) {
            // the loader is gone: so is the command
        } finally {
            afterResume.run();
        }
    }

    @Override
    public void onExit(Runnable r) {
        synchronized (onExit) {
            if (ended.getCount() > 0) {
                onExit.add(r);
                return;
            }
        }
        r.run();
    }

    @Override public boolean alive() { return ended.getCount() > 0; }

    @Override public int exitValue() { return status; }

    @Override
    public void kill() {
        if (watched || !alive()) return;
        try {
            if (ls.call("cmdkill").type() == LoaderSession.FR_OK) ended.await(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the loader is gone: it killed the command on its way out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
