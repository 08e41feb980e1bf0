package org.jstap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jstap.api.MacroDefine;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.spi.Backend;
import org.jstap.run.RemoteTarget;

/** Gives the parsed command line stap's meaning: validates values, picks the script, fills {@link SessionOptions}. */
final class InvocationBuilder {
    /** The name diagnostics show for a script given with {@code -e}, {@code -l}/{@code -L} or on stdin, as stap does. */
    static final String INLINE_SCRIPT_NAME = "<input>";
    private static final Pattern MACRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final InputStream stdin;

    InvocationBuilder(InputStream stdin) {
        this.stdin = stdin;
    }

    Invocation build(CliOptions o) throws UsageException, ScriptReadException {
        SessionOptions.Builder b = SessionOptions.builder()
                .lastPass(o.lastPass == null ? 5 : intInRange("-p", o.lastPass, 1, 5, "passes are 1 to 5"))
                .verbosity(o.verbosity())
                .guru(o.guru).keepTemp(o.keepTemp)
                .suppressWarnings(o.suppressWarnings).warningsAreErrors(o.warningsAreErrors)
                .unoptimized(o.unoptimized).timing(o.timing).bulk(o.bulk)
                .rawDiagnostics(o.rawDiagnostics)
                .kernelRelease(o.kernel).moduleName(moduleName(o.moduleName))
                .outputFile(o.outputFile).command(o.command)
                .targetPid(o.targetPid == null ? null : intInRange("-x", o.targetPid, 1, Integer.MAX_VALUE,
                        "a process id is a positive number"))
                .defines(defines(o.defines)).includeDirs(o.includeDirs).buildFlags(o.buildFlags)
                .bufferSizeMb(o.bufferSizeMb == null ? null : intInRange("-s", o.bufferSizeMb, 1, 4095,
                        "the buffer size is 1 to 4095 megabytes"))
                .runtime(o.runtime == null ? Backend.KMOD : nonEmpty("--runtime", o.runtime))
                .target(o.target == null ? null : nonEmpty("--target", o.target))
                // the dumps come from pass 2 running, so it must not be served from the cache
                .disableCache(o.disableCache || !o.dumpIrAfter.isEmpty()).poisonCache(o.poisonCache)
                .dumpIrAfter(o.dumpIrAfter)
                .vmFiles(o.vmFiles).symbolFiles(o.symbolFiles).ldd(o.ldd)
                .stap(StapOptionParser.parse(o));
        if (o.arch != null && !hostArch().equals(o.arch) && (o.lastPass == null || !o.lastPass.trim().matches("[12]"))) {
            throw new UsageException("cannot build for architecture '" + o.arch + "' (-a): jstap builds and runs for "
                    + hostArch() + " only; -p1 and -p2 evaluate the script's arch conditionals for " + o.arch,
                    Codes.DRIVER_OPTION_UNSUPPORTED);
        }

        List<String> positional = o.positional;
        ScriptSource script;
        String listMode = o.listProbesWithVars != null ? "L" : o.listProbes != null ? "l" : null;
        SessionOptions.Listing dump = o.dumpFunctions ? SessionOptions.Listing.FUNCTIONS
                : o.dumpProbeAliases ? SessionOptions.Listing.ALIASES
                : o.dumpProbeTypes ? SessionOptions.Listing.PROBE_TYPES : null;
        if (dump != null) { // stap's --dump-*: pass 2 prints the library; the script (if any) is not run
            script = new ScriptSource(INLINE_SCRIPT_NAME, "probe never {}\n");
            b.lastPass(2).listing(dump);
            positional = List.of();
        } else if (listMode != null) {
            if (o.scriptText != null) throw new UsageException("-" + listMode + " cannot be combined with -e");
            String pattern = listMode.equals("L") ? o.listProbesWithVars : o.listProbes;
            // Elaboration of this one probe lists what the pattern matches; its printResult prints the listing.
            script = new ScriptSource(INLINE_SCRIPT_NAME, "probe " + pattern + " {}\n");
            b.lastPass(2).listing(listMode.equals("L") ? SessionOptions.Listing.POINTS_AND_VARIABLES
                    : SessionOptions.Listing.POINTS);
        } else if (o.from != null) { // the run starts from an artefact: positional arguments are the script's
            if (o.scriptText != null) throw new UsageException("--from cannot be combined with -e");
            script = null;
        } else if (o.scriptText != null) {
            script = new ScriptSource(INLINE_SCRIPT_NAME, o.scriptText);
        } else if (!positional.isEmpty()) {
            script = readScript(positional.get(0));
            positional = positional.subList(1, positional.size());
        } else if (o.from != null || o.cleanCache) {
            script = null; // --from starts after pass 1; --clean-cache alone only cleans
        } else {
            throw new UsageException("no script given: name a script file, use -e SCRIPT, or - to read standard input");
        }
        if (!o.extraScripts.isEmpty()) {
            if (script == null) throw new UsageException("-E adds a script to a script file or -e SCRIPT; name one");
            List<ScriptSource> also = new java.util.ArrayList<>();
            for (String e : o.extraScripts) also.add(new ScriptSource("<input" + (also.size() + 1) + ">", e));
            script = script.with(also);
        }
        b.scriptArgs(positional);
        return new Invocation(b.build(), script, o.cleanCache, o.from, o.emit, remotes(o), o.remotePrefix);
    }

