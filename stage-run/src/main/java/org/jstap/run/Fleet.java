package org.jstap.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jstap.api.SessionOptions;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.spi.CtrlC;

/**
 * Pass 5 on many hosts over OpenSSH ({@code --remote}). {@link #connect} opens one master connection per host
 * ({@link #DEFAULT_PARALLEL} at a time) and asks each for its kernel; the caller builds one module per distinct
 * kernel; {@link #run} ships the loader (cached on the host by its hash) and the module, starts every host's run at
 * once when all are shipped, merges their output
 * line by line ({@link LineMerger}), and ends them together: Ctrl-C, a host whose script ends by itself
 * ({@code exit()}, {@code -c} command done) or the time limit sends every other host an INT (its end probes run and
 * its output is drained), then waits for all. A host that cannot be reached, fails to load, or is lost during the
 * run is reported as {@code [N] Pass P: ... failed} with its name; the others go on. Whatever a run leaves (its
 * directory, a loader that did not end, a module still loaded) is removed on every exit path.
 */
public final class Fleet implements AutoCloseable {
    /** Where the loader is cached on a host, by the first 16 hex digits of its SHA-256. */
    static final String LOADER_DIR = "/var/tmp/jstap";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** After the INT, how long a host gets to run its end probes and unload before its loader is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /**
     * How many hosts connect (master + kernel query) or get their copies (loader, module) at the same time, by
     * default; {@code JSTAP_REMOTE_PARALLEL} overrides it. 10 is OpenSSH's MaxStartups start: a fleet reached
     * through one jump host never has more unauthenticated connections there than sshd accepts without dropping
     * some. Runs are not limited: every host runs at once once all are shipped.
     */
    static final int DEFAULT_PARALLEL = 10;

