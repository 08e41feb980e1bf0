package org.jstap.backend.interp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import org.jstap.api.ir.IrSite;

/**
 * Runs a compiled program like runtime-c's session: begin probes (by priority, then program order) while the state
 * is "starting"; then timers on real wall-clock time, one handler at a time on this thread, until {@code exit()},
 * an error or an interrupt; then the end probes, or the error probes after an error. Returns the exit status:
 * 1 when any error was reported, after stap's {@code WARNING: Number of errors: N, skipped probes: 0}.
 */
final class Interpreter {
    private final Program program;
    private final Session ss;
    private final Command command;
    private final UserSpaceEngine.Hooks hooks;
    private volatile Thread runner;
    /** input.char / input.line: their probes and jstap's stdin (null: the script has none). */
    private List<Program.Probe> inputProbes = List.of();
    private StdinFeed stdin;
    /** Where input probes read (opened only when the script has some): jstap's stdin unless a stage says otherwise. */
    private java.util.concurrent.Callable<java.io.InputStream> input = () -> System.in;

    /** input.char / input.line read from what {@code in} opens (ScriptInput.open of the run's options). */
    void readInputFrom(java.util.concurrent.Callable<java.io.InputStream> in) {
        input = in;
    }

    Interpreter(Program program, Command command) {
        this(program, command, new UserSpaceEngine.Hooks() {});
    }

    /** {@code hooks}: where another backend (bpf) arms its kernel side and syncs globals around each handler. */
    Interpreter(Program program, Command command, UserSpaceEngine.Hooks hooks) {
        this.program = program;
        this.ss = program.session;
        this.command = command;
        this.hooks = hooks;
    }

    /** From another thread: wake the timer loop (an external error or exit was queued). */
    void wake() {
        Thread t = runner;
        if (t != null) LockSupport.unpark(t);
    }

    /** From another thread (SIGINT): end the run as stap does on ^C, end probes included. */
    void interrupt() {
        ss.exitRequested = true;
        Thread t = runner;
        if (t != null) LockSupport.unpark(t);
    }

    int run() {
        runner = Thread.currentThread();
        ss.state = Session.State.STARTING;
        for (Program.Probe p : sorted(IrSite.Begin.class)) runProbe(p, Session.State.STARTING);
        if (ss.state == Session.State.STARTING) {
            ss.state = Session.State.RUNNING;
            String failed = hooks.started();
            if (failed != null) {
                ss.report(ScriptError.whole(failed));
            }
        }
        drainExternal();
        if (ss.state == Session.State.RUNNING) {
            inputProbes = program.probes.stream()
                    .filter(p -> p.ir().site() instanceof IrSite.Procfs s && StdinFeed.reads(s)).toList();
            if (!inputProbes.isEmpty()) {
                try {
                    stdin = StdinFeed.start(input.call(), this::wake);
                } catch (Exception e) {
                    ss.warn("input.char/input.line: cannot read the input: " + e.getMessage());
                }
            }
            if (command != null) { // -c: released now; its exit ends the session like exit()
                command.onExit(this::interrupt);
                command.resume();
                if (!command.alive()) ss.exitRequested = true;
            }
            runTimers();
        }
        // -c: a command that ended by itself and failed fails the session (stap: a warning, exit 1)
        String commandFailed = command == null ? null : command.failure();
        if (commandFailed != null) {
            ss.out.flush();
            ss.err.println(commandFailed);
            ss.err.flush();
        }
        if (ss.state == Session.State.STARTING || ss.state == Session.State.RUNNING) ss.state = Session.State.STOPPING;
        hooks.stopping();
        drainExternal();
        if (ss.state == Session.State.STARTING || ss.state == Session.State.RUNNING) ss.state = Session.State.STOPPING;
        if (ss.state == Session.State.ERROR) {
            for (Program.Probe p : sorted(IrSite.Error.class)) runProbe(p, Session.State.ERROR);
        } else {
            for (Program.Probe p : sorted(IrSite.End.class)) runProbe(p, Session.State.STOPPING);
        }
        ss.state = Session.State.STOPPED;
        ss.out.flush();
        long skipped = hooks.skippedProbes();
        if (ss.errors > 0 || skipped > 0) {
            ss.err.println("WARNING: Number of errors: " + ss.errors + ", skipped probes: " + skipped);
            ss.err.flush();
            if (ss.errors > 0 && !ss.suppressHandlerErrors) return 1;
        }
        return commandFailed != null ? 1 : 0;
    }