    /** {@code --remote}, each validated ({@link RemoteTarget#parse}), numbered from 0 in command-line order. */
    static List<RemoteTarget> remotes(CliOptions o) throws UsageException {
        List<RemoteTarget> out = new java.util.ArrayList<>();
        for (String r : o.remotes) {
            try {
                out.add(RemoteTarget.parse(out.size(), r));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (!out.isEmpty() && o.target != null) throw new UsageException("--remote cannot be combined with --target");
        if (o.remotePrefix && out.isEmpty()) throw new UsageException("--remote-prefix needs --remote");
        return out;
    }

    /** The architecture jstap builds for, as the kernel names it ({@code uname -m}). */
    static String hostArch() {
        String a = System.getProperty("os.arch", "");
        return a.equals("amd64") ? "x86_64" : a.equals("aarch64") ? "arm64" : a;
    }

    private ScriptSource readScript(String name) throws ScriptReadException {
        try {
            if (name.equals("-")) {
                return new ScriptSource(INLINE_SCRIPT_NAME, org.jstap.api.ScriptBytes.decode(stdin.readAllBytes()));
            }
            Path p = Path.of(name);
            if (Files.isDirectory(p)) throw new ScriptReadException("cannot read script file '" + name + "': it is a directory");
            // Bytes, as stap reads them: a Latin-1 comment or string is no error (see ScriptBytes).
            return new ScriptSource(name, org.jstap.api.ScriptBytes.decode(Files.readAllBytes(p)));
        } catch (NoSuchFileException e) {
            throw new ScriptReadException("cannot read script file '" + name + "': no such file");
        } catch (AccessDeniedException e) {
            throw new ScriptReadException("cannot read script file '" + name + "': permission denied");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ScriptReadException("cannot read script file '" + name + "': " + e.getMessage());
        }
    }

    static int intInRange(String option, String text, int min, int max, String why) throws UsageException {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // fall through to the one message
        }
        throw new UsageException("invalid value '" + text + "' for " + option + ": " + why);
    }

    private static String nonEmpty(String option, String v) throws UsageException {
        if (v.isBlank()) throw new UsageException(option + " needs a value");
        return v;
    }

    private static String moduleName(String name) throws UsageException {
        if (name == null) return null;
        if (!MACRO_NAME.matcher(name).matches() || name.length() > 55) {
            throw new UsageException("invalid module name '" + name
                    + "': use letters, digits and underscores, at most 55 characters, not starting with a digit");
        }
        return name;
    }

    /**
     * {@code -D NAME=VAL} or {@code -D NAME} (defined with an empty value, like {@code #define NAME}). Each must
     * pass stap's safety pattern ({@link MacroDefine}): the value ends up on make's command line.
     */
    static Map<String, String> defines(List<String> raw) throws UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String d : raw) {
            String why = MacroDefine.problem(d);
            if (why != null) {
                throw new UsageException("invalid -D '" + DiagnosticRenderer.printable(d) + "': " + why + " (accepted: NAME or NAME=VALUE, "
                        + MacroDefine.PATTERN + ", as stap)", Codes.DRIVER_BAD_DEFINE);
            }
            int eq = d.indexOf('=');
            out.put(eq < 0 ? d : d.substring(0, eq), eq < 0 ? "" : d.substring(eq + 1));
        }
        return out;
    }
}
