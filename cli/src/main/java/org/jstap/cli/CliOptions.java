package org.jstap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line as typed, with stap's spellings. Picocli gives us POSIX clustering ({@code -gp1},
 * {@code -wWp2}, {@code -vvv}) and attached values ({@code -p1}, {@code -DNAME=VAL}); meaning and validation
 * live in {@link InvocationBuilder}. Help text is ours ({@code help.txt}), not picocli's generated one.
 */
@Command(name = "jstap", mixinStandardHelpOptions = false, usageHelpAutoWidth = false)
final class CliOptions {
    @Option(names = "-p", paramLabel = "N") String lastPass;
    @Option(names = "-v") boolean[] verbose = new boolean[0];
    @Option(names = "-e", paramLabel = "SCRIPT") String scriptText;
    @Option(names = "-D", paramLabel = "NAME=VAL") List<String> defines = new ArrayList<>();
    @Option(names = "-I", paramLabel = "DIR") List<Path> includeDirs = new ArrayList<>();
    @Option(names = "-r", paramLabel = "KRELEASE|DIR") String kernel;
    @Option(names = "-m", paramLabel = "NAME") String moduleName;
    @Option(names = "-o", paramLabel = "FILE") Path outputFile;
    @Option(names = "-c", paramLabel = "CMD") String command;
    @Option(names = "-x", paramLabel = "PID") String targetPid;
    @Option(names = "-g") boolean guru;
    @Option(names = "-k") boolean keepTemp;
    @Option(names = "-l", paramLabel = "PATTERN") String listProbes;
    @Option(names = "-L", paramLabel = "PATTERN") String listProbesWithVars;
    @Option(names = "-w") boolean suppressWarnings;
    @Option(names = "-W") boolean warningsAreErrors;
    @Option(names = "-u") boolean unoptimized;
    @Option(names = "-t") boolean timing;
    @Option(names = "-s", paramLabel = "N") String bufferSizeMb;
    @Option(names = "-b") boolean bulk;
    @Option(names = "-B", paramLabel = "FLAG") List<String> buildFlags = new ArrayList<>();
    @Option(names = {"-V", "--version"}) boolean version;
    @Option(names = {"-h", "--help"}) boolean help;
    @Option(names = "--runtime", paramLabel = "NAME") String runtime;
    @Option(names = "--target", paramLabel = "local|vm") String target;
    @Option(names = "--disable-cache") boolean disableCache;
    @Option(names = "--poison-cache") boolean poisonCache;
    @Option(names = "--clean-cache") boolean cleanCache;
    @Option(names = "--from", paramLabel = "FILE") Path from;
    @Option(names = "--emit", paramLabel = "DIR") Path emit;
    @Option(names = "--dump-ir-after", paramLabel = "PASS", split = ",") List<String> dumpIrAfter = new ArrayList<>();
    /** Read before parsing by {@link PluginLoader}; declared so the parser accepts it. */
    @Option(names = "--plugin-path", paramLabel = "DIR") List<Path> pluginPath = new ArrayList<>();
    @Option(names = "--vm-file", paramLabel = "PATH") List<Path> vmFiles = new ArrayList<>();
    /** stap's fleet options: pass 5 on each [USER@]HOST[:PORT] over ssh; lines tagged "[N] ". */
    @Option(names = "--remote", paramLabel = "HOST") List<String> remotes = new ArrayList<>();
    @Option(names = "--remote-prefix") boolean remotePrefix;
    /** stap's symbol-data options: -d FILE (a binary or shared library whose ELF symbols the module carries; a
     * kernel module name is accepted, jstap has every module's symbols from kallsyms), --ldd (also the shared
     * libraries those need), --all-modules (every kernel module: always true for jstap). */
    @Option(names = "-d", paramLabel = "MODULE") List<String> symbolFiles = new ArrayList<>();
    @Option(names = "--ldd") boolean ldd;
    @Option(names = "--all-modules") boolean allModules;
    @Option(names = "--raw-diagnostics") boolean rawDiagnostics;
    // ---- the rest of stap 4.8's options (meanings in org.jstap.api.StapOptions; checked in InvocationBuilder)
    @Option(names = "-G", paramLabel = "VAR=VALUE") List<String> globalSettings = new ArrayList<>();
    @Option(names = "-T", paramLabel = "SECONDS") String timeLimit;
    @Option(names = "-E", paramLabel = "SCRIPT") List<String> extraScripts = new ArrayList<>();
    @Option(names = "-q") boolean tapsetCoverage;
    @Option(names = "-S", paramLabel = "SIZE[,N]") String outputRotation;
    @Option(names = "-F") boolean flightRecorder;
    /** stap's prologue searching for .function probes: jstap probes at the entry, where BTF's arguments hold. */
    @Option(names = "-P") boolean prologueSearching;
    @Option(names = "--prologue-searching", arity = "0..1", paramLabel = "WHEN", fallbackValue = "always")
    String prologueSearchingWhen;
    @Option(names = "-a", paramLabel = "ARCH") String arch;
    @Option(names = "--skip-badvars") boolean skipBadvars;
    @Option(names = "--suppress-handler-errors") boolean suppressHandlerErrors;
    @Option(names = "--suppress-time-limits") boolean suppressTimeLimits;
    @Option(names = "--compatible", paramLabel = "VERSION") String compatible;
    @Option(names = "--dump-functions") boolean dumpFunctions;
    @Option(names = "--dump-probe-aliases") boolean dumpProbeAliases;
    @Option(names = "--dump-probe-types") boolean dumpProbeTypes;
    @Option(names = "--tmpdir", paramLabel = "DIR") Path tmpDir;
    @Option(names = "--modinfo", paramLabel = "NAME=VALUE") List<String> modinfo = new ArrayList<>();
    @Option(names = "--vp", paramLabel = "ABCDE") String passVerbosity;
    @Option(names = "--privilege", paramLabel = "LEVEL") String privilege;
    @Option(names = "--unprivileged") boolean unprivileged;
    @Option(names = "--debug") boolean debug;

    /** The script file (or {@code -}) unless {@code -e}/{@code -l}/{@code -L} gave the script, then script arguments. */
    @Parameters(paramLabel = "ARGS") List<String> positional = new ArrayList<>();

    int verbosity() {
        return verbose.length;
    }
}