    private List<Program.Probe> sorted(Class<? extends IrSite> kind) {
        List<Program.Probe> out = new ArrayList<>();
        for (Program.Probe p : program.probes) if (kind.isInstance(p.ir().site())) out.add(p);
        out.sort(Comparator.comparingLong(p -> priority(p.ir().site()))); // stable: program order for ties
        return out;
    }

    private static long priority(IrSite s) {
        if (s instanceof IrSite.Begin b) return b.priority();
        if (s instanceof IrSite.End e) return e.priority();
        if (s instanceof IrSite.Error e) return e.priority();
        return 0;
    }

    /** The input probes on one byte of stdin, if one is waiting; true when they ran. */
    private boolean feedInput() {
        if (stdin == null) return false;
        int b = stdin.next();
        if (b < 0) return false;
        String value = String.valueOf((char) b);
        for (Program.Probe p : inputProbes) runProbe(p, Session.State.RUNNING, value);
        return true;
    }

    /** One handler run, if the session is still in the state this kind of probe runs in. */
    void runProbe(Program.Probe p, Session.State expected) {
        runProbe(p, expected, "");
    }

    private void runProbe(Program.Probe p, Session.State expected, String value) {
        if (ss.state != expected) return;
        hooks.beforeProbe();
        Hit h = new Hit(ss, p.ir());
        h.value = value;
        Frame f = new Frame(p.frameSize(), h);
        ScriptError failed = null;
        try {
            if (p.condition() != null) h.lastStmt = p.conditionNear();
            if (p.condition() == null || p.condition().l(f) != 0) p.body().x(f);
        } catch (NextSignal n) {
            // handler left early
        } catch (ScriptError e) {
            failed = e;
        } catch (StackOverflowError e) {
            failed = new ScriptError("MAXNESTING exceeded", h.lastStmt, false);
        }
        ss.write(h.out);
        if (h.commands != null) h.commands.forEach(ss::system);
        if (failed != null) ss.report(failed);
        hooks.afterProbe();
    }

    /** Errors another backend's kernel side reported, on this thread (the session state is this thread's). */
    private void drainExternal() {
        String line;
        while ((line = ss.external.poll()) != null) {
            ss.report(ScriptError.whole(line));
        }
    }

    private static final class Timer {
        final Program.Probe probe;
        final long period, spread;
        long due;

        Timer(Program.Probe probe, long period, long spread) {
            this.probe = probe;
            this.period = Math.max(1, period);
            this.spread = spread;
        }
    }

    private long next(Timer t) {
        if (t.spread <= 0) return t.period;
        long d = Math.floorMod(ss.random.nextLong(), 2 * t.spread + 1) - t.spread;
        return Math.max(1, t.period + d);
    }

    private void runTimers() {
        PriorityQueue<Timer> q = new PriorityQueue<>(Comparator.comparingLong((Timer t) -> t.due));
        long now = System.nanoTime();
        long nsPerJiffy = 1_000_000_000L / ss.limits.hz();
        for (Program.Probe p : program.probes) {
            if (p.ir().site() instanceof IrSite.Timer t) {
                Timer tm = t.jiffies() > 0 ? new Timer(p, t.jiffies() * nsPerJiffy, t.randomizeJiffies() * nsPerJiffy)
                        : new Timer(p, t.periodNs(), t.randomizeNs());
                tm.due = now + next(tm);
                q.add(tm);
            }
        }
        while (!ss.exitRequested) {
            drainExternal();
            if (ss.exitRequested) break;
            if (feedInput()) continue;
            Timer t = q.peek();
            long wait = t == null ? 1_000_000_000L : t.due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            q.poll();
            runProbe(t.probe, Session.State.RUNNING);
            // like hrtimer_forward_now: the next expiry after now, missed periods are skipped
            long n = System.nanoTime();
            t.due += next(t);
            if (t.due <= n) t.due = n + next(t);
            q.add(t);
        }
    }
}
