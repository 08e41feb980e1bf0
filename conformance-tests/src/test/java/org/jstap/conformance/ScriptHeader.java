package org.jstap.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.SessionOptions;
import org.jstap.api.StapOptions;

/**
 * The first line of a corpus script, {@code #! jstap -p2 -g -D MAXACTION=500 -- arg1 "two words"}: the jstap
 * options the script is run with and its script arguments. See conformance-tests/README.md for the syntax.
 */
record ScriptHeader(int lastPass, boolean guru, boolean suppressWarnings, boolean warningsAreErrors,
                    boolean unoptimized, Map<String, String> defines, String kernelRelease, String runtime,
                    List<String> scriptArgs, List<String> stapFlags, List<String> symbolFiles, StapOptions stap,
                    Integer bufferSizeMb, String moduleName, int verbosity) {

    static final String PREFIX = "#! jstap";

    /** Parses a header line; throws {@link IllegalArgumentException} with the reason when it is malformed. */
    static ScriptHeader parse(String firstLine) {
        if (firstLine == null || !(firstLine.equals(PREFIX) || firstLine.startsWith(PREFIX + " ")))
            throw new IllegalArgumentException("first line must start with '" + PREFIX + " '");
        List<String> tokens = tokenize(firstLine.substring(PREFIX.length()));
        int lastPass = -1;
        boolean guru = false, noWarn = false, werror = false, unopt = false;
        Map<String, String> defines = new LinkedHashMap<>();
        String release = null, runtime = "kmod";
        List<String> args = new ArrayList<>();
        List<String> stapFlags = new ArrayList<>();
        List<String> symbolFiles = new ArrayList<>();
        StapOptions.Builder stap = StapOptions.builder();
        Integer bufferMb = null;
        String moduleName = null;
        int verbosity = 0;
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("--")) {
                args.addAll(tokens.subList(i + 1, tokens.size()));
                break;
            }
            if (t.startsWith("-p")) {
                String n = t.length() > 2 ? t.substring(2) : next(tokens, ++i, "-p");
                if (!n.matches("[1-5]")) throw new IllegalArgumentException("-p needs 1..5, got '" + n + "'");
                lastPass = Integer.parseInt(n);
                continue;
            }
            if (t.startsWith("-D")) {
                String d = t.length() > 2 ? t.substring(2) : next(tokens, ++i, "-D");
                int eq = d.indexOf('=');
                String name = eq < 0 ? d : d.substring(0, eq);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("bad -D name '" + name + "'");
                defines.put(name, eq < 0 ? "" : d.substring(eq + 1));
                stapFlags.add("-D" + d);
                continue;
            }
            if (t.startsWith("-r")) {
                release = t.length() > 2 ? t.substring(2) : next(tokens, ++i, "-r");
                continue;
            }
            if (t.equals("-d")) { // a user-space symbol file (warn.no.symbols when unreadable)
                String f = next(tokens, ++i, "-d");
                symbolFiles.add(f);
                stapFlags.add("-d");
                stapFlags.add(f);
                continue;
            }
            if (t.equals("-G")) { // a global's value at the start (stap -G VAR=VALUE)
                String g = next(tokens, ++i, "-G");
                int eq = g.indexOf('=');
                if (eq < 1) throw new IllegalArgumentException("-G needs VAR=VALUE, got '" + g + "'");
                settings.put(g.substring(0, eq), g.substring(eq + 1));
                stapFlags.add("-G");
                stapFlags.add(g);
                continue;
            }
            if (t.equals("-T")) { // a time limit in seconds (stap -T)
                String v = next(tokens, ++i, "-T");
                stap.timeLimitMs((long) (Double.parseDouble(v) * 1000));
                stapFlags.add("-T");
                stapFlags.add(v);
                continue;
            }
            if (t.equals("-s")) { // the output buffer in MB (stap -s; on bpf the ring buffer)
                String v = next(tokens, ++i, "-s");
                if (!v.matches("[1-9][0-9]*")) throw new IllegalArgumentException("-s needs a size in MB, got '" + v + "'");
                bufferMb = Integer.parseInt(v);
                stapFlags.add("-s");
                stapFlags.add(v);
                continue;
            }
            if (t.startsWith("--compatible=")) {
                stap.compatible(t.substring("--compatible=".length()));
                stapFlags.add(t);
                continue;
            }
            if (t.startsWith("--privilege=")) {
                stap.privilege(t.substring("--privilege=".length()));
                stapFlags.add(t);
                continue;
            }
            if (t.equals("-m")) { // the module's (bpf: the session's) name, what module_name() returns
                moduleName = next(tokens, ++i, "-m");
                stapFlags.add(t);
                stapFlags.add(moduleName);
                continue;
            }
            if (t.startsWith("--runtime=")) {
                runtime = t.substring("--runtime=".length());
                continue;
            }
            switch (t) {
                case "-g" -> { guru = true; stapFlags.add(t); }
                case "-v" -> { verbosity++; stapFlags.add(t); } // what only -v reports (warn.optional.skipped)
                case "-w" -> { noWarn = true; stapFlags.add(t); }
                // not passed to stap: there it also fails on environmental warnings (missing symbol table)
                case "-W" -> werror = true;
                case "-u" -> { unopt = true; stapFlags.add(t); }
                case "--skip-badvars" -> { stap.skipBadvars(true); stapFlags.add(t); }
                case "--suppress-handler-errors" -> { stap.suppressHandlerErrors(true); stapFlags.add(t); }
                case "--suppress-time-limits" -> { stap.suppressTimeLimits(true); stapFlags.add(t); }
                case "--unprivileged" -> { stap.privilege("stapusr"); stapFlags.add(t); }
                default -> throw new IllegalArgumentException("unknown header option '" + t + "'");
            }
        }
        if (lastPass < 0) throw new IllegalArgumentException("header needs -pN");
        return new ScriptHeader(lastPass, guru, noWarn, werror, unopt, Map.copyOf(defines), release, runtime,
                List.copyOf(args), List.copyOf(stapFlags), List.copyOf(symbolFiles),
                stap.globalSettings(settings).build(), bufferMb, moduleName, verbosity);
    }

    SessionOptions toOptions() {
        return SessionOptions.builder()
                .lastPass(lastPass)
                .guru(guru)
                .suppressWarnings(suppressWarnings)
                .warningsAreErrors(warningsAreErrors)
                .unoptimized(unoptimized)
                .defines(defines)
                .kernelRelease(kernelRelease)
                .runtime(runtime)
                .scriptArgs(scriptArgs)
                .symbolFiles(symbolFiles)
                .rawDiagnostics(true)
                .stap(stap)
                .bufferSizeMb(bufferSizeMb)
                .moduleName(moduleName)
                .verbosity(verbosity)
                .build();
    }

    private static String next(List<String> tokens, int i, String opt) {
        if (i >= tokens.size()) throw new IllegalArgumentException(opt + " needs a value");
        return tokens.get(i);
    }

    /** Whitespace-separated words; double quotes group a word with spaces, backslash escapes inside quotes. */
    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < s.length()) cur.append(s.charAt(++i));
                else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (Character.isWhitespace(c)) {
                if (cur != null) { out.add(cur.toString()); cur = null; }
            } else {
                if (cur == null) cur = new StringBuilder();
                if (c == '"') quoted = true;
                else cur.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException("unterminated quote in header");
        if (cur != null) out.add(cur.toString());
        return out;
    }
}