    private final List<RemoteTarget> targets;
    private final PrintStream err;
    private final Ssh ssh;
    private final Map<Integer, Host> hosts = new ConcurrentHashMap<>();
    private final Map<Integer, String> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Ctrl-C, SIGTERM or the time limit: a host not started yet is not started (another host's end still is). */
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** Connection set-ups and copies in flight (see {@link #DEFAULT_PARALLEL}). */
    private final Semaphore setups;
    /**
     * Starts the master connections and lives until {@link #close}: ssh runs under {@code setpriv --pdeathsig},
     * and Linux sends that signal when the <em>thread</em> that started the process ends, so a master started by
     * a short-lived connect thread died right after the kernel query (and every later command, finding no master,
     * opened a connection of its own).
     */
    private final ExecutorService masterStarter = Executors.newSingleThreadExecutor(r -> {
        Thread th = new Thread(r, "jstap-remote-masters");
        th.setDaemon(true);
        return th;
    });

    /** One host's connection and run. */
    static final class Host {
        final RemoteTarget t;
        Process master;
        /** What ends a session the client drives ({@link #runSessions}): its engine's exit(). */
        volatile Runnable stop;
        volatile String runDir;
        volatile String moduleName;
        volatile String loader;
        volatile boolean running, ended;

        Host(RemoteTarget t) {
            this.t = t;
        }
    }

    public Fleet(List<RemoteTarget> targets, PrintStream err) throws IOException {
        this(targets, err, parallel(System.getenv("JSTAP_REMOTE_PARALLEL")));
    }

    Fleet(List<RemoteTarget> targets, PrintStream err, int parallel) throws IOException {
        this.targets = List.copyOf(targets);
        this.err = err;
        this.ssh = new Ssh(Ssh.privateDir());
        this.setups = new Semaphore(Math.max(1, parallel));
    }

    /** {@code JSTAP_REMOTE_PARALLEL}: a positive number, else the default. */
    static int parallel(String env) {
        try {
            int n = env == null ? DEFAULT_PARALLEL : Integer.parseInt(env.strip());
            return n > 0 ? n : DEFAULT_PARALLEL;
        } catch (NumberFormatException e) {
            return DEFAULT_PARALLEL;
        }
    }

    public List<RemoteTarget> targets() {
        return targets;
    }

    /** {@code [N] Pass P: ... failed} for one host; the run goes on without it. */
    public void fail(RemoteTarget t, int pass, String why) {
        failures.putIfAbsent(t.index(), why);
        synchronized (err) {
            err.println("[" + t.index() + "] Pass " + pass + ": " + (pass == 5 ? "run on " : "build for ") + t.name()
                    + " failed: " + why);
            err.flush();
        }
    }

    public boolean failed(RemoteTarget t) {
        return failures.containsKey(t.index());
    }

    public int failedCount() {
        return failures.size();
    }

    /** Opens every master connection at once and asks each host for its kernel; unreachable hosts are failed. */
    public Map<RemoteTarget, RemoteKernel> connect() {
        Map<RemoteTarget, RemoteKernel> out = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (RemoteTarget t : targets) {
            Thread th = new Thread(() -> {
                try {
                    setups.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(t, 5, "interrupted");
                    return;
                }
                try {
                    Host h = open(t);
                    hosts.put(t.index(), h);
                    Result r = exec(h, RemoteKernel.PROBE, null, COMMAND_TIMEOUT);
                    RemoteKernel k = r.rc() == 0 ? RemoteKernel.parse(r.out()) : null;
                    if (k == null) fail(t, 5, "cannot read its kernel: " + r.why());
                    else out.put(t, k);
                } catch (IOException e) {
                    fail(t, 5, e.getMessage());
                } finally {
                    setups.release();
                }
            }, "jstap-remote-connect-" + t.index());
            th.start();
            threads.add(th);
        }
        joinAll(threads);
        Map<RemoteTarget, RemoteKernel> ordered = new LinkedHashMap<>();
        for (RemoteTarget t : targets) if (out.containsKey(t)) ordered.put(t, out.get(t));
        return ordered;
    }

    private Host open(RemoteTarget t) throws IOException {
        Host h = new Host(t);
        ProcessBuilder pb = new ProcessBuilder(ssh.master(t)).redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process m;
        try {
            m = masterStarter.submit(pb::start).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        h.master = m;
        StringBuilder why = new StringBuilder();
        Thread errPump = new Thread(() -> {
            try (InputStream in = m.getErrorStream()) {
                why.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the master ended
            }
        }, "jstap-remote-master-" + t.index());
        errPump.setDaemon(true);
        errPump.start();
        long until = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            if (!m.isAlive()) {
                try {
                    errPump.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                String msg = why.toString().strip();
                throw new IOException("cannot connect" + (msg.isEmpty() ? " (ssh exit " + m.exitValue() + ")" : ": " + msg));
            }
            if (Files.exists(ssh.controlPath(t)) && quiet(ssh.check(t)) == 0) return h;
            AgentClient.sleep(30);
        }
        m.destroyForcibly();
        throw new IOException("cannot connect: no ssh connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
    }

    /** What a remote command printed, and its exit status (255: ssh itself failed or the connection was lost). */
    record Result(int rc, String out, String errText) {
        String why() {
            String e = errText.strip();
            return e.isEmpty() ? "exit status " + rc : e;
        }
    }

    Result exec(Host h, String remote, byte[] stdin, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(ssh.exec(h.t, remote)).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        } catch (IOException e) {
            // the remote side did not read it all: its exit status says why
        }
        StringBuilder errText = new StringBuilder();
        Thread e = new Thread(() -> {
            try (InputStream s = p.getErrorStream()) {
                errText.append(new String(s.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // ended
            }
        });
        e.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(255, out, "timed out");
            }
            e.join(2000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
        return new Result(p.exitValue(), out, errText.toString());
    }

    private static int quiet(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Runs each host's module (hosts without one were failed before) and returns when every host is done and
     * cleaned up. {@code out}/{@code errOut}: the merged streams; {@code prefix}: {@code --remote-prefix}.
     */
    public void run(Map<RemoteTarget, ModuleArtefact> modules, Path loader, SessionOptions o, OutputStream out,
                    OutputStream errOut, boolean prefix) throws IOException {
        byte[] loaderBin = Files.readAllBytes(loader);
        String loaderPath = LOADER_DIR + "/jstaprun-" + VmInstance.sha256(loaderBin).substring(0, 16);
        LineMerger merged = new LineMerger(out, prefix);
        LineMerger mergedErr = new LineMerger(errOut, prefix);
        CountDownLatch shipped = new CountDownLatch(modules.size());
        // input.char / input.line: jstap's stdin goes to every host's loader, all of it to each
        InputLog input = modules.values().stream().anyMatch(m -> InputForwarder.wanted(m.manifest().probes()))
                ? InputLog.start(org.jstap.api.ScriptInput.open(o)) : null;
        Map<Integer, Runnable> jobs = new LinkedHashMap<>();
        for (Map.Entry<RemoteTarget, ModuleArtefact> e : modules.entrySet()) {
            Host h = hosts.get(e.getKey().index());
            jobs.put(e.getKey().index(), () -> runOne(h, e.getValue(), loaderBin, loaderPath, o, merged, mergedErr, shipped, input));
        }
        runAll(jobs, RunOptions.timeout(o));
    }

    /**
     * Runs each job (a host's whole pass 5, by target index) on its own thread and returns when all are done:
     * Ctrl-C and SIGTERM/SIGHUP of jstap stop every host in order, the time limit signals them all.
     */
    private void runAll(Map<Integer, Runnable> jobs, Duration timeout) {
        CountDownLatch done = new CountDownLatch(jobs.size());
        List<Thread> threads = new ArrayList<>();
        Thread onExit = new Thread(() -> { // SIGTERM/SIGHUP of jstap: still stop the hosts in order
            stopAll();
            try {
                done.await(STOP_GRACE.toMillis() + 2000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "jstap-remote-exit");
        Runtime.getRuntime().addShutdownHook(onExit);
        try (CtrlC c = CtrlC.install(this::stopAll)) {
            for (Map.Entry<Integer, Runnable> job : jobs.entrySet()) {
                Thread th = new Thread(() -> {
                    try {
                        job.getValue().run();
                    } finally {
                        done.countDown();
                    }
                }, "jstap-remote-" + job.getKey());
                th.start();
                threads.add(th);
            }
            long deadline = RunOptions.deadline(timeout);
            try {
                while (!done.await(100, TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() > deadline && stopping.compareAndSet(false, true)) {
                        cancelled.set(true);
                        signalAll();
                    }
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                stopAll();
            }
            joinAll(threads);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook runs
            }
        }
    }

    /**
     * A host's pass 5 driven from this machine (bpf: the engine here, the loader there through {@code host}).
     * {@code out}/{@code err} are the host's streams into the merged ones; {@code onStop} takes what ends the
     * session as {@code exit()} does; {@code started} is run once the session is running (its begin probes done,
     * its -c command about to be released). Returns when the session ended by itself (exit(), -c done, stopped);
     * throws with the reason it failed.
     */
    public interface HostSession {
        void run(RemoteTarget t, org.jstap.api.spi.HelperHost host, PrintStream out, PrintStream err,
                 java.util.function.Consumer<Runnable> onStop, Runnable started) throws Exception;
    }

    /**
     * Runs {@code session} for every host of {@code targets} (connected ones; the others were failed), all at once
     * once every host's files are shipped, and returns when all are done and cleaned up. As {@link #run}: one
     * host whose session ends by itself ends the others, Ctrl-C and the time limit end all, a host that fails or
     * is lost is reported and the others go on. A host that ends by itself ends the others only once every host
     * is running or out: loading takes seconds on one host and milliseconds on another, and a fast host's -c
     * command ending must not stop a slow one before its begin probes ran and its own command was released.
     */
    public void runSessions(List<RemoteTarget> targets, HostSession session, SessionOptions o, OutputStream out,
                            OutputStream errOut, boolean prefix) {
        LineMerger merged = new LineMerger(out, prefix);
        LineMerger mergedErr = new LineMerger(errOut, prefix);
        List<Host> run = new ArrayList<>();
        for (RemoteTarget t : targets) if (hosts.containsKey(t.index()) && !failed(t)) run.add(hosts.get(t.index()));
        CountDownLatch shipped = new CountDownLatch(run.size());
        CountDownLatch running = new CountDownLatch(run.size());
        Map<Integer, Runnable> jobs = new LinkedHashMap<>();
        for (Host h : run) jobs.put(h.t.index(), () -> sessionOne(h, session, merged, mergedErr, shipped, running));
        runAll(jobs, RunOptions.timeout(o));
    }

    private void sessionOne(Host h, HostSession session, LineMerger merged, LineMerger mergedErr, CountDownLatch shipped,
                            CountDownLatch running) {
        RemoteTarget t = h.t;
        SshHelperHost host = new SshHelperHost(this, h, shipped);
        PrintStream out = new PrintStream(merged.sink(t.index()), false, StandardCharsets.UTF_8);
        PrintStream hostErr = new PrintStream(mergedErr.sink(t.index()), true, StandardCharsets.UTF_8);
        AtomicBoolean counted = new AtomicBoolean();
        Runnable started = () -> {
            if (counted.compareAndSet(false, true)) running.countDown();
        };
        try {
            session.run(t, host, out, hostErr, stop -> {
                h.stop = stop;
                if (stopping.get()) stop.run(); // a stop that came while it started
            }, started);
            started.run();
            if (!host.cancelled() && !stopping.get()) {
                // exit() or the -c command ended this host's session: the others end too, once all are running
                running.await(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (stopping.compareAndSet(false, true)) signalAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (host.lost()) fail(t, 5, "the connection was lost during the run (host down or unreachable)");
            else if (!host.cancelled()) fail(t, 5, String.valueOf(e.getMessage()));
        } finally {
            h.stop = null;
            started.run(); // out: the others do not wait for it
            host.release(); // failed before it was shipped: the others do not wait for it
            out.close(); // a last partial line
            hostErr.close();
            host.cleanup();
        }
    }

    Ssh ssh() {
        return ssh;
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    void setupPermit() throws InterruptedException {
        setups.acquire();
    }

    void releaseSetupPermit() {
        setups.release();
    }

    private void runOne(Host h, ModuleArtefact m, byte[] loaderBin, String loaderPath, SessionOptions o,
                        LineMerger merged, LineMerger mergedErr, CountDownLatch shipped, InputLog input) {
        RemoteTarget t = h.t;
        String name = m.manifest().moduleName();
        String dir = "/tmp/jstap-run-" + AgentClient.token();
        h.moduleName = name;
        h.loader = loaderPath;
        boolean ready = false; // counted down in shipped (exactly once)
        boolean copying = false; // holds a setups permit
        try {
            setups.acquire();
            copying = true;
            if (cancelled.get()) return; // stopped before it started: nothing to run, nothing to report
            try {
                ensureLoader(h, loaderBin, loaderPath);
            } catch (IOException e) {
                fail(t, 5, e.getMessage());
                return;
            }
            h.runDir = dir;
            Result put = exec(h, "mkdir -m 700 " + Ssh.quote(dir) + " && cat > " + Ssh.quote(dir + "/" + name + ".ko"),
                    m.ko(), COMMAND_TIMEOUT);
            if (put.rc() != 0) {
                fail(t, 5, "cannot copy the module to it: " + put.why());
                return;
            }
            // every host starts once all are shipped: one whose copy took longer is not left out by a host that
            // already ended (it starts, and is stopped at once: its begin and end probes run, as on the others)
            setups.release();
            copying = false;
            ready = true;
            shipped.countDown();
            shipped.await();
            if (cancelled.get()) return;
            List<String> argv = new ArrayList<>(List.of(loaderPath));
            if (o.command() != null) argv.addAll(List.of("-c", o.command()));
            if (o.targetPid() != null) argv.addAll(List.of("-x", o.targetPid().toString()));
            argv.add(name + ".ko");
            argv.addAll(moduleParams(t, o));
            String remote = "cd " + Ssh.quote(dir) + " && echo $$ > pid && exec " + Ssh.words(argv);
            Process p = new ProcessBuilder(ssh.exec(t, remote)).start();
            if (input != null && InputForwarder.wanted(m.manifest().probes())) input.replay(p.getOutputStream());
            else p.getOutputStream().close();
            h.running = true;
            if (stopping.get()) { // a stop that came while it started
                Thread st = new Thread(() -> sendStop(h), "jstap-remote-stop-" + t.index());
                st.setDaemon(true);
                st.start();
            }
            Thread so = pump(p.getInputStream(), merged.sink(t.index()));
            Thread se = pump(p.getErrorStream(), mergedErr.sink(t.index()));
            int rc = p.waitFor();
            so.join();
            se.join();
            h.running = false;
            h.ended = true;
            if (rc == 255) {
                fail(t, 5, "the connection was lost during the run (host down or unreachable)");
            } else if (rc != 0) {
                fail(t, 5, "exit status " + rc);
            } else if (stopping.compareAndSet(false, true)) {
                signalAll(); // exit() or the -c command ended this host's run: the others end too
            }
        } catch (IOException e) {
            fail(t, 5, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(t, 5, "interrupted");
        } finally {
            if (copying) setups.release();
            if (!ready) shipped.countDown(); // failed before it was shipped: the others do not wait for it
            h.running = false;
            cleanup(h);
        }
    }

    /** The loader at {@code loaderPath} on the host: checked, copied when missing (a whole copy, moved in place). */
    void ensureLoader(Host h, byte[] loaderBin, String loaderPath) throws IOException {
        Result have = exec(h, "[ -x " + Ssh.quote(loaderPath) + " ] && echo cached || echo missing", null, COMMAND_TIMEOUT);
        if (have.rc() != 0) throw new IOException("cannot reach it: " + have.why());
        if (!have.out().strip().equals("cached")) {
            String tmp = loaderPath + ".tmp-" + AgentClient.token(); // two clients shipping at once each mv a whole copy
            Result r = exec(h, "mkdir -p -m 700 " + Ssh.quote(LOADER_DIR) + " && cat > " + Ssh.quote(tmp)
                    + " && chmod 700 " + Ssh.quote(tmp) + " && mv " + Ssh.quote(tmp) + " " + Ssh.quote(loaderPath),
                    loaderBin, COMMAND_TIMEOUT);
            if (r.rc() != 0) throw new IOException("cannot copy the loader to it: " + r.why());
        }
    }

    /** {@code remote_id()} and {@code remote_uri()} of this host, then the user's module parameters. */
    static List<String> moduleParams(RemoteTarget t, SessionOptions o) {
        List<String> p = new ArrayList<>(List.of("_jst_remote_id=" + t.index(), "_jst_remote_uri=" + t.uri()));
        for (String w : RunOptions.moduleParams(o).split("\\s+")) if (!w.isEmpty()) p.add(w);
        return p;
    }

    static Thread pump(InputStream in, OutputStream sink) {
        Thread th = new Thread(() -> {
            byte[] b = new byte[16384];
            try (in; sink) {
                int n;
                while ((n = in.read(b)) > 0) sink.write(b, 0, n);
            } catch (IOException ignored) {
                // the stream ended with the run
            }
        }, "jstap-remote-io");
        th.start();
        return th;
    }

    /** Ctrl-C: every host ends its run (end probes, drained output); jstap exits when all have. */
    public void stopAll() {
        cancelled.set(true);
        stopping.set(true);
        signalAll();
    }

    private void signalAll() {
        for (Host h : hosts.values()) {
            Runnable stop = h.stop;
            if (stop != null) { // a session driven from here: its engine ends it (end probes, last records)
                stop.run();
                continue;
            }
            if (h.running && !h.ended) {
                Thread th = new Thread(() -> sendStop(h), "jstap-remote-stop-" + h.t.index());
                th.setDaemon(true);
                th.start();
            }
        }
    }

    /** INT to the host's loader; if it has not ended after the grace period, KILL (the cleanup unloads). */
    private void sendStop(Host h) {
        String dir = h.runDir;
        if (dir == null) return;
        String pid = Ssh.quote(dir + "/pid");
        try {
            exec(h, "i=0; while [ ! -s " + pid + " ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; "
                    + "[ -s " + pid + " ] && kill -INT $(cat " + pid + ")", null, COMMAND_TIMEOUT);
            long until = System.nanoTime() + STOP_GRACE.toNanos();
            while (h.running && System.nanoTime() < until) AgentClient.sleep(50);
            if (h.running) exec(h, "[ -s " + pid + " ] && kill -KILL $(cat " + pid + ")", null, COMMAND_TIMEOUT);
        } catch (IOException e) {
            // the host is gone: its run is over
        }
    }

    /**
     * After a host's run, whatever happened: a loader still alive is killed, a module still loaded is unloaded
     * ({@code jstaprun -d}), the run directory is removed.
     */
    private void cleanup(Host h) {
        String dir = h.runDir;
        if (dir == null || h.moduleName == null) return;
        String pid = Ssh.quote(dir + "/pid");
        String cmd = "P=$(cat " + pid + " 2>/dev/null); [ -n \"$P\" ] && kill -0 \"$P\" 2>/dev/null && kill -KILL \"$P\"; "
                + "if grep -q " + Ssh.quote("^" + h.moduleName + " ") + " /proc/modules; then "
                + Ssh.quote(h.loader) + " -d " + Ssh.quote(h.moduleName) + "; fi; rm -rf " + Ssh.quote(dir) + "; true";
        try {
            exec(h, cmd, null, COMMAND_TIMEOUT);
        } catch (IOException e) {
            // host gone: nothing of the run survives it
        }
        h.runDir = null;
    }

    /** Ends every master connection and removes the control directory. */
    @Override
    public void close() {
        for (Host h : hosts.values()) {
            if (h.master != null && h.master.isAlive()) {
                quiet(ssh.exit(h.t));
                try {
                    if (!h.master.waitFor(2, TimeUnit.SECONDS)) h.master.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    h.master.destroyForcibly();
                }
            }
        }
        masterStarter.shutdown(); // its thread ends: a master still alive gets its TERM
        VmTarget.deleteTree(ssh.controlDir());
    }

    /** The directory a host's run used (null when none is left); for tests. */
    Optional<String> runDir(RemoteTarget t) {
        Host h = hosts.get(t.index());
        return h == null ? Optional.empty() : Optional.ofNullable(h.runDir);
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
