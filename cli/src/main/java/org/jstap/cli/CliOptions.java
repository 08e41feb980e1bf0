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
    /** stap's symbol-data options: -d FILE (a binary or shared library whose ELF symbols the module carries; a
     * kernel module name is accepted, jstap has every module's symbols from kallsyms), --ldd (also the shared
     * libraries those need), --all-modules (every kernel module: always true for jstap). */
    @Option(names = "-d", paramLabel = "MODULE") List<String> symbolFiles = new ArrayList<>();
    @Option(names = "--ldd") boolean ldd;
    @Option(names = "--all-modules") boolean allModules;
    @Option(names = "--raw-diagnostics") boolean rawDiagnostics;
    @Option(names = "--debug") boolean debug;

    /** The script file (or {@code -}) unless {@code -e}/{@code -l}/{@code -L} gave the script, then script arguments. */
    @Parameters(paramLabel = "ARGS") List<String> positional = new ArrayList<>();

    int verbosity() {
        return verbose.length;
    }
}
