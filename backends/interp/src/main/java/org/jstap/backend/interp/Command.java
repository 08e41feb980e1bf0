package org.jstap.backend.interp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The {@code -c CMD} command, run as stap runs it: started before the begin probes but held stopped (so
 * {@code target()} is its pid from the first probe on), released once the begin probes have run, and the end of
 * the session when it exits. It shares jstap's standard streams. The interp backend cannot probe inside it (no
 * process probes); it only times the run and names the target.
 */
final class Command {
    private final Process process;

    private Command(Process process) {
        this.process = process;
    }

    /** Starts {@code /bin/sh -c CMD} stopped (the shell stops itself, then execs the command when continued). */
    static Command startStopped(String cmd) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "kill -STOP $$; exec /bin/sh -c \"$0\"", cmd).inheritIO().start();
        Command c = new Command(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.isAlive() && !c.stopped() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return c;
    }

    long pid() {
        return process.pid();
    }

    private boolean stopped() {
        try {
            String s = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            return s.charAt(s.lastIndexOf(')') + 2) == 'T';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Lets the command run (SIGCONT). */
    void resume() {
        try {
            new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void onExit(Runnable r) {
        process.onExit().thenRun(r);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The session ended first: stop the command (it may still be held stopped, hence the forcible kill). */
    void end() {
        if (!process.isAlive()) return;
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
