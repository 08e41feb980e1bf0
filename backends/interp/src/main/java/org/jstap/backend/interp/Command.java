package org.jstap.backend.interp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code -c CMD} command, run as stap runs it: started before the begin probes but held stopped (so
 * {@code target()} is its pid from the first probe on), released once the begin probes have run, and the end of
 * the session when it exits. It shares jstap's standard streams. The interp backend cannot probe inside it (no
 * process probes); it only times the run and names the target.
 */
final class Command {
    private final UserSpaceEngine.CommandProcess process;

    private Command(UserSpaceEngine.CommandProcess process) {
        this.process = process;
    }

    /** A command another host runs for a backend (bpf's loader in the test VM), held stopped there already. */
    static Command external(UserSpaceEngine.CommandProcess p) {
        return new Command(p);
    }

    /**
     * A process of this machine as the engine sees a command: the leader of its own process group when
     * {@code setsid} put it there, watched by {@code guard} (null without one).
     */
    private record Local(Process p, Process guard) implements UserSpaceEngine.CommandProcess {
        @Override public long pid() { return p.pid(); }

        @Override public void resume() {
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).inheritIO().start().waitFor();
            } catch (IOException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override public void onExit(Runnable r) { p.onExit().thenRun(r); }

        @Override public boolean alive() { return p.isAlive(); }

        @Override public int exitValue() { return p.exitValue(); }

        @Override public void kill() {
            // what the command started goes too (sh's children would be orphaned and live on), as kmod's
            // jstaprun kills the command's process group: taken before the command dies and they are reparented
            List<ProcessHandle> started = p.descendants().toList();
            if (guard != null) killGroup(p.pid());
            p.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unguard();
        }

        /** The session is over and the command gone: the guard goes without killing anything. */
        void unguard() {
            if (guard == null || !guard.isAlive()) return;
            try (var w = guard.getOutputStream()) {
                w.write('q');
            } catch (IOException e) {
                // the guard is gone already
            }
            try {
                guard.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void killGroup(long pgid) {
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // no kill(1): the command and its descendants are still killed one by one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /**
     * -c's guard, as jstaprun's and the bpf loader's: a process outside the command's group reading a pipe only this
     * JVM writes. However the JVM ends (SIGKILL too) the pipe closes, and unless it said 'q' first the guard
     * SIGKILLs the command's whole group, stopped or running, so nothing the command started outlives the session.
     */
    private static Process guard(long pgid) {
        try {
            return new ProcessBuilder("/bin/sh", "-c",
                    "trap '' INT TERM HUP QUIT; read -r x; [ \"$x\" = q ] || kill -KILL \"-$0\"", Long.toString(pgid))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Starts the command stopped (a shell stops itself, then execs the command when continued): plain words are
     * executed directly, anything else through {@code /bin/sh -c} (see {@link CommandWords}).
     */
    static Command startStopped(String cmd) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c"));
        List<String> words = CommandWords.split(cmd);
        if (words == null) {
            argv.addAll(List.of("kill -STOP $$; exec /bin/sh -c \"$0\"", cmd));
        } else if (CommandWords.cannotRun(words.get(0)) != null) {
            argv.addAll(List.of("kill -STOP $$; printf '%s\\n' \"$0\" >&2; exit 1",
                    words.get(0) + ": " + CommandWords.cannotRun(words.get(0))));
        } else {
            argv.add("kill -STOP $$; exec \"$0\" \"$@\"");
            argv.addAll(words);
        }
        // its own process group (setsid execs in place: the pid stays the target), so the guard can end it all
        boolean group = Files.isExecutable(SETSID);
        if (group) argv.add(0, SETSID.toString());
        Process p = new ProcessBuilder(argv).inheritIO().start();
        Command c = new Command(new Local(p, group ? guard(p.pid()) : null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.isAlive() && !stopped(p) && System.nanoTime() < deadline) {
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

    private static boolean stopped(Process process) {
        try {
            String s = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            return s.charAt(s.lastIndexOf(')') + 2) == 'T';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Lets the command run (SIGCONT). */
    void resume() {
        process.resume();
    }

    void onExit(Runnable r) {
        process.onExit(() -> {
            if (process instanceof Local l) l.unguard();
            r.run();
        });
    }

    boolean alive() {
        return process.alive();
    }

    /**
     * stap's verdict on a command that ended by itself: its warning if it failed (a status, or a signal, which a
     * JVM sees as 128 + N), else null. Null too while it runs.
     */
    String failure() {
        if (process.alive()) return null;
        int st = process.exitValue();
        if (st == 0) return null;
        if (st > 128 && st < 128 + 65) {
            String name = SIGNALS.length > st - 128 ? SIGNALS[st - 128] : null;
            return "WARNING: Child process exited with signal " + (st - 128) + (name == null ? "" : " (" + name + ")");
        }
        return "WARNING: Child process exited with status " + st;
    }

    /** strsignal's names for the usual signals (index = number). */
    private static final String[] SIGNALS = {null, "Hangup", "Interrupt", "Quit", "Illegal instruction",
        "Trace/breakpoint trap", "Aborted", "Bus error", "Floating point exception", "Killed", "User defined signal 1",
        "Segmentation fault", "User defined signal 2", "Broken pipe", "Alarm clock", "Terminated"};

    /** The session ended first: stop the command (it may still be held stopped, hence the forcible kill). */
    void end() {
        if (process.alive()) process.kill();
        else if (process instanceof Local l) l.unguard();
    }
}
