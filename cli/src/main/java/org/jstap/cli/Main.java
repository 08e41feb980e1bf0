package org.jstap.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.diag.Span;
import org.jstap.api.spi.Registry;
import org.jstap.api.spi.Subcommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code jstap} command. Exit status 0 on success and 1 on any error, as stap. A user never sees a Java
 * stack trace: unexpected exceptions become one {@code internal error} line unless {@code --debug} or
 * {@code JSTAP_DEBUG=1} asks for the trace.
 */
public final class Main {
    static final String DEBUG_ENV = "JSTAP_DEBUG";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Supplier<Registry> registry;

    Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Supplier<Registry> registry) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.registry = new Memo<>(registry);
    }

    public static void main(String[] args) {
        // Guice would generate fast-class bytecode with its bundled ASM: class loading and generation that the CDS
        // archive cannot keep, for a one-shot process (measured: about 40 ms of CPU per run). Reflection suffices.
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
        int status = new Main(System.in, System.out, System.err, System.getenv(),
                () -> Registry.discover(PluginLoader.loaderFor(args, System.getenv(), Main.class.getClassLoader())))
                .run(args);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Stack of the thread the passes run on. The front end and the IR walkers recurse once per nesting level of the
     * script; with the JVM's default (or a coverage agent's bigger frames) a chain of some thousand terms would
     * overflow. Reserved, not committed: a shallow script touches a few pages of it.
     */
    static final long PASS_STACK_BYTES = 1L << 30;

    int run(String[] args) {
        int[] status = {1};
        Thread passes = new Thread(null, () -> status[0] = runHere(args), "jstap", PASS_STACK_BYTES);
        passes.start();
        while (true) {
            try {
                passes.join();
                return status[0];
            } catch (InterruptedException e) { // the caller is stopping: the passes see it as their own interrupt
                passes.interrupt();
            }
        }
    }

    private int runHere(String[] args) {
        try {
            return dispatch(args);
        } catch (StackOverflowError t) { // even a gigabyte of stack: say what, not where
            if (debugRequested(args)) return internalError(t, true);
            err.println("jstap: the script is nested too deeply to compile (a chain or nest of some hundred thousand "
                    + "terms); split the expression");
            return 1;
        } catch (Throwable t) { // the last line of defence: no stack trace reaches a user unless asked for
            return internalError(t, debugRequested(args));
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(String[] args) {
        Optional<Subcommand> sub = subcommand(args);
        if (sub.isPresent()) return sub.get().run(List.of(args).subList(1, args.length), out, err);

        CliOptions options = new CliOptions();
        if (!QuickOptions.parse(args, options)) { // anything but the plain spellings: picocli, as it always was
            options = new CliOptions();
            CommandLine parser = new CommandLine(options);
            parser.setOverwrittenOptionsAllowed(true); // stap: the last -p, -r, -m ... wins
            try {
                parser.parseArgs(args);
            } catch (ParameterException e) {
                return usageError(describe(e));
            }
        }
        if (options.help) {
            out.print(HelpText.text(registry.get()));
            return 0;
        }
        if (options.version) {
            out.print(Banner.text(registry.get()));
            return 0;
        }
        Invocation invocation;
        try {
            invocation = new InvocationBuilder(in).build(options);
        } catch (UsageException e) {
            return usageError(e.code() == null ? e.getMessage() : e.getMessage() + " [" + e.code() + "]");
        } catch (ScriptReadException e) {
            Diagnostic d = Diagnostic.error(Codes.DRIVER_IO, Span.NONE, e.getMessage());
            err.print(new DiagnosticRenderer(new SourceTexts(), options.rawDiagnostics).render(d));
            return 1;
        }
        return new Driver(registry.get(), out, err, env).run(invocation);
    }

    /** {@code jstap vm start}: the first word names a contributed command and is not a script file. */
    private Optional<Subcommand> subcommand(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || args[0].isEmpty() || isFile(args[0])) return Optional.empty();
        if (args[0].endsWith(".stp")) return Optional.empty(); // clearly a script: say "no such file", not "no command"
        return registry.get().subcommand(args[0]);
    }

    private static boolean isFile(String name) {
        try {
            return Files.exists(Path.of(name));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String describe(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            return first.startsWith("-") ? "unrecognized option '" + first + "'" : "unexpected argument '" + first + "'";
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof OptionSpec o) {
            return "option '" + o.longestName() + "' needs a value (" + o.paramLabel() + ")";
        }
        String m = e.getMessage();
        return m == null || m.isEmpty() ? "bad command line" : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    private int usageError(String message) {
        err.println("jstap: " + message);
        err.println("Try 'jstap --help' for more information.");
        return 1;
    }

    private boolean debugRequested(String[] args) {
        String v = env.get(DEBUG_ENV);
        return (v != null && !v.isEmpty() && !v.equals("0")) || Arrays.asList(args).contains("--debug");
    }

    private int internalError(Throwable t, boolean debug) {
        err.println("jstap: internal error: " + summary(t));
        if (debug) {
            t.printStackTrace(err);
        } else {
            err.println("This is a bug in jstap. Rerun with --debug (or " + DEBUG_ENV
                    + "=1) to see the Java stack trace, and include it when you report the problem.");
        }
        return 1;
    }

    /** The exception and, when a cause says more, the root cause: {@code IllegalStateException: x (caused by ...)}. */
    static String summary(Throwable t) {
        String s = one(t);
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root != t) s += " (caused by " + one(root) + ")";
        StackTraceElement[] at = t.getStackTrace();
        for (StackTraceElement e : at) {
            if (e.getClassName().startsWith("org.jstap.")) {
                s += " at " + e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1) + "."
                        + e.getMethodName() + ":" + e.getLineNumber();
                break;
            }
        }
        return s;
    }

    private static String one(Throwable t) {
        String m = t.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        if (first.length() > 200) first = first.substring(0, 200) + "...";
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }
}
