package org.jstap.backend.interp;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrType;

/**
 * The state of one run: globals, the session state machine of runtime-c (starting, running, stopping, error),
 * error count, output streams. Everything runs on one thread, so probe handlers are serialised like stap's
 * per-global locks would make them.
 */
final class Session {
    enum State { STARTING, RUNNING, STOPPING, ERROR, STOPPED }

    final Limits limits;
    final PrintStream out;
    final PrintStream err;
    final long targetPid;
    final Random random = new Random();

    final long[] gl;
    final String[] gs;
    final Stat[] gst;
    final MapStore[] maps;
    private final Map<String, Integer> index = new HashMap<>();

    volatile State state = State.STARTING;
    volatile boolean exitRequested;
    int errors;
    /**
     * {@code --suppress-handler-errors}: an error ends its handler quietly; it is counted (stap's closing warning
     * gives the number) but neither printed, nor held against MAXERRORS, nor turned into exit status 1.
     */
    boolean suppressHandlerErrors;
    /** Error lines from another thread (a bpf kernel probe's), reported by the interpreter thread. */
    final java.util.concurrent.ConcurrentLinkedQueue<String> external = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** {@code tokenize} state (per CPU context in runtime-c; one thread here). */
    final Tokenizer tokenizer = new Tokenizer();
    /** Groups of the last {@code =~} match, for {@code matched(n)}. */
    String[] matched = new String[0];
    /** The last {@code =~} failed: {@code matched} then only sizes its groups (range errors come first, as in stap). */
    boolean matchFailed;

    Session(IrProgram program, Limits limits, PrintStream out, PrintStream err, long targetPid) {
        this.limits = limits;
        this.out = out;
        this.err = err;
        this.targetPid = targetPid;
        List<IrGlobal> gs0 = program.globals();
        gl = new long[gs0.size()];
        gs = new String[gs0.size()];
        gst = new Stat[gs0.size()];
        maps = new MapStore[gs0.size()];
        for (int i = 0; i < gs0.size(); i++) {
            IrGlobal g = gs0.get(i);
            index.put(g.mangled(), i);
            gs[i] = "";
            if (g.isArray()) {
                maps[i] = new MapStore(g, limits.maxMapEntries());
            } else if (g.type() == IrType.STATS) {
                gst[i] = new Stat(g.histograms(), g.bitShift());
            } else if (g.init() != null) {
                if (g.type() == IrType.STRING) gs[i] = Strs.fit(Strs.fromJava(g.init().stringValue()), limits.maxStringLen());
                else gl[i] = g.init().longValue();
            }
        }
    }

    int global(String mangled) {
        Integer i = index.get(mangled);
        if (i == null) throw new IllegalStateException("IR names an unknown global " + mangled);
        return i;
    }

    /** {@code exit()}: stop after this handler; end probes run next. */
    void exit() {
        if (state == State.RUNNING || state == State.STARTING) state = State.STOPPING;
        exitRequested = true;
    }

    /** An error escaped a handler: print it, count it, and past MAXERRORS switch to the error state. */
    void report(ScriptError e) {
        if (suppressHandlerErrors) {
            errors++;
            return;
        }
        err.println(Strs.toJava(e.line()));
        err.flush();
        errors++;
        if (errors > limits.maxErrors()) {
            if (state == State.RUNNING || state == State.STARTING || state == State.STOPPING) state = State.ERROR;
            exitRequested = true;
        }
    }

    void write(StringBuilder buf) {
        if (buf.length() == 0) return;
        byte[] b = Strs.bytes(buf);
        out.write(b, 0, b.length);
        out.flush();
        buf.setLength(0);
    }

    /** {@code switch_file()}: the output so far stays in this {@code -o} file, the rest goes to the next one. */
    void switchFile() {
        out.flush();
        if (out instanceof org.jstap.api.ScriptOutput.Printer files) {
            try {
                files.switchFile();
            } catch (java.io.IOException e) {
                warn("switch_file(): " + e.getMessage());
            }
        }
    }

    /**
     * {@code system(cmd)}: {@code /bin/sh -c cmd} now, as stap's stapio runs it: asynchronously, never waited for
     * (a command still running when the session ends loses the rest of its output), its output copied to ours as
     * it comes. The interpreter calls it when the hit that asked has ended and its output is out.
     */
    void system(String cmd) {
        if (cmd.isEmpty()) return;
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", Strs.toJava(cmd))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            copy(p.getInputStream(), out);
            copy(p.getErrorStream(), err);
        } catch (java.io.IOException e) {
            warn("system(): cannot run /bin/sh: " + e.getMessage());
        }
    }

    private static void copy(java.io.InputStream from, PrintStream to) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[8192];
            try (from) {
                for (int n; (n = from.read(b)) > 0; ) {
                    to.write(b, 0, n);
                    to.flush();
                }
            } catch (java.io.IOException ignored) {
                // the command's pipe closed
            }
        }, "jstap-system");
        t.setDaemon(true);
        t.start();
    }

    void warn(String msg) {
        String m = msg.endsWith("\n") ? msg : msg + "\n";
        byte[] b = Strs.bytes("WARNING: " + m);
        err.write(b, 0, b.length);
        err.flush();
    }

    /** runtime-c's {@code jst_tokenizer}. */
    static final class Tokenizer {
        String buf = "";
        int pos;
        boolean active;
    }
}
